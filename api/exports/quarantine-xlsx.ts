/**
 * A batch's quarantined rows as the Excel file the submitting department downloads: one row per
 * rejected row with its row number, the reasons in Chinese and the original values; every text
 * cell neutralised against formula injection.
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
  ws.addRow(['文件行号', '不通过原因', ...headers]);
  ws.getRow(2).font = { bold: true };
  for (const r of rows) {
    ws.addRow([r.rowNo, safeCell(r.reasons.map(describeReason).join('；')), ...headers.map((h) => safeCell(r.values[h] ?? null))]);
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 0 ? 10 : i === 1 ? 48 : 22;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
