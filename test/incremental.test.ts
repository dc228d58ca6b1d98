/**
 * Incremental refresh: after each batch only the indicators its source type feeds, and only the
 * periods its rows touch, are recomputed. Loading batch by batch this way must leave exactly the
 * marts a full rebuild computes — tested over every source type, a registry arriving after the
 * records it places, late records and a correction.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshMarts } from '../metrics/refresh.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;

const ROWS = `SELECT indicator_id, period_type, period_start, entity_type, entity_id,
    round(value, 9) AS value, numerator, denominator, extras::VARCHAR AS extras FROM mart.indicator_value`;

beforeAll(async () => {
  t = await tempWarehouse();
}, 30_000);
afterAll(() => t.dispose());

describe('incremental refresh', () => {
  it('equals a full rebuild after every kind of batch', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const late = path.join(t.dir, 'late.csv');
    writeFileSync(late, [lines[1], lines[3]!.replace('2025/3/10', '2025/3/3'),
      lines[2]!.replace('张审批〔2025〕1号', '张审批〔2025〕99号').replace('2025-03-03', '2025-02-04')].join('\n'));
    const batches: [string, string, string, string][] = [
      [fixture('licences.csv'), 'licence', 'zd-xzsp', '2025-03-14'],
      [fixture('sources/credit-list.csv'), 'credit-list', 'zd-fgj', '2025-03-14'],
      // The registry arrives after records it places: everything is recomputed.
      [fixture('subjects.csv'), 'subject-legal', 'zd-scjg', '2025-03-01'],
      [fixture('graded.csv'), 'graded-supervision', 'zd-scjg', '2025-03-01'],
      [fixture('credit-checks.csv'), 'credit-check', 'zd-xzsp', '2025-03-14'],
      [fixture('credit-repair.csv'), 'credit-repair', 'zd-fgj', '2025-02-14'],
      ...(['credit-commitment', 'tax-grade', 'payment', 'judicial', 'discipline-item', 'discipline-implementation', 'street-registration',
        'publicity-article', 'pilot-village', 'honesty-star', 'task-progress', 'merchant', 'merchant-event'] as const)
        .map((type): [string, string, string, string] => [fixture(`sources/${type}.csv`), type, 'zd-fgj', type === 'tax-grade' ? '2025-04-10' : '2025-03-14']),
      // A correction and a record from earlier months, reported late.
      [late, 'licence', 'zd-xzsp', '2025-04-02'],
    ];
    for (const [file, sourceType, departmentId, reportedAt] of batches) {
      const s = await t.ingest(file, { sourceType, departmentId, reportedAt });
      expect(s.status, file).toBe('loaded');
    }
    await t.wh.run(`CREATE TABLE main.incremental AS ${ROWS}`);
    const conn = await t.wh.connect();
    await refreshMarts(conn);
    conn.closeSync();
    const [d] = await t.wh.all<{ rows: number; missing: number; extra: number; sample: string | null }>(`
      WITH full_rows AS (${ROWS}),
        missing AS (SELECT * FROM full_rows EXCEPT ALL SELECT * FROM main.incremental),
        extra AS (SELECT * FROM main.incremental EXCEPT ALL SELECT * FROM full_rows)
      SELECT (SELECT count(*) FROM full_rows)::INTEGER AS rows, (SELECT count(*) FROM missing)::INTEGER AS missing,
        (SELECT count(*) FROM extra)::INTEGER AS extra, (SELECT string_agg(m::VARCHAR, ' | ') FROM (SELECT * FROM missing LIMIT 3) m) AS sample`);
    expect(d!.rows).toBeGreaterThan(10_000);
    expect({ missing: d!.missing, extra: d!.extra, sample: d!.sample }).toEqual({ missing: 0, extra: 0, sample: null });
  });
});
