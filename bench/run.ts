/**
 * `npm run bench`: ingest throughput through the full pipeline (read, validate, upsert,
 * quarantine; marts refreshed separately) per reader, as a ratio to DuckDB's own load of the same
 * data into a table, both measured in this run on this machine. Bar (DESIGN §10): ≥ 0.7.
 *
 * Readers and their references:
 * - utf8:    a UTF-8 CSV of --rows (default 5,000,000) vs `CREATE TABLE AS SELECT * FROM read_csv(file)`;
 * - gbk:     the same rows (--gbk-rows, default 1,000,000) GBK-encoded. DuckDB cannot read GBK
 *            (no encodings extension), so the reference is read_csv of the UTF-8 file;
 * - parquet: the UTF-8 CSV converted to Parquet vs `CREATE TABLE AS SELECT * FROM read_parquet(file)`;
 * - xlsx:    --xlsx-rows (default 200,000; a sheet holds at most 1,048,576). DuckDB has no Excel
 *            reader here, so the reference is read_csv of the same rows as CSV.
 * Options: --readers utf8,gbk,parquet,xlsx  --repeat N (best time of each side). Generated files
 * are cached in data/bench/.
 *
 * Then (bench/refresh.ts) incremental refresh after a 1M-record batch as a ratio to its load time
 * (bar ≤ 3) and scorecard/ranking query times, on warehouses of --records (default 5M,50M);
 * --queries N calls each.
 *
 * Then (bench/load.ts) the scorecard and ranking endpoints under --connections (50) concurrent
 * clients for --duration (10) s on demo warehouses of --scales (1,10), as p50/p95/p99 and the
 * p95 ratio to the health endpoint.
 *
 * Then (bench/reports.ts) the time to publish the monthly bulletin and the weekly sheet (content,
 * PDF, workbook) on the same demo warehouses (bar: seconds, not minutes).
 * --suite ingest,refresh,load,reports picks parts.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';
import { writeBenchCsv } from '../pipelines/demo/generate.ts';
import { ingestFile } from '../pipelines/load/ingest.ts';
import { openSource, sqlString } from '../pipelines/read/open-source.ts';
import { penalty } from '../pipelines/sources/penalty.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { openReady } from '../warehouse/bootstrap.ts';
import { STORAGE_VERSION } from '../warehouse/connection.ts';
import { loadPreset } from '../warehouse/preset/load-preset.ts';
import { runRefreshBench } from './refresh.ts';
import { runLoadBench } from './load.ts';
import { runReportsBench } from './reports.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const rows = Number(arg('rows') ?? 5_000_000);
const gbkRows = Math.min(rows, Number(arg('gbk-rows') ?? 1_000_000));
const xlsxRows = Math.min(rows, Number(arg('xlsx-rows') ?? 200_000), 1_048_000);
const readers = (arg('readers') ?? 'utf8,gbk,parquet,xlsx').split(',');
const repeat = Math.max(1, Number(arg('repeat') ?? 1));
const suites = (arg('suite') ?? 'ingest,refresh,load,reports').split(',');
const scales = (arg('scales') ?? '1,10').split(',').map(Number);
const connections = Number(arg('connections') ?? 50);
const duration = Number(arg('duration') ?? 10);
const records = (arg('records') ?? '5000000,50000000').split(',').map(Number);
const queries = Number(arg('queries') ?? 50);
const dir = path.resolve('data/bench');
mkdirSync(dir, { recursive: true });
const preset = await loadPreset('zibo');

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString()} rows/s`;

async function timed(what: string, make: () => Promise<unknown>): Promise<void> {
  const t = performance.now();
  await make();
  console.log(`  prepared ${what} in ${seconds(performance.now() - t)}`);
}

/** A UTF-8 penalty CSV of n rows (generated once). */
async function utf8Csv(n: number): Promise<string> {
  const file = path.join(dir, `penalty-${n}.csv`);
  if (!existsSync(file)) await timed(path.basename(file), () => writeBenchCsv({ out: file, rows: n, seed: 20211, today: '2026-10-31', preset }));
  return file;
}

