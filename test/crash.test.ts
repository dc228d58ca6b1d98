/**
 * A load killed with SIGKILL mid-way leaves the warehouse as before, and a rerun completes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, snapshot, tempWarehouse, writeLicenceCsv } from './helpers/warehouse.ts';

const CHILD = path.join(import.meta.dirname, 'helpers', 'ingest-child.ts');

function runChild(db: string, file: string, killAt?: string): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAt && out.includes(`PHASE ${killAt}`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

describe('crash safety', () => {
  it('SIGKILL during a load leaves the warehouse as before; a rerun completes', async () => {
    const t = await tempWarehouse();
    try {
      await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
      const big = path.join(t.dir, 'big.csv');
      await writeLicenceCsv(big, 300_000);
      const before = await snapshot(t.wh);
      t.wh.close();

      const killed = await runChild(t.file, big, 'refresh');
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.out).toContain('PHASE load');
      expect(killed.out).not.toContain('DONE');

      const reopened = await tempWarehouseAt(t.file);
      expect(await snapshot(reopened.wh)).toEqual(before);
      reopened.wh.close();

      const rerun = await runChild(t.file, big);
      expect(rerun.out).toContain('DONE 300000');
      const after = await tempWarehouseAt(t.file);
      const [n] = await after.wh.all<{ n: number }>('SELECT count(*) AS n FROM core.licence');
      expect(n!.n).toBe(300_000);
      after.wh.close();
    } finally {
      t.dispose();
    }
  });
});

async function tempWarehouseAt(file: string) {
  const { openReady } = await import('../warehouse/bootstrap.ts');
  return openReady(file, 'zibo');
}
