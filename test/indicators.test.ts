/**
 * Every measure of the catalog on the hand-made fixtures, against figures worked out by hand
 * from the fixture files (comments give the rows behind each number).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssessment } from '../metrics/assessment.ts';
import { createMetricsRepository } from '../metrics/queries.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;

beforeAll(async () => {
  t = await tempWarehouse();
  const loads: [string, string, string, string][] = [
    ['subjects.csv', 'subject-legal', 'zd-scjg', '2025-03-01'],
    ['licences.csv', 'licence', 'zd-xzsp', '2025-03-14'],
    ['graded.csv', 'graded-supervision', 'zd-scjg', '2025-03-01'],
    ['credit-checks.csv', 'credit-check', 'zd-xzsp', '2025-03-14'],
    ['credit-repair.csv', 'credit-repair', 'zd-fgj', '2025-02-14'],
    ['sources/credit-list.csv', 'credit-list', 'zd-fgj', '2025-03-14'],
    ['sources/discipline-implementation.csv', 'discipline-implementation', 'zd-czj', '2025-03-14'],
    ['sources/street-registration.csv', 'street-registration', 'zd-fgj', '2025-03-14'],
    ['sources/publicity-article.csv', 'publicity-article', 'zd-xcb', '2025-03-14'],
    ['sources/pilot-village.csv', 'pilot-village', 'zd-fgj', '2025-03-14'],
    ['sources/honesty-star.csv', 'honesty-star', 'zd-fgj', '2025-03-14'],
    ['sources/task-progress.csv', 'task-progress', 'zd-fgj', '2025-03-14'],
    ['sources/merchant.csv', 'merchant', 'zd-scjg', '2025-03-14'],
  ];
  for (const [file, sourceType, departmentId, reportedAt] of loads) await t.load(fixture(file), { sourceType, departmentId, reportedAt });
  const conn = await t.wh.connect();
  await refreshMarts(conn);
  conn.closeSync();
}, 60_000);

afterAll(() => t.dispose());

async function v(indicator: string, entityType: string, entityId: string, start = '2025-03-01', grain = 'month') {
  const rows = await t.wh.all<{ value: number | null; numerator: number | null; denominator: number | null; extras: string | null }>(
    `SELECT value, numerator, denominator, extras::VARCHAR AS extras FROM mart.indicator_value
     WHERE indicator_id = $1 AND entity_type = $2 AND entity_id = $3 AND period_type = $4 AND period_start = $5::DATE`,
    [indicator, entityType, entityId, grain, start]);
  expect(rows, `${indicator} ${entityType} ${entityId} ${grain} ${start}`).toHaveLength(1);
  const r = rows[0]!;
  return { ...r, extras: r.extras ? JSON.parse(r.extras) : null };
}

describe('the catalog on the fixtures', () => {
  it('graded-supervision coverage: graded enterprises ÷ registered', async () => {
    // 张店区 enterprises alive: 甲, 乙 (graded 2025-02-10) and 己; the city adds 周村丙 (its row was rejected).
    expect(await v('graded-supervision-enterprise', 'district', '370303')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(await v('graded-supervision-enterprise', 'city', '370300')).toMatchObject({ numerator: 2, denominator: 4, value: 0.5 });
  });

  it('credit-check uses since the plan start, by hall district and department', async () => {
    // HC…001 and …002 in 张店区, …003 in 周村区; …004 and …005 were rejected.
    expect((await v('credit-check-uses', 'city', '370300')).value).toBe(3);
    expect((await v('credit-check-uses', 'district', '370303')).value).toBe(2);
    expect((await v('credit-check-uses', 'district', '370306')).value).toBe(1);
    expect((await v('credit-check-uses', 'department', 'zd-xzsp')).value).toBe(3);
  });

  it('双公示 complete and accurate by the rows each batch submitted', async () => {
    // licences.csv: 13 rows, 1 exact duplicate → 12 submitted; 1 row misses a required field,
    // 5 have a bad code, date or code-list value.
    expect(await v('double-publicity-complete', 'department', 'zd-xzsp')).toMatchObject({ numerator: 11, denominator: 12 });
    expect(await v('double-publicity-accurate', 'department', 'zd-xzsp')).toMatchObject({ numerator: 7, denominator: 12 });
    expect((await v('double-publicity-accurate', 'city', '370300')).denominator).toBe(12);
  });

  it('base-list implementation: implemented ÷ items that apply', async () => {
    // 财政局 reported items 1 (已落实), 2 (不适用), 3 (部分落实).
    expect(await v('base-list-implementation', 'department', 'zd-czj')).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(await v('base-list-implementation', 'district', '370303')).toMatchObject({ numerator: 1, denominator: 2 });
    // The share's lost half is item 3, partly implemented: the records behind an assessment's
    // deduction on this rule list it (a per-violation rule counts only 未落实 items).
    const repo = createMetricsRepository(t.wh, t.preset);
    const behind = await createAssessment(t.wh, t.preset, repo.period).deductionRecords('department-monthly', 'zd-czj', 'base-list-implementation', '2026-03-15');
    expect(behind.kinds).toEqual(['notImplemented', 'partlyImplemented']);
    expect(behind.records).toEqual([expect.objectContaining({ deduction: 'partlyImplemented', itemNo: '3', status: '部分落实' })]);
  });

  it('registration coverage from each street’s latest report', async () => {
    expect((await v('registration-coverage', 'street', '370303001')).value).toBeCloseTo(12600 / 42000, 10);
    expect(await v('registration-coverage', 'district', '370303')).toMatchObject({ numerator: 22100, denominator: 80000 });
  });

  it('articles by street and by department, pilot villages and stars', async () => {
    // 车站街道: 03-03 and 03-10; 区市场监管局: 03-05.
    expect((await v('street-articles', 'street', '370303001')).value).toBe(2);
    expect((await v('street-articles', 'district', '370303')).value).toBe(2);
    expect((await v('department-articles', 'department', 'zd-scjg')).value).toBe(1);
    // 南定镇: 南定村, 北焦宋村; 沣水镇: 沣水村.
    expect((await v('pilot-villages', 'street', '370303101')).value).toBe(2);
    expect((await v('pilot-villages', 'district', '370303')).value).toBe(3);
    // 车站街道 in March: 张某某 (李某某 was awarded in January).
    expect((await v('honesty-stars', 'street', '370303001')).value).toBe(1);
    expect((await v('honesty-stars', 'street', '370303001', '2025-01-01')).value).toBe(1);
  });

  it('lists at period end, placed by registry or ID address', async () => {
    expect((await v('red-list-count', 'city', '370300')).value).toBe(1);
    expect((await v('black-list-count', 'district', '370303')).value).toBe(2);
    expect((await v('black-list-count', 'city', '370300', '2025-02-01')).value).toBe(0);
  });

  it('tasks finished by their deadline ÷ tasks due', async () => {
    // Due by 03-31: 1.2 (大数据中心, overdue) and 2.1 (行政审批局, done 03-05); 1.1 is due in June.
    expect(await v('task-on-time', 'district', '370303')).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(await v('task-on-time', 'department', 'zd-xzsp')).toMatchObject({ value: 1 });
    expect(await v('task-on-time', 'department', 'zd-dsj')).toMatchObject({ value: 0 });
    expect((await v('task-on-time', 'district', '370303')).extras).toMatchObject({ overdue: 1, open: 2, total: 3 });
  });
  it('counts a plan sub-task the ledger never mentions as unreported, and past its deadline as overdue', async () => {
    // zd-ybj's only plan line is 3.3 (提供医疗保险参保缴费信息, 12月底); the ledger has no line of it.
    expect(await v('task-on-time', 'department', 'zd-ybj')).toMatchObject({ value: null, denominator: 0, extras: { unreported: 1, overdue: 0, total: 0 } });
    expect(await v('task-on-time', 'department', 'zd-ybj', '2025-12-01')).toMatchObject({ value: 0, numerator: 0, denominator: 1, extras: { unreported: 1, overdue: 1 } });
    // zd-dsj: the ledger's 1.2 (due 2025-02-28, 滞后) and the plan's 9.6 (协助数据对接, 12月底), never reported.
    expect(await v('task-on-time', 'department', 'zd-dsj', '2025-12-01')).toMatchObject({ numerator: 0, denominator: 2, extras: { overdue: 2, unreported: 1, total: 1 } });
    // Before the ledger's first report (2025-03-10) nothing is counted, reported or not.
    expect(await v('task-on-time', 'department', 'zd-ybj', '2025-02-01')).toMatchObject({ denominator: 0, extras: { unreported: 0 } });
  });


  it('handling days of decided repair and objection cases', async () => {
    // XF2025001: 02-03 → 02-10; YY2025001: 02-06 → 02-08.
    expect((await v('repair-handling-days', 'city', '370300', '2025-02-01')).value).toBe(7);
    expect((await v('objection-handling-days', 'department', 'zd-fgj', '2025-02-01')).value).toBe(2);
  });

  it('the demonstration street’s colour shares', async () => {
    // 马尚街道: 甲 红, 乙 蓝, 丙 黄 (丁 and 戊 were rejected).
    expect(await v('merchant-red-share', 'street', '370303009')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(await v('merchant-blue-or-better-share', 'street', '370303009')).toMatchObject({ numerator: 2, denominator: 3 });
    expect((await v('merchant-black-share', 'street', '370303009')).value).toBe(0);
  });

  it('computes quarters and years, and leaves uncollected indicators out', async () => {
    expect((await v('credit-check-uses', 'city', '370300', '2025-01-01', 'quarter')).value).toBe(3);
    expect((await v('street-articles', 'street', '370303001', '2025-01-01', 'year')).value).toBe(2);
    const [n] = await t.wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart.indicator_value WHERE indicator_id = 'zhoucun-credit-training'`);
    expect(n!.n).toBe(0);
  });

  it('ranks with movement against the previous period and flags ties', async () => {
    const repo = createMetricsRepository(t.wh, t.preset);
    // February: no query anywhere (all tied first). March: 张店区 2, 周村区 1, the rest 0.
    const { rows } = await repo.ranking('credit-check-uses', 'district', 'month', '2025-03-15');
    const by = Object.fromEntries(rows.map((r) => [r.entityId, r]));
    expect(by['370303']).toMatchObject({ rank: 1, tied: false, previousRank: 1, movement: 0, value: 2 });
    expect(by['370306']).toMatchObject({ rank: 2, tied: false, previousRank: 1, movement: -1 });
    expect(by['370302']).toMatchObject({ rank: 3, tied: true, movement: -2 });
    // Less is better: the district with two black-listed subjects ranks last.
    const black = await repo.ranking('black-list-count', 'district', 'month', '2025-03-15');
    expect(black.rows.at(-1)).toMatchObject({ entityId: '370303', value: 2 });
    expect(black.rows[0]).toMatchObject({ rank: 1, value: 0 });
  });

  it('gives each scorecard line its change since the previous period', async () => {
    const repo = createMetricsRepository(t.wh, t.preset);
    const card = await repo.scorecard('district', '370303', 'month', '2025-03-15');
    const uses = card.indicators.find((i) => i.id === 'credit-check-uses')!;
    expect(uses).toMatchObject({ value: 2, previousValue: 0, change: 2, rank: 1, movement: 0, peers: 11 });
    expect(card.indicators.some((i) => i.id === 'zhoucun-credit-training')).toBe(false);
  });

  it('computes one district\'s plan indicators for that district and its streets only', async () => {
    const rows = await t.wh.all<{ entity_type: string; entity_id: string }>(
      `SELECT DISTINCT entity_type, entity_id FROM mart.indicator_value WHERE indicator_id = 'zhoucun-enterprise-files' ORDER BY ALL`);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.filter((r) => !r.entity_id.startsWith('370306'))).toEqual([]);
    expect(rows).toContainEqual({ entity_type: 'district', entity_id: '370306' });
    const repo = createMetricsRepository(t.wh, t.preset);
    const ids = async (type: 'district' | 'street', id: string) => (await repo.scorecard(type, id, 'month', '2025-03-15')).indicators.map((i) => i.id);
    expect(await ids('district', '370306')).toContain('zhoucun-enterprise-files');
    expect(await ids('district', '370303')).not.toContain('zhoucun-enterprise-files');
    expect(await ids('street', '370303001')).not.toContain('zhoucun-enterprise-files');
    expect(await ids('street', rows.find((r) => r.entity_type === 'street')!.entity_id)).toContain('zhoucun-enterprise-files');
  });
});
