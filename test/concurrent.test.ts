/**
 * Loading while serving: while a large batch loads, the API keeps answering and every answer
 * shows the warehouse before the batch or after it, never part of it.
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { usccCheckChar } from '../lib/uscc.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

async function writeLicences(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('行政相对人名称,行政相对人类别,统一社会信用代码,行政许可决定文书名称,行政许可决定文书号,许可类别,许可内容,许可决定日期,许可机关,许可机关统一社会信用代码,数据来源单位,数据来源单位统一社会信用代码\n');
  for (let i = 0; i < rows; i++) {
    const first17 = `91370303MB${String(i).padStart(7, '0')}`;
    const line = `企业${i},法人及非法人组织,${first17}${usccCheckChar(first17)},许可决定书,张审批〔2025〕B${i}号,普通,食品经营许可,2025-03-1${i % 4},淄博市张店区行政审批服务局,11370303990303253P,淄博市张店区行政审批服务局,11370303990303253P\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

describe('loading while serving', () => {
  it('readers see the warehouse before or after a batch, never in between', async () => {
    const t = await tempWarehouse();
    const app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
      await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
      const big = path.join(t.dir, 'big.csv');
      await writeLicences(big, 200_000);
      const volume = async () => {
        const res = await fetch(`${base}/api/scorecard?entityType=city&entityId=370300&period=month&at=2025-03-20`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { indicators: { id: string; value: number }[] };
        return body.indicators.find((i) => i.id === 'record-volume')!.value;
      };
      const before = await volume();
      let done = false;
      const load = t.ingest(big, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' }).finally(() => {
        done = true;
      });
      const seen: number[] = [];
      while (!done) {
        seen.push(await volume());
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await load).rowsLoaded).toBe(200_000);
      const after = await volume();
      expect(after).toBe(before + 200_000);
      expect(seen.length).toBeGreaterThan(3);
      for (const v of seen) expect([before, after]).toContain(v);
    } finally {
      await app.close();
      t.dispose();
    }
  });
});
