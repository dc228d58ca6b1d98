/**
 * The demo's zero reports (零报送): a department that owes 双公示 and decided nothing in a month
 * declares it, as a diligent unit does once the month is over, through the same service the API
 * uses. One such month is left undeclared (the latest idle month of the unit with the most), so
 * the demo shows a 未报送 beside the 零报送.
 */
import { createZeroReports } from '../../metrics/zero-reports.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';

export const DEMO_ZERO_REPORT_NOTE = '本月未作出行政许可和行政处罚决定';

/** Months (YYYY-MM) without a licence or penalty decision, per department owing 双公示, from the demo's first month to the last ended one. */
export async function idleMonths(wh: Warehouse, preset: Preset, today: string): Promise<Map<string, string[]>> {
  const owing = preset.departments.filter((d) => d.duties.includes('double-publicity')).map((d) => d.id);
  const rows = await wh.all<{ department: string; month: string }>(
    `WITH decided AS (
       SELECT department_id, date_trunc('month', decision_date) AS month FROM core.licence WHERE superseded_at IS NULL AND decision_date IS NOT NULL
       UNION ALL SELECT department_id, date_trunc('month', decision_date) FROM core.penalty WHERE superseded_at IS NULL AND decision_date IS NOT NULL
     ), span AS (
       -- From the demo's first month (a department may decide nothing in it), for each department with a decision.
       SELECT DISTINCT department_id, (SELECT min(month) FROM decided) AS first FROM decided WHERE list_contains(string_split($1, ','), department_id)
     )
     SELECT s.department_id AS department, strftime(m.month, '%Y-%m') AS month
     FROM span s, LATERAL (SELECT unnest(generate_series(s.first, date_trunc('month', $2::DATE) - INTERVAL 1 MONTH, INTERVAL 1 MONTH)) AS month) m
     WHERE NOT EXISTS (SELECT 1 FROM decided d WHERE d.department_id = s.department_id AND d.month = m.month)
     ORDER BY department, month`, [owing.join(','), today]);
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.department, [...(out.get(r.department) ?? []), r.month]);
  return out;
}

/** Declares the demo's zero reports; returns how many were declared and the month left 未报送. */
export async function declareDemoZeroReports(wh: Warehouse, preset: Preset, today: string): Promise<{ declared: number; forgotten: { departmentId: string; month: string } | null }> {
  const idle = await idleMonths(wh, preset, today);
  const [laxest] = [...idle].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const forgotten = laxest ? { departmentId: laxest[0], month: laxest[1].at(-1)! } : null;
  const zeroReports = createZeroReports(wh, preset);
  let declared = 0;
  for (const [departmentId, months] of idle) {
    for (const month of months) {
      if (forgotten && departmentId === forgotten.departmentId && month === forgotten.month) continue;
      const { created } = await zeroReports.declare({ departmentId, duty: 'double-publicity', month, note: DEMO_ZERO_REPORT_NOTE, by: '演示数据' }, today);
      if (created) declared++;
    }
  }
  return { declared, forgotten };
}
