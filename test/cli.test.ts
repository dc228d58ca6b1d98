/** The `xinyong` command as a user runs it: JSON summaries, failures reported, non-zero exit. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
      expect(failed).toMatchObject({ status: 'failed', message: 'missing.csv: file not found' });

      const bad = run('ingest', fixture('licences.csv'), '--source', 'nope', '--department', 'zd-xzsp');
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('unknown source type "nope"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
