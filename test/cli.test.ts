/** The `xinyong` command as a user runs it: JSON summaries, failures reported, non-zero exit. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers/warehouse.ts';

const BIN = path.join(import.meta.dirname, '..', 'bin', 'xinyong.js');

describe('xinyong ingest', () => {
  it('loads what it can, reports unreadable files with a reason and exits non-zero', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xinyong-cli-'));
    try {
      const env = { ...process.env, XINYONG_DB: path.join(dir, 'wh.duckdb'), XINYONG_ID_KEY: 'cli-test-key-0123456789' };
      const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
      const ok = run('ingest', fixture('subjects.csv'), '--source', 'subject-legal', '--department', 'zd-scjg', '--reported-at', '2025-03-01', '--json');
      expect(ok.status).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject([{ status: 'loaded', rowsRead: 8, rowsLoaded: 6, rowsQuarantined: 2 }]);

      const mixed = run('ingest', fixture('licences.csv'), path.join(dir, 'missing.csv'), '--source', 'licence', '--department', 'zd-xzsp', '--reported-at', '2025-03-14', '--json');
      expect(mixed.status).toBe(1);
      const [loaded, failed] = JSON.parse(mixed.stdout) as { status: string; message: string | null; rowsLoaded: number }[];
      expect(loaded).toMatchObject({ status: 'loaded', rowsLoaded: 6 });
      expect(failed).toMatchObject({ status: 'failed', message: 'missing.csv: file not found', batchId: null });

      // An impossible or future submission day is refused before anything loads, with the reason.
      for (const [day, why] of [['2025-02-30', 'expected a calendar day YYYY-MM-DD, got "2025-02-30"'], ['2099-01-01', '2099-01-01 is after today']] as const) {
        const refused = run('ingest', fixture('licences.csv'), '--source', 'licence', '--department', 'zd-xzsp', '--reported-at', day);
        expect(refused.status).not.toBe(0);
        expect(refused.stderr).toContain(why);
      }

      // The table view names what a loaded file had that was not read.
      const extra = path.join(dir, 'subjects-extra.csv');
      writeFileSync(extra, readFileSync(fixture('subjects.csv'), 'utf8').split('\n').map((l, i) => (l === '' ? l : `${l},${i === 0 ? '联系电话' : '0533-1234567'}`)).join('\n'));
      const table = run('ingest', extra, '--source', 'subject-legal', '--department', 'zd-scjg', '--reported-at', '2025-03-02');
      expect(table.status).toBe(0);
      expect(table.stdout).toContain('ℹ subjects-extra.csv: ignored columns: 联系电话');
      // Without a terminal, the progress line counts the failed files too.
      const twice = run('ingest', extra, path.join(dir, 'missing.csv'), '--source', 'subject-legal', '--department', 'zd-scjg', '--reported-at', '2025-03-02');
      expect(twice.stderr).toContain('processed 2/2 files, 1 failed');

      const bad = run('ingest', fixture('licences.csv'), '--source', 'nope', '--department', 'zd-xzsp');
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('unknown source type "nope"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('xinyong user', () => {
  it('creates the first office user from piped input, refuses a weak password or a bad binding, and lists users', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xinyong-cli-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, XINYONG_DB: path.join(dir, 'wh.duckdb'), XINYONG_ID_KEY: 'cli-test-key-0123456789' };
      delete env.XINYONG_NEW_PASSWORD;
      const run = (input: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input });
      const ok = run('first-office-pass-1\n', 'user', 'add', 'chief', '--role', 'office', '--name', '信用办');
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toContain('created office user "chief"');
      const weak = run('short\n', 'user', 'add', 'weakling', '--role', 'leader');
      expect(weak.status).toBe(2);
      expect(weak.stderr).toContain('password must be at least 10 characters');
      const unbound = run('good-password-1\n', 'user', 'add', 'dept', '--role', 'department', '--department', 'zd-nosuch');
      expect(unbound.status).toBe(2);
      expect(unbound.stderr).toContain('"zd-nosuch" is not one');
      expect(run('', 'user', 'list').stdout).toMatch(/chief.*信用办.*office/);
      // Departments with what each owes.
      const departments = run('', 'departments').stdout.replace(/\x1b\[[0-9;]*m/g, '');
      expect(departments).toMatch(/zd-scjg.*淄博市张店区市场监督管理局.*370303.*double-publicity, base-list/);
      expect(departments).toMatch(/zd-dsj.*淄博市张店区大数据中心.*370303\s*│\s*│/);
      // The new user signs in through the real server.
      const { openCurrent } = await import('../metrics/open.ts');
      const { buildServer } = await import('../api/server.ts');
      const { wh, preset } = await openCurrent(env.XINYONG_DB!, 'zibo');
      const app = await buildServer({ wh, preset, dashboard: false });
      try {
        const base = await app.listen({ port: 0, host: '127.0.0.1' });
        const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'chief', password: 'first-office-pass-1' }) });
        expect(await res.json()).toMatchObject({ user: { username: 'chief', role: 'office', displayName: '信用办' } });
      } finally {
        await app.close();
        wh.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('xinyong serve', () => {
  it('serves the API on the warehouse, reads the values into memory, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xinyong-cli-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env, XINYONG_DB: path.join(dir, 'wh.duckdb'), XINYONG_ID_KEY: 'cli-test-key-0123456789', PORT: '0', XINYONG_INBOX_INTERVAL: '0',
    };
    try {
      const load = spawnSync(process.execPath, [BIN, 'ingest', fixture('subjects.csv'), '--source', 'subject-legal', '--department', 'zd-scjg', '--reported-at', '2025-03-01', '--json'], { env, encoding: 'utf8' });
      expect(load.status).toBe(0);
      const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = out.match(/serving (http:\/\/\S+)/);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`xinyong serve exited with ${code}: ${out}`)));
      });
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
      // The in-memory values are read a second after start; a failure there would be printed.
      await new Promise((r) => setTimeout(r, 2_500));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).not.toMatch(/reading the values into memory|Error/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
