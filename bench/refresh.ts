/**
 * The refresh and query bars of DESIGN §10 and issue 4, measured in this run:
 * - incremental refresh after a 1M-record batch on a warehouse of --records (default 5M and
 *   50M) credit records, as a ratio to the time to load that batch (bar ≤ 3);
 * - scorecard and ranking query times (median and p95 of --queries calls) at each size (bar: they
 *   do not grow with the record count).
 * The warehouse's existing records are written straight into core.licence by SQL (the subject of
 * this bench is the refresh, not the ingest; ingest has its own bench); the 1M batch goes through
 * the real pipeline. Warehouses are cached in data/bench/refresh-<n>.duckdb.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeBenchCsv } from '../pipelines/demo/generate.ts';
import { ingestFile } from '../pipelines/load/ingest.ts';
import { createMetricsRepository } from '../metrics/queries.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { openReady } from '../warehouse/bootstrap.ts';
import type { Warehouse } from '../warehouse/connection.ts';
import type { Preset } from '../warehouse/preset/preset-schema.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** n licences over 2025-01 … 2026-10 from 200k subjects across the preset's districts and departments. */
async function seed(wh: Warehouse, n: number): Promise<void> {
  await wh.run(`INSERT INTO meta.batch (id, file_name, content_hash, source_type, department_id, reported_at, format, started_at, finished_at, status)
    VALUES (nextval('meta.batch_seq'), 'bench-seed', 'bench-seed', 'licence', 'zd-xzsp', DATE '2026-10-31', 'sql', TIMESTAMP '2026-10-31 00:00:00', TIMESTAMP '2026-10-31 00:00:00', 'loaded')`);
  await wh.run(`CREATE TEMP TABLE bench_dept AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM core.department`);
  await wh.run(`CREATE TEMP TABLE bench_district AS SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM core.area WHERE level = 'district'`);
  const chunk = 5_000_000;
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    await wh.run(`INSERT INTO core.licence (subject_name, subject_category, subject_uscc, doc_name, doc_no, licence_category, content,
        decision_date, authority_name, authority_uscc, source_unit_name, source_unit_uscc, reported_date, department_id, batch_id, row_no, content_hash, loaded_at)
      SELECT '企业' || (i % 200000), '法人及非法人组织',
        '91' || d.code || 'MB' || lpad(((i % 200000))::VARCHAR, 7, '0') || 'X',
        '许可决定书', 'BENCH-' || i, '普通', '食品经营许可',
        DATE '2025-01-01' + (i % 669)::INTEGER, '许可机关', '11370303990303253P', '许可机关', '11370303990303253P',
        DATE '2025-01-01' + (i % 669)::INTEGER + (i % 11)::INTEGER,
        dep.id, (SELECT max(id) FROM meta.batch), i::INTEGER, i::UHUGEINT, TIMESTAMP '2026-10-31 00:00:00'
      FROM range(${from}, ${to}) t(i)
      JOIN bench_dept dep ON dep.k = i % (SELECT count(*) FROM bench_dept)
      JOIN bench_district d ON d.k = (i // 7) % (SELECT count(*) FROM bench_district)`);
  }
  await wh.run('CHECKPOINT');
}

function quantiles(ms: number[]): { p50: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
}

