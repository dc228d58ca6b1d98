/**
 * The weekly sheet and the monthly bulletin as Excel workbooks: one worksheet per table, the
 * report's title above Chinese headers frozen in place, column widths set, numbers as numbers
 * (percentages formatted as such) and every text cell neutralised against formula injection.
 * Written from a report's content, so a published report's workbook shows its frozen figures.
 */
import ExcelJS from 'exceljs';
import { safeCell } from '../../lib/spreadsheet-safe.ts';
import type { BulletinContent, BulletinRow } from '../../metrics/reports/bulletin.ts';
import type { WeeklySheetContent } from '../../metrics/reports/weekly-sheet.ts';

type Cell = string | number | null | undefined;

interface Column {
  header: string;
  width: number;
  /** Excel number format, e.g. '0.0%'. */
  format?: string;
  /** Text from the catalog, not from any file (units such as %): written as it is. */
  plain?: boolean;
}

/** The header a report's meta adds above every table: title, number, period. */
export interface ReportHeading {
  title: string;
  /** 文号 and version, or "预览" for an unpublished preview. */
  number: string;
  issuer: string;
  date: string;
}

function table(wb: ExcelJS.Workbook, name: string, heading: ReportHeading, caption: string, columns: Column[], rows: Cell[][]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.addRow([safeCell(`${heading.title}（${heading.number}）`)]).font = { bold: true, size: 13 };
  ws.addRow([safeCell(`${caption} · ${heading.issuer} · ${heading.date}`)]);
  const head = ws.addRow(columns.map((c) => c.header));
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  for (const r of rows) ws.addRow(r.map((v, i) => (typeof v === 'string' && !columns[i]?.plain ? safeCell(v) : v)));
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.format) col.numFmt = c.format;
  });
}

const movement = (m: number | null) => (m === null ? '—' : m > 0 ? `↑${m}` : m < 0 ? `↓${-m}` : '—');

/** A report's value cell: a fraction stays a number shown as a percentage; counts as numbers. */
const valueCell = (v: number | null) => v;

/** How an indicator's values read in Excel: 86.7%, 1,200,815 条, 12.5 天. */
const unitFormat = (unit: string) => (unit === '%' ? '0.0%' : unit === '天' ? '#,##0.0' : '#,##0');

function rankingRows(rows: BulletinRow[], withArea: boolean): Cell[][] {
  return rows.map((r) => [r.rank, r.nameZh, ...(withArea ? [r.areaZh ?? null] : []), r.score, r.previousRank, movement(r.movement)]);
}

/**
 * @example const buf = await bulletinWorkbook(content, { title, number: '淄信用办〔2026〕11号', issuer, date });
 */
