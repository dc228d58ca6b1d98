/**
 * Access control over the real server: every route × every role (allowed, forbidden, or scoped
 * to the user's own department or street), URL tampering, CSRF, sign-in rate limit, sessions
 * ended by sign-out, password change and disabling, and the audit trail of it all.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../api/routes/auth.ts';
import { MASK_HIDDEN } from '../api/auth/access.ts';
import { DEMO_PASSWORD, ensureDemoUsers } from '../api/auth/users.ts';
import { cookiesOf, signIn, signInAs, TEST_PASSWORD, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let as: Record<'leader' | 'office' | 'department' | 'street', Client>;
let ownBatch: number;
let otherBatch: number;

const OWN = 'zd-xzsp'; // the department user's department
const STREET = '370303001'; // 车站街道

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  ownBatch = (await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: OWN, reportedAt: '2025-03-14' })).batchId;
  otherBatch = (await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' })).batchId;
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  as = {
    leader: await signIn(base, t.wh, 'leader'),
    office: await signIn(base, t.wh, 'office'),
    department: await signIn(base, t.wh, 'department', { departmentId: OWN }),
    street: await signIn(base, t.wh, 'street', { streetCode: STREET }),
  };
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

type Role = keyof typeof as;
const ROLES: Role[] = ['leader', 'office', 'department', 'street'];
/** What each role gets: 'ok' (2xx), or the status of a refusal. */
type Outcome = 'ok' | 401 | 403;
const everyone = { leader: 'ok', office: 'ok', department: 'ok', street: 'ok' } as const;
const officeOnly = { leader: 403, office: 'ok', department: 403, street: 403 } as const;
const dataDesk = { leader: 403, office: 'ok', department: 'ok', street: 403 } as const;
/** Batch lists and uploads: a street office lists and sends its own (OWN is a department's batch, not the street's). */
const streetsToo = { leader: 403, office: 'ok', department: 'ok', street: 'ok' } as const;