export async function runRefreshBench(opts: { sizes: number[]; batchRows: number; queries: number; dir: string; preset: Preset }): Promise<string[]> {
  mkdirSync(opts.dir, { recursive: true });
  const batch = path.join(opts.dir, `penalty-${opts.batchRows}.csv`);
  if (!existsSync(batch)) await writeBenchCsv({ out: batch, rows: opts.batchRows, seed: 20211, today: '2026-10-31', preset: opts.preset });
  const summary: string[] = [];
  const queryTimes: { size: number; scorecard: { p50: number; p95: number }; ranking: { p50: number; p95: number } }[] = [];
  for (const n of opts.sizes) {
    const file = path.join(opts.dir, `refresh-${n}.duckdb`);
    const fresh = !existsSync(file);
    console.log(`\nrefresh: warehouse of ${n.toLocaleString()} records + a ${opts.batchRows.toLocaleString()}-row batch${fresh ? '' : ' (cached warehouse)'}`);
    const { wh } = await openReady(file, 'zibo');
    try {
      await wh.run(`DELETE FROM core.penalty WHERE department_id = 'zb-scjg'`); // a previous run's batch
      if (fresh) {
        const t = performance.now();
        await seed(wh, n);
        console.log(`  seeded ${n.toLocaleString()} licences in ${seconds(performance.now() - t)}`);
      }
      // Incremental refresh starts from a full build.
      const [built] = await wh.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM mart.refresh_state');
      if (fresh || built!.n === 0) {
        const t = performance.now();
        const conn = await wh.connect();
        await refreshMarts(conn);
        conn.closeSync();
        console.log(`  full refresh: ${seconds(performance.now() - t)}`);
      }
      let t = performance.now();
      const s = await ingestFile(wh, batch, { sourceType: 'penalty', departmentId: 'zb-scjg', reportedAt: '2026-11-02', idKey: 'bench-key-0123456789' });
      const loadMs = performance.now() - t;
      t = performance.now();
      const conn = await wh.connect();
      await conn.run('BEGIN TRANSACTION');
      await refreshMarts(conn, undefined, { batchId: s.batchId });
      await conn.run('COMMIT');
      conn.closeSync();
      const refreshMs = performance.now() - t;
      const ratio = refreshMs / loadMs;
      console.log(`  load of the batch: ${seconds(loadMs)} (${s.rowsLoaded.toLocaleString()} loaded); incremental refresh: ${seconds(refreshMs)}; ratio ${ratio.toFixed(2)} (bar ≤ 3: ${ratio <= 3 ? 'met' : 'NOT met'})`);

      const repo = createMetricsRepository(wh, opts.preset);
      const time = async (f: () => Promise<unknown>) => {
        const ms: number[] = [];
        for (let i = 0; i < opts.queries; i++) {
          const q = performance.now();
          await f();
          ms.push(performance.now() - q);
        }
        return quantiles(ms);
      };
      // Answers are cached per data version: every timed call asks something not asked before.
      const districts = opts.preset.areas.filter((a) => a.level === 'district').map((a) => a.code);
      const cards = (['month', 'week', 'quarter'] as const).flatMap((g) => districts.map((d) => [d, g] as const));
      const rankable = opts.preset.indicators.filter((d) => d.measure.kind !== 'not-collected' && d.entityTypes.includes('district'));
      const ranks = rankable.flatMap((d) => d.grains.map((g) => [d.id, g] as const));
      let c = 0;
      const scorecard = await time(() => {
        const [d, g] = cards[c++ % cards.length]!;
        return repo.scorecard('district', d, g);
      });
      let r = 0;
      const ranking = await time(() => {
        const [id, g] = ranks[r++ % ranks.length]!;
        return repo.ranking(id, 'district', g);
      });
      queryTimes.push({ size: n, scorecard, ranking });
      console.log(`  scorecard: median ${scorecard.p50.toFixed(1)} ms, p95 ${scorecard.p95.toFixed(1)} ms; ranking: median ${ranking.p50.toFixed(1)} ms, p95 ${ranking.p95.toFixed(1)} ms`);
      summary.push(`refresh  ${n.toLocaleString().padStart(11)} records  refresh ÷ load ${ratio.toFixed(2)}  (bar ≤ 3: ${ratio <= 3 ? 'met' : 'NOT met'})`);
      // Leave the cached warehouse as seeded; its marts are rebuilt in full by the next run.
      await wh.run(`DELETE FROM core.penalty WHERE batch_id = ${s.batchId}`);
      await wh.run('DELETE FROM mart.refresh_state');
    } finally {
      wh.close();
    }
  }
  if (queryTimes.length >= 2) {
    const [a, b] = [queryTimes[0]!, queryTimes.at(-1)!];
    const growth = b.scorecard.p95 / a.scorecard.p95;
    // Query times on this machine vary by tens of percent between runs; twice is growth.
    summary.push(`scorecard p95 ${a.size.toLocaleString()} → ${b.size.toLocaleString()} records: ${a.scorecard.p95.toFixed(1)} → ${b.scorecard.p95.toFixed(1)} ms (×${growth.toFixed(2)}; bar: does not grow: ${growth < 2 ? 'met' : 'NOT met'})`);
  }
  return summary;
}
