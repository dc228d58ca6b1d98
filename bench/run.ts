/**
 * `npm run bench`: ingest throughput of a generated 双公示 CSV through the full pipeline
 * (read, validate, upsert, quarantine; marts refreshed separately), as a ratio to DuckDB's own
 * `read_csv` of the same file into a table, both measured in this run on this machine.
 * Bar (DESIGN §10): ratio ≥ 0.7. Options: --rows N (default 5,000,000), --repeat N (default 1;
 * each side's best time is used, which evens out a noisy shared machine). The CSV is generated
 * once into data/bench/ and reused.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeBenchCsv } from '../pipelines/demo/generate.ts';
import { ingestFile } from '../pipelines/load/ingest.ts';
import { openSource, sqlString } from '../pipelines/read/open-source.ts';
import { stageSql } from '../pipelines/load/validation-sql.ts';
import { penalty } from '../pipelines/sources/penalty.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { openReady } from '../warehouse/bootstrap.ts';
import { loadPreset } from '../warehouse/preset/load-preset.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const rows = Number(arg('rows') ?? 5_000_000);
const dir = path.resolve('data/bench');
mkdirSync(dir, { recursive: true });
const csv = path.join(dir, `penalty-${rows}.csv`);
const preset = await loadPreset('zibo');

if (!existsSync(csv)) {
  const t = performance.now();
  const r = await writeBenchCsv({ out: csv, rows, seed: 20211, today: '2026-10-31', preset });
  console.log(`generated ${r.rows.toLocaleString()} rows (${r.invalidRows.toLocaleString()} invalid) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const mb = statSync(csv).size / 1e6;

async function baseline(): Promise<number> {
  const file = path.join(dir, 'baseline.duckdb');
  rmSync(file, { force: true });
  const inst = await DuckDBInstance.create(file);
  const conn = await inst.connect();
  const t = performance.now();
  await conn.run(`CREATE TABLE raw AS SELECT * FROM read_csv(${sqlString(csv)})`);
  await conn.run('CHECKPOINT');
  const ms = performance.now() - t;
  conn.closeSync();
  inst.closeSync();
  rmSync(file, { force: true });
  return ms;
}

/**
 * Where the time goes: the same file read as text into a table (no cleaning), and with only
 * the pipeline's staging expressions (cleaning and typing, no checks), each into a new table.
 */
async function floors(): Promise<{ textMs: number; stagedMs: number }> {
  const file = path.join(dir, 'floors.duckdb');
  rmSync(file, { force: true });
  const { wh } = await openReady(file, 'zibo');
  const conn = await wh.connect();
  const src = await openSource(conn, csv, penalty);
  let t = performance.now();
  await conn.run(`CREATE TABLE text_only AS SELECT * FROM ${src.relation}`);
  await conn.run('CHECKPOINT');
  const textMs = performance.now() - t;
  t = performance.now();
  await conn.run(stageSql(penalty, src.mapping.columns, src.relation, false, false).replace('CREATE OR REPLACE TEMP TABLE xy_stg', 'CREATE TABLE staged_only'));
  await conn.run('CHECKPOINT');
  const stagedMs = performance.now() - t;
  src.cleanup();
  conn.closeSync();
  wh.close();
  rmSync(file, { force: true });
  return { textMs, stagedMs };
}

async function pipeline(): Promise<{ ms: number; refreshMs: number; loaded: number; quarantined: number; duplicate: number }> {
  const file = path.join(dir, 'pipeline.duckdb');
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  const { wh } = await openReady(file, 'zibo');
  const t = performance.now();
  const s = await ingestFile(wh, csv, { sourceType: 'penalty', departmentId: 'zb-scjg', reportedAt: '2026-11-02', idKey: 'bench-key-0123456789' });
  await wh.run('CHECKPOINT');
  const ms = performance.now() - t;
  const conn = await wh.connect();
  const r = performance.now();
  await conn.run('BEGIN TRANSACTION');
  await refreshMarts(conn);
  await conn.run('COMMIT');
  const refreshMs = performance.now() - r;
  conn.closeSync();
  wh.close();
  rmSync(file, { force: true });
  return { ms, refreshMs, loaded: s.rowsLoaded, quarantined: s.rowsQuarantined, duplicate: s.rowsDuplicate };
}

const repeat = Math.max(1, Number(arg('repeat') ?? 1));
let base = Infinity;
let ours: Awaited<ReturnType<typeof pipeline>> | undefined;
for (let i = 0; i < repeat; i++) {
  base = Math.min(base, await baseline());
  const run = await pipeline();
  if (!ours || run.ms < ours.ms) ours = run;
}
if (!ours) throw new Error('no run');
const floor = await floors();
const ratio = base / ours.ms;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s (${Math.round(rows / (ms / 1000)).toLocaleString()} rows/s)`;
console.log(`\ningest benchmark: ${rows.toLocaleString()} penalty rows, ${mb.toFixed(0)} MB UTF-8 CSV, best of ${repeat}`);
console.log(`  DuckDB read_csv → table : ${fmt(base)}`);
console.log(`  Xinyong ingest          : ${fmt(ours.ms)}  loaded ${ours.loaded.toLocaleString()}, quarantined ${ours.quarantined.toLocaleString()}, duplicate ${ours.duplicate.toLocaleString()}`);
console.log(`  mart refresh (separate) : ${(ours.refreshMs / 1000).toFixed(2)} s`);
console.log(`  where the time goes     : text only → table ${fmt(floor.textMs)}; + staging expressions only ${fmt(floor.stagedMs)} (ratio ${(base / floor.stagedMs).toFixed(2)} before any check)`);
console.log(`  ratio ingest/read_csv   : ${ratio.toFixed(2)}  (bar ≥ 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'})`);
