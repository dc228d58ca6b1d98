/**
 * The weekly scheduling sheet (周调度表, DESIGN §8) as data: the week's figures of
 * metrics/weekly.ts with the document numbers behind each department's late and missing 双公示
 * reports, the sub-tasks behind its overdue count, and each street's new credit records. A
 * published sheet keeps this content frozen (metrics/reports/publish.ts).
 */
import type { Warehouse } from '../../warehouse/connection.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import type { MetricsRepository } from '../queries.ts';
import type { Records } from '../records.ts';
import type { Weekly } from '../weekly.ts';
import { SOURCE_TYPES } from '../../pipelines/sources/index.ts';

export interface WeeklySheetContent {
  kind: 'weekly';
  period: { start: string; end: string; label: string };
  titleZh: string;
  issuerZh: string;
  dataAsOf: string | null;
  submissions: { departmentId: string; nameZh: string; batches: number; rowsLoaded: number; rowsQuarantined: number; sourcesZh: string }[];
  streets: { code: string; nameZh: string; districtZh: string | null; records: number }[];
  doublePublicity: {
    departmentId: string; nameZh: string; late: number; missing: number;
    records: { status: 'late' | 'missing'; kindZh: string; docNo: string | null; subjectName: string | null; decisionDate: string; due: string; reportedDate: string }[];
  }[];
  /** Units with overdue sub-tasks: departments (departmentId), then streets and towns (streetCode; sheets published before they carried tasks have none). */
  tasks: { departmentId?: string; streetCode?: string; nameZh: string; overdue: number; items: { subtaskNo: string; subtask: string; deadline: string; status: string }[] }[];
  fellBehind: { nameZh: string; indicatorZh: string; statusZh: string; previousZh: string | null; value: number | null; target: number | null; unit: string }[];
  silent: { departmentId: string; nameZh: string; lastReportedAt: string }[];
  /**
   * Set in the copy distributed beyond the credit office: the record-level lists (document numbers,
   * 相对人 names) are left out and only each department's counts remain.
   */
  recordsWithheld?: boolean;
}

/**
 * The copy of a weekly sheet that leaders, departments and streets read (DESIGN §2: leaders see
 * aggregates; a department sees its own records only on its own scorecard): each department's
 * late and missing counts without the records behind them.
 * @example distributionCopy(content).doublePublicity[0].records // []
 */
export function distributionCopy(c: WeeklySheetContent): WeeklySheetContent {
  return { ...c, doublePublicity: c.doublePublicity.map((d) => ({ ...d, records: [] })), recordsWithheld: true };
}

const STATUS_ZH: Record<string, string> = { met: '达标', on_track: '进度正常', behind: '滞后', far_behind: '严重滞后' };
const KIND_ZH: Record<string, string> = { licence: '行政许可', penalty: '行政处罚' };

export function createWeeklySheet(wh: Warehouse, preset: Preset, repo: MetricsRepository, weekly: Weekly, records: Records) {
  const districtOf = (code: string) => preset.areas.find((a) => a.code === preset.areas.find((s) => s.code === code)?.parentCode)?.nameZh ?? null;

  return {
    /** The sheet for the week containing `at` (default: the latest week with data). */
    async build(at?: string): Promise<WeeklySheetContent> {
      const sheet = await weekly.week(at);
      const w = sheet.week;
      const meta = await repo.meta();
      const placed = new Map((await wh.all<{ code: string; n: number }>(
        `SELECT street_code AS code, sum(records)::BIGINT AS n FROM mart.record_fact
         WHERE record_date BETWEEN $1::DATE AND $2::DATE AND street_code IS NOT NULL GROUP BY ALL`, [w.start, w.end])).map((r) => [r.code, Number(r.n)]));
      const streets = preset.areas.filter((a) => a.level === 'street')
        .map((a) => ({ code: a.code, nameZh: a.nameZh, districtZh: districtOf(a.code), records: placed.get(a.code) ?? 0 }))
        .sort((a, b) => b.records - a.records || a.code.localeCompare(b.code));

      const doublePublicity = [];
      for (const d of sheet.doublePublicity) {
        const lists = await Promise.all([records.arrivedLate('department', d.departmentId, w), records.list('missing', 'department', d.departmentId, w)]);
        doublePublicity.push({
          departmentId: d.departmentId, nameZh: d.nameZh, late: d.counts.late ?? 0, missing: d.counts.missing ?? 0,
          records: lists.flatMap((l) => l.rows.map((r) => ({
            status: l.kind as 'late' | 'missing', kindZh: KIND_ZH[String(r.kind)] ?? String(r.kind), docNo: (r.docNo as string | null) ?? null,
            subjectName: (r.subjectName as string | null) ?? null, decisionDate: String(r.decisionDate), due: String(r.due), reportedDate: String(r.reportedDate),
          }))),
        });
      }
      const tasks: WeeklySheetContent['tasks'] = [];
      const items = async (type: 'department' | 'street', id: string) => (await records.list('overdue', type, id, w)).rows
        .map((r) => ({ subtaskNo: String(r.subtaskNo), subtask: String(r.subtask ?? ''), deadline: String(r.deadline), status: String(r.status) }));
      for (const d of sheet.tasks) tasks.push({ departmentId: d.departmentId, nameZh: d.nameZh, overdue: d.counts.overdue ?? 0, items: await items('department', d.departmentId) });
      for (const s of sheet.streetTasks) tasks.push({ streetCode: s.streetCode, nameZh: s.nameZh, overdue: s.counts.overdue ?? 0, items: await items('street', s.streetCode) });
      const units = new Map(preset.indicators.map((d) => [d.id, d.unit]));
      return {
        kind: 'weekly',
        period: { start: w.start, end: w.end, label: w.label },
        titleZh: `${preset.nameZh}社会信用体系建设周调度表`,
        issuerZh: preset.reports?.issuerZh ?? `${preset.nameZh}社会信用体系建设领导小组办公室`,
        dataAsOf: meta.dataAsOf ?? null,
        submissions: sheet.newRecords.map((r) => ({
          departmentId: r.departmentId, nameZh: r.nameZh, batches: r.batches, rowsLoaded: r.rowsLoaded, rowsQuarantined: r.rowsQuarantined,
          sourcesZh: r.sourceTypes.map((s) => SOURCE_TYPES[s]?.nameZh ?? s).join('、'),
        })),
        streets,
        doublePublicity,
        tasks,
        fellBehind: sheet.fellBehind.map((f) => ({
          nameZh: f.nameZh, indicatorZh: f.indicatorZh, statusZh: STATUS_ZH[f.status]!, previousZh: f.previousStatus ? STATUS_ZH[f.previousStatus]! : null,
          value: f.value, target: f.target, unit: units.get(f.indicatorId) ?? '',
        })),
        silent: sheet.silent.map((s) => ({ departmentId: s.departmentId, nameZh: s.nameZh, lastReportedAt: s.lastReportedAt })),
      };
    },
  };
}
