/**
 * The records behind a figure, over the real server: the late and missing 双公示 reports, the rows
 * rejected as incomplete or inaccurate, and the overdue sub-tasks listed for a department, a
 * district, a street and the city are exactly as many as the scorecard's figure counts; each role
 * lists only what it may.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let as: Record<'leader' | 'office' | 'department' | 'street', Client>;
const DEPT = 'zd-xzsp';
const AT = 'at=2025-03-15';

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: DEPT, reportedAt: '2025-03-14' });
  await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' });
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  as = {
    leader: await signIn(base, t.wh, 'leader'),
    office: await signIn(base, t.wh, 'office'),
    department: await signIn(base, t.wh, 'department', { departmentId: DEPT }),
    street: await signIn(base, t.wh, 'street', { streetCode: '370303001' }),
  };
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

type List = { kind: string; total: number; rows: Record<string, unknown>[] };
const figure = async (type: string, id: string, indicator: string) =>
  ((await as.office.get(`/api/scorecard?entityType=${type}&entityId=${id}&period=month&${AT}`)).body.indicators as { id: string; extras: Record<string, number> }[])
    .find((c) => c.id === indicator)?.extras ?? (() => { throw new Error(`no ${indicator} on the ${type} ${id} scorecard`); })();
const lists = async (c: Client, type: string, id: string, indicator: string) => {
  const res = await c.get(`/api/records?indicator=${indicator}&entityType=${type}&entityId=${id}&period=month&${AT}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries((res.body.lists as List[]).map((l) => [l.kind, l])) as Record<string, List>;
};

describe('records behind a figure', () => {
  it('lists as many late and missing 双公示 reports as the on-time figure counts, for every kind of entity', async () => {
    let seen = 0;
    for (const [type, id] of [['department', DEPT], ['district', '370303'], ['street', '370303001'], ['city', '370300']] as const) {
      const extras = await figure(type, id, 'double-publicity-on-time');
      const l = await lists(as.office, type, id, 'double-publicity-on-time');
      expect(l.late!.total, `${type} late`).toBe(extras.late);
      expect(l.missing!.total, `${type} missing`).toBe(extras.missing);
      expect(l.late!.rows.length).toBe(l.late!.total);
      seen += l.late!.total;
    }
    expect(seen).toBeGreaterThan(0);
    const late = (await lists(as.office, 'department', DEPT, 'double-publicity-on-time')).late!.rows;
    for (const r of late) {
      expect(r).toMatchObject({ departmentId: DEPT, kind: 'licence', batchId: expect.any(Number), rowNo: expect.any(Number) });
      expect(String(r.reportedDate) > String(r.due)).toBe(true);
      expect(String(r.decisionDate) >= '2025-03-01' && String(r.decisionDate) <= '2025-03-31').toBe(true);
    }
  });

  it('lists as many rejected rows as the completeness and accuracy figures count, for a department, its district and the city', async () => {
    for (const [type, id] of [['department', DEPT], ['district', '370303'], ['city', '370300']] as const) {
      for (const [indicator, kind, counted] of [['double-publicity-complete', 'incomplete', 'incomplete'], ['double-publicity-accurate', 'inaccurate', 'inaccurate']] as const) {
        const extras = await figure(type, id, indicator);
        const l = (await lists(as.office, type, id, indicator))[kind]!;
        expect(l.total, `${type} ${kind}`).toBe(extras[counted]);
        expect(l.total).toBeGreaterThan(0);
        for (const r of l.rows) expect(r).toMatchObject({ departmentId: DEPT, fileName: 'licences.csv', reportedOn: '2025-03-14', batchId: expect.any(Number), rowNo: expect.any(Number) });
      }
    }
    // A street submits no 双公示 batches: the figure is not computed for streets.
    expect((await as.office.get(`/api/records?indicator=double-publicity-complete&entityType=street&entityId=370303001&period=month&${AT}`)).status).toBe(404);
  });

  it('lists the overdue sub-tasks the task figure counts (大数据中心 is late with 1.2), for a department and its district', async () => {
    for (const [type, id] of [['department', 'zd-dsj'], ['district', '370303']] as const) {
      const extras = await figure(type, id, 'task-on-time');
      const l = await lists(as.office, type, id, 'task-on-time');
      expect(l.overdue!.total, `${type} overdue`).toBe(extras.overdue);
      expect(l.overdue!.total).toBeGreaterThan(0);
    }
  });

  it('lets a department list its own records and a street its own, and no one else\'s; leaders none', async () => {
    expect(Object.keys(await lists(as.department, 'department', DEPT, 'double-publicity-on-time'))).toEqual(['late', 'missing']);
    await lists(as.street, 'street', '370303001', 'double-publicity-on-time');
    const refused = [
      [as.department, 'department', 'zd-fgj'], [as.department, 'district', '370303'], [as.street, 'street', '370303002'],
      [as.street, 'city', '370300'], [as.leader, 'city', '370300'],
    ] as const;
    for (const [c, type, id] of refused) {
      const res = await c.get(`/api/records?indicator=double-publicity-on-time&entityType=${type}&entityId=${id}&period=month&${AT}`);
      expect(res.status, `${c.username} ${type} ${id}`).toBe(403);
      expect(res.body.message).toMatch(/sees/);
    }
  });

  it('answers unknown and unsupported questions with the reason', async () => {
    const get = (q: string) => as.office.get(`/api/records?${q}&period=month&${AT}`);
    expect((await get('indicator=nope&entityType=city&entityId=370300')).status).toBe(404);
    const none = await get('indicator=enterprise-coverage&entityType=city&entityId=370300');
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/no records are listed behind "enterprise-coverage"/);
    const kind = await get('indicator=task-on-time&entityType=district&entityId=370303&kind=late');
    expect(kind.status).toBe(400);
    expect(kind.body.message).toMatch(/lists overdue records, not late/);
    expect((await get('indicator=task-on-time&entityType=department&entityId=zd-nobody')).status).toBe(404);
    const city = await get('indicator=task-on-time&entityType=city&entityId=370300');
    expect(city.status).toBe(404);
    expect(city.body.message).toMatch(/not computed for city/);
  });

  it('holds a ledger line to the plan\'s deadline: a later date written in the ledger does not put it off', async () => {
    // 1.1 is due 12-31 each year by the plan; 发改局's December line says 2026-06-30.
    const file = path.join(t.dir, 'ledger-december.csv');
    const [header] = readFileSync(fixture('sources/task-progress.csv'), 'utf8').split('\n');
    writeFileSync(file, `${header}\n1,建设“一网三库一平台”,1.1,完善信用张店网站,淄博市张店区发展和改革局,2026-06-30,推进中,,仍在建设,2025-12-15\n`);
    await t.ingest(file, { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-12-15' });
    const res = await as.office.get('/api/records?indicator=task-on-time&entityType=department&entityId=zd-fgj&period=month&at=2025-12-31');
    const overdue = (res.body.lists as List[]).find((l) => l.kind === 'overdue')!.rows;
    expect(overdue.find((r) => r.subtaskNo === '1.1')).toMatchObject({ deadline: '2025-12-31', status: '推进中' });
    const card = await as.office.get('/api/scorecard?entityType=department&entityId=zd-fgj&period=month&at=2025-12-31');
    const tasks = (card.body.indicators as { id: string; extras: Record<string, number> }[]).find((c) => c.id === 'task-on-time')!;
    expect(tasks.extras.overdue).toBe(overdue.length);
  });
});