/** One request per route, and what each role gets; the state-changing ones use harmless bodies. */
const MATRIX: { route: string; url: string; body?: unknown; expect: Record<Role, Outcome>; anonymous?: Outcome | 200 }[] = [
  { route: 'GET /api/health', url: '/api/health', expect: everyone, anonymous: 'ok' },
  { route: 'GET /api/auth/session', url: '/api/auth/session', expect: everyone, anonymous: 'ok' },
  { route: 'GET /api/meta', url: '/api/meta', expect: everyone },
  { route: 'GET /api/source-types', url: '/api/source-types', expect: everyone },
  { route: 'GET /api/indicators', url: '/api/indicators', expect: everyone },
  { route: 'GET /api/entities', url: '/api/entities', expect: everyone },
  // The city's scorecard: leaders and the office only; each user's own is checked below.
  { route: 'GET /api/scorecard', url: '/api/scorecard?entityType=city&entityId=370300&period=month&at=2025-03-15', expect: { leader: 'ok', office: 'ok', department: 403, street: 403 } },
  { route: 'GET /api/indicator-value', url: '/api/indicator-value?indicator=record-volume&entityType=city&entityId=370300&period=month&at=2025-03-15', expect: { leader: 'ok', office: 'ok', department: 403, street: 403 } },
  { route: 'GET /api/assessments', url: '/api/assessments', expect: everyone },
  { route: 'GET /api/assessment', url: '/api/assessment?scheme=department-monthly&at=2025-03-15', expect: { leader: 'ok', office: 'ok', department: 'ok', street: 403 } },
  { route: 'GET /api/assessment/records', url: `/api/assessment/records?scheme=department-monthly&entityId=${OWN}&indicator=task-on-time&at=2025-03-15`, expect: { leader: 403, office: 'ok', department: 'ok', street: 403 } },
  { route: 'GET /api/records', url: `/api/records?indicator=double-publicity-on-time&entityType=department&entityId=${OWN}&period=month&at=2025-03-15`, expect: { leader: 403, office: 'ok', department: 'ok', street: 403 } },
  { route: 'GET /api/rankings', url: '/api/rankings?indicator=enterprise-coverage&entityType=district&period=month&at=2025-03-15', expect: { leader: 'ok', office: 'ok', department: 'ok', street: 403 } },
  { route: 'GET /api/weekly', url: '/api/weekly?at=2025-03-14', expect: { leader: 'ok', office: 'ok', department: 403, street: 403 } },
  { route: 'GET /api/batches', url: '/api/batches', expect: streetsToo },
  { route: 'GET /api/batches/:id', url: '/api/batches/OWN', expect: dataDesk },
  { route: 'GET /api/batches/:id/quarantine', url: '/api/batches/OWN/quarantine', expect: dataDesk },
  { route: 'GET /api/batches/:id/quarantine.xlsx', url: '/api/batches/OWN/quarantine.xlsx', expect: dataDesk },
  { route: 'GET /api/data-desk/freshness', url: '/api/data-desk/freshness', expect: dataDesk },
  { route: 'GET /api/data-desk/weekly-rows', url: '/api/data-desk/weekly-rows', expect: dataDesk },
  { route: 'GET /api/users', url: '/api/users', expect: officeOnly },
  { route: 'GET /api/audit', url: '/api/audit', expect: officeOnly },
  { route: 'GET /api/plan', url: '/api/plan', expect: officeOnly },
  { route: 'GET /api/reports', url: '/api/reports', expect: everyone },
  { route: 'GET /api/reports/preview', url: '/api/reports/preview?kind=bulletin&at=2025-03-15', expect: officeOnly },
  { route: 'GET /api/reports/preview/:format', url: '/api/reports/preview/xlsx?kind=bulletin&at=2025-03-15', expect: officeOnly },
  // Unknown report: 404 for every role (a known one is scoped: test/reports.test.ts).
  { route: 'GET /api/reports/:id', url: '/api/reports/999999', expect: everyone },
  { route: 'GET /api/reports/:id/:format', url: '/api/reports/999999/pdf', expect: everyone },
  // The print page's data: by print token, no session.
  { route: 'GET /api/reports/print/:token', url: `/api/reports/print/${'ab'.repeat(24)}`, expect: everyone, anonymous: 'ok' },
  { route: 'GET /api/plan/edits', url: '/api/plan/edits', expect: officeOnly },
  { route: 'GET /api/lake', url: '/api/lake', expect: officeOnly },
  // Writes the lake beside the test's warehouse.
  { route: 'POST /api/lake', url: '/api/lake', expect: officeOnly },
  // State changes whose bodies fail validation after the role check: 400 means "allowed in".
  { route: 'POST /api/users', url: '/api/users', body: { username: 'x' }, expect: officeOnly },
  { route: 'PUT /api/users/:id', url: '/api/users/999999', body: {}, expect: officeOnly },
  { route: 'POST /api/users/:id/password', url: '/api/users/999999/password', body: {}, expect: officeOnly },
  { route: 'POST /api/plan/edits', url: '/api/plan/edits', body: { kind: 'targets' }, expect: officeOnly },
  { route: 'POST /api/reports', url: '/api/reports', body: { kind: 'nope' }, expect: officeOnly },
  { route: 'POST /api/auth/password', url: '/api/auth/password', body: {}, expect: everyone },
  { route: 'POST /api/uploads', url: '/api/uploads', body: {}, expect: streetsToo },
  { route: 'GET /api/zero-reports', url: '/api/zero-reports', expect: dataDesk },
  { route: 'POST /api/zero-reports', url: '/api/zero-reports', body: { duty: 'double-publicity' }, expect: dataDesk },
  { route: 'DELETE /api/zero-reports', url: '/api/zero-reports?duty=double-publicity', expect: dataDesk },
  // The task board: everyone reads (a department or street its own lines); who reports by form.
  { route: 'GET /api/tasks', url: '/api/tasks', expect: everyone },
  { route: 'GET /api/tasks.xlsx', url: '/api/tasks.xlsx', expect: everyone },
  { route: 'POST /api/tasks/progress', url: '/api/tasks/progress', body: { subtaskNo: 'x' }, expect: streetsToo },
];

