// The loading rule "nothing is lost silently" as a check the batches table shows per batch:
// rows read = rows loaded + rows quarantined + exact duplicates skipped. Pure.
import type { Batch } from '$lib/api/types';

/** true / false when all four counts are known, null while a batch is still running or counts are missing. */
export function isBalanced(batch: Pick<Batch, 'rowsRead' | 'rowsLoaded' | 'rowsQuarantined' | 'rowsDuplicate'>): boolean | null {
  const { rowsRead, rowsLoaded, rowsQuarantined, rowsDuplicate } = batch;
  if (rowsRead === null || rowsLoaded === null || rowsQuarantined === null || rowsDuplicate === null) return null;
  return rowsRead === rowsLoaded + rowsQuarantined + rowsDuplicate;
}

export type BatchTone = 'ok' | 'running' | 'failed' | 'warn' | 'neutral';

/**
 * The status a batch shows: a loaded batch whose every row was rejected (nothing entered the
 * warehouse) says so, rather than looking like a success.
 * @example shownStatus({ status: 'loaded', rowsLoaded: 0, rowsQuarantined: 3 }) // 'all_rejected'
 */
export function shownStatus(batch: Pick<Batch, 'status' | 'rowsLoaded' | 'rowsQuarantined'>): string {
  return batch.status === 'loaded' && batch.rowsLoaded === 0 && (batch.rowsQuarantined ?? 0) > 0 ? 'all_rejected' : batch.status;
}

/** Example: batchTone('failed') → 'failed'; batchTone('loaded') → 'ok'. */
export function batchTone(status: string): BatchTone {
  const s = status.toLowerCase();
  if (['succeeded', 'success', 'loaded', 'completed', 'done', 'ok'].includes(s)) return 'ok';
  if (['running', 'pending', 'queued', 'loading', 'started'].includes(s)) return 'running';
  if (['failed', 'error', 'rolled_back', 'aborted'].includes(s)) return 'failed';
  if (s === 'all_rejected') return 'warn';
  return 'neutral';
}
