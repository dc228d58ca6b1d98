/**
 * A batch's quarantined rows as the Excel file the submitting department downloads: one row per
 * rejected row with its row number (and sheet, for a workbook read from several), the reasons in
 * Chinese and the original values; every text cell neutralised against formula injection.
 */
import ExcelJS from 'exceljs';
import { describeReason } from '../../lib/reasons.ts';
import { safeCell } from '../../lib/spreadsheet-safe.ts';
import type { BatchRow, QuarantinedRow } from '../../warehouse/repositories/data-desk.ts';

/**
 * @example const buf = await quarantineWorkbook(batch, rows); // an .xlsx Buffer
 */
export async function quarantineWorkbook(batch: BatchRow, rows: QuarantinedRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinyong';
  const ws = wb.addWorksheet('未通过校验的行', { views: [{ state: 'frozen', ySplit: 2 }] });
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const title = `批次 ${batch.id}（${batch.fileName}，${batch.reportedAt} 报送）未通过校验的行：${rows.length} 行`;
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
  return Buffer.from(await wb.xlsx.writeBuffer());
}
