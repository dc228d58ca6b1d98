/**
 * The API on a real Fastify server on loopback over a real DuckDB file: shapes, figures worked
 * out by hand (see ingest.test.ts), 400 on bad parameters, 404 on unknown ids, OpenAPI.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let office: Client;
/** A request as the credit office (every route allows it). */
const authed = (url: string) => fetch(url, { headers: { cookie: office.cookie } });

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  office = await signIn(base, t.wh, 'office');
});

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

const get = async (url: string) => {
  const res = await authed(base + url);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('API', () => {
  it('serves the catalog with plan sources and milestones', async () => {
    const { status, body } = await get('/api/indicators');
    expect(status).toBe(200);
    const volume = body.indicators.find((i: { id: string }) => i.id === 'record-volume');
    expect(volume).toMatchObject({ unit: '条', baseline: { date: '2020-12-31', value: 120_000_000 } });
    expect(volume.milestones).toEqual(expect.arrayContaining([{ date: '2022-12-31', value: 400_000_000 }, { date: '2025-12-31', value: 600_000_000 }]));
    const ids = body.indicators.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['enterprise-coverage', 'record-volume', 'double-publicity-on-time', 'task-on-time', 'merchant-red-share']));
    expect(new Set(ids).size).toBe(ids.length);
    const training = body.indicators.find((i: { id: string }) => i.id === 'zhoucun-credit-training');
    expect(training).toMatchObject({ collected: false, targetEntityIds: ['370306'], milestones: [{ date: '2018-12-31', value: 0.8 }, { date: '2020-12-31', value: 1 }] });
    // The plans' other quantified targets no source feeds: listed with their targets, not computed.
    const byId = (id: string) => body.indicators.find((i: { id: string }) => i.id === id);
    expect(byId('credit-management-pilot-enterprises')).toMatchObject({ collected: false, unit: '家', milestones: [{ date: '2025-12-31', value: 1000 }] });
    expect(byId('credit-management-benchmark-enterprises')).toMatchObject({ collected: false, milestones: [{ date: '2025-12-31', value: 100 }] });
    expect(byId('zhoucun-key-group-files')).toMatchObject({ collected: false, targetEntityIds: ['370306'], milestones: [{ date: '2020-12-31', value: 1 }] });
    expect(byId('model-shops')).toMatchObject({ collected: false, constantTarget: 10 });
  });

  it('returns a district scorecard with values, targets, status and rank', async () => {
    const { status, body } = await get('/api/scorecard?entityType=district&entityId=370303&period=month&at=2025-03-20');
    expect(status).toBe(200);
    expect(body.entity).toMatchObject({ type: 'district', id: '370303', nameZh: '张店区' });
    expect(body.period).toMatchObject({ type: 'month', start: '2025-03-01', end: '2025-03-31', label: '2025年3月' });
    const byId = Object.fromEntries(body.indicators.map((i: { id: string }) => [i.id, i]));
    // Ranked among the districts with a value: the others are unranked, not counted as peers.
    const ranked = (await get('/api/rankings?indicator=enterprise-coverage&entityType=district&period=month&at=2025-03-20')).body.rows.filter((r: { rank: number | null }) => r.rank !== null).length;
    expect(ranked).toBeGreaterThan(1);
    expect(ranked).toBeLessThan(11);
    expect(byId['enterprise-coverage']).toMatchObject({ numerator: 2, denominator: 3, rank: 2, peers: ranked });
    // A standing target (100% on time) is said to be one, and a value short of it is never 进度正常.
    const standing = (body.indicators as { finalTarget: { standing: boolean; value: number } | null; value: number | null; status: string | null }[])
      .filter((i) => i.finalTarget?.standing === true);
    expect(standing.length).toBeGreaterThan(0);
    expect(standing.filter((i) => i.value !== null && i.value < i.finalTarget!.value && i.status === 'on_track')).toEqual([]);
    expect(byId['double-publicity-on-time'].finalTarget).toMatchObject({ standing: true, value: 1 });
    // The city has no peers: no rank.
    const city = (await get('/api/scorecard?entityType=city&entityId=370300&period=month&at=2025-03-20')).body.indicators as { rank: number | null; peers: number | null; movement: number | null }[];
    expect(city.every((i) => i.rank === null && i.peers === null && i.movement === null)).toBe(true);
    // 张店区's four records: 甲 (1 late, 1 on time), 乙, and the natural person; 3/4 = 0.75 is 滞后
    // (below 0.9 of the target), not 严重滞后 (below 0.75).
    expect(byId['double-publicity-on-time']).toMatchObject({ numerator: 3, denominator: 4, target: 1, status: 'behind' });
    expect(byId['double-publicity-on-time'].extras).toMatchObject({ late: 1, onTime: 3, total: 4 });
    // The record-volume target is the city's; districts are ranked without one.
    expect(byId['record-volume']).toMatchObject({ value: 4, target: null, status: null, rank: 1 });
  });

  it('ranks districts best first, ties sharing a rank, entities without a value unranked', async () => {
    const { body } = await get('/api/rankings?indicator=record-volume&entityType=district&period=week&at=2025-03-12');
    expect(body.rows.slice(0, 3).map((r: { entityId: string; rank: number; value: number }) => [r.entityId, r.rank, r.value]))
      .toEqual([['370303', 1, 4], ['370306', 2, 1], ['370302', 3, 0]]);
    expect(body.rows.filter((r: { rank: number }) => r.rank === 3)).toHaveLength(9);
    const coverage = await get('/api/rankings?indicator=enterprise-coverage&entityType=district&period=month&at=2025-03-20');
    expect(coverage.body.rows.find((r: { entityId: string }) => r.entityId === '370302')).toMatchObject({ rank: null, value: null });
  });

  it('defaults to the latest period that has data', async () => {
    // The last decision in the fixtures is 2025-03-13: not the (empty) current week or month.
    const { body } = await get('/api/scorecard?entityType=city&entityId=370300&period=week');
    expect(body.period).toMatchObject({ start: '2025-03-10', end: '2025-03-16' });
    const meta = await get('/api/meta');
    expect(meta.body.latest.month).toMatchObject({ start: '2025-03-01' });
    expect(meta.body.dataAsOf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('describes every source type a department may send, as the loader checks it', async () => {
    const { status, body } = await get('/api/source-types');
    expect(status).toBe(200);
    expect(body.sourceTypes).toHaveLength(21);
    const payment = body.sourceTypes.find((s: { id: string }) => s.id === 'payment');
    expect(payment).toMatchObject({ nameZh: '社保公积金及水电气缴费记录', naturalKey: ['kind', 'account_no', 'billing_month'], creditRecord: true });
    expect(payment.fields.find((f: { name: string }) => f.name === 'billing_month')).toMatchObject({ headerZh: '所属期', type: 'month', required: true });
    expect(payment.rules).toEqual([{ id: 'overdue_needs_amount', when: { field: 'status', in: ['欠缴'] }, then: 'amount_overdue' }]);
  });

  it('lists batches newest first', async () => {
    const { body } = await get('/api/batches?limit=1');
    expect(body.batches).toHaveLength(1);
    expect(body.batches[0]).toMatchObject({ fileName: 'licences.csv', reportedAt: '2025-03-14', rowsRead: 13, rowsLoaded: 6, rowsQuarantined: 6, rowsDuplicate: 1 });
  });

  it('answers bad parameters with 400 and a message, unknown ids with 404', async () => {
    const bad = await get('/api/scorecard?entityType=planet&entityId=1');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'bad_request' });
    expect(bad.body.message).toMatch(/entityType/);
    expect((await get('/api/scorecard?entityType=city&entityId=370300&at=2025-13-01')).status).toBe(400);
    expect((await get('/api/batches?limit=0')).status).toBe(400);
    const unknown = await get('/api/scorecard?entityType=department&entityId=no-such&period=month');
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found', message: 'unknown department "no-such"' } });
    expect((await get('/api/rankings?indicator=no-such&entityType=district')).status).toBe(404);
    expect((await get('/api/scorecard?entityType=city&entityId=370300&period=month&at=1999-01-01')).status).toBe(404);
    expect((await get('/api/nothing-here')).status).toBe(404);
  });

  it('publishes an OpenAPI document', async () => {
    const { status, body } = await get('/api/docs/json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/scorecard', '/api/rankings', '/api/indicators', '/api/batches']));
  });
});
