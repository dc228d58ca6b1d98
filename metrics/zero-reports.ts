/**
 * Zero reports (零报送): a department's declaration that it had nothing to report for a month
 * under a duty it holds, so that the assessment can tell "nothing to send" from "nothing sent".
 * Only 双公示 can be declared empty (a month in which the department decided no licence and no
 * penalty); a month that has records, or has not ended, cannot. Declaring and withdrawing are
 * audited by the API.
 */
import { chinaDay } from '../lib/dates.ts';
import type { Warehouse } from '../warehouse/connection.ts';
import type { Preset } from '../warehouse/preset/preset-schema.ts';
import { NotFoundError } from './queries.ts';

/** The duties a month can be declared empty for. */
export const ZERO_REPORT_DUTIES = ['double-publicity'] as const;
export type ZeroReportDuty = (typeof ZERO_REPORT_DUTIES)[number];

/**
 * A declaration the caller got wrong (400) or one the data contradicts (409), with a code the
 * dashboard words in the reader's language: `not_a_duty`, `month_running`, `before_assessment`,
 * `has_records` (`count`).
 */
export class ZeroReportError extends Error {
  constructor(message: string, readonly statusCode: 400 | 409, readonly code: 'not_a_duty' | 'month_running' | 'before_assessment' | 'has_records', readonly count?: number) {
    super(message);
  }
}

export interface ZeroReport {
  departmentId: string;
  duty: ZeroReportDuty;
  /** The month declared, as YYYY-MM. */
  month: string;
  note: string | null;
  /** The declaring user's username, and the name shown for it. */
  declaredBy: string;
  declaredByName: string;
  declaredAt: string;
}

const COLUMNS = `z.department_id AS "departmentId", z.duty, strftime(z.month, '%Y-%m') AS month, z.note, z.declared_by AS "declaredBy",
  coalesce(u.display_name, z.declared_by) AS "declaredByName", strftime(z.declared_at, '%Y-%m-%dT%H:%M:%SZ') AS "declaredAt"`;

export function createZeroReports(wh: Warehouse, preset: Preset) {
  function department(id: string) {
    const d = preset.departments.find((x) => x.id === id);
    if (!d) throw new NotFoundError(`unknown department "${id}"`);
    return d;
  }

  /** Licences and penalties the department decided in the month, as loaded now. */
  async function recordsIn(departmentId: string, first: string): Promise<number> {
    const rows = await wh.all<{ n: bigint | number }>(
      `SELECT count(*) AS n FROM (
         SELECT decision_date FROM core.licence WHERE department_id = $1 AND superseded_at IS NULL
         UNION ALL SELECT decision_date FROM core.penalty WHERE department_id = $1 AND superseded_at IS NULL
       ) WHERE decision_date >= $2::DATE AND decision_date < $2::DATE + INTERVAL 1 MONTH`, [departmentId, first]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Declarations, newest month first; `from`/`to` are months (YYYY-MM), inclusive. */
  async function list(f: { departmentId?: string | null; from?: string; to?: string } = {}): Promise<ZeroReport[]> {
    return wh.all<ZeroReport>(
      `SELECT ${COLUMNS} FROM core.zero_report z LEFT JOIN meta.app_user u ON u.username = z.declared_by
       WHERE ($1::VARCHAR IS NULL OR z.department_id = $1) AND ($2::VARCHAR IS NULL OR z.month >= ($2 || '-01')::DATE) AND ($3::VARCHAR IS NULL OR z.month <= ($3 || '-01')::DATE)
       ORDER BY z.month DESC, z.department_id`,
      [f.departmentId ?? null, f.from ?? null, f.to ?? null]);
  }

  return {
    list,

    /**
     * Declares `month` (YYYY-MM) empty for the department's duty. Declaring a month already
     * declared returns the existing declaration unchanged (`created: false`).
     */
    async declare(d: { departmentId: string; duty: ZeroReportDuty; month: string; note?: string | null; by: string }, today = chinaDay()): Promise<{ report: ZeroReport; created: boolean }> {
      const dept = department(d.departmentId);
      if (!dept.duties.includes(d.duty)) {
        throw new ZeroReportError(`${dept.nameZh} owes no ${d.duty} reports (the preset gives it ${dept.duties.join(', ') || 'no duties'}), so it has nothing to declare empty`, 400, 'not_a_duty');
      }
      const first = `${d.month}-01`;
      // Nothing is assessed before the first department scheme applies: no month to declare.
      const since = preset.scoring.filter((x) => x.entityType === 'department').map((x) => x.effectiveFrom).sort()[0];
      if (since && first < since.slice(0, 7) + '-01') {
        throw new ZeroReportError(`month: ${d.month} is before the assessment of departments begins (${since.slice(0, 7)})`, 400, 'before_assessment');
      }
      const next = new Date(`${first}T00:00:00Z`);
      next.setUTCMonth(next.getUTCMonth() + 1);
      if (next.toISOString().slice(0, 10) > today) {
        throw new ZeroReportError(`month: ${d.month} has not ended (today is ${today}); a month is declared empty once it is over`, 400, 'month_running');
      }
      const existing = await list({ departmentId: d.departmentId, from: d.month, to: d.month });
      const same = existing.find((r) => r.duty === d.duty);
      if (same) return { report: same, created: false };
      const n = await recordsIn(d.departmentId, first);
      if (n > 0) throw new ZeroReportError(`${dept.nameZh} has ${n} licence or penalty record(s) decided in ${d.month}; a month with records cannot be declared empty`, 409, 'has_records', n);
      await wh.run(
        `INSERT INTO core.zero_report VALUES ($1, $2, $3::DATE, $4, $5, now() AT TIME ZONE 'UTC')`,
        [d.departmentId, d.duty, first, d.note?.trim() || null, d.by]);
      const report = (await list({ departmentId: d.departmentId, from: d.month, to: d.month })).find((r) => r.duty === d.duty)!;
      return { report, created: true };
    },

    /** Withdraws a declaration; false when there was none. */
    async withdraw(d: { departmentId: string; duty: ZeroReportDuty; month: string }): Promise<boolean> {
      department(d.departmentId);
      const rows = await wh.all<{ n: bigint | number }>(
        `DELETE FROM core.zero_report WHERE department_id = $1 AND duty = $2 AND month = $3::DATE RETURNING 1 AS n`,
        [d.departmentId, d.duty, `${d.month}-01`]);
      return rows.length > 0;
    },

  };
}

export type ZeroReports = ReturnType<typeof createZeroReports>;
