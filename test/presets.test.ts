/**
 * Nothing is Zibo-specific: the zaozhuang-hitech preset (a functional zone with two streets and
 * its own departments and targets) installs, loads its files and computes with the same code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../pipelines/load/ingest.ts';
import { createMetricsRepository } from '../metrics/queries.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { openReady, type ReadyWarehouse } from '../warehouse/bootstrap.ts';
import { ID_KEY, fixture } from './helpers/warehouse.ts';

let dir: string;
let r: ReadyWarehouse;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xinyong-zz-'));
  r = await openReady(path.join(dir, 'wh.duckdb'), 'zaozhuang-hitech');
  const load = (file: string, sourceType: string, departmentId: string, reportedAt: string) =>
    ingestFile(r.wh, fixture(`zaozhuang/${file}`), { idKey: ID_KEY, sourceType, departmentId, reportedAt, afterLoad: (c, batchId) => refreshMarts(c, undefined, { batchId }) });
  for (const s of [
    await load('registrations.csv', 'street-registration', 'zz-dqgzb', '2024-07-05'),
    await load('articles.csv', 'publicity-article', 'zz-dqgzb', '2024-07-05'),
    await load('villages.csv', 'pilot-village', 'zz-dqgzb', '2024-07-05'),
  ]) expect(s).toMatchObject({ status: 'loaded', rowsQuarantined: 0 });
}, 60_000);

afterAll(() => {
  r.wh.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the zaozhuang-hitech preset', () => {
  it('installs its own areas, departments and catalog', async () => {
    const [a] = await r.wh.all<{ streets: number; departments: number; indicators: number }>(`SELECT
      (SELECT count(*) FROM core.area WHERE level = 'street')::INTEGER AS streets,
      (SELECT count(*) FROM core.department)::INTEGER AS departments,
      (SELECT count(*) FROM core.indicator)::INTEGER AS indicators`);
    expect(a).toEqual({ streets: 3, departments: 14, indicators: 15 });
    // The opinions' 14 tasks with their responsible units; street tasks name no department.
    const tasks = await r.wh.all<{ task_no: string; n: number; units_zh: string }>(
      `SELECT task_no, len(department_ids)::INTEGER AS n, units_zh FROM core.plan_task ORDER BY task_no::INTEGER`);
    expect(tasks).toHaveLength(14);
    expect(tasks[0]).toEqual({ task_no: '1', n: 3, units_zh: '行政审批局、综合执法局、消防大队' });
    expect(tasks[1]).toMatchObject({ task_no: '2', n: 0, units_zh: '各街道办事处' });
  });

  it('tracks 榴花分 registration against 30% by 2023 and 100% by 2025', async () => {
    const repo = createMetricsRepository(r.wh, r.preset);
    const card = await repo.scorecard('street', '370471001', 'month', '2023-12-15');
    const reg = card.indicators.find((i) => i.id === 'registration-coverage')!;
    // 兴仁街道: 17,160 of 52,000 = 33% against the 30% milestone: on track, not yet met.
    expect(reg).toMatchObject({ numerator: 17160, denominator: 52000, target: 0.3, status: 'on_track' });
    const zone = await repo.scorecard('district', '370471', 'month', '2024-06-15');
    const z = zone.indicators.find((i) => i.id === 'registration-coverage')!;
    // June 2024: (33,800 + 15,200) ÷ 90,000 = 54.4%; the trajectory expects 30% + 70% × 182/731 ≈ 47.4%.
    expect(z.value).toBeCloseTo(49000 / 90000, 10);
    expect(z.target).toBeCloseTo(0.3 + 0.7 * (182 / 731), 3);
    expect(z.status).toBe('on_track');
  });

  it('checks the weekly street articles, monthly department articles and pilot villages against the plan', async () => {
    const repo = createMetricsRepository(r.wh, r.preset);
    const week = await repo.ranking('street-articles-weekly', 'street', 'week', '2024-06-04');
    expect(week.rows.map((x) => [x.entityId, x.value, x.rank])).toEqual([['370471001', 2, 1], ['370471002', 0, 2], ['370471003', 0, 2]]);
    const zf = (await repo.scorecard('street', '370471002', 'week', '2024-06-04')).indicators.find((i) => i.id === 'street-articles-weekly')!;
    expect(zf).toMatchObject({ value: 0, target: 1, status: 'far_behind' });
    const dept = (await repo.scorecard('department', 'zz-xzspj', 'month', '2024-06-15')).indicators.find((i) => i.id === 'department-articles-monthly')!;
    expect(dept).toMatchObject({ value: 1, target: 1, status: 'met' });
    const villages = await repo.ranking('pilot-villages', 'street', 'month', '2024-06-15');
    expect(villages.rows.map((x) => [x.entityId, x.value])).toEqual([['370471001', 2], ['370471002', 1], ['370471003', 0]]);
  });
});
