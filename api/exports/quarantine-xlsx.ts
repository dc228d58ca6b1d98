/**
 * A batch's quarantined rows as the Excel file the submitting department downloads: one row per
 * rejected row with its row number (and sheet, for a workbook read from several), the reasons in
 * Chinese and the original values; every text cell neutralised against formula injection.
 */
import ExcelJS from 'exceljs';
import { describeReason } from '../../lib/reasons.ts';
import { safeCell } from '../../lib/spreadsheet-safe.ts';
import type { BatchRow, QuarantinedRow } from '../../warehouse/repositories/data-desk.ts';

/** A row kept out only because a later row of the file is the same record: nothing to fix or send. */
const onlySuperseded = (r: QuarantinedRow) => r.reasons.length > 0 && r.reasons.every((c) => c === 'key_repeated_in_file');

/** The cells beyond the header, when no row has any: no column for them. */
const OVERFLOW = '(多余单元格)';

/**
 * The rows to fix and send again on the first sheet; the rows a later row of the same file
 * replaced on a second, said not to be sent again (sending one would undo the later row).
 * @example const buf = await quarantineWorkbook(batch, rows); // an .xlsx Buffer
 */
export async function quarantineWorkbook(batch: BatchRow, rows: QuarantinedRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinyong';
  const toFix = rows.filter((r) => !onlySuperseded(r));
  const replaced = rows.filter(onlySuperseded);
  sheet(wb, '未通过校验的行', `批次 ${batch.id}（${batch.fileName}，${batch.reportedAt} 报送）未通过校验的行：${toFix.length} 行；修改后可重新报送`, toFix);
  if (replaced.length > 0) {
    sheet(wb, '已被后面的行取代', `以下 ${replaced.length} 行与文件中后面同一记录（相同文书号等标识）的行内容不同，已按后面的行入库。无需修改，请勿重新报送：重新报送会用这些旧内容替换已入库的内容。`, replaced);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheet(wb: ExcelJS.Workbook, name: string, title: string, rows: QuarantinedRow[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r.values)))]
    .filter((h) => h !== OVERFLOW || rows.some((r) => r.values[h] != null));
  ws.addRow([safeCell(title)]);
  ws.getRow(1).font = { bold: true };
  // A workbook read from several sheets: each row is found by its sheet and its row there.
  const sheets = rows.some((r) => r.sheet !== null);
  ws.addRow([...(sheets ? ['工作表'] : []), '文件行号', '不通过原因', ...headers]);
  ws.getRow(2).font = { bold: true };
  for (const r of rows) {
    ws.addRow([...(sheets ? [safeCell(r.sheet)] : []), r.rowNo, safeCell(r.reasons.map((c) => describeReason(c)).join('；')), ...headers.map((h) => safeCell(r.values[h] ?? null))]);
  }
  const reasonsAt = sheets ? 2 : 1;
  ws.columns.forEach((c, i) => {
    c.width = i < reasonsAt ? (sheets && i === 0 ? 14 : 10) : i === reasonsAt ? 48 : 22;
  });
}
