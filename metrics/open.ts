/**
 * Opens a warehouse ready to serve and load: migrated, preset installed, and the marts current.
 * When the open migrated an existing warehouse or reinstalled a changed preset (new indicators,
 * targets, tasks), the marts computed before are rebuilt in full, in one transaction, before
 * anything reads them.
 */
import { createWorkingCalendar } from '../lib/working-days.ts';
import { openReady, type ReadyWarehouse } from '../warehouse/bootstrap.ts';
import { refreshMarts } from './refresh.ts';

/**
 * @example const { wh, preset } = await openCurrent('./data/xinyong.duckdb', 'zibo');
 */
export async function openCurrent(file: string, presetId: string): Promise<ReadyWarehouse> {
  const ready = await openReady(file, presetId);
  // Data loaded but no full build on record: a migration or a changed preset cleared it.
  const [state] = await ready.wh.all<{ loaded: number; built: number }>(`SELECT
    (SELECT count(*) FROM meta.batch WHERE status = 'loaded')::INTEGER AS loaded, (SELECT count(*) FROM mart.refresh_state)::INTEGER AS built`);
  if (state!.loaded === 0 || state!.built > 0) return ready;
  const conn = await ready.wh.connect();
  try {
    await conn.run('BEGIN TRANSACTION');
    await refreshMarts(conn, createWorkingCalendar(ready.preset.calendar.years));
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    ready.wh.close();
    throw err;
  } finally {
    conn.closeSync();
  }
  return ready;
}
