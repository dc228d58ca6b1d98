/**
 * Load benchmark (issue 5): the scorecard and ranking endpoints under `connections` concurrent
 * clients (autocannon) on demo warehouses of each `scale`, signed in as a leader, against the
 * server's own trivial health endpoint in the same run. Reports p50 / p95 / p99 and the ratio
 * of each p95 to health's.
 *
 * - scorecard, ranking (first asks): every request a question not asked before in this data
 *   version (entity × grain × period, or indicator × entity type × grain × period), so none is
 *   answered from the per-version cache;
 * - scorecard (repeated): the latest period of each district and grain, over and over — what a
 *   room of people reading the same dashboards asks.
 * Both after the server has read the values mart into memory, as it does at start and after each
 * load (the time it takes is printed; questions in that window are answered by SQL).
 * Warehouses are generated once (`xinyong demo --scale N`) into data/bench/demo-<N>.duckdb.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildServer } from '../api/server.ts';
import { hashPassword } from '../api/auth/passwords.ts';
import { CHROMIUM_LAUNCH } from '../lib/chromium.ts';
import { openCurrent } from '../metrics/open.ts';
import { createUser, findLogin } from '../warehouse/repositories/accounts.ts';

const BENCH_PASSWORD = 'bench-password-2026';
const TODAY = '2026-10-31';

interface Quantiles { p50: number; p95: number; p99: number; requests: number; errors: number }

function quantiles(ms: number[], errors: number): Quantiles {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), requests: s.length, errors };
}

/** Deterministic shuffle (the same order every run). */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 20211;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function demoWarehouse(dir: string, scale: number): Promise<string> {
  const db = path.join(dir, `demo-${scale}.duckdb`);
  if (existsSync(db)) return db;
  console.log(`  generating and loading the demo at scale ${scale} (once; cached in ${db})…`);
  const t = performance.now();
  const res = spawnSync(process.execPath, ['bin/xinyong.js', 'demo', '--scale', String(scale), '--today', TODAY, '--out', path.join(dir, `demo-${scale}-files`), '--json'], {
    env: { ...process.env, XINYONG_DB: db, XINYONG_ID_KEY: 'bench-key-0123456789abcdef' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`demo at scale ${scale} failed (exit ${res.status})`);
  console.log(`  demo at scale ${scale} loaded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return db;
}

export async function runLoadBench(opts: { dir: string; scales: number[]; connections: number; duration: number }): Promise<string[]> {
  const summary: string[] = [];
  for (const scale of opts.scales) {
    const file = await demoWarehouse(opts.dir, scale);
    const { wh, preset } = await openCurrent(file, 'zibo');
    const app = await buildServer({ wh, preset, dashboard: existsSync(new URL('../dashboard/build/handler.js', import.meta.url)) });
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      if (!(await findLogin(wh, 'bench-leader'))) {
        await createUser(wh, { username: 'bench-leader', displayName: 'bench', role: 'leader', passwordHash: await hashPassword(BENCH_PASSWORD) });
      }
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-leader', password: BENCH_PASSWORD }) });
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const records = (await wh.all<{ n: number }>('SELECT coalesce(sum(records), 0)::BIGINT AS n FROM mart.record_fact'))[0]!.n;
      const periods = await wh.all<{ type: string; start: string }>(`SELECT period_type AS type, period_start::VARCHAR AS start FROM mart.period ORDER BY 1, 2`);
      const entities = [
        { type: 'city', id: preset.cityCode },
        ...preset.areas.filter((a) => a.level === 'district' || a.level === 'street').map((a) => ({ type: a.level, id: a.code })),
        ...preset.departments.map((d) => ({ type: 'department', id: d.id })),
      ];
      const scorecards = shuffled(entities.flatMap((e) => periods.map((p) => `/api/scorecard?entityType=${e.type}&entityId=${e.id}&period=${p.type}&at=${p.start}`)));
      const rankable = preset.indicators.filter((d) => d.measure.kind !== 'not-collected');
      const rankings = shuffled(rankable.flatMap((d) => d.entityTypes.filter((t) => t !== 'city').flatMap((t) =>
        periods.filter((p) => d.grains.includes(p.type as 'month')).map((p) => `/api/rankings?indicator=${d.id}&entityType=${t}&period=${p.type}&at=${p.start}`))));
      const districts = preset.areas.filter((a) => a.level === 'district');
      const repeated = districts.flatMap((d) => ['week', 'month', 'quarter', 'year'].map((g) => `/api/scorecard?entityType=district&entityId=${d.code}&period=${g}`));

      const load = async (paths: string[]): Promise<Quantiles> => {
        let i = 0;
        const times: number[] = [];
        let errors = 0;
        await new Promise<void>((resolve, reject) => {
          const instance = autocannon({
            url: base, connections: opts.connections, duration: opts.duration, headers: { cookie },
            requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
          }, (err) => (err ? reject(err) : resolve()));
          instance.on('response', (_client, status, _bytes, ms) => {
            if (status !== 200) errors++;
            times.push(ms);
          });
        });
        return quantiles(times, errors);
      };
      // The server reads the values into memory at start and after each load (startServer); so here.
      const warmStart = performance.now();
      await app.warm();
      console.log(`  values read into memory in ${((performance.now() - warmStart) / 1000).toFixed(1)} s`);
      for (const p of repeated) await fetch(base + p, { headers: { cookie } }); // warm the repeated set
      console.log(`\nload: demo scale ${scale} (${Number(records).toLocaleString()} credit records), ${opts.connections} concurrent clients, ${opts.duration} s each`);
      const health = await load(['/api/health']);
      const cases: [string, string[]][] = [['scorecard (first asks)', scorecards], ['ranking (first asks)', rankings], ['scorecard (repeated)', repeated]];
      const line = (name: string, q: Quantiles) =>
        `  ${name.padEnd(24)} p50 ${q.p50.toFixed(1).padStart(6)} ms  p95 ${q.p95.toFixed(1).padStart(6)} ms  p99 ${q.p99.toFixed(1).padStart(6)} ms  ${q.requests.toLocaleString()} requests${q.errors ? `, ${q.errors} not 200` : ''}`;
      console.log(line('health', health));
      for (const [name, paths] of cases) {
        const q = await load(paths);
        const ratio = q.p95 / health.p95;
        console.log(`${line(name, q)}  p95 ÷ health ${ratio.toFixed(1)}`);
        summary.push(`load     scale ${String(scale).padStart(3)}  ${name.padEnd(24)} p95 ${q.p95.toFixed(1)} ms (health ${health.p95.toFixed(1)} ms, ×${ratio.toFixed(1)}; bar ≤ 50 ms: ${q.p95 <= 50 ? 'met' : 'NOT met'})${q.errors ? `  ${q.errors} errors` : ''}`);
      }
      summary.push(...await pageTimes(base, scale, login.headers.getSetCookie()));
    } finally {
      await app.close();
      wh.close();
    }
  }
  return summary;
}

/**
 * Time to first figures in headless Chromium (bar: 1.5 s): from navigation to the page's main
 * element, dashboard mounted in the same server, signed in as the leader. Each page twice: the
 * first visit of this data version, then again.
 */
async function pageTimes(base: string, scale: number, setCookies: string[]): Promise<string[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const out: string[] = [];
  try {
    const context = await browser.newContext();
    const url = new URL(base);
    await context.addCookies(setCookies.map((c) => {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      return { name: name!, value: rest.join('='), domain: url.hostname, path: '/' };
    }));
    const page = await context.newPage();
    for (const [path, testid] of [['/', 'overview'], ['/rankings', 'rankings-page'], ['/weekly', 'weekly'], ['/screen', 'screen'], ['/assessment', 'assessment']] as const) {
      const times: number[] = [];
      for (let i = 0; i < 2; i++) {
        const t = performance.now();
        await page.goto(base + path);
        await page.getByTestId(testid).waitFor();
        times.push(performance.now() - t);
      }
      const worst = Math.max(...times);
      console.log(`  page ${path.padEnd(12)} first figures in ${times.map((x) => `${x.toFixed(0)} ms`).join(', then ')}`);
      out.push(`pages    scale ${String(scale).padStart(3)}  ${path.padEnd(12)} first figures ${worst.toFixed(0)} ms (bar ≤ 1500 ms: ${worst <= 1500 ? 'met' : 'NOT met'})`);
    }
  } finally {
    await browser.close();
  }
  return out;
}
