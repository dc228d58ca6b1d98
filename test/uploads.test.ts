/**
 * Uploads over the real server: a department user sends its file, it loads as one batch with
 * its marts, the rejected rows are its to download, and a file for another department, a file
 * nobody can read or no file at all is refused with the reason. Every upload is audited.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let dept: Client;
let office: Client;

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  dept = await signIn(base, t.wh, 'department', { departmentId: 'zd-xzsp' });
  office = await signIn(base, t.wh, 'office');
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

async function upload(as: Client, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}, csrf = true) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  const headers: Record<string, string> = { cookie: as.cookie };
  if (csrf) headers['x-csrf-token'] = as.csrfToken;
  const res = await fetch(`${base}/api/uploads`, { method: 'POST', headers, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const licences = () => ({ name: '行政许可（3月第2周）.csv', bytes: readFileSync(fixture('licences.csv')) });

describe('uploads', () => {
  it('loads a department\'s file as its batch, source type detected, marts refreshed', async () => {
    const res = await upload(dept, licences(), { reportedAt: '2025-03-14' });
    expect(res.status).toBe(201);
    // The same counts as loading the file from the CLI (test/cli.test.ts): 6 loaded.
    expect(res.body.summary).toMatchObject({ status: 'loaded', sourceType: 'licence', departmentId: 'zd-xzsp', file: '行政许可（3月第2周）.csv', rowsLoaded: 6 });
    expect(res.body.summary.rowsRead).toBe(res.body.summary.rowsLoaded + res.body.summary.rowsQuarantined + res.body.summary.rowsDuplicate);
    const rejected = await dept.get(res.body.quarantine);
    expect(rejected.status).toBe(200);
    expect(rejected.body.rows).toHaveLength(res.body.summary.rowsQuarantined);
    const card = await dept.get('/api/scorecard?entityType=department&entityId=zd-xzsp&period=month&at=2025-03-15');
    expect(card.body.indicators.find((i: { id: string }) => i.id === 'double-publicity-on-time').denominator).toBeGreaterThan(0);
    const audit = (await office.get('/api/audit?action=upload')).body.entries;
    expect(audit[0]).toMatchObject({ username: dept.username, target: `batch:${res.body.summary.batchId}`, detail: { rowsLoaded: 6 } });
  });

  it('refuses a file for another department, a missing file, an unknown type and an unreadable file, each with the reason', async () => {
    const other = await upload(dept, licences(), { departmentId: 'zd-fgj' });
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('its own department');
    expect((await upload(dept, null, { reportedAt: '2025-03-14' })).body.message).toContain('no file in the upload');
    expect((await upload(dept, licences(), { sourceType: 'nope' })).body.message).toContain('unknown source type "nope"');
    const junk = await upload(dept, { name: 'notes.csv', bytes: Buffer.from('just,some\nwords,here\n') });
    expect(junk.status).toBe(400);
    expect(junk.body.message).toMatch(/header|source type/);
    expect((await upload(dept, licences(), {}, false)).status).toBe(403); // no CSRF token
  });

  it('lets the office upload for any department, and asks which', async () => {
    expect((await upload(office, licences())).body.message).toContain('which department');
    const res = await upload(office, licences(), { departmentId: 'zd-scjg', sourceType: 'licence', reportedAt: '2025-03-14' });
    expect(res.status).toBe(201);
    // The same records again: the 6 already loaded and the file's own repeated row (2号 twice)
    // are duplicates; nothing changes.
    expect(res.body.summary).toMatchObject({ departmentId: 'zd-scjg', rowsLoaded: 0, rowsDuplicate: 7 });
  });
});
