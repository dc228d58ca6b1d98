/**
 * Assessment over the API: scores from the preset's scheme worked out by hand, the version in
 * force by period, and the records behind a deduction.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let office: Client;
/** A request as the credit office (every route allows it). */
const authed = (url: string) => fetch(url, { headers: { cookie: office.cookie } });
const get = async (url: string) => {
  const res = await authed(base + url);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

beforeAll(async () => {
  t = await tempWarehouse();
  for (const [f, sourceType, departmentId, reportedAt] of [
    ['subjects.csv', 'subject-legal', 'zd-scjg', '2025-03-01'], ['licences.csv', 'licence', 'zd-xzsp', '2025-03-14'],
    ['sources/task-progress.csv', 'task-progress', 'zd-fgj', '2025-03-14'],
  ] as const) await t.load(fixture(f), { sourceType, departmentId, reportedAt });
  const conn = await t.wh.connect();
  await refreshMarts(conn);
  conn.closeSync();
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  office = await signIn(base, t.wh, 'office');
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

describe('assessment', () => {
  it('scores departments by the rules in force, out of the points that apply to each', async () => {
    const { status, body } = await get('/api/assessment?scheme=department-monthly&at=2025-03-15');
    expect(status).toBe(200);
    expect(body.version).toMatchObject({ effectiveFrom: '2025-01-01', changedOn: '2024-12-20' });
    const [first, second] = body.rows;
    // 行政审批局: on time 5/6 × 40 + complete 11/12 × 10 + accurate 7/12 × 10 + tasks 20 (none
    // overdue) = 68.33 of 80 points that apply (no base-list target before 2025-12-31): 85.42.
    expect(first).toMatchObject({ entityId: 'zd-xzsp', rank: 1, points: expect.closeTo(68.333, 2), maxPoints: 80, score: 85.42 });
    // 大数据中心: only the task rule applies; one overdue sub-task costs 5 of 20: 75.
    expect(second).toMatchObject({ entityId: 'zd-dsj', rank: 2, points: 15, maxPoints: 20, score: 75 });
    expect(second.rules.find((r: { indicator: string }) => r.indicator === 'task-on-time')).toMatchObject({ points: 15, deducted: 5, violations: 1 });
    // Departments with nothing to score are listed unranked.
    expect(body.rows.find((r: { entityId: string }) => r.entityId === 'zd-sjj')).toMatchObject({ score: null, rank: null });
  });

  it('applies a changed scheme from its stated period and keeps the audit trail', async () => {
    const { body } = await get('/api/assessment?scheme=department-monthly&at=2026-02-10');
    expect(body.version).toMatchObject({ effectiveFrom: '2026-01-01', reason: expect.stringContaining('迟报按条扣分') });
    expect(body.history.map((h: { effectiveFrom: string }) => h.effectiveFrom)).toEqual(['2025-01-01', '2026-01-01']);
    const schemes = await get('/api/assessments');
    expect(schemes.body.schemes.filter((s: { id: string }) => s.id === 'department-monthly')).toHaveLength(2);
  });

  it('lists the records behind a deduction', async () => {
    const { status, body } = await get('/api/assessment/records?scheme=department-monthly&entityId=zd-dsj&indicator=task-on-time&at=2025-03-15');
    expect(status).toBe(200);
    expect(body.records).toEqual([expect.objectContaining({ subtaskNo: '1.2', status: '逾期未完成', deadline: '2025-02-28' })]);
    // By December the plan's 9.6 (大数据中心, 12月底), which the ledger never mentions, is overdue too.
    const december = await get('/api/assessment/records?scheme=department-monthly&entityId=zd-dsj&indicator=task-on-time&at=2025-12-15');
    expect(december.body.records).toEqual([
      expect.objectContaining({ subtaskNo: '1.2', status: '逾期未完成', batchId: expect.any(Number) }),
      expect.objectContaining({ subtaskNo: '9.6', status: '未报送', deadline: '2025-12-31', responsibleUnit: '淄博市张店区大数据中心', batchId: null }),
    ]);
    expect((await get('/api/assessment?scheme=no-such')).status).toBe(404);
    expect((await get('/api/assessment/records?scheme=district-quarterly&entityId=370303&indicator=enterprise-coverage&at=2025-03-15')).status).toBe(404);
  });

  it('lists the rows behind a proportional deduction too: late records, and the rows rejected as incomplete or inaccurate', async () => {
    const rules = (await get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body.rows[0].rules as { indicator: string; listed: boolean }[];
    expect(rules.every((r) => r.listed)).toBe(true);
    // 行政审批局's on-time rate 5/6 costs it points: the one late record behind them.
    const onTime = await get('/api/assessment/records?scheme=department-monthly&entityId=zd-xzsp&indicator=double-publicity-on-time&at=2025-03-15');
    expect(onTime.body.kinds).toEqual(['late', 'missing']);
    expect(onTime.body.records).toEqual([expect.objectContaining({ deduction: 'late', kind: 'licence', docNo: expect.any(String) })]);
    // Completeness 11/12: one row lacked a required field; accuracy 7/12: five rows had errors.
    const complete = await get('/api/assessment/records?scheme=department-monthly&entityId=zd-xzsp&indicator=double-publicity-complete&at=2025-03-15');
    expect(complete.body.records).toHaveLength(1);
    expect(complete.body.records[0]).toMatchObject({ deduction: 'incomplete', fileName: 'licences.csv', reportedOn: '2025-03-14', rowNo: expect.any(Number) });
    expect(complete.body.records[0].reasons.some((r: string) => r.startsWith('missing:'))).toBe(true);
    const accurate = await get('/api/assessment/records?scheme=department-monthly&entityId=zd-xzsp&indicator=double-publicity-accurate&at=2025-03-15');
    expect(accurate.body.records).toHaveLength(5);
    expect(accurate.body.records.every((r: { deduction: string; reasons: string[] }) => r.deduction === 'inaccurate' && r.reasons.some((x) => !x.startsWith('missing:')))).toBe(true);
    // Another month's batches are not this month's submissions.
    expect((await get('/api/assessment/records?scheme=department-monthly&entityId=zd-xzsp&indicator=double-publicity-accurate&at=2025-04-15')).body.records).toEqual([]);
  });
});
