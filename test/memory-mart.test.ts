/**
 * Scorecards and rankings answered from the in-memory values mart equal those answered by SQL,
 * for every entity, grain and period and every ranking; a new data version is read afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsRepository } from '../metrics/queries.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' });
}, 60_000);

afterAll(() => t?.dispose());

describe('in-memory values mart', () => {
  it('answers every scorecard and ranking exactly as SQL does', async () => {
    const sql = createMetricsRepository(t.wh, t.preset, { memory: false });
    const mem = createMetricsRepository(t.wh, t.preset);
    await mem.warm();
    const periods = await t.wh.all<{ type: 'week' | 'month' | 'quarter' | 'year'; start: string }>(
      `SELECT period_type AS type, period_start::VARCHAR AS start FROM mart.period ORDER BY 1, 2`);
    const entities = [
      { type: 'city' as const, id: t.preset.cityCode },
      ...t.preset.areas.filter((a) => a.level !== 'city').map((a) => ({ type: a.level, id: a.code })),
      ...t.preset.departments.map((d) => ({ type: 'department' as const, id: d.id })),
    ];
    let compared = 0;
    // Each grain's first and last period and those around the data (March 2025).
    const sample = periods.filter((x, i, all) => all[i - 1]?.type !== x.type || all[i + 1]?.type !== x.type || (x.start >= '2025-02-24' && x.start <= '2025-04-07'));
    for (const p of sample) {
      for (const e of entities) {
        expect(await mem.scorecard(e.type, e.id, p.type, p.start), `${e.type} ${e.id} ${p.type} ${p.start}`).toEqual(await sql.scorecard(e.type, e.id, p.type, p.start));
        compared++;
      }
      for (const d of t.preset.indicators.filter((x) => x.measure.kind !== 'not-collected' && x.grains.includes(p.type))) {
        for (const type of d.entityTypes.filter((x) => x !== 'city')) {
          expect(await mem.ranking(d.id, type, p.type, p.start), `${d.id} ${type} ${p.type} ${p.start}`).toEqual(await sql.ranking(d.id, type, p.type, p.start));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  }, 300_000);

  it('reads the values again for a new data version, and answers by SQL until then', async () => {
    const mem = createMetricsRepository(t.wh, t.preset);
    await mem.warm();
    const before = (await mem.scorecard('department', 'zd-xzsp', 'month', '2025-03-15')).indicators.find((i) => i.id === 'double-publicity-on-time')!;
    await t.wh.run(`UPDATE mart.indicator_value SET value = 0.5 WHERE indicator_id = 'double-publicity-on-time' AND entity_type = 'department'
      AND entity_id = 'zd-xzsp' AND period_type = 'month' AND period_start = '2025-03-01'`);
    t.wh.changed();
    const during = (await mem.scorecard('department', 'zd-xzsp', 'month', '2025-03-20')).indicators.find((i) => i.id === 'double-publicity-on-time')!;
    expect(during.value).toBe(0.5);
    await mem.warm();
    const after = (await mem.scorecard('department', 'zd-xzsp', 'month', '2025-03-25')).indicators.find((i) => i.id === 'double-publicity-on-time')!;
    expect(after.value).toBe(0.5);
    expect(before.value).not.toBe(0.5);
  });
});
