/**
 * The data desk's reads: batches and the quarantined rows of a batch. Repository functions
 * taking the warehouse; no HTTP here.
 */
import { sql } from 'kysely';
import type { Warehouse } from '../connection.ts';

export interface BatchRow {
  id: number;
  fileName: string;
  sourceType: string;
  departmentId: string;
  status: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  rowsDuplicate: number;
  rowsSuperseding: number;
  message: string | null;
  reportedAt: string;
  startedAt: string;
  finishedAt: string | null;
}

function batchQuery(wh: Warehouse) {
  return wh.db
    .selectFrom('meta.batch')
    .select(['id', 'file_name as fileName', 'source_type as sourceType', 'department_id as departmentId', 'status',
      'rows_read as rowsRead', 'rows_loaded as rowsLoaded', 'rows_quarantined as rowsQuarantined',
      'rows_duplicate as rowsDuplicate', 'rows_superseding as rowsSuperseding', 'message',
      // Dates as YYYY-MM-DD and times as ISO UTC, the same in every client.
      sql<string>`strftime(reported_at, '%Y-%m-%d')`.as('reportedAt'),
      sql<string>`strftime(started_at, '%Y-%m-%dT%H:%M:%SZ')`.as('startedAt'),
      sql<string | null>`strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ')`.as('finishedAt')]);
}

/**
 * @example await listBatches(wh, 50) // newest first
 */
export async function listBatches(wh: Warehouse, limit: number): Promise<BatchRow[]> {
  return (await batchQuery(wh).orderBy('id', 'desc').limit(limit).execute()) as BatchRow[];
}

export async function getBatch(wh: Warehouse, id: number): Promise<BatchRow | undefined> {
  return (await batchQuery(wh).where('id', '=', id).executeTakeFirst()) as BatchRow | undefined;
}

export interface QuarantinedRow {
  rowNo: number;
  reasons: string[];
  /** Original values by the file's Chinese header (ID numbers masked). */
  values: Record<string, string | null>;
}

/** The rejected rows of a batch in file order. */
export async function quarantineOf(wh: Warehouse, batchId: number): Promise<QuarantinedRow[]> {
  const rows = await wh.all<{ row_no: number; reasons: string[]; raw: string }>(
    'SELECT row_no, reasons, raw::VARCHAR AS raw FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no', [batchId]);
  return rows.map((r) => ({ rowNo: r.row_no, reasons: r.reasons, values: JSON.parse(r.raw) as Record<string, string | null> }));
}
