/**
 * Units that owe data and sent none, over the real server: a department with the 双公示 duty and
 * no records scores 未报送 (0) instead of being scored over the rules it happens to have data for;
 * a department without the duty is not affected; a zero report (零报送) for an empty month gives
 * full points, and a month with records, a running month or another department's month cannot be
 * declared.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let office: Client;
let scjg: Client;

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
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  office = await signIn(base, t.wh, 'office');
  scjg = await signIn(base, t.wh, 'department', { departmentId: 'zd-scjg' });
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

type Rule = { indicator: string; status: string; points: number | null; deducted: number | null };
type Row = { entityId: string; score: number | null; rank: number | null; points: number; maxPoints: number; rules: Rule[] };
const march = async () => (await office.get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body.rows as Row[];
const rowOf = (rows: Row[], id: string) => rows.find((r) => r.entityId === id)!;
const ruleOf = (row: Row, indicator: string) => row.rules.find((r) => r.indicator === indicator)!;

describe('assessment of units that sent nothing', () => {
  it('scores a department that owes 双公示 and sent none as 未报送, below those that reported', async () => {
    const rows = await march();
    // 市场监管局 decides licences and penalties (duty double-publicity) and sent none in March:
    // on time 40 + complete 10 + accurate 10 = 60 points owed, none earned. The base list has no
    // target before 2025-12-31 and it has no task due, so those rules do not apply.
    const scjgRow = rowOf(rows, 'zd-scjg');
    expect(scjgRow).toMatchObject({ score: 0, points: 0, maxPoints: 60 });
    expect(ruleOf(scjgRow, 'double-publicity-on-time')).toMatchObject({ status: 'no-data', points: 0, deducted: 40 });
    expect(ruleOf(scjgRow, 'base-list-implementation')).toMatchObject({ status: 'not-applicable', points: null });
    // 行政审批局 reported: scored as before (85.42), ranked first.
    expect(rowOf(rows, 'zd-xzsp')).toMatchObject({ rank: 1, score: 85.42 });
    expect(ruleOf(rowOf(rows, 'zd-xzsp'), 'double-publicity-on-time').status).toBe('scored');
    expect(scjgRow.rank).toBeGreaterThan(rowOf(rows, 'zd-dsj').rank!);
    // 大数据中心 decides nothing: its 双公示 rules do not apply, its task rule gives 75.
    expect(rowOf(rows, 'zd-dsj')).toMatchObject({ score: 75, maxPoints: 20 });
    expect(ruleOf(rowOf(rows, 'zd-dsj'), 'double-publicity-on-time')).toMatchObject({ status: 'not-applicable', points: null });
    // 审计局 owes nothing the scheme scores: listed unranked.
    expect(rowOf(rows, 'zd-sjj')).toMatchObject({ score: null, rank: null });
  });

  it('does not call anything 未报送 while the period runs', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const rows = (await office.get(`/api/assessment?scheme=department-monthly&at=${today}`)).body.rows as Row[];
    expect(rows.flatMap((r) => r.rules).filter((r) => r.status === 'no-data')).toEqual([]);
    // 市场监管局 has sent nothing this month yet: unscored, not 0.
    expect(rows.find((r) => r.entityId === 'zd-scjg')?.score ?? null).toBeNull();
  });

  it('scores a district that sent nothing as 未报送 on the rules every district owes', async () => {
    const rows = (await office.get('/api/assessment?scheme=district-quarterly&at=2025-03-15')).body.rows as Row[];
    // 淄川区 has no subject and no 双公示 in the fixtures: 0 of the 55 points with a target in
    // the quarter (graded supervision 25, on time 30), ranked last, not left out.
    const zichuan = rowOf(rows, '370302');
    expect(zichuan).toMatchObject({ score: 0, points: 0, maxPoints: 55 });
    expect(zichuan.rank).toBe(3);
    expect(ruleOf(zichuan, 'graded-supervision-enterprise')).toMatchObject({ status: 'no-data', points: 0, deducted: 25 });
    expect(ruleOf(zichuan, 'double-publicity-on-time')).toMatchObject({ status: 'no-data', points: 0, deducted: 30 });
    // 张店区 and 周村区 have data: scored from it.
    expect(rowOf(rows, '370306')).toMatchObject({ rank: 1, score: 54.55 });
    expect(ruleOf(rowOf(rows, '370303'), 'double-publicity-on-time').status).toBe('scored');
  });
});

describe('zero reports (零报送)', () => {
  it('gives full points for a month a department declares empty, until it is withdrawn', async () => {
    const declared = await scjg.send('POST', '/api/zero-reports', { duty: 'double-publicity', month: '2025-03', note: '本月未作出行政许可和行政处罚决定' });
    expect(declared.status).toBe(200);
    expect(declared.body.zeroReport).toMatchObject({ departmentId: 'zd-scjg', duty: 'double-publicity', month: '2025-03', note: '本月未作出行政许可和行政处罚决定', declaredBy: scjg.username });
    // Declaring again changes nothing.
    expect((await scjg.send('POST', '/api/zero-reports', { duty: 'double-publicity', month: '2025-03' })).body.zeroReport.note).toBe('本月未作出行政许可和行政处罚决定');

    const row = rowOf(await march(), 'zd-scjg');
    expect(row).toMatchObject({ score: 100, points: 60, maxPoints: 60 });
    expect(ruleOf(row, 'double-publicity-complete')).toMatchObject({ status: 'zero-report', points: 10, deducted: 0 });
    // Only that month: April is still 未报送.
    const april = (await office.get('/api/assessment?scheme=department-monthly&at=2025-04-15')).body.rows as Row[];
    expect(ruleOf(rowOf(april, 'zd-scjg'), 'double-publicity-on-time').status).toBe('no-data');

    expect((await scjg.get('/api/zero-reports')).body.zeroReports).toEqual([expect.objectContaining({ departmentId: 'zd-scjg', month: '2025-03' })]);
    const audit = (await office.get('/api/audit?action=zero-report')).body.entries as { target: string; username: string }[];
    expect(audit).toEqual([expect.objectContaining({ target: 'zd-scjg:double-publicity:2025-03', username: scjg.username })]);

    expect((await scjg.send('DELETE', '/api/zero-reports?duty=double-publicity&month=2025-03')).status).toBe(200);
    expect(ruleOf(rowOf(await march(), 'zd-scjg'), 'double-publicity-on-time').status).toBe('no-data');
    expect((await scjg.send('DELETE', '/api/zero-reports?duty=double-publicity&month=2025-03')).status).toBe(404);
    expect((await office.get('/api/audit?action=zero-report-withdrawn')).body.entries).toHaveLength(1);
  });

  it('refuses a month with records, a running month, a department without the duty, another department\'s month', async () => {
    const refused = async (c: Client, body: Record<string, unknown>) => {
      const res = await c.send('POST', '/api/zero-reports', { duty: 'double-publicity', ...body });
      return { status: res.status, message: String(res.body.message), ...(res.body.code ? { code: res.body.code } : {}) };
    };
    expect(await refused(office, { departmentId: 'zd-xzsp', month: '2025-03' }))
      .toEqual({ status: 409, code: 'has_records', message: expect.stringMatching(/淄博市张店区行政审批服务局 has \d+ licence or penalty record\(s\) decided in 2025-03/) });
    const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    expect(await refused(office, { departmentId: 'zd-scjg', month: thisMonth })).toEqual({ status: 400, code: 'month_running', message: expect.stringContaining('has not ended') });
    expect(await refused(office, { departmentId: 'zd-dsj', month: '2025-03' })).toEqual({ status: 400, code: 'not_a_duty', message: expect.stringContaining('owes no double-publicity reports') });
    expect(await refused(office, { month: '2025-03' })).toEqual({ status: 400, message: expect.stringContaining('departmentId') });
    expect(await refused(office, { departmentId: 'no-such', month: '2025-03' })).toMatchObject({ status: 404 });
    expect(await refused(office, { departmentId: 'zd-scjg', month: '2025-13' })).toMatchObject({ status: 400 });
    expect((await refused(scjg, { departmentId: 'zd-zhzf', month: '2025-03' })).status).toBe(403);
    expect((await scjg.get('/api/zero-reports?departmentId=zd-zhzf')).status).toBe(403);
    expect((await office.get('/api/zero-reports')).body.zeroReports).toEqual([]);
  });
});
