/**
 * The warehouse as a partitioned Parquet lake (DESIGN §11) that existing engines (DuckDB, Spark,
 * Trino, pandas) read unchanged: every credit-record table under `records/<source>/year=…/month=…/`
 * (hive partitioning, by the day each row is about), the reference tables (areas, departments,
 * indicators, plan targets and tasks) and the marts as one file each, the batches, and a
 * `manifest.json` saying what is where. One snapshot: every table is read in one transaction,
 * while loads go on. The lake replaces the folder's previous lake only when complete, so a
 * reader never sees half of one.
 *
 * Every row version is exported with `loaded_at` and `superseded_at` (current rows: superseded_at
 * IS NULL), so figures can be recomputed as known at any moment. ID numbers are there as their
 * keyed hash only: the masked forms (for the office's screens) and the quarantine's raw cells
 * stay in the warehouse, as do users, sessions, the audit log and reports.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sqlString } from '../lib/sql.ts';
import { readAll } from './connection.ts';
import type { Warehouse } from './connection.ts';

/** A table of records: its name in the lake (the source type), the core table, the day a row is about. */
export interface LakeRecordTable {
  name: string;
  table: string;
  /** Date column placing a row in a month; rows without one (and tables without one) go by the day they were loaded. */
  dateColumn: string | null;
}

export interface LakeTable {
  /** Path in the lake: a folder of partitions (records) or a file. */
  path: string;
  /** The warehouse table it holds. */
  table: string;
  rows: number;
  partitionedBy: string[];
  columns: { name: string; type: string }[];
}

export interface LakeManifest {
  format: typeof LAKE_FORMAT;
  exportedAt: string;
  preset: string | null;
  /** The latest batch in the lake's snapshot (null: none yet). */
  lastBatch: { id: number; finishedAt: string } | null;
  /** How the record tables are laid out and read. */
  layout: string;
  tables: LakeTable[];
}

export class LakeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LakeError';
  }
}

export const LAKE_FORMAT = 'xinyong-lake/1';
const MANIFEST = 'manifest.json';

const LAYOUT = 'records/<source>/year=<yyyy>/month=<m>/*.parquet: hive-partitioned by the year and month of the day each row is about '
  + '(its decision, query or report date; rows without one by the day they were loaded); every row version, current ones '
  + 'having superseded_at NULL. reference/*.parquet, marts/*.parquet, meta/batch.parquet: one file per table. '
  + 'content_hash is 32 hexadecimal digits; ID numbers appear only as their keyed hash (*_hash).';

/** Mart tables that are the refresh's own bookkeeping, not data. */
const MART_BOOKKEEPING = new Set(['refresh_state']);

/**
 * Writes the lake to `dir` (created, or replacing a lake written there before). Refuses a folder
 * that holds anything but a lake of ours.
 * @example const m = await exportLake(wh, './data/lake', lakeRecordTables(SOURCE_TYPES), { preset: 'zibo' });
 */
