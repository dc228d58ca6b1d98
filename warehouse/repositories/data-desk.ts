/**
 * The data desk's reads: batches and the quarantined rows of a batch. Repository functions
 * taking the warehouse; no HTTP here.
 */
import { sql } from 'kysely';
import type { Warehouse } from '../connection.ts';
import { chinaDay } from '../../lib/dates.ts';
import type { FileProblem } from '../../lib/file-problems.ts';

export interface BatchRow {
  id: number;
  fileName: string;
  sourceType: string;
  departmentId: string;
  /** The street that sent it (a street user's upload), else null. */
  streetCode: string | null;
  status: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  rowsDuplicate: number;
  rowsSuperseding: number;
  message: string | null;
  /** A failed batch: why, as a code the dashboard words (null: only the message says). */
  problem: FileProblem | null;
  reportedAt: string;
  startedAt: string;
  finishedAt: string | null;
}

function batchQuery(wh: Warehouse) {
  return wh.db
    .selectFrom('meta.batch')
    .select(['id', 'file_name as fileName', 'source_type as sourceType', 'department_id as departmentId', 'street_code as streetCode', 'status',
      'rows_read as rowsRead', 'rows_loaded as rowsLoaded', 'rows_quarantined as rowsQuarantined',
      'rows_duplicate as rowsDuplicate', 'rows_superseding as rowsSuperseding', 'message',
      'problem',
      // Dates as YYYY-MM-DD and times as ISO UTC, the same in every client.
      sql<string>`strftime(reported_at, '%Y-%m-%d')`.as('reportedAt'),
      sql<string>`strftime(started_at, '%Y-%m-%dT%H:%M:%SZ')`.as('startedAt'),
      sql<string | null>`strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ')`.as('finishedAt')]);
}

/** Whose batches a listing is limited to: a department's, or those a street sent (empty: every batch). */
export interface BatchScope {
  departmentId?: string | null;
  streetCode?: string | null;
}

/**
 * Batches, newest first, of the scope and optionally of one source type.
 * @example await listBatches(wh, 50, { departmentId: 'zd-xzsp' })
 */
export async function listBatches(wh: Warehouse, limit: number, scope: BatchScope = {}, sourceType: string | null = null): Promise<BatchRow[]> {
  let q = batchQuery(wh);
  if (scope.departmentId) q = q.where('department_id', '=', scope.departmentId);
  if (scope.streetCode) q = q.where('street_code', '=', scope.streetCode);
  if (sourceType !== null) q = q.where('source_type', '=', sourceType);
  return (await q.orderBy('id', 'desc').limit(limit).execute()).map(batchRow);
}

export async function getBatch(wh: Warehouse, id: number): Promise<BatchRow | undefined> {
  const row = await batchQuery(wh).where('id', '=', id).executeTakeFirst();
  return row && batchRow(row);
}

const batchRow = (r: Omit<BatchRow, 'problem'> & { problem: string | null }): BatchRow =>
  ({ ...r, problem: r.problem === null ? null : (JSON.parse(r.problem) as FileProblem) });

export interface QuarantinedRow {
  /** Of a workbook read from several sheets, the sheet the row is on (else null). */
  sheet: string | null;
  /** The row as a spreadsheet numbers it (in its sheet). */
  rowNo: number;
  reasons: string[];
  /** Original values by the file's Chinese header (ID numbers masked). */
  values: Record<string, string | null>;
}

/** The rejected rows of a batch in file order (sheet by sheet, in tab order). */
export async function quarantineOf(wh: Warehouse, batchId: number): Promise<QuarantinedRow[]> {
  const rows = await wh.all<{ sheet: string | null; row_no: number; reasons: string[]; raw: string }>(
    `SELECT b.sheets[q.sheet_no + 1] AS sheet, q.row_no, q.reasons, q.raw::VARCHAR AS raw
     FROM meta.quarantine q JOIN meta.batch b ON b.id = q.batch_id WHERE q.batch_id = $1 ORDER BY q.sheet_no NULLS FIRST, q.row_no`, [batchId]);
  return rows.map((r) => ({ sheet: r.sheet, rowNo: r.row_no, reasons: r.reasons, values: JSON.parse(r.raw) as Record<string, string | null> }));
}

export interface Freshness {
  sourceType: string;
  departmentId: string;
  departmentNameZh: string;
  departmentNameEn: string;
  batches: number;
  lastReportedAt: string;
  lastLoadedAt: string;
  /** Whole days from the last report to `asOf`. */
  daysSince: number;
}

/**
 * Per source type and department: how many batches, the last report and how long ago, as of
 * a day (default today). Departments that never reported a source type are not listed.
 */
export async function freshness(wh: Warehouse, asOf?: string, department: string | null = null): Promise<Freshness[]> {
  return wh.all<Freshness>(
    `SELECT b.source_type AS "sourceType", b.department_id AS "departmentId", d.name_zh AS "departmentNameZh", d.name_en AS "departmentNameEn",
       count(*)::INTEGER AS batches,
       strftime(max(b.reported_at), '%Y-%m-%d') AS "lastReportedAt",
       strftime(max(b.finished_at), '%Y-%m-%dT%H:%M:%SZ') AS "lastLoadedAt",
       date_diff('day', max(b.reported_at), $1::DATE)::INTEGER AS "daysSince"
     FROM meta.batch b JOIN core.department d ON d.id = b.department_id
     WHERE b.status = 'loaded' AND ($2::VARCHAR IS NULL OR b.department_id = $2)
     GROUP BY ALL ORDER BY "daysSince" DESC, "sourceType", "departmentId"`,
    [asOf ?? chinaDay(), department],
  );
}

export interface WeeklyRows {
  departmentId: string;
  weekStart: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
}

/** Rows each department submitted per ISO week (by report day), the last `weeks` weeks up to `asOf`. */
export async function rowsPerDepartmentWeek(wh: Warehouse, weeks: number, asOf?: string, department: string | null = null): Promise<WeeklyRows[]> {
  return wh.all<WeeklyRows>(
    `SELECT department_id AS "departmentId", strftime(date_trunc('week', reported_at), '%Y-%m-%d') AS "weekStart",
       sum(rows_read)::INTEGER AS "rowsRead", sum(rows_loaded)::INTEGER AS "rowsLoaded", sum(rows_quarantined)::INTEGER AS "rowsQuarantined"
     FROM meta.batch
     WHERE status = 'loaded' AND ($3::VARCHAR IS NULL OR department_id = $3)
       AND reported_at >= date_trunc('week', $1::DATE) - INTERVAL (7 * ($2 - 1)) DAY
       AND reported_at <= $1::DATE
     GROUP BY ALL ORDER BY "weekStart", "departmentId"`,
    [asOf ?? chinaDay(), weeks, department],
  );
}
