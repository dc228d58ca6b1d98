/**
 * Assessment over the API: scores from the preset's scheme worked out by hand, the version in
 * force by period, and the records behind a deduction. Units that owe data and sent none: a
 * department with the 双公示 duty and no records scores 未报送 (0) instead of being scored over
 * the rules it happens to have data for; a department without the duty is not affected; a zero
 * report (零报送) for an empty month gives full points, and a month with records, a running month
 * or another department's month cannot be declared.
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
let scjg: Client;
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
  scjg = await signIn(base, t.wh, 'department', { departmentId: 'zd-scjg' });
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
    expect((await get('/api/assessment/records?scheme=department-monthly&entityId=zd-nobody&indicator=task-on-time&at=2025-03-15')).status).toBe(404);
  });

  it('lists the rows behind a proportional deduction too: late records, and the rows rejected as incomplete or inaccurate', async () => {
    const rules = (await get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body.rows[0].rules as { indicator: string; listed: boolean }[];
    expect(rules.every((r) => r.listed)).toBe(true);
    // 行政审批局's on-time rate 5/6 costs it points: the one late record behind them.
    const onTime = await get('/api/assessment/records?scheme=department-monthly&entityId=zd-xzsp&indicator=double-publicity-on-time&at=2025-03-15');
    expect(onTime.body.kinds).toEqual(['late']);
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

type Rule = { indicator: string; status: string; points: number | null; deducted: number | null };
type Row = { entityId: string; score: number | null; rank: number | null; points: number; maxPoints: number; rules: Rule[] };
const march = async () => (await office.get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body.rows as Row[];
const rowOf = (rows: Row[], id: string) => rows.find((r) => r.entityId === id)!;
const ruleOf = (row: Row, indicator: string) => row.rules.find((r) => r.indicator === indicator)!;

describe('assessment of units that sent nothing', () => {
  it('scores a department that owes 双公示 and sent none as 未报送, below those that reported', async () => {
    const rows = await march();
    // 市场监管局 decides licences and penalties (duty double-publicity) and sent none in March:
    // the 40 points of on-time reporting owed, none earned. Completeness and accuracy judge what
    // was sent, so with nothing sent they do not apply; nor does the base list (no target before
    // 2025-12-31), nor the task rule (nothing due).
    const scjgRow = rowOf(rows, 'zd-scjg');
    expect(scjgRow).toMatchObject({ score: 0, points: 0, maxPoints: 40 });
    expect(ruleOf(scjgRow, 'double-publicity-on-time')).toMatchObject({ status: 'no-data', points: 0, deducted: 40 });
    expect(ruleOf(scjgRow, 'double-publicity-complete')).toMatchObject({ status: 'not-applicable', points: null });
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
    // 淄川区 has no subject in the fixtures: 0 of the 25 points of graded supervision, which every
    // district owes, ranked last, not left out. The preset lists none of its departments, so no
    // one there owes 双公示: with no record placed in it, that rule does not apply.
    const zichuan = rowOf(rows, '370302');
    expect(zichuan).toMatchObject({ score: 0, points: 0, maxPoints: 25 });
    expect(zichuan.rank).toBe(3);
    expect(ruleOf(zichuan, 'graded-supervision-enterprise')).toMatchObject({ status: 'no-data', points: 0, deducted: 25 });
    expect(ruleOf(zichuan, 'double-publicity-on-time')).toMatchObject({ status: 'not-applicable', points: null });
    // 张店区 and 周村区 have data: scored from it.
    expect(rowOf(rows, '370306')).toMatchObject({ rank: 1, score: 54.55 });
    expect(ruleOf(rowOf(rows, '370303'), 'double-publicity-on-time').status).toBe('scored');
  });
});

describe('zero reports (零报送)', () => {
  it('gives full points for a month a department declares empty, until it is withdrawn', async () => {
    const declared = await scjg.send('POST', '/api/zero-reports', { duty: 'double-publicity', month: '2025-03', note: '本月未作出行政许可和行政处罚决定' });
    expect(declared.status).toBe(200);
    expect(declared.body.zeroReport).toMatchObject({ departmentId: 'zd-scjg', duty: 'double-publicity', month: '2025-03', note: '本月未作出行政许可和行政处罚决定', declaredBy: scjg.username, declaredByName: 'department (test)' });
    // Declaring again changes nothing.
    expect((await scjg.send('POST', '/api/zero-reports', { duty: 'double-publicity', month: '2025-03' })).body.zeroReport.note).toBe('本月未作出行政许可和行政处罚决定');

    const row = rowOf(await march(), 'zd-scjg');
    expect(row).toMatchObject({ score: 100, points: 40, maxPoints: 40 });
    expect(ruleOf(row, 'double-publicity-on-time')).toMatchObject({ status: 'zero-report', points: 40, deducted: 0 });
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
    // Before the first department scheme (2025-01) nothing is assessed.
    expect(await refused(office, { departmentId: 'zd-scjg', month: '2024-12' })).toEqual({ status: 400, code: 'before_assessment', message: expect.stringContaining('before the assessment of departments begins (2025-01)') });
    expect((await refused(scjg, { departmentId: 'zd-zhzf', month: '2025-03' })).status).toBe(403);
    expect((await scjg.get('/api/zero-reports?departmentId=zd-zhzf')).status).toBe(403);
    expect((await office.get('/api/zero-reports')).body.zeroReports).toEqual([]);
  });
});
