/**
 * As known at: a figure computed from the versions of the data loaded by a moment reproduces
 * exactly after a late record and a correction have changed the current figure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { valueAsKnownAt } from '../metrics/known-at.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let office: Client;
/** A request as the credit office (every route allows it). */
const authed = (url: string) => fetch(url, { headers: { cookie: office.cookie } });
let published: string;

const query = { indicatorId: 'double-publicity-on-time', entityType: 'district', entityId: '370303', grain: 'month', at: '2025-03-20' } as const;

async function current() {
  const [r] = await t.wh.all<{ value: number; numerator: number; denominator: number }>(
    `SELECT value, numerator, denominator FROM mart.indicator_value WHERE indicator_id = 'double-publicity-on-time'
     AND entity_type = 'district' AND entity_id = '370303' AND period_type = 'month' AND period_start = DATE '2025-03-01'`);
  return r!;
}

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  // The moment the March figure was published: after the first batches, before the next one.
  const [b] = await t.wh.all<{ at: string }>(`SELECT strftime(max(finished_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS at FROM meta.batch`);
  published = b!.at;
  await new Promise((r) => setTimeout(r, 20));
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  office = await signIn(base, t.wh, 'office');
});

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

describe('as known at', () => {
  it('reproduces a published figure after a correction and a late record', async () => {
    const before = await current();
    // 张店区 in March: 甲 (one late, one on time), 乙 and a natural person on time: 3 of 4.
    expect(before).toMatchObject({ numerator: 3, denominator: 4 });
    const card = async () => ((await (await authed(`${base}/api/scorecard?entityType=district&entityId=370303&period=month&at=2025-03-20`)).json()) as {
      indicators: { id: string; numerator: number }[] }).indicators.find((i) => i.id === 'double-publicity-on-time')!;
    expect(await card()).toMatchObject({ numerator: 3 });

    const lines = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const later = path.join(t.dir, 'late.csv');
    writeFileSync(later, [
      lines[1],
      // 乙's licence was in fact decided on 3 March: reported on the 14th, it was late.
      lines[3]!.replace('2025/3/10', '2025/3/3'),
      // A licence of 4 March reported only now.
      lines[2]!.replace('张审批〔2025〕1号', '张审批〔2025〕99号').replace('2025-03-03', '2025-03-04'),
    ].join('\n'));
    const s = await t.ingest(later, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-31' });
    expect(s).toMatchObject({ rowsLoaded: 2, rowsSuperseding: 1 });
    expect(await current()).toMatchObject({ numerator: 2, denominator: 5 });
    // The server's answers follow the new batch at once (no stale cache).
    expect(await card()).toMatchObject({ numerator: 2, denominator: 5 });

    const then = await valueAsKnownAt(t.wh, { ...query, knownAt: published });
    expect(then).toMatchObject({ value: before.value, numerator: 3, denominator: 4, period: { start: '2025-03-01', end: '2025-03-31' } });
    // Known now, the recomputation equals the marts.
    const now = await valueAsKnownAt(t.wh, { ...query, knownAt: new Date().toISOString() });
    expect(now).toMatchObject({ numerator: 2, denominator: 5 });
    // Before anything was loaded there was nothing to count.
    const none = await valueAsKnownAt(t.wh, { ...query, knownAt: '2020-01-01' });
    expect(none?.denominator ?? 0).toBe(0);
  });

  it('answers over HTTP, and rejects a malformed instant', async () => {
    const url = `${base}/api/indicator-value?indicator=double-publicity-on-time&entityType=district&entityId=370303&period=month&at=2025-03-20`;
    const then = await (await authed(`${url}&knownAt=${encodeURIComponent(published)}`)).json();
    expect(then).toMatchObject({ numerator: 3, denominator: 4, knownAt: published.replace(/Z$/, '').padEnd(23, '0') + 'Z' });
    const now = await (await authed(url)).json();
    expect(now).toMatchObject({ numerator: 2, denominator: 5 });
    expect((await authed(`${url}&knownAt=yesterday`)).status).toBe(400);
    expect((await authed(url.replace('double-publicity-on-time', 'no-such'))).status).toBe(404);
  });

  it('places records as the registry stood then, after a registry correction moves a subject', async () => {
    const q = { ...query, entityId: '370306' }; // 周村区
    const current306 = async () => (await t.wh.all<{ denominator: number }>(
      `SELECT denominator FROM mart.indicator_value WHERE indicator_id = 'double-publicity-on-time'
       AND entity_type = 'district' AND entity_id = '370306' AND period_type = 'month' AND period_start = DATE '2025-03-01'`))[0]!;
    const mark = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const atPublication = await valueAsKnownAt(t.wh, { ...q, knownAt: published });
    const atMark = await valueAsKnownAt(t.wh, { ...q, knownAt: mark });
    expect(atMark!.denominator).toBe((await current306()).denominator);
    // The registry is corrected: 乙 is in 周村区, not 张店区; its licences move with it.
    const moved = path.join(t.dir, 'moved.csv');
    const subjects = readFileSync(fixture('subjects.csv'), 'utf8').split('\n');
    writeFileSync(moved, [subjects[0], subjects[2]!.replace('370303,公园街道', '370306,丝绸路街道')].join('\n'));
    expect(await t.ingest(moved, { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-04-01' })).toMatchObject({ rowsSuperseding: 1 });
    expect((await current306()).denominator).toBeGreaterThan(atMark!.denominator!);
    // Figures known before the correction still come out as they were.
    expect(await valueAsKnownAt(t.wh, { ...q, knownAt: published })).toEqual(atPublication);
    expect(await valueAsKnownAt(t.wh, { ...q, knownAt: mark })).toEqual(atMark);
  });
});
