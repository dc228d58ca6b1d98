/**
 * A load killed with SIGKILL mid-way leaves the warehouse as before, and a rerun completes.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usccCheckChar } from '../lib/uscc.ts';
import { fixture, snapshot, tempWarehouse } from './helpers/warehouse.ts';

const CHILD = path.join(import.meta.dirname, 'helpers', 'ingest-child.ts');

async function writeLicences(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('行政相对人名称,行政相对人类别,统一社会信用代码,行政许可决定文书名称,行政许可决定文书号,许可类别,许可内容,许可决定日期,许可机关,许可机关统一社会信用代码,数据来源单位,数据来源单位统一社会信用代码\n');
  for (let i = 0; i < rows; i++) {
    const first17 = `91370303MA${String(i).padStart(7, '0')}`;
    const line = `企业${i},法人及非法人组织,${first17}${usccCheckChar(first17)},许可决定书,张审批〔2025〕${i}号,普通,食品经营许可,2025-03-${String(1 + (i % 12)).padStart(2, '0')},淄博市张店区行政审批服务局,11370303990303253P,淄博市张店区行政审批服务局,11370303990303253P\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

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
      await writeLicences(big, 300_000);
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
