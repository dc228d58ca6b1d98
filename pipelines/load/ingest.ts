/**
 * Loads one file as one batch: read → stage → check → quarantine → natural-key upsert, all in
 * one DuckDB transaction together with the batch record (and whatever `afterLoad` adds, e.g. the
 * mart refresh), so a batch is all in or all out. A failure leaves the warehouse as before
 * and records a `failed` batch with the reason.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../../warehouse/connection.ts';
import { readAll, readOne } from '../../warehouse/connection.ts';
import { openSource, sqlString } from '../read/open-source.ts';
import { getSourceType } from '../sources/index.ts';
import type { FieldDef, SourceType } from '../sources/source-type.ts';
import { AREA_KEY_SQL, checkSql, stageColumns, usccCheckSql } from './validation-sql.ts';

export type IngestPhase = 'read' | 'check' | 'load' | 'refresh' | 'done';

export interface IngestOptions {
  sourceType: string;
  departmentId: string;
  /** Day the department submitted the file (default: today). Records without their own report date count as reported then. */
  reportedAt?: string;
  /** Key of the keyed hash replacing ID numbers. */
  idKey: string;
  /** Runs inside the batch's transaction after the rows are in (e.g. mart refresh). */
  afterLoad?: (conn: DuckDBConnection, batchId: number) => Promise<void>;
  onProgress?: (phase: IngestPhase, detail?: string) => void;
}

export interface BatchSummary {
  batchId: number;
  file: string;
  sourceType: string;
  departmentId: string;
  status: 'loaded' | 'failed';
  format: string | null;
  encoding: string | null;
  headerRow: number | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  rowsDuplicate: number;
  rowsSuperseding: number;
  /** Count of quarantined rows per reason code. */
  reasons: Record<string, number>;
  ignoredHeaders: string[];
  message: string | null;
  ms: number;
}