async function gbkCsv(n: number): Promise<string> {
  const file = path.join(dir, `penalty-${n}-gbk.csv`);
  if (!existsSync(file)) {
    const src = await utf8Csv(n);
    await timed(path.basename(file), () => streamPipeline(createReadStream(src), iconv.decodeStream('utf8'), iconv.encodeStream('gbk'), createWriteStream(file)));
  }
  return file;
}

async function withDuckDB<T>(name: string, work: (run: (sql: string) => Promise<void>) => Promise<T>): Promise<T> {
  const file = path.join(dir, `${name}.duckdb`);
  rmSync(file, { force: true });
  // DuckDB's own load writes the same storage format as the warehouse, so the ratio compares like with like.
  const inst = await DuckDBInstance.create(file, { storage_compatibility_version: STORAGE_VERSION });
  const conn = await inst.connect();
  try {
    return await work(async (sql) => void (await conn.run(sql)));
  } finally {
    conn.closeSync();
    inst.closeSync();
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
  }
}

async function parquetFile(n: number): Promise<string> {
  const file = path.join(dir, `penalty-${n}.parquet`);
  if (!existsSync(file)) {
    const src = await utf8Csv(n);
    await timed(path.basename(file), () => withDuckDB('convert', (run) => run(`COPY (SELECT * FROM read_csv(${sqlString(src)}, all_varchar=true)) TO ${sqlString(file)} (FORMAT parquet)`)));
  }
  return file;
}

/** The first n rows of the UTF-8 CSV as an .xlsx with a title row, and as a CSV for the reference. */
async function xlsxFile(n: number): Promise<{ xlsx: string; csv: string }> {
  const xlsx = path.join(dir, `penalty-${n}.xlsx`);
  const csv = path.join(dir, `penalty-${n}-for-xlsx.csv`);
  if (!existsSync(xlsx)) {
    const src = await utf8Csv(Math.max(n, 1));
    await timed(path.basename(xlsx), async () => {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: false });
      const ws = wb.addWorksheet('行政处罚');
      ws.addRow(['行政处罚信息（基准测试）']).commit();
      const out = createWriteStream(csv);
      let i = 0;
      for await (const record of createReadStream(src).pipe(parse({ relax_column_count: true, to: n + 1 })) as AsyncIterable<string[]>) {
        ws.addRow(record).commit();
        out.write(`${record.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')}\n`);
        if (++i > n) break;
      }
      await new Promise<void>((r) => out.end(() => r()));
      await wb.commit();
    });
  }
  return { xlsx, csv };
}

async function reference(scan: string): Promise<number> {
  return withDuckDB('reference', async (run) => {
    const t = performance.now();
    await run(`CREATE TABLE raw AS SELECT * FROM ${scan}`);
    await run('CHECKPOINT');
    return performance.now() - t;
  });
}

async function ingest(file: string): Promise<{ ms: number; phases: string; refreshMs: number; read: number; loaded: number; quarantined: number }> {
  const db = path.join(dir, 'pipeline.duckdb');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const { wh } = await openReady(db, 'zibo');
  try {
    const t = performance.now();
    // When each phase of the load began, to show where the time goes.
    const began = new Map<string, number>();
    const s = await ingestFile(wh, file, {
      sourceType: 'penalty', departmentId: 'zb-scjg', reportedAt: '2026-11-02', idKey: 'bench-key-0123456789',
      onProgress: (phase) => void (began.has(phase) || began.set(phase, performance.now())),
    });
    const committed = performance.now();
    await wh.run('CHECKPOINT');
    const ms = performance.now() - t;
    const at = (phase: string) => began.get(phase) ?? t;
    const phases = `read and stage ${seconds(at('check') - t)}, checks ${seconds(at('load') - at('check'))}, `
      + `quarantine and upsert ${seconds(committed - at('load'))}, checkpoint ${seconds(ms - (committed - t))}`;
    const conn = await wh.connect();
    const r = performance.now();
    await conn.run('BEGIN TRANSACTION');
    await refreshMarts(conn);
    await conn.run('COMMIT');
    conn.closeSync();
    return { ms, phases, refreshMs: performance.now() - r, read: s.rowsRead, loaded: s.rowsLoaded, quarantined: s.rowsQuarantined };
  } finally {
    wh.close();
    rmSync(db, { force: true });
  }
}

