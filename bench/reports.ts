/**
 * Report benchmark (issue 6): the time to publish the monthly bulletin — content from the marts,
 * the PDF printed by headless Chromium, the workbook, all stored — and the weekly sheet, on demo
 * warehouses of each scale (a copy, so the cached warehouse stays unpublished). Bar: seconds,
 * not minutes. The first print includes starting Chromium; it is reported apart. The PDFs are
 * kept in data/bench/ for review.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildServer } from '../api/server.ts';
import { openCurrent } from '../metrics/open.ts';
import { reportFile } from '../warehouse/repositories/reports.ts';
import { demoWarehouse } from './load.ts';

const BAR_SECONDS = 60;

export async function runReportsBench(opts: { dir: string; scales: number[] }): Promise<string[]> {
  if (!existsSync(new URL('../dashboard/build/handler.js', import.meta.url))) throw new Error('reports print the dashboard: run `npm run build` first');
  const summary: string[] = [];
  for (const scale of opts.scales) {
    const cached = await demoWarehouse(opts.dir, scale);
    const tmp = mkdtempSync(path.join(tmpdir(), 'xinyong-bench-reports-'));
    const file = path.join(tmp, 'wh.duckdb');
    copyFileSync(cached, file);
    const { wh, preset } = await openCurrent(file, 'zibo');
    const app = await buildServer({ wh, preset, dashboard: true });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const records = (await wh.all<{ n: number }>('SELECT coalesce(sum(records), 0)::BIGINT AS n FROM mart.record_fact'))[0]!.n;
      const by = { userId: null, username: 'bench', displayName: 'bench' };
      console.log(`\nreports: demo scale ${scale} (${Number(records).toLocaleString()} credit records)`);
      const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
        wh.changed(); // every answer computed afresh, as after a load
        const t = performance.now();
        const out = await work();
        return [out, (performance.now() - t) / 1000];
      };
      const [, startup] = await time(() => app.reports.previewFile('weekly', undefined, 'pdf'));
      const [, content] = await time(() => app.reports.build('bulletin'));
      const [bulletin, publish] = await time(() => app.reports.publish('bulletin', undefined, by));
      const [weekly, publishWeekly] = await time(() => app.reports.publish('weekly', undefined, by));
      for (const [r, name] of [[bulletin, 'bulletin'], [weekly, 'weekly']] as const) {
        writeFileSync(path.join(opts.dir, `${name}-scale-${scale}.pdf`), (await reportFile(wh, r.id, 'pdf'))!);
      }
      const line = (what: string, s: number) => `  ${what.padEnd(44)} ${s.toFixed(2).padStart(6)} s`;
      console.log(line('first print (starts Chromium), weekly preview', startup));
      console.log(line('bulletin content from the marts', content));
      console.log(`${line(`bulletin published (${bulletin.periodLabel}, PDF ${(bulletin.pdfBytes / 1024).toFixed(0)} KB)`, publish)}  bar ≤ ${BAR_SECONDS} s: ${publish <= BAR_SECONDS ? 'met' : 'NOT met'}`);
      console.log(line(`weekly sheet published (${weekly.periodLabel})`, publishWeekly));
      summary.push(`reports  scale ${String(scale).padStart(3)}  bulletin published in ${publish.toFixed(2)} s (content ${content.toFixed(2)} s; bar ≤ ${BAR_SECONDS} s: ${publish <= BAR_SECONDS ? 'met' : 'NOT met'}), weekly sheet ${publishWeekly.toFixed(2)} s`);
    } finally {
      await app.close();
      wh.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return summary;
}