export async function exportLake(wh: Warehouse, dir: string, records: readonly LakeRecordTable[], opts: { preset?: string } = {}): Promise<LakeManifest> {
  const target = path.resolve(dir);
  assertReplaceable(target);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  mkdirSync(partial);
  const conn = await wh.connect();
  try {
    await conn.run('BEGIN TRANSACTION');
    const columns = await readAll<{ schema: string; table: string; column: string; type: string }>(conn,
      `SELECT schema_name AS schema, table_name AS "table", column_name AS "column", data_type AS type
       FROM duckdb_columns() WHERE database_name = current_database() AND schema_name IN ('core', 'mart', 'meta') ORDER BY schema_name, table_name, column_index`);
    const of = (qualified: string) => {
      const [schema, table] = qualified.split('.');
      const cols = columns.filter((c) => c.schema === schema && c.table === table);
      if (cols.length === 0) throw new LakeError(`the warehouse has no table ${qualified}`);
      return cols;
    };
    const tables: LakeTable[] = [];
    const copy = async (qualified: string, where: string, partitions: { dateColumn: string | null } | null) => {
      // Masked ID numbers are for the office's screens only; 128-bit hashes have no Parquet type.
      const cols = of(qualified).filter((c) => !c.column.endsWith('_masked'));
      const select = cols.map((c) => (c.type === 'UHUGEINT' || c.type === 'HUGEINT' ? `lpad(lower(hex(${c.column})), 32, '0') AS ${c.column}` : c.column));
      const out = path.join(partial, where);
      mkdirSync(path.dirname(out), { recursive: true });
      let sql: string;
      if (partitions) {
        const day = partitions.dateColumn ? `coalesce(${partitions.dateColumn}::DATE, loaded_at::DATE)` : 'loaded_at::DATE';
        sql = `COPY (SELECT ${select.join(', ')}, year(${day})::INTEGER AS year, month(${day})::INTEGER AS month FROM ${qualified})
          TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year, month))`;
      } else {
        sql = `COPY (SELECT ${select.join(', ')} FROM ${qualified}) TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd)`;
      }
      const [written] = (await conn.runAndReadAll(sql)).getRows();
      tables.push({
        path: where, table: qualified, rows: Number(written?.[0] ?? 0), partitionedBy: partitions ? ['year', 'month'] : [],
        columns: cols.map((c) => ({ name: c.column, type: c.type === 'UHUGEINT' || c.type === 'HUGEINT' ? 'VARCHAR' : c.type })),
      });
    };
    const recordTables = new Set(records.map((r) => r.table));
    for (const r of records) await copy(r.table, `records/${r.name}`, { dateColumn: r.dateColumn });
    const present = [...new Set(columns.map((c) => `${c.schema}.${c.table}`))];
    for (const t of present.filter((q) => q.startsWith('core.') && !recordTables.has(q))) await copy(t, `reference/${t.slice(5)}.parquet`, null);
    for (const t of present.filter((q) => q.startsWith('mart.') && !MART_BOOKKEEPING.has(q.slice(5)))) await copy(t, `marts/${t.slice(5)}.parquet`, null);
    await copy('meta.batch', 'meta/batch.parquet', null);
    const [last] = await readAll<{ id: number; finished_at: string }>(conn,
      `SELECT id, strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS finished_at FROM meta.batch WHERE status = 'loaded' ORDER BY id DESC LIMIT 1`);
    await conn.run('COMMIT');
    const manifest: LakeManifest = {
      format: LAKE_FORMAT, exportedAt: new Date().toISOString(), preset: opts.preset ?? null,
      lastBatch: last ? { id: last.id, finishedAt: last.finished_at } : null, layout: LAYOUT, tables,
    };
    writeFileSync(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    publish(partial, target);
    return manifest;
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    rmSync(partial, { recursive: true, force: true });
    throw err;
  } finally {
    conn.closeSync();
  }
}

/** How many record rows (every version) a lake holds. */
export const lakeRecordRows = (m: LakeManifest): number => m.tables.filter((t) => t.path.startsWith('records/')).reduce((n, t) => n + t.rows, 0);

/** The manifest of the lake in `dir`, or null when there is none. */
export function readLakeManifest(dir: string): LakeManifest | null {
  const file = path.join(path.resolve(dir), MANIFEST);
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as LakeManifest;
    return m.format === LAKE_FORMAT ? m : null;
  } catch {
    return null;
  }
}

/** A folder the lake may be written to: absent, empty, or holding a lake of ours. */
function assertReplaceable(target: string): void {
  if (!existsSync(target)) return;
  if (readdirSync(target).length === 0) return;
  if (readLakeManifest(target) === null) {
    throw new LakeError(`${target} holds other files, not a lake written by Xinyong: choose a new or empty folder`);
  }
}

/** Puts the complete lake in place of the previous one: two renames, then the old one goes. */
function publish(partial: string, target: string): void {
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  const hadOld = existsSync(target);
  if (hadOld) renameSync(target, old);
  try {
    renameSync(partial, target);
  } catch (err) {
    if (hadOld) renameSync(old, target);
    throw err;
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}
