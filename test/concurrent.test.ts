/**
 * Loading while serving: while a large batch loads, the API keeps answering and every answer
 * shows the warehouse before the batch or after it, never part of it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { signIn } from './helpers/session.ts';
import { fixture, tempWarehouse, writeLicenceCsv } from './helpers/warehouse.ts';


describe('loading while serving', () => {
  it('readers see the warehouse before or after a batch, never in between', async () => {
    const t = await tempWarehouse();
    const app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const leader = await signIn(base, t.wh, 'leader');
    try {
      await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
      await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
      const big = path.join(t.dir, 'big.csv');
      await writeLicenceCsv(big, 200_000, 'MB');
      const volume = async () => {
        const res = await fetch(`${base}/api/scorecard?entityType=city&entityId=370300&period=month&at=2025-03-20`, { headers: { cookie: leader.cookie } });
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
