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
import { isCsvShapeError, openSource, sqlString, type SourceRelation } from '../read/open-source.ts';
import { getSourceType } from '../sources/index.ts';
import type { FieldDef, SourceType } from '../sources/source-type.ts';
import { AREA_KEY_SQL, checkSql, idHash, stagedValue, stageSql, stageViewSql, usccCheckSql } from './validation-sql.ts';

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
 * Loads one file as one batch. Loads in one process run one at a time (uploads, the inbox, the
 * CLI), so that two batches never race to refresh the same marts.
 * @example const s = await ingestFile(wh, 'xk.csv', { sourceType: 'licence', departmentId: 'zd-xzsp', idKey });
 */
export function ingestFile(wh: Warehouse, file: string, opts: IngestOptions): Promise<BatchSummary> {
  return wh.exclusive(() => ingestUnlocked(wh, file, opts));
}

async function ingestUnlocked(wh: Warehouse, file: string, opts: IngestOptions): Promise<BatchSummary> {
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
  let source: SourceRelation | undefined;
  try {
    await conn.run(`SET VARIABLE xy_reported_at = ${sqlString(reportedAt)}::DATE`);
    await conn.run(`SET VARIABLE xy_loaded_at = ${sqlString(startedAt)}::TIMESTAMP`);
    await conn.run(`SET VARIABLE xy_id_key = ${sqlString(opts.idKey)}`);
    opts.onProgress?.('read');
    source = await openSource(conn, file, def, (n) => opts.onProgress?.('read', `${n} rows`));
    // Staging and checks use temporary tables only; the warehouse changes in the transaction below.
    source = await stage(conn, def, source);
    opts.onProgress?.('check');
    const usccSql = usccCheckSql(def);
    if (usccSql) await conn.run(usccSql);
    if (def.fields.some((f) => f.type === 'area')) await conn.run(AREA_KEY_SQL);
    await conn.run(checkSql(def, source.reader === 'js-csv' || source.reader === 'xlsx'));
    await classifyRepeats(conn, def);

    await conn.run('BEGIN TRANSACTION');
    const { id: batchId } = await readOne<{ id: number }>(conn, `SELECT nextval('meta.batch_seq')::INTEGER AS id`);
    opts.onProgress?.('load');
    await conn.run(`INSERT INTO meta.quarantine
      SELECT ${batchId}, q.row_no, q.reasons, ${rawJson(def, source.mapping.columns, source.reader === 'js-csv' || source.reader === 'xlsx')}
      FROM (SELECT row_no, reasons FROM xy_chk WHERE len(reasons) > 0) q JOIN xy_s s USING (row_no)`);
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
      `INSERT INTO meta.batch VALUES ($1, $2, $3, $4, $5, $6::DATE, $7, $8, $9, $10, $11, $12, $13, $14, $15::TIMESTAMP, (now() AT TIME ZONE 'UTC'), 'loaded', $16)`,
      [batchId, summary.file, contentHash, def.id, opts.departmentId, reportedAt, source.format, source.encoding, source.headerRow,
        summary.rowsRead, summary.rowsLoaded, summary.rowsQuarantined, summary.rowsDuplicate, summary.rowsSuperseding, startedAt, summary.message],
    );
    if (opts.afterLoad) {
      opts.onProgress?.('refresh');
      await opts.afterLoad(conn, batchId);
    }
    await conn.run('COMMIT');
    wh.changed();
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

/** Reads the source into xy_stg, falling back to the tolerant reader when DuckDB rejects the CSV. */
async function stage(conn: DuckDBConnection, def: SourceType, source: SourceRelation): Promise<SourceRelation> {
  const run = async (src: SourceRelation) => {
    const overflow = src.reader === 'js-csv' || src.reader === 'xlsx';
    await conn.run(stageSql(def, src.mapping.columns, src.relation, src.rowNoOffset === null, overflow));
    await conn.run(stageViewSql(src.rowNoOffset));
  };
  try {
    await run(source);
    return source;
  } catch (err) {
    if (!source.fallback || !isCsvShapeError(err)) throw err;
    const tolerant = await source.fallback();
    await run(tolerant);
    return tolerant;
  }
}

/**
 * Rows that repeat a natural key within the file: the last content wins; an earlier row with
 * other content is quarantined (key_repeated_in_file), one with the same content is an exact
 * duplicate. Only keys seen more than once are examined.
 */
async function classifyRepeats(conn: DuckDBConnection, def: SourceType): Promise<void> {
  const key = def.naturalKey.map((k) => `k_${k}`).join(', ');
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_repeat AS
    SELECT row_no, h <> last_h AS conflict FROM (
      SELECT c.row_no, c.h, m.last_h, row_number() OVER (PARTITION BY c.h ORDER BY c.row_no) AS nth
      FROM xy_chk c JOIN (
        SELECT ${key}, arg_max(h, row_no) AS last_h FROM xy_chk WHERE len(reasons) = 0 GROUP BY ALL HAVING count(*) > 1
      ) m USING (${key})
      WHERE len(c.reasons) = 0
    ) WHERE h <> last_h OR nth > 1`);
  await conn.run(`UPDATE xy_chk SET reasons = ['key_repeated_in_file']
    WHERE row_no IN (SELECT row_no FROM xy_repeat WHERE conflict)`);
}

/** Original values by Chinese header, with ID numbers masked so none is kept in clear. */
function rawJson(def: SourceType, columns: readonly (string | null)[], hasOverflow: boolean): string {
  const present = new Set(columns);
  const pairs = def.fields.filter((f) => present.has(f.name)).flatMap((f) => {
    const v = f.type === 'id_number'
      ? `CASE WHEN length(s.raw_${f.name}) >= 10 THEN left(s.raw_${f.name}, 6) || '********' || right(s.raw_${f.name}, 4) ELSE s.raw_${f.name} END`
      : `s.raw_${f.name}`;
    return [sqlString(f.headerZh), v];
  });
  // Cells beyond the header's last column, kept so that a rejected row loses nothing.
  if (hasOverflow) pairs.push(sqlString('(多余单元格)'), 's.overflow');
  return `json_object(${pairs.join(', ')})`;
}

/** Core columns and the expressions filling them from xy_s (s) and xy_new (n). */
function coreColumns(def: SourceType): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  const add = (n: string, v: string) => (names.push(n), values.push(v));
  for (const f of def.fields as FieldDef[]) {
    if (f.type === 'id_number') {
      const id = `s.${stagedValue(f)}`;
      add(`${f.name}_hash`, idHash(id));
      add(`${f.name}_masked`, `CASE WHEN ${id} IS NOT NULL THEN left(${id}, 6) || '********' || right(${id}, 4) END`);
    } else if (f.name === 'reported_date') {
      add('reported_date', `coalesce(s.v_reported_date, getvariable('xy_reported_at'))`);
    } else if (f.type === 'area') {
      add(f.name, `n.a_${f.name}`);
    } else {
      add(f.name, `s.${stagedValue(f)}`);
    }
  }
  if (def.table === 'core.subject') {
    add('category', `CASE WHEN left(s.raw_uscc, 2) IN ('91', '93') THEN 'enterprise' WHEN left(s.raw_uscc, 2) = '92' THEN 'individual_business' ELSE 'non_enterprise' END`);
  }
  if (def.table === 'core.person') {
    add('birth_date', `strptime(substr(s.raw_id_number, 7, 8), '%Y%m%d')::DATE`);
    add('district_code', `(SELECT district_code FROM core.area WHERE code = n.a_street_code)`);
  }
  return { names, values };
}

/**
 * Inserts the batch's new records and marks the versions they replace. A row identical to the
 * current version of its key, or repeating an earlier row of the file, is a duplicate.
 */
async function upsert(conn: DuckDBConnection, def: SourceType, batchId: number, departmentId: string) {
  const coreKey = def.naturalKey.map((k) => (def.fields.find((f) => f.name === k)?.type === 'id_number' ? `${k}_hash` : k));
  const areas = def.fields.filter((f) => f.type === 'area').map((f) => `c.a_${f.name}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_new AS
    SELECT c.row_no, c.h, ${def.naturalKey.map((k) => `c.k_${k}`).join(', ')}${areas.length ? `, ${areas.join(', ')}` : ''},
      (cur.content_hash IS NOT NULL) AS supersedes
    FROM xy_chk c
    LEFT JOIN (SELECT ${coreKey.map((k, i) => `${k} AS ck${i}`).join(', ')}, content_hash FROM ${def.table} WHERE superseded_at IS NULL) cur
      ON ${def.naturalKey.map((k, i) => `cur.ck${i} = c.k_${k}`).join(' AND ')}
    WHERE len(c.reasons) = 0 AND c.row_no NOT IN (SELECT row_no FROM xy_repeat)
      AND (cur.content_hash IS NULL OR cur.content_hash <> c.h)`);
  const { names, values } = coreColumns(def);
  await conn.run(`UPDATE ${def.table} SET superseded_at = getvariable('xy_loaded_at'), superseded_by_batch = ${batchId}
    WHERE superseded_at IS NULL AND (${coreKey.join(', ')}) IN (SELECT (${def.naturalKey.map((k) => `k_${k}`).join(', ')}) FROM xy_new WHERE supersedes)`);
  await conn.run(`INSERT INTO ${def.table} (${names.join(', ')}, department_id, batch_id, row_no, content_hash, loaded_at)
    SELECT ${values.join(', ')}, ${sqlString(departmentId)}, ${batchId}, n.row_no, n.h, getvariable('xy_loaded_at')
    FROM xy_new n JOIN xy_s s USING (row_no)`);
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
     VALUES ($1, $2, $3, $4, $5, $6::DATE, $7, $8::TIMESTAMP, (now() AT TIME ZONE 'UTC'), 'failed', $9)`,
    [id, b.file, b.contentHash, b.sourceType, b.departmentId, b.reportedAt, b.format, b.startedAt, b.message],
  );
  return {
    batchId: id, file: b.file, sourceType: b.sourceType, departmentId: b.departmentId, status: 'failed', format: b.format,
    encoding: null, headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, rowsDuplicate: 0, rowsSuperseding: 0,
    reasons: {}, ignoredHeaders: [], message: b.message, ms: 0,
  };
}
