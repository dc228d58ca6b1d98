/**
 * A task board as the ledger workbook (工作台账) a unit fills in: the template's columns (the
 * task-progress source type's headers, so the filled-in file uploads as a ledger as it is), one
 * row per plan sub-task and unit with its latest status, a title row above the header. 未报送
 * lines leave 推进状态 empty for the unit to fill; 填报日期 is the day of the download, to be
 * changed to the day it is sent. Every text cell neutralised against formula injection.
 */
import ExcelJS from 'exceljs';
import { safeCell } from '../../lib/spreadsheet-safe.ts';
import type { TaskLine } from '../../metrics/records.ts';
import { taskProgress } from '../../pipelines/sources/task-progress.ts';
import { UNREPORTED } from '../../metrics/measures.ts';

/** The ledger's columns, in the template's order, and what each row holds in them. */
const COLUMNS: [field: string, value: (l: TaskLine, asOf: string) => string | null][] = [
  ['task_no', (l) => l.taskNo],
  ['task', (l) => l.task],
  ['subtask_no', (l) => l.subtaskNo],
  ['subtask', (l) => l.subtask],
  ['responsible_unit', (l) => l.responsibleUnit],
  ['deadline', (l) => l.deadline],
  ['status', (l) => (l.status === UNREPORTED ? null : l.status)],
  ['completed_on', (l) => l.completedOn],
  ['progress_note', (l) => l.note],
  ['reported_on', (_l, asOf) => asOf],
];

/**
 * @example const buf = await taskLedgerWorkbook(lines, '淄博市张店区人力资源和社会保障局', '2026-11-27');
 */
export async function taskLedgerWorkbook(lines: TaskLine[], unitZh: string, asOf: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinyong';
  const ws = wb.addWorksheet('工作台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([safeCell(`${unitZh}重点任务推进台账（截至 ${asOf}）：填写推进状态、完成日期和进展情况，填报日期改为报送当日，可直接上传`)]);
  ws.getRow(1).font = { bold: true };
  ws.addRow(COLUMNS.map(([name]) => taskProgress.fields.find((f) => f.name === name)!.headerZh));
  ws.getRow(2).font = { bold: true };
  for (const l of lines) ws.addRow(COLUMNS.map(([, value]) => safeCell(value(l, asOf))));
  const widths = [8, 24, 8, 40, 28, 12, 12, 12, 30, 12];
  ws.columns.forEach((c, i) => (c.width = widths[i] ?? 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
