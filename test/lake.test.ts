/**
 * The Parquet lake (DESIGN §11): exported from a real warehouse, read back by DuckDB's own Parquet
 * reader as another engine would, through the API and the CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { lakeRecordTables } from '../pipelines/sources/index.ts';
import { exportLake, LakeError, readLakeManifest, type LakeManifest } from '../warehouse/lake.ts';
import { signIn } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'xinyong.js');

describe('the Parquet lake', () => {
  let t: Awaited<ReturnType<typeof tempWarehouse>>;
  let lake: string;
  let m: LakeManifest;
  const scan = (where: string) => (where.endsWith('.parquet')
    ? `read_parquet('${path.join(lake, where)}')`
    : `read_parquet('${path.join(lake, where)}/**/*.parquet', hive_partitioning = true)`);

  beforeAll(async () => {
    t = await tempWarehouse();
    lake = path.join(t.dir, 'lake');
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    // A correction: the record's earlier version stays as history.
    const text = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const corrected = path.join(t.dir, 'correction.csv');
    writeFileSync(corrected, [text[1], text[3]!.replace('食品经营许可,2025/3/10', '食品经营许可（变更）,2025/3/10')].join('\n'));
    await t.ingest(corrected, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-17' });
    m = await exportLake(t.wh, lake, lakeRecordTables(), { preset: 'zibo' });
  }, 120_000);
  afterAll(() => t.dispose());

  it('holds every table with the warehouse\'s rows, records partitioned by source, year and month of their day', async () => {
    expect(m).toMatchObject({ format: 'xinyong-lake/1', preset: 'zibo', lastBatch: { id: 3 } });
    expect(readLakeManifest(lake)).toEqual(m);
    for (const table of m.tables) {
      const [n] = await t.wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table.table}`);
      expect({ path: table.path, rows: table.rows }).toEqual({ path: table.path, rows: n!.n });
      if (table.rows === 0) continue;
      const [read] = await t.wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${scan(table.path)}`);
      expect({ path: table.path, rows: read!.n }).toEqual({ path: table.path, rows: table.rows });
    }
    expect(m.tables.map((x) => x.path)).toEqual(expect.arrayContaining([
      'records/licence', 'records/penalty', 'records/subject-legal', 'reference/area.parquet', 'reference/department.parquet',
      'marts/indicator_value.parquet', 'meta/batch.parquet',
    ]));
    expect(m.tables.map((x) => x.table)).not.toContain('mart.refresh_state');
    expect(m.tables.filter((x) => x.path.startsWith('records/')).length).toBe(lakeRecordTables().length);

    // Licences by the month of their decision; both versions of the corrected one, as the warehouse has them.
    expect(readdirSync(path.join(lake, 'records/licence'))).toEqual(['year=2025']);
    expect(readdirSync(path.join(lake, 'records/licence/year=2025'))).toEqual(['month=3']);
    const misplaced = await t.wh.all(`SELECT * FROM ${scan('records/licence')} WHERE year <> year(decision_date) OR month <> month(decision_date)`);
    expect(misplaced).toEqual([]);
    const versions = await t.wh.all<{ content: string; current: boolean }>(
      `SELECT content, superseded_at IS NULL AS current FROM ${scan('records/licence')} WHERE doc_no = '张审批〔2025〕2号' ORDER BY loaded_at`);
    expect(versions).toEqual([{ content: '食品经营许可', current: false }, { content: '食品经营许可（变更）', current: true }]);
    // Registries have no day of their own: the day they were loaded.
    const [sub] = await t.wh.all<{ y: number; m: number }>(`SELECT min(year) AS y, min(month) AS m FROM ${scan('records/subject-legal')}`);
    const [loaded] = await t.wh.all<{ y: number; m: number }>('SELECT year(min(loaded_at))::INTEGER AS y, month(min(loaded_at))::INTEGER AS m FROM core.subject');
    expect(sub).toEqual(loaded);
  });

  it('keeps content hashes whole and no ID number in clear or masked', async () => {
    const lost = await t.wh.all(`SELECT c.batch_id, c.row_no FROM core.licence c
      LEFT JOIN ${scan('records/licence')} l ON l.batch_id = c.batch_id AND l.row_no = c.row_no AND l.content_hash = lpad(lower(hex(c.content_hash)), 32, '0')
      WHERE l.row_no IS NULL`);
    expect(lost).toEqual([]);
    const [shape] = await t.wh.all<{ n: number; hex: boolean }>(`SELECT count(DISTINCT content_hash)::INTEGER AS n, bool_and(regexp_full_match(content_hash, '[0-9a-f]{32}')) AS hex FROM ${scan('records/licence')}`);
    expect(shape).toEqual({ n: m.tables.find((x) => x.path === 'records/licence')!.rows, hex: true });
    // A person's licence (fixture row 14; row 15's number fails its check digit): only its keyed hash is in the lake.
    const [ids] = await t.wh.all<{ n: number }>(`SELECT count(subject_id_hash)::INTEGER AS n FROM ${scan('records/licence')}`);
    expect(ids!.n).toBe(1);
    for (const table of m.tables.filter((x) => x.rows > 0)) {
      expect(table.columns.filter((c) => c.name.endsWith('_masked'))).toEqual([]);
      const [leak] = await t.wh.all<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM ${scan(table.path)} x WHERE contains(x::VARCHAR, '370303198001010012') OR contains(x::VARCHAR, '********')`);
      expect({ path: table.path, leaks: leak!.n }).toEqual({ path: table.path, leaks: 0 });
    }
  });

  it('replaces the previous lake only when the new one is complete, and refuses a folder of other files', async () => {
    const before = readFileSync(path.join(lake, 'manifest.json'), 'utf8');
    // A table the warehouse lacks fails the export half-way: the lake in place is untouched.
    await expect(exportLake(t.wh, lake, [...lakeRecordTables(), { name: 'nope', table: 'core.nope', dateColumn: null }])).rejects.toThrow('the warehouse has no table core.nope');
    expect(readFileSync(path.join(lake, 'manifest.json'), 'utf8')).toBe(before);
    expect(readdirSync(t.dir).filter((f) => f.startsWith('lake.'))).toEqual([]);

    await t.ingest(fixture('graded.csv'), { sourceType: 'graded-supervision', departmentId: 'zd-scjg', reportedAt: '2025-03-20' });
    const again = await exportLake(t.wh, lake, lakeRecordTables());
    expect(again.lastBatch!.id).toBe(4);
    expect(again.tables.find((x) => x.path === 'records/graded-supervision')!.rows).toBeGreaterThan(0);
    expect(readdirSync(t.dir).filter((f) => f.startsWith('lake.'))).toEqual([]);

    const other = path.join(t.dir, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.txt'), 'keep me');
    await expect(exportLake(t.wh, other, lakeRecordTables())).rejects.toThrow(LakeError);
    await expect(exportLake(t.wh, other, lakeRecordTables())).rejects.toThrow(/holds other files, not a lake written by Xinyong/);
    expect(readdirSync(other)).toEqual(['notes.txt']);
  });

  describe('through the API and the CLI', () => {
    let app: FastifyInstance;
    let base: string;
    const apiLake = () => path.join(t.dir, 'api-lake');

    beforeAll(async () => {
      app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false, lakeDir: apiLake() });
      base = await app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => app.close());

    it('the office exports it into the server\'s lake folder (audited); other roles may not', async () => {
      const office = await signIn(base, t.wh, 'office');
      expect(await office.get('/api/lake')).toEqual({ status: 200, body: { dir: apiLake(), exported: null } });
      const res = await office.send('POST', '/api/lake');
      expect(res.status).toBe(200);
      const manifest = readLakeManifest(apiLake())!;
      const records = manifest.tables.filter((x) => x.path.startsWith('records/')).reduce((n, x) => n + x.rows, 0);
      expect(res.body).toEqual({ dir: apiLake(), exported: { at: manifest.exportedAt, lastBatch: manifest.lastBatch, tables: manifest.tables.length, records } });
      expect((await office.get('/api/lake')).body).toEqual(res.body);
      const [audit] = await t.wh.all<{ action: string; target: string; rows: number }>(
        `SELECT action, target, (detail->>'rows')::INTEGER AS rows FROM meta.audit_log WHERE action = 'lake-export' ORDER BY id DESC LIMIT 1`);
      expect(audit).toEqual({ action: 'lake-export', target: apiLake(), rows: manifest.tables.reduce((n, x) => n + x.rows, 0) });

      for (const role of ['leader', 'department'] as const) {
        const other = await signIn(base, t.wh, role, role === 'department' ? { departmentId: 'zd-scjg' } : {});
        expect((await other.send('POST', '/api/lake')).status).toBe(403);
        expect((await other.get('/api/lake')).status).toBe(403);
      }
      expect((await office.send('POST', '/api/lake', undefined, { csrf: false })).status).toBe(403);
    });

    it('the CLI exports a warehouse no server holds, and says how to export one that a server holds', () => {
      const run = (...args: string[]) => spawnSync(process.execPath, [BIN, '--db', t.file, ...args], { encoding: 'utf8', env: { ...process.env, XINYONG_ID_KEY: 'cli-test-key-0123456789' } });
      // This process holds the warehouse, as a running server does.
      const held = run('lake', path.join(t.dir, 'cli-lake'));
      expect(held.status).toBe(2);
      expect(held.stderr).toMatch(/is in use by another process .*while the server runs, the office exports the lake from the data desk \(POST \/api\/lake\)/);
      expect(existsSync(path.join(t.dir, 'cli-lake'))).toBe(false);
    });
  });

  it('the CLI writes the lake of a warehouse and prints its manifest', () => {
    t.wh.close();
    const out = path.join(t.dir, 'cli-lake');
    const res = spawnSync(process.execPath, [BIN, '--db', t.file, 'lake', out, '--json'], { encoding: 'utf8', env: { ...process.env, XINYONG_ID_KEY: 'cli-test-key-0123456789' } });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const printed = JSON.parse(res.stdout) as LakeManifest;
    expect(printed).toEqual(readLakeManifest(out));
    expect(printed).toMatchObject({ preset: 'zibo', lastBatch: { id: 4 } });
    expect(printed.tables.find((x) => x.path === 'records/licence')!.rows).toBe(m.tables.find((x) => x.path === 'records/licence')!.rows);
  });
});
