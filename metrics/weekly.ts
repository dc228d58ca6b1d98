/**
 * The weekly scheduling sheet's figures (周调度, DESIGN §7): for one ISO week, the records each
 * department loaded, the departments whose 双公示 reports came in late this week or are overdue
 * at its end, the overdue and unreported tasks (of departments and streets), the indicators whose status fell (city and
 * districts), and the departments that usually report but sent nothing this week. Reads marts, batches and cached scorecards only.
 */
import { addDays } from '../lib/dates.ts';
import type { Warehouse } from '../warehouse/connection.ts';
import type { Preset } from '../warehouse/preset/preset-schema.ts';
import type { MetricsRepository } from './queries.ts';
import type { Status } from './trajectory.ts';

/** How many weeks back a department counts as a regular reporter. */
export const REGULAR_WEEKS = 8;

const RANK: Record<Status, number> = { met: 0, on_track: 1, behind: 2, far_behind: 3 };

export function createWeekly(wh: Warehouse, preset: Preset, repo: MetricsRepository) {
  const name = (id: string) => preset.departments.find((d) => d.id === id);
  const area = (code: string) => preset.areas.find((a) => a.code === code);

  /**
   * Departments' (or streets') week values of an indicator with any of `keys` in its extras, with
   * the counts of `keys` and `also`.
   */
  async function unitsWith(entityType: 'department' | 'street', indicatorId: string, start: string, keys: string[], also: string[] = []) {
    const rows = await wh.all<{ id: string; value: number | null; numerator: number | null; denominator: number | null; extras: string | null }>(
      `SELECT entity_id AS id, value, numerator, denominator, extras::VARCHAR AS extras FROM mart.indicator_value
       WHERE indicator_id = $1 AND entity_type = $3 AND period_type = 'week' AND period_start = $2::DATE`, [indicatorId, start, entityType]);
    const total = (extras: Record<string, number>) => keys.reduce((n, k) => n + (extras[k] ?? 0), 0);
    const named = (id: string) => (entityType === 'department' ? name(id) : area(id));
    return rows
      .map((r) => ({ id: r.id, value: r.value, extras: (r.extras ? JSON.parse(r.extras) : {}) as Record<string, number> }))
      .filter((r) => total(r.extras) > 0)
      .sort((a, b) => total(b.extras) - total(a.extras) || a.id.localeCompare(b.id))
      .map((r) => ({
        id: r.id, nameZh: named(r.id)?.nameZh ?? r.id, nameEn: named(r.id)?.nameEn ?? r.id, value: r.value,
        counts: Object.fromEntries([...keys, ...also].map((k) => [k, r.extras[k] ?? 0])),
      }));
  }

  /**
   * What went wrong with 双公示 this week, per department: records that came in this week after
   * their deadline (late), and, as the on-time indicator counts them, records due by the week's
   * end still not in then (missing); with the week's on-time rate. Not the on-time indicator's own late count, which belongs to the
   * week of the decision: a record decided this week cannot be late before its deadline, 7
   * working days on, so this week's sheet would never show it.
   */
  async function lateOrMissing(week: { start: string; end: string }) {
    const rows = await wh.all<{ id: string; late: number; missing: number; value: number | null }>(
      `SELECT * FROM (
         SELECT coalesce(n.id, v.entity_id) AS id, coalesce(n.late, 0)::INTEGER AS late, coalesce((v.extras->>'missing')::INTEGER, 0) AS missing, v.value
         FROM (
           SELECT department_id AS id, sum(records) AS late FROM mart.double_publicity_fact
           WHERE reported_date BETWEEN $1::DATE AND $2::DATE AND reported_date > due GROUP BY ALL
         ) n FULL JOIN (
           SELECT entity_id, value, extras FROM mart.indicator_value
           WHERE indicator_id = 'double-publicity-on-time' AND entity_type = 'department' AND period_type = 'week' AND period_start = $1::DATE
         ) v ON v.entity_id = n.id
       ) WHERE late > 0 OR missing > 0 ORDER BY late + missing DESC, id`, [week.start, week.end]);
    return rows.map((r) => ({
      departmentId: r.id, nameZh: name(r.id)?.nameZh ?? r.id, nameEn: name(r.id)?.nameEn ?? r.id, value: r.value,
      counts: { late: r.late, missing: r.missing },
    }));
  }

  return {
    /** The sheet for the week containing `at` (default: the latest week with data). */
    async week(at?: string) {
      const week = await repo.period('week', at);
      const previous = await repo.period('week', addDays(week.start, -1)).catch(() => null);
      const newRecords = await wh.all<{ departmentId: string; nameZh: string; nameEn: string; batches: number; rowsLoaded: number; rowsQuarantined: number; sourceTypes: string[] }>(
        `SELECT b.department_id AS "departmentId", d.name_zh AS "nameZh", d.name_en AS "nameEn", count(*)::INTEGER AS batches,
           sum(b.rows_loaded)::INTEGER AS "rowsLoaded", sum(b.rows_quarantined)::INTEGER AS "rowsQuarantined", list(DISTINCT b.source_type ORDER BY b.source_type) AS "sourceTypes"
         FROM meta.batch b JOIN core.department d ON d.id = b.department_id
         WHERE b.status = 'loaded' AND b.reported_at BETWEEN $1::DATE AND $2::DATE AND b.street_code IS NULL
         GROUP BY ALL ORDER BY "rowsLoaded" DESC, "departmentId"`, [week.start, week.end]);
      // Regular reporters: a loaded batch in the weeks before; silent: none this week. What a street
      // sent itself (filed under the department receiving it) is the street's, not the department's.
      const silent = await wh.all<{ departmentId: string; nameZh: string; nameEn: string; lastReportedAt: string; batches: number }>(
        `SELECT b.department_id AS "departmentId", d.name_zh AS "nameZh", d.name_en AS "nameEn", strftime(max(b.reported_at), '%Y-%m-%d') AS "lastReportedAt", count(*)::INTEGER AS batches
         FROM meta.batch b JOIN core.department d ON d.id = b.department_id
         WHERE b.status = 'loaded' AND b.reported_at >= $1::DATE - INTERVAL ${REGULAR_WEEKS * 7} DAY AND b.reported_at < $1::DATE AND b.street_code IS NULL
           AND b.department_id NOT IN (SELECT department_id FROM meta.batch WHERE status = 'loaded' AND reported_at BETWEEN $1::DATE AND $2::DATE AND street_code IS NULL)
         GROUP BY ALL ORDER BY "lastReportedAt", "departmentId"`, [week.start, week.end]);
      // Status falls of the city and each district, week on week.
      const fell: { entityType: string; entityId: string; nameZh: string; nameEn: string; indicatorId: string; indicatorZh: string; indicatorEn: string; status: Status; previousStatus: Status | null; value: number | null; target: number | null }[] = [];
      const areas = [{ type: 'city' as const, id: preset.cityCode }, ...preset.areas.filter((a) => a.level === 'district').map((a) => ({ type: 'district' as const, id: a.code }))];
      for (const a of areas) {
        const now = await repo.scorecard(a.type, a.id, 'week', week.start);
        const before = previous ? await repo.scorecard(a.type, a.id, 'week', previous.start) : null;
        for (const ind of now.indicators) {
          if (ind.status !== 'behind' && ind.status !== 'far_behind') continue;
          const prev = before?.indicators.find((x) => x.id === ind.id)?.status ?? null;
          if (prev !== null && RANK[prev] >= RANK[ind.status]) continue;
          fell.push({ entityType: a.type, entityId: a.id, nameZh: now.entity.nameZh, nameEn: now.entity.nameEn, indicatorId: ind.id, indicatorZh: ind.nameZh, indicatorEn: ind.nameEn, status: ind.status, previousStatus: prev, value: ind.value, target: ind.target });
        }
      }
      return {
        week,
        newRecords,
        doublePublicity: await lateOrMissing(week),
        // Overdue counts a sub-task past its deadline whether its line says so or it was never reported.
        tasks: (await unitsWith('department', 'task-on-time', week.start, ['overdue'], ['unreported'])).map(({ id, ...r }) => ({ departmentId: id, ...r })),
        // The street offices' and towns' sub-tasks (各镇办) likewise.
        streetTasks: (await unitsWith('street', 'task-on-time', week.start, ['overdue'], ['unreported'])).map(({ id, ...r }) => ({ streetCode: id, ...r })),
        fellBehind: fell,
        silent,
      };
    },
  };
}

export type Weekly = ReturnType<typeof createWeekly>;
