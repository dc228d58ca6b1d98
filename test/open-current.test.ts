/**
 * An existing warehouse whose schema or preset changed is brought current on open: the marts
 * computed under the old schema or catalog are rebuilt in full before anything reads them.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCurrent } from '../metrics/open.ts';
import { openWarehouse, STORAGE_VERSION, type Warehouse } from '../warehouse/connection.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' });
  t.wh.close();
}, 60_000);

afterAll(() => t.dispose());

const taskValue = (wh: Warehouse) => wh.all<{ value: number | null; rank: number | null }>(
  `SELECT value, rank FROM mart.indicator_value WHERE indicator_id = 'task-on-time' AND entity_type = 'department'
   AND entity_id = 'zd-ybj' AND period_type = 'month' AND period_start = '2025-12-01'`);

describe('openCurrent', () => {
  it('rebuilds the marts after the preset changed', async () => {
    let { wh } = await openCurrent(t.file, 'zibo');
    // As if the values had been computed under an older catalog, and the preset's files changed since.
    await wh.run(`UPDATE mart.indicator_value SET value = NULL, rank = NULL WHERE indicator_id = 'task-on-time'`);
    await wh.run(`UPDATE meta.preset SET content_hash = 'an older preset'`);
    wh.close();
    ({ wh } = await openCurrent(t.file, 'zibo'));
    // zd-ybj's plan line 3.3 (12月底) is unreported, hence overdue, in December: 0 of 1, ranked.
    expect(await taskValue(wh)).toEqual([{ value: 0, rank: expect.any(Number) }]);
    const [state] = await wh.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM mart.refresh_state');
    expect(state!.n).toBe(1);
    wh.close();
  });

  it('fills what a new migration adds to the marts (ranks) on an existing warehouse', async () => {
    let { wh } = await openCurrent(t.file, 'zibo');
    await wh.run(`ALTER TABLE mart.indicator_value DROP COLUMN rank; ALTER TABLE mart.indicator_value DROP COLUMN tied;
      DELETE FROM meta.schema_migration WHERE version = 13`);
    wh.close();
    ({ wh } = await openCurrent(t.file, 'zibo'));
    const ranked = await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart.indicator_value WHERE rank IS NOT NULL`);
    expect(ranked[0]!.n).toBeGreaterThan(0);
    expect(await taskValue(wh)).toEqual([{ value: 0, rank: expect.any(Number) }]);
    wh.close();
  });

  it('leaves a current warehouse as it is', async () => {
    const { wh } = await openCurrent(t.file, 'zibo');
    const [before] = await wh.all<{ at: string }>('SELECT full_at::VARCHAR AS at FROM mart.refresh_state');
    wh.close();
    const again = await openCurrent(t.file, 'zibo');
    const [after] = await again.wh.all<{ at: string }>('SELECT full_at::VARCHAR AS at FROM mart.refresh_state');
    expect(after).toEqual(before);
    again.wh.close();
  });

  it('creates the warehouse file in the current storage format and keeps an older file in its own', async () => {
    const { wh } = await openCurrent(t.file, 'zibo');
    const [db] = await wh.all<{ tags: string }>(`SELECT tags::VARCHAR AS tags FROM duckdb_databases() WHERE path = $1`, [t.file]);
    expect(db!.tags).toBe(`{storage_version=${STORAGE_VERSION}+}`);
    wh.close();
    const older = path.join(path.dirname(t.file), 'older.duckdb');
    const plain = await DuckDBInstance.create(older);
    const conn = await plain.connect();
    await conn.run('CREATE TABLE kept AS SELECT 42 AS answer');
    conn.closeSync();
    plain.closeSync();
    const reopened = await openWarehouse(older);
    expect(await reopened.all(`SELECT tags::VARCHAR AS tags FROM duckdb_databases() WHERE path = $1`, [older])).toEqual([{ tags: '{storage_version=v1.0.0+}' }]);
    expect(await reopened.all('SELECT answer FROM kept')).toEqual([{ answer: 42 }]);
    reopened.close();
  });
});