/** The floor of the CSV path: the file's cells as text into a table, nothing cleaned or checked. */
async function textFloor(csv: string): Promise<number> {
  const db = path.join(dir, 'floors.duckdb');
  rmSync(db, { force: true });
  const { wh } = await openReady(db, 'zibo');
  const conn = await wh.connect();
  try {
    const src = await openSource(conn, csv, penalty);
    const t = performance.now();
    await conn.run(`CREATE TABLE text_only AS SELECT * FROM ${src.relation}`);
    await conn.run('CHECKPOINT');
    src.cleanup();
    return performance.now() - t;
  } finally {
    conn.closeSync();
    wh.close();
    rmSync(db, { force: true });
  }
}

interface Case {
  reader: string;
  rows: number;
  prepare: () => Promise<{ file: string; referenceScan: string; referenceNote: string }>;
}

const cases: Case[] = [
  { reader: 'utf8', rows, prepare: async () => { const f = await utf8Csv(rows); return { file: f, referenceScan: `read_csv(${sqlString(f)})`, referenceNote: 'read_csv of the file' }; } },
  { reader: 'gbk', rows: gbkRows, prepare: async () => ({ file: await gbkCsv(gbkRows), referenceScan: `read_csv(${sqlString(await utf8Csv(gbkRows))})`, referenceNote: 'read_csv of the same rows in UTF-8' }) },
  { reader: 'parquet', rows, prepare: async () => { const f = await parquetFile(rows); return { file: f, referenceScan: `read_parquet(${sqlString(f)})`, referenceNote: 'read_parquet of the file' }; } },
  { reader: 'xlsx', rows: xlsxRows, prepare: async () => { const x = await xlsxFile(xlsxRows); return { file: x.xlsx, referenceScan: `read_csv(${sqlString(x.csv)})`, referenceNote: 'read_csv of the same rows as CSV' }; } },
];

const results: string[] = [];
for (const c of cases.filter((k) => suites.includes('ingest') && readers.includes(k.reader))) {
  console.log(`\n${c.reader}: ${c.rows.toLocaleString()} penalty rows`);
  const { file, referenceScan, referenceNote } = await c.prepare();
  let ref = Infinity;
  let ours: Awaited<ReturnType<typeof ingest>> | undefined;
  for (let i = 0; i < repeat; i++) {
    ref = Math.min(ref, await reference(referenceScan));
    const run = await ingest(file);
    if (!ours || run.ms < ours.ms) ours = run;
  }
  if (!ours) throw new Error('no run');
  const ratio = ref / ours.ms;
  console.log(`  DuckDB (${referenceNote}) : ${seconds(ref)} (${rate(c.rows, ref)})`);
  console.log(`  Xinyong ingest : ${seconds(ours.ms)} (${rate(c.rows, ours.ms)}); read ${ours.read.toLocaleString()}, loaded ${ours.loaded.toLocaleString()}, quarantined ${ours.quarantined.toLocaleString()}; mart refresh ${seconds(ours.refreshMs)}`);
  console.log(`    phases : ${ours.phases}`);
  if (c.reader === 'utf8') {
    const textMs = await textFloor(file);
    console.log(`  floor : the cells as text into a table ${seconds(textMs)} (ratio ${(ref / textMs).toFixed(2)} with nothing cleaned or checked)`);
  }
  results.push(`${c.reader.padEnd(8)} ${c.rows.toLocaleString().padStart(10)} rows  ratio ${ratio.toFixed(2)}  (bar ≥ 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'})`);
  console.log(`  ratio : ${ratio.toFixed(2)}`);
}
if (suites.includes('refresh')) results.push(...await runRefreshBench({ sizes: records, batchRows: 1_000_000, queries, dir, preset }));
if (suites.includes('load')) results.push(...await runLoadBench({ dir, scales, connections, duration }));
if (suites.includes('reports')) results.push(...await runReportsBench({ dir, scales }));
console.log(`\nsummary (best of ${repeat}):\n${results.map((r) => `  ${r}`).join('\n')}`);