export async function bulletinWorkbook(c: BulletinContent, heading: ReportHeading): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinyong';
  table(wb, '主要指标', heading, `${c.period.label} 主要指标完成情况`, [
    { header: '指标分类', width: 26 }, { header: '指标', width: 36 }, { header: '单位', width: 8, plain: true }, { header: '本月值', width: 16 },
    { header: '上月值', width: 16 }, { header: '本期目标', width: 16 }, { header: '规划目标', width: 16 }, { header: '目标日期', width: 12 }, { header: '状态', width: 10 },
  ], c.headline.map((h) => [h.groupZh, h.nameZh, h.unit, valueCell(h.value), valueCell(h.previousValue), valueCell(h.target),
    h.finalTarget?.value ?? null, h.finalTarget ? (h.finalTarget.standing ? '常年' : h.finalTarget.date) : null, h.status ? STATUS_ZH[h.status] : '—']));
  // Each row in its indicator's unit (the value, last month's, this period's and the plan's target).
  const headline = wb.getWorksheet('主要指标')!;
  c.headline.forEach((h, i) => {
    const row = headline.getRow(4 + i);
    for (let col = 4; col <= 7; col++) row.getCell(col).numFmt = unitFormat(h.unit);
  });
  table(wb, '区县排名', heading, c.districts.basis, [
    { header: '名次', width: 8 }, { header: '区县', width: 22 }, { header: '得分', width: 10, format: '0.00' }, { header: '上月名次', width: 10 }, { header: '较上月', width: 10 },
  ], rankingRows(c.districts.rows, false));
  table(wb, '部门排名', heading, c.departments.basis, [
    { header: '名次', width: 8 }, { header: '部门', width: 36 }, { header: '所属区县', width: 14 }, { header: '得分', width: 10, format: '0.00' },
    { header: '上月名次', width: 10 }, { header: '较上月', width: 10 },
  ], rankingRows(c.departments.rows, true));
  table(wb, '街道排名', heading, c.streets.basis, [
    { header: '名次', width: 8 }, { header: '街道（镇）', width: 26 }, { header: '所属区县', width: 14 },
    { header: c.streets.unit === '%' ? '数值' : `数值（${c.streets.unit}）`, width: 12, format: c.streets.unit === '%' ? '0.0%' : undefined },
    { header: '上月名次', width: 10 }, { header: '较上月', width: 10 },
  ], rankingRows(c.streets.rows, true));
  table(wb, '问题清单', heading, '通报问题（按单位）', [
    { header: '单位', width: 36 }, { header: '问题类型', width: 14 }, { header: '数量', width: 8 }, { header: '问题', width: 80 },
  ], c.problems.map((p) => [p.unitZh, PROBLEM_ZH[p.kind], p.count, p.text]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const STATUS_ZH: Record<string, string> = { met: '达标', on_track: '进度正常', behind: '滞后', far_behind: '严重滞后' };
export const PROBLEM_ZH: Record<string, string> = { late: '双公示迟报', missing: '双公示未报', overdue: '任务逾期', 'far-behind': '指标严重滞后', silent: '未报送数据' };

/**
 * @example const buf = await weeklyWorkbook(content, { title, number: '第48周', issuer, date });
 */
export async function weeklyWorkbook(c: WeeklySheetContent, heading: ReportHeading): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xinyong';
  const range = `${c.period.label}（${c.period.start} 至 ${c.period.end}）`;
  table(wb, '本周报送', heading, `${range} 各部门报送数据`, [
    { header: '部门', width: 36 }, { header: '批次', width: 8 }, { header: '入库（条）', width: 12 }, { header: '隔离（条）', width: 12 }, { header: '数据类型', width: 40 },
  ], c.submissions.map((s) => [s.nameZh, s.batches, s.rowsLoaded, s.rowsQuarantined, s.sourcesZh]));
  table(wb, '街道新增记录', heading, `${range} 各街道（镇）新增信用记录`, [
    { header: '街道（镇）', width: 26 }, { header: '所属区县', width: 14 }, { header: '新增记录（条）', width: 16 },
  ], c.streets.map((s) => [s.nameZh, s.districtZh, s.records]));
  if (c.recordsWithheld) {
    table(wb, '双公示迟报未报', heading, `${range} 双公示逾期上报与超期未报（逐条记录仅信用办留存）`, [
      { header: '部门', width: 36 }, { header: '逾期上报（条）', width: 16 }, { header: '超期未报（条）', width: 16 },
    ], c.doublePublicity.map((d) => [d.nameZh, d.late, d.missing]));
  } else {
    table(wb, '双公示迟报未报', heading, `${range} 双公示逾期上报与超期未报（含决定文书号）`, [
      { header: '部门', width: 36 }, { header: '情形', width: 10 }, { header: '类别', width: 10 }, { header: '决定文书号', width: 28 },
      { header: '相对人', width: 28 }, { header: '决定日期', width: 12 }, { header: '应报日期', width: 12 }, { header: '报送日期', width: 12 },
    ], c.doublePublicity.flatMap((d) => d.records.map((r) => [d.nameZh, r.status === 'late' ? '逾期上报' : '超期未报', r.kindZh, r.docNo, r.subjectName, r.decisionDate, r.due, r.reportedDate])));
  }
  table(wb, '逾期任务', heading, `${range} 重点任务逾期未完成`, [
    { header: '责任单位', width: 36 }, { header: '细化序号', width: 10 }, { header: '任务细化', width: 48 }, { header: '完成时限', width: 12 }, { header: '状态', width: 10 },
  ], c.tasks.flatMap((t) => t.items.map((i) => [t.nameZh, i.subtaskNo, i.subtask, i.deadline, i.status])));
  table(wb, '进度下滑指标', heading, `${range} 较上周进度下滑的指标`, [
    { header: '地区', width: 18 }, { header: '指标', width: 36 }, { header: '本周状态', width: 10 }, { header: '上周状态', width: 10 },
    { header: '本周值', width: 14 }, { header: '本期目标', width: 14 }, { header: '单位', width: 8 },
  ], c.fellBehind.map((f) => [f.nameZh, f.indicatorZh, f.statusZh, f.previousZh, f.value, f.target, f.unit]));
  table(wb, '未报送部门', heading, `${range} 常态报送但本周未报送数据的部门`, [
    { header: '部门', width: 36 }, { header: '最近报送日期', width: 14 },
  ], c.silent.map((s) => [s.nameZh, s.lastReportedAt]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