describe('access control', () => {
  it('every API route declares its access, and the matrix below covers every one', () => {
    const api = app.routeAccess.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/*');
    expect(api.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const tested = new Set([...MATRIX.map((m) => m.route), 'POST /api/auth/login', 'POST /api/auth/logout']);
    expect(api.map((r) => `${r.method} ${r.url}`).filter((k) => !tested.has(k))).toEqual([]);
  });

  it('walks every route as every role and as nobody', async () => {
    const failures: string[] = [];
    for (const m of MATRIX) {
      const url = m.url.replace('OWN', String(ownBatch));
      const method = m.route.split(' ')[0]!;
      for (const role of ROLES) {
        const res = method === 'GET' ? await as[role].get(url) : await as[role].send(method, url, m.body);
        const wanted = m.expect[role];
        // A refused role gets exactly that status; an allowed one is past the check (2xx, or 400/404 on a deliberately bad body).
        const got = res.status === 401 || res.status === 403 ? res.status : 'ok';
        if (got !== wanted) failures.push(`${m.route} as ${role}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}, wanted ${wanted}`);
        if (wanted !== 'ok') expect(res.body.message, m.route).toMatch(/role|sees|may not/);
      }
      const anon = await fetch(base + url, { method, headers: m.body ? { 'content-type': 'application/json' } : {}, body: m.body ? JSON.stringify(m.body) : undefined });
      const wantedAnon = m.anonymous ?? 401;
      if ((anon.status === 401 ? 401 : 'ok') !== wantedAnon) failures.push(`${m.route} anonymous: ${anon.status}, wanted ${wantedAnon}`);
    }
    expect(failures).toEqual([]);
  });

  it('scopes a department user to its own department, whatever the URL says', async () => {
    const d = as.department;
    expect((await d.get(`/api/scorecard?entityType=department&entityId=${OWN}&period=month&at=2025-03-15`)).status).toBe(200);
    expect((await d.get('/api/scorecard?entityType=department&entityId=zd-fgj&period=month&at=2025-03-15')).status).toBe(403);
    expect((await d.get('/api/scorecard?entityType=district&entityId=370303&period=month&at=2025-03-15')).status).toBe(403);
    // Rankings of everyone, with scores; the counts behind a score only for itself.
    type Row = { entityId: string; rank: number | null; value: number | null; numerator: number | null; denominator: number | null };
    const url = '/api/rankings?indicator=double-publicity-on-time&entityType=department&period=month&at=2025-03-15';
    const ranking = (await d.get(url)).body.rows as Row[];
    const complete = (await as.office.get(url)).body.rows as Row[];
    expect(ranking.length).toBe(t.preset.departments.length);
    expect(ranking.map((r) => [r.entityId, r.rank, r.value])).toEqual(complete.map((r) => [r.entityId, r.rank, r.value]));
    expect(ranking.find((r) => r.entityId === OWN)).toEqual(complete.find((r) => r.entityId === OWN));
    expect(complete.find((r) => r.entityId === OWN)!.denominator).not.toBeNull();
    expect(complete.filter((r) => r.entityId !== OWN && r.denominator !== null).length).toBeGreaterThan(0);
    expect(ranking.filter((r) => r.entityId !== OWN && (r.numerator !== null || r.denominator !== null))).toEqual([]);
    // Batches and freshness: its own only; another department's batch and rejected rows are refused.
    const batches = await d.get('/api/batches');
    expect(batches.body.batches.map((b: { departmentId: string }) => b.departmentId)).toEqual([OWN]);
    const all = await as.office.get('/api/batches');
    expect(new Set(all.body.batches.map((b: { departmentId: string }) => b.departmentId))).toEqual(new Set([OWN, 'zd-fgj', 'zd-scjg']));
    // Filters: the office any department's or source type's; a department not another's.
    expect((await as.office.get('/api/batches?departmentId=zd-fgj')).body.batches.map((b: { departmentId: string }) => b.departmentId)).toEqual(['zd-fgj']);
    expect((await as.office.get('/api/batches?sourceType=licence')).body.batches.map((b: { sourceType: string }) => b.sourceType)).toEqual(['licence']);
    expect((await as.office.get('/api/batches?sourceType=nope')).status).toBe(400);
    expect((await d.get(`/api/batches?departmentId=${OWN}`)).body.batches.length).toBe(1);
    expect((await d.get('/api/batches?departmentId=zd-fgj')).status).toBe(403);
    for (const url of [`/api/batches/${otherBatch}`, `/api/batches/${otherBatch}/quarantine`, `/api/batches/${otherBatch}/quarantine.xlsx`]) {
      const res = await d.get(url);
      expect(res.status, url).toBe(403);
      expect(res.body.message).toContain('its own department');
    }
    // Its own rejected rows, with ID numbers hidden even in masked form (the office sees the mask).
    const mine = await d.get(`/api/batches/${ownBatch}/quarantine`);
    const masked = (await as.office.get(`/api/batches/${ownBatch}/quarantine`)).body.rows.flatMap((r: { values: Record<string, string> }) => Object.values(r.values)).filter((v: string | null) => v !== null && /\*{4,}/.test(v));
    expect(masked.length).toBeGreaterThan(0);
    const shown = mine.body.rows.flatMap((r: { values: Record<string, string> }) => Object.values(r.values));
    expect(shown.filter((v: string | null) => v !== null && /\*{4,}/.test(v))).toEqual([]);
    expect(shown).toContain(MASK_HIDDEN);
    const fresh = await d.get('/api/data-desk/freshness');
    expect(new Set(fresh.body.freshness.map((f: { departmentId: string }) => f.departmentId))).toEqual(new Set([OWN]));
    const weekly = await d.get('/api/data-desk/weekly-rows?weeks=104&at=2025-03-24');
    expect(new Set(weekly.body.rows.map((f: { departmentId: string }) => f.departmentId))).toEqual(new Set([OWN]));
    // Every department's score and rank; the rules' detail (points, values, violations) of its own only.
    const scores = (await d.get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body.rows as { entityId: string; score: number | null; withheld: boolean; rules: { points: number | null; value: number | null; violations: number | null }[] }[];
    const full = (await as.office.get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body.rows as typeof scores;
    expect(scores.map((r) => [r.entityId, r.score])).toEqual(full.map((r) => [r.entityId, r.score]));
    expect(scores.find((r) => r.entityId === OWN)).toEqual({ ...full.find((r) => r.entityId === OWN), withheld: false });
    const others = scores.filter((r) => r.entityId !== OWN);
    expect(others.every((r) => r.withheld && r.rules.every((x) => x.points === null && x.value === null && x.violations === null))).toBe(true);
    expect(full.some((r) => r.entityId !== OWN && r.rules.some((x) => x.points !== null))).toBe(true);
    // The records behind another department's deduction are refused; its own are listed.
    expect((await d.get('/api/assessment/records?scheme=department-monthly&entityId=zd-dsj&indicator=task-on-time&at=2025-03-15')).status).toBe(403);
    expect((await as.office.get('/api/assessment/records?scheme=department-monthly&entityId=zd-dsj&indicator=task-on-time&at=2025-03-15')).body.records).toHaveLength(1);
  });

  it('scopes a street user to its own street and the street rankings', async () => {
    const s = as.street;
    expect((await s.get(`/api/scorecard?entityType=street&entityId=${STREET}&period=month&at=2025-03-15`)).status).toBe(200);
    expect((await s.get('/api/scorecard?entityType=street&entityId=370303002&period=month&at=2025-03-15')).status).toBe(403);
    const url = '/api/rankings?indicator=enterprise-coverage&entityType=street&period=month&at=2025-03-15';
    type Row = { entityId: string; value: number | null; numerator: number | null; denominator: number | null };
    const streets = (await s.get(url)).body.rows as Row[];
    const complete = (await as.office.get(url)).body.rows as Row[];
    expect(streets.map((r) => [r.entityId, r.value])).toEqual(complete.map((r) => [r.entityId, r.value]));
    expect(streets.find((r) => r.entityId === STREET)).toEqual(complete.find((r) => r.entityId === STREET));
    expect(complete.filter((r) => r.entityId !== STREET && r.denominator !== null).length).toBeGreaterThan(0);
    expect(streets.filter((r) => r.entityId !== STREET && (r.numerator !== null || r.denominator !== null))).toEqual([]);
    expect((await s.get('/api/rankings?indicator=enterprise-coverage&entityType=department&period=month&at=2025-03-15')).status).toBe(403);
  });

  it('refuses a state change without the session\'s CSRF token, or with another session\'s', async () => {
    const o = as.office;
    const body = { username: 'csrf-probe', displayName: '探针', role: 'leader', password: 'probe-password-1' };
    expect((await o.send('POST', '/api/users', body, { csrf: false })).status).toBe(403);
    const other = await signIn(base, t.wh, 'office');
    const stolen = await fetch(`${base}/api/users`, { method: 'POST', headers: { cookie: o.cookie, 'x-csrf-token': other.csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(stolen.status).toBe(403);
    expect((await o.send('POST', '/api/users', body)).status).toBe(201);
  });

  it('rate-limits sign-in attempts per address and username, with a clear message', async () => {
    const attempt = () => fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody-here', password: 'guess-1234567' }) });
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_ATTEMPTS_PER_MINUTE; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([...Array(LOGIN_ATTEMPTS_PER_MINUTE).fill(401), 429]);
    const res = await attempt();
    expect(await res.json()).toMatchObject({ error: 'too_many_requests', message: expect.stringContaining('too many sign-in attempts') });
    // Another username from the same address is not locked out by it.
    expect((await signIn(base, t.wh, 'leader')).csrfToken).toBeTruthy();
  });

  it('ends sessions on sign-out, on a password change and when the office disables a user', async () => {
    const u = await signIn(base, t.wh, 'leader');
    const second = await signInAs(base, u.username);
    // A weak new password is refused with the rule; the wrong current one too.
    expect((await u.send('POST', '/api/auth/password', { current: TEST_PASSWORD, next: 'short' })).body.message).toMatch(/at least 10/);
    expect((await u.send('POST', '/api/auth/password', { current: 'wrong-password-1', next: 'a-new-password-2' })).body.message).toBe('the current password is wrong');
    expect((await u.send('POST', '/api/auth/password', { current: TEST_PASSWORD, next: 'a-new-password-2' })).status).toBe(200);
    expect((await second.get('/api/meta')).status).toBe(401); // the other session ended
    expect((await u.get('/api/meta')).status).toBe(200); // this one goes on
    expect((await u.send('POST', '/api/auth/logout')).status).toBe(200);
    expect((await u.get('/api/meta')).status).toBe(401);
    const again = await signInAs(base, u.username, 'a-new-password-2');
    const users = (await as.office.get('/api/users')).body.users as { id: number; username: string; displayName: string; role: string }[];
    const me = users.find((x) => x.username === u.username)!;
    const put = await as.office.send('PUT', `/api/users/${me.id}`, { displayName: me.displayName, role: 'leader', departmentId: null, streetCode: null, disabled: true });
    expect(put.status).toBe(200);
    expect((await again.get('/api/meta')).status).toBe(401);
    const refused = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.username, password: 'a-new-password-2' }) });
    expect(await refused.json()).toMatchObject({ error: 'account_disabled', message: 'this account is disabled; ask the credit office' });
  });

  it('checks a user\'s binding against the preset and refuses taken usernames', async () => {
    const o = as.office;
    const bad = await o.send('POST', '/api/users', { username: 'dept-x', displayName: 'X', role: 'department', departmentId: 'zd-nosuch', password: 'good-password-1' });
    expect(bad).toMatchObject({ status: 400, body: { message: expect.stringContaining('"zd-nosuch" is not one') } });
    const mixed = await o.send('POST', '/api/users', { username: 'lead-x', displayName: 'X', role: 'leader', streetCode: STREET, password: 'good-password-1' });
    expect(mixed.body.message).toBe('only a street user has a streetCode');
    expect((await o.send('POST', '/api/users', { username: as.leader.username, displayName: 'X', role: 'leader', password: 'good-password-1' })).status).toBe(409);
  });

  it('keeps an audit trail of sign-ins, failures and user changes', async () => {
    const log = (await as.office.get('/api/audit?limit=1000')).body.entries as { action: string; username: string; detail: any }[];
    const actions = new Set(log.map((e) => e.action));
    for (const a of ['login', 'login-failed', 'logout', 'password-change', 'user-create', 'user-update']) expect(actions, a).toContain(a);
    const update = log.find((e) => e.action === 'user-update')!;
    expect(update.detail).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    expect(JSON.stringify(log)).not.toMatch(/password_hash|\$argon2/);
  });

  it('gives the demo one user per role, bound to the plan district\'s market regulator and first street', async () => {
    const created = await ensureDemoUsers(t.wh, t.preset);
    expect(created.map((u) => [u.username, u.role, u.departmentId ?? u.streetCode])).toEqual([
      ['office', 'office', null], ['leader', 'leader', null], ['department', 'department', 'zd-scjg'], ['street', 'street', STREET],
    ]);
    expect(await ensureDemoUsers(t.wh, t.preset)).toEqual([]);
    const me = await signInAs(base, 'department', DEMO_PASSWORD);
    expect((await me.get('/api/scorecard?entityType=department&entityId=zd-scjg&period=month&at=2025-03-15')).status).toBe(200);
  });

  it('sets the session cookie http-only and SameSite=Strict, and security headers', async () => {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: as.office.username, password: TEST_PASSWORD }) });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('xy_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(cookiesOf(res)).toContain('xy_csrf=');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