export class IngestError extends Error {
  constructor(message: string, readonly summary?: BatchSummary) {
    super(message);
    this.name = 'IngestError';
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * @example const s = await ingestFile(wh, 'xk.csv', { sourceType: 'licence', departmentId: 'zd-xzsp', idKey });
 */
export async function ingestFile(wh: Warehouse, file: string, opts: IngestOptions): Promise<BatchSummary> {
  const started = Date.now();
  const def = getSourceType(opts.sourceType);
  const reportedAt = opts.reportedAt ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(reportedAt)) throw new IngestError(`reported date "${reportedAt}" is not YYYY-MM-DD`);
  const dept = await wh.all('SELECT id FROM core.department WHERE id = $1', [opts.departmentId]);
  if (dept.length === 0) throw new IngestError(`unknown department "${opts.departmentId}" (see \`xinyong departments\`)`);
  const contentHash = await sha256(file).catch((err: NodeJS.ErrnoException) => {
    throw new IngestError(`${path.basename(file)}: ${err.code === 'ENOENT' ? 'file not found' : err.message}`);
  });

  const conn = await wh.connect();
  const startedAt = new Date(started).toISOString().replace('T', ' ').replace('Z', '');
  const base = { file: path.basename(file), sourceType: def.id, departmentId: opts.departmentId };
  let source: Awaited<ReturnType<typeof openSource>> | undefined;
  try {
    await conn.run(`SET VARIABLE xy_reported_at = ${sqlString(reportedAt)}::DATE`);
    await conn.run(`SET VARIABLE xy_loaded_at = ${sqlString(startedAt)}::TIMESTAMP`);
    await conn.run(`SET VARIABLE xy_id_key = ${sqlString(opts.idKey)}`);
    opts.onProgress?.('read');
    source = await openSource(conn, file, def, (n) => opts.onProgress?.('read', `${n} rows`));
    const hasOverflow = source.reader === 'js-csv' || source.reader === 'xlsx';
    const width = source.mapping.columns.length;

    await conn.run('BEGIN TRANSACTION');
    const { id: batchId } = await readOne<{ id: number }>(conn, `SELECT nextval('meta.batch_seq')::INTEGER AS id`);
    opts.onProgress?.('check');
    const staged = stageColumns(def, source.mapping.columns);
    await conn.run(`CREATE OR REPLACE TEMP TABLE xy_stg AS
      SELECT * FROM (SELECT row_no, ${staged.join(', ')}${hasOverflow ? `, c${width} AS overflow` : ''} FROM ${source.relation})
      WHERE NOT (${def.fields.map((f) => `raw_${f.name} IS NULL`).join(' AND ')}${hasOverflow ? ' AND overflow IS NULL' : ''})`);
    const usccSql = usccCheckSql(def);
    if (usccSql) await conn.run(usccSql);
    await conn.run(AREA_KEY_SQL);
    await conn.run(checkSql(def, hasOverflow));
    await flagKeyConflicts(conn, def);

    opts.onProgress?.('load');
    await conn.run(`INSERT INTO meta.quarantine
      SELECT ${batchId}, c.row_no, c.reasons, ${rawJson(def, source.mapping.columns)} FROM xy_chk c JOIN xy_stg s USING (row_no) WHERE len(c.reasons) > 0`);
    const counts = await upsert(conn, def, batchId, opts.departmentId);
    const { read, quarantined } = await readOne<{ read: number; quarantined: number }>(
      conn, `SELECT count(*) AS read, count(*) FILTER (WHERE len(reasons) > 0) AS quarantined FROM xy_chk`,
    );
    const summary: BatchSummary = {
      ...base, batchId, status: 'loaded', format: source.format, encoding: source.encoding, headerRow: source.headerRow,
      rowsRead: read, rowsLoaded: counts.loaded, rowsQuarantined: quarantined, rowsDuplicate: counts.duplicate,
      rowsSuperseding: counts.superseding, reasons: await reasonCounts(conn), ignoredHeaders: source.mapping.ignored,
      message: source.mapping.ignored.length ? `ignored columns: ${source.mapping.ignored.join(', ')}` : null, ms: 0,
    };
    if (summary.rowsRead !== summary.rowsLoaded + summary.rowsQuarantined + summary.rowsDuplicate) {
      throw new Error(`row accounting broken: read ${summary.rowsRead} ≠ loaded + quarantined + duplicate`);
    }
    await conn.run(
      `INSERT INTO meta.batch VALUES ($1, $2, $3, $4, $5, $6::DATE, $7, $8, $9, $10, $11, $12, $13, $14, $15::TIMESTAMP, now()::TIMESTAMP, 'loaded', $16)`,
      [batchId, summary.file, contentHash, def.id, opts.departmentId, reportedAt, source.format, source.encoding, source.headerRow,
        summary.rowsRead, summary.rowsLoaded, summary.rowsQuarantined, summary.rowsDuplicate, summary.rowsSuperseding, startedAt, summary.message],
    );
    if (opts.afterLoad) {
      opts.onProgress?.('refresh');
      await opts.afterLoad(conn, batchId);
    }
    await conn.run('COMMIT');
    opts.onProgress?.('done');
    return { ...summary, ms: Date.now() - started };
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    const message = (err as Error).message;
    const failed = await recordFailure(wh, { ...base, contentHash, reportedAt, startedAt, message, format: source?.format ?? null });
    throw new IngestError(message, { ...failed, ms: Date.now() - started });
  } finally {
    source?.cleanup();
    conn.closeSync();
  }
}

/** Earlier rows repeating a natural key with other content in the same file: the last row wins. */
async function flagKeyConflicts(conn: DuckDBConnection, def: SourceType): Promise<void> {
  const key = def.naturalKey.map((k) => `v_${k}`).join(', ');
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_conflict AS
    SELECT row_no FROM (
      SELECT row_no, h, arg_max(h, row_no) OVER (PARTITION BY ${key}) AS last_h
      FROM (SELECT row_no, ${key}, ${contentHash(def)} AS h FROM xy_chk WHERE len(reasons) = 0)
    ) WHERE h <> last_h`);
  await conn.run(`UPDATE xy_chk SET reasons = list_append(reasons, 'key_repeated_in_file')
    WHERE row_no IN (SELECT row_no FROM xy_conflict)`);
}

/** Hash of a record's content, excluding its report date (a resubmission is not a change). */
function contentHash(def: SourceType): string {
  const cols = def.fields.filter((f) => f.name !== 'reported_date').map((f) => `v_${f.name}::VARCHAR`);
  return `md5(list_value(${cols.join(', ')})::VARCHAR)`;
}

/** Original values by Chinese header, with ID numbers masked so none is kept in clear. */
function rawJson(def: SourceType, columns: readonly (string | null)[]): string {
  const present = new Set(columns);
  const pairs = def.fields.filter((f) => present.has(f.name)).flatMap((f) => {
    const v = f.type === 'id_number'
      ? `CASE WHEN length(s.raw_${f.name}) >= 10 THEN left(s.raw_${f.name}, 6) || '********' || right(s.raw_${f.name}, 4) ELSE s.raw_${f.name} END`
      : `s.raw_${f.name}`;
    return [sqlString(f.headerZh), v];
  });
  return `json_object(${pairs.join(', ')})`;
}

function coreColumns(def: SourceType): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  const add = (n: string, v: string) => (names.push(n), values.push(v));
  for (const f of def.fields as FieldDef[]) {
    if (f.type === 'id_number') {
      add(`${f.name}_hash`, `CASE WHEN v_${f.name} IS NOT NULL THEN sha256(getvariable('xy_id_key') || ':' || v_${f.name}) END`);
      add(`${f.name}_masked`, `CASE WHEN v_${f.name} IS NOT NULL THEN left(v_${f.name}, 6) || '********' || right(v_${f.name}, 4) END`);
    } else if (f.name === 'reported_date') {
      add('reported_date', `coalesce(v_reported_date, getvariable('xy_reported_at'))`);
    } else {
      add(f.name, `v_${f.name}`);
    }
  }
  if (def.table === 'core.subject') {
    add('category', `CASE WHEN left(v_uscc, 2) IN ('91', '93') THEN 'enterprise' WHEN left(v_uscc, 2) = '92' THEN 'individual_business' ELSE 'non_enterprise' END`);
  }
  if (def.table === 'core.person') {
    add('birth_date', `strptime(substr(v_id_number, 7, 8), '%Y%m%d')::DATE`);
    add('district_code', `(SELECT district_code FROM core.area WHERE code = v_street_code)`);
  }
  return { names, values };
}

async function upsert(conn: DuckDBConnection, def: SourceType, batchId: number, departmentId: string) {
  const key = def.naturalKey;
  const keyCore = key.map((k) => (def.fields.find((f) => f.name === k)?.type === 'id_number' ? `${k}_hash` : k));
  const keyNew = key.map((k) => (def.fields.find((f) => f.name === k)?.type === 'id_number'
    ? `sha256(getvariable('xy_id_key') || ':' || n.v_${k})` : `n.v_${k}`));
  // Valid rows, first occurrence of each content in the file.
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_ok AS
    SELECT * FROM (SELECT *, ${contentHash(def)} AS content_hash FROM xy_chk WHERE len(reasons) = 0)
    QUALIFY row_number() OVER (PARTITION BY content_hash ORDER BY row_no) = 1`);
  // Drop those identical to the current version in the warehouse.
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_new AS
    SELECT n.*, (cur.content_hash IS NOT NULL) AS supersedes FROM xy_ok n
    LEFT JOIN (SELECT ${keyCore.map((k, i) => `${k} AS k${i}`).join(', ')}, content_hash FROM ${def.table} WHERE superseded_at IS NULL) cur
      ON ${keyNew.map((k, i) => `cur.k${i} = ${k}`).join(' AND ')}
    WHERE cur.content_hash IS NULL OR cur.content_hash <> n.content_hash`);
  const { names, values } = coreColumns(def);
  await conn.run(`UPDATE ${def.table} SET superseded_at = getvariable('xy_loaded_at'), superseded_by_batch = ${batchId}
    WHERE superseded_at IS NULL AND (${keyCore.join(', ')}) IN (SELECT (${keyNew.join(', ')}) FROM xy_new n WHERE supersedes)`);
  await conn.run(`INSERT INTO ${def.table} (${names.join(', ')}, department_id, batch_id, row_no, content_hash, loaded_at)
    SELECT ${values.join(', ')}, ${sqlString(departmentId)}, ${batchId}, row_no, content_hash, getvariable('xy_loaded_at') FROM xy_new`);
  const c = await readOne<{ valid: number; loaded: number; superseding: number }>(conn, `SELECT
    (SELECT count(*) FROM xy_chk WHERE len(reasons) = 0) AS valid,
    (SELECT count(*) FROM xy_new) AS loaded,
    (SELECT count(*) FROM xy_new WHERE supersedes) AS superseding`);
  return { loaded: c.loaded, superseding: c.superseding, duplicate: c.valid - c.loaded };
}

async function reasonCounts(conn: DuckDBConnection): Promise<Record<string, number>> {
  const rows = await readAll<{ reason: string; n: number }>(conn,
    `SELECT reason, count(*) AS n FROM (SELECT unnest(reasons) AS reason FROM xy_chk) GROUP BY reason ORDER BY n DESC, reason`);
  return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
}

async function recordFailure(
  wh: Warehouse,
  b: { file: string; sourceType: string; departmentId: string; contentHash: string; reportedAt: string; startedAt: string; message: string; format: string | null },
): Promise<BatchSummary> {
  const [row] = await wh.all<{ id: number }>(`SELECT nextval('meta.batch_seq')::INTEGER AS id`);
  const id = row!.id;
  await wh.run(
    `INSERT INTO meta.batch (id, file_name, content_hash, source_type, department_id, reported_at, format, started_at, finished_at, status, message)
     VALUES ($1, $2, $3, $4, $5, $6::DATE, $7, $8::TIMESTAMP, now()::TIMESTAMP, 'failed', $9)`,
    [id, b.file, b.contentHash, b.sourceType, b.departmentId, b.reportedAt, b.format, b.startedAt, b.message],
  );
  return {
    batchId: id, file: b.file, sourceType: b.sourceType, departmentId: b.departmentId, status: 'failed', format: b.format,
    encoding: null, headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, rowsDuplicate: 0, rowsSuperseding: 0,
    reasons: {}, ignoredHeaders: [], message: b.message, ms: 0,
  };
}
