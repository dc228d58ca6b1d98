/**
 * Loads one file as one batch: read, clean and check in one staging pass, then quarantine and
 * natural-key upsert, all in one DuckDB transaction together with the batch record (and whatever
 * `afterLoad` adds, e.g. the mart refresh), so a batch is all in or all out. A failure leaves the
 * warehouse as before and records a `failed` batch with the reason.
 */
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { chinaDay } from '../../lib/dates.ts';
import type { FileProblem } from '../../lib/file-problems.ts';
import { normalizeHeader } from '../../lib/text.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import { readAll, readOne } from '../../warehouse/connection.ts';
import { isCsvShapeError, openSource, sqlString, type SourceRelation } from '../read/open-source.ts';
import { emptyLineFrom, scanFile, UnreadableFileError, type FileScan } from '../read/sniff.ts';
import { getSourceType } from '../sources/index.ts';
import type { SourceType } from '../sources/source-type.ts';
import { AREA_KEY_SQL, coreColumnNames, type LoadSource, keyColumns, rawJsonFromStaged, reasonOrder, stageSql, usccSql } from './validation-sql.ts';

export type IngestPhase = 'read' | 'check' | 'load' | 'refresh' | 'done';

export interface IngestOptions {
  sourceType: string;
  departmentId: string;
  /** Day the department submitted the file (default: today in China). Records without their own report date count as reported then. */
  reportedAt?: string;
  /** Key of the keyed hash replacing ID numbers. */
  idKey: string;
  /**
   * The street office that sent the file itself (a street user's upload): only a type streets
   * report, and only rows of this street; the batch keeps it. `departmentId` is then the
   * department that receives the street's reports.
   */
  street?: string;
  /**
   * The file came through a department's or street's own account (the data desk), not from the
   * office: rows naming another department of the preset as their 数据来源单位 are rejected
   * (`unit_not_own`), and rows' own 上报日期 do not count, only the batch's report date.
   */
  ownAccount?: boolean;
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
  /** Workbooks: other visible worksheets holding rows, as `name (rows)`; they were not read. */
  ignoredSheets: string[];
  /** Workbooks read from more than one sheet: those sheets, in tab order, as `name (rows)`. */
  sheetsRead: string[];
  /** Required columns the header lacks (every row is rejected for them), by their Chinese header. */
  missingColumns: string[];
  /** The header again among the rows, set aside (not counted); `sheet` of a workbook read from several sheets. */
  repeatedHeaders: { sheet: string | null; row: number }[];
  /** Lines under the table that are no records (totals, notes, signatures), set aside (not counted). */
  footerRows: { sheet: string | null; row: number; text: string }[];
  /** The same bytes, type and department loaded before: that first batch (`loadedAt` in China time). */
  repeatOf?: { batchId: number; file: string; loadedAt: string } | null;
  message: string | null;
  /** A failed batch: why, as a code (lib/file-problems.ts); null when only the message says. */
  problem?: FileProblem | null;
  ms: number;
}

export class IngestError extends Error {
  /** @param problem what went wrong as a code, for a client that words it in its own language. */
  constructor(message: string, readonly summary?: BatchSummary, readonly problem?: FileProblem) {
    super(message);
    this.name = 'IngestError';
  }
}

/**
 * Loads one file as one batch. Loads in one process run one at a time (uploads, the inbox, the
 * CLI), so that two batches never race to refresh the same marts.
 * @example const s = await ingestFile(wh, 'xk.csv', { sourceType: 'licence', departmentId: 'zd-xzsp', idKey });
 */
export function ingestFile(wh: Warehouse, file: string, opts: IngestOptions): Promise<BatchSummary> {
  return wh.exclusive(() => ingestUnlocked(wh, file, opts));
}

/** The source type of a file no type recognised (its failed batch's). */
export const UNRECOGNISED = 'unrecognised';

/**
 * A file refused before any type was chosen for it (none recognises its header, or it cannot be
 * read to find out): recorded as a failed batch all the same, so the desk lists it with why.
 */
export function recordUnrecognised(
  wh: Warehouse, file: string, err: IngestError, opts: Pick<IngestOptions, 'departmentId' | 'street' | 'reportedAt'>,
): Promise<BatchSummary> {
  return wh.exclusive(async () => {
    const startedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
    const contentHash = await scanFile(file).then((f) => f.sha256, () => '');
    return recordFailure(wh, {
      file: path.basename(file), sourceType: UNRECOGNISED, departmentId: opts.departmentId, contentHash, reportedAt: opts.reportedAt ?? chinaDay(),
      startedAt, message: err.message, problem: err.problem, format: null, street: opts.street ?? null,
    });
  });
}

async function ingestUnlocked(wh: Warehouse, file: string, opts: IngestOptions): Promise<BatchSummary> {
  const started = Date.now();
  const def = getSourceType(opts.sourceType);
  const reportedAt = opts.reportedAt ?? chinaDay();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(reportedAt)) throw new IngestError(`reported date "${reportedAt}" is not YYYY-MM-DD`);
  const dept = await wh.all('SELECT id FROM core.department WHERE id = $1', [opts.departmentId]);
  if (dept.length === 0) throw new IngestError(`unknown department "${opts.departmentId}" (see \`xinyong departments\`)`);
  if (opts.street !== undefined) {
    if (!def.reportedByStreets) throw new IngestError(`a street office does not send ${def.nameZh} (${def.id}) itself; its department does`, undefined, { code: 'not_street_type', sourceType: def.id });
    const known = await wh.all(`SELECT code FROM core.area WHERE code = $1 AND level = 'street'`, [opts.street]);
    if (known.length === 0) throw new IngestError(`unknown street "${opts.street}"`);
  }
  const unreadable = (err: NodeJS.ErrnoException) => {
    throw new IngestError(`${path.basename(file)}: ${err.code === 'ENOENT' ? 'file not found' : err.message}`);
  };
  const info = await stat(file).catch(unreadable);
  if (!info.isFile()) throw new IngestError(`${path.basename(file)}: not a file`);
  await access(file, constants.R_OK).catch(unreadable);
  // The file's hash and empty lines are needed only after staging: they are found while DuckDB stages.
  const scanning = scanFile(file).catch(unreadable);
  scanning.catch(() => undefined);

  const conn = await wh.connect();
  const startedAt = new Date(started).toISOString().replace('T', ' ').replace('Z', '');
  const base = { file: path.basename(file), sourceType: def.id, departmentId: opts.departmentId };
  let source: SourceRelation | undefined;
  try {
    await conn.run(`SET VARIABLE xy_reported_at = ${sqlString(reportedAt)}::DATE`);
    await conn.run(`SET VARIABLE xy_loaded_at = ${sqlString(startedAt)}::TIMESTAMP`);
    await conn.run(`SET VARIABLE xy_id_key = ${sqlString(opts.idKey)}`);
    await conn.run(`SET VARIABLE xy_own_street = ${opts.street === undefined ? 'NULL' : sqlString(opts.street)}::VARCHAR`);
    await conn.run(`SET VARIABLE xy_own_street_name = (SELECT name_zh FROM core.area WHERE code = getvariable('xy_own_street'))`);
    await conn.run(`SET VARIABLE xy_department = ${sqlString(opts.departmentId)}`);
    await conn.run(`SET VARIABLE xy_row_report_dates = ${opts.ownAccount ? 'false' : 'true'}`);
    // With a listener, long statements report DuckDB's estimate of how far they are; a phase's
    // percentage only rises (staging may take more than one statement).
    const progress = opts.onProgress;
    if (progress) await conn.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0');
    const rising = (phase: IngestPhase): Percent | undefined => {
      if (!progress) return undefined;
      let top = -1;
      return (p) => {
        if (p <= top) return;
        top = p;
        progress(phase, `${p}%`);
      };
    };
    opts.onProgress?.('read');
    source = await openSource(conn, file, def, (n) => opts.onProgress?.('read', `${n} rows`));
    if (def.fields.some((f) => f.type === 'area')) await conn.run(AREA_KEY_SQL);
    // Staging and checks use temporary tables only; the warehouse changes in the transaction below.
    source = await stage(conn, def, source, scanning, { ownStreet: opts.street !== undefined, ownUnit: opts.ownAccount === true }, rising('read'));
    opts.onProgress?.('check');
    const present = new Set(source.mapping.columns.filter((c) => c !== null));
    const uscc = usccSql(def, present);
    if (uscc) {
      for (const sql of uscc.codes) await conn.run(sql);
      const { n } = await readOne<{ n: number }>(conn, 'SELECT count(*)::INTEGER AS n FROM xy_bad_uscc');
      if (n > 0) for (const sql of uscc.reject) await conn.run(sql);
    }
    await classifyRepeats(conn, def, present);
    // A workbook read from several sheets numbers its rows per sheet.
    const sheets = source.sheets && source.sheets.length > 1 ? source.sheets.map((x) => x.name) : null;
    const headers = await setRepeatedHeadersAside(conn, def, present, sheets);
    const footer = await setFooterAside(conn, sheets);
    // Each sheet's records, as rows read counts them (footer lines, repeated headers and blank rows are not).
    const sheetsRead = sheets === null ? [] : await readAll<{ sheet_no: number; n: number }>(conn,
      'SELECT sheet_no, count(*) FILTER (WHERE load_reasons IS NULL OR len(load_reasons) > 0)::INTEGER AS n FROM xy_chk GROUP BY ALL')
      .then((counts) => sheets.map((name, k) => `${name} (${counts.find((c) => c.sheet_no === k)?.n ?? 0})`));

    // The same bytes loaded before from this department as this type: a re-sent file.
    const [earlier] = await readAll<EarlierBatch>(conn,
      `SELECT id, file_name, strftime(finished_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%M') AS at FROM meta.batch
       WHERE content_hash = $1 AND source_type = $2 AND department_id = $3 AND status = 'loaded' ORDER BY id LIMIT 1`,
      [(await scanning).sha256, def.id, opts.departmentId]);

    await conn.run('BEGIN TRANSACTION');
    const { id: batchId } = await readOne<{ id: number }>(conn, `SELECT nextval('meta.batch_seq')::INTEGER AS id`);
    opts.onProgress?.('load');
    const order = `[${reasonOrder(def).map(sqlString).join(', ')}]`;
    await conn.run(`INSERT INTO meta.quarantine (batch_id, row_no, reasons, raw, sheet_no)
      SELECT ${batchId}, row_no, list_concat(list_filter(${order}, r -> list_contains(load_reasons, r)), list_filter(load_reasons, r -> NOT list_contains(${order}, r))), load_raw,
        ${sheets ? 'sheet_no' : 'NULL'}
      FROM xy_chk WHERE len(load_reasons) > 0 ORDER BY sheet_no, row_no`);
    const counts = await upsert(conn, def, batchId, opts.departmentId, { bySheet: sheets !== null, resent: earlier !== undefined }, rising('load'));
    const summary: BatchSummary = {
      ...base, batchId, status: 'loaded', format: source.format, encoding: source.encoding, headerRow: source.headerRow,
      rowsRead: counts.read, rowsLoaded: counts.loaded, rowsQuarantined: counts.quarantined, rowsDuplicate: counts.duplicate,
      rowsSuperseding: counts.superseding, reasons: await reasonCounts(conn, batchId), ignoredHeaders: source.mapping.ignored, ignoredSheets: source.ignoredSheets ?? [],
      sheetsRead, missingColumns: missingColumns(source, opts.street === undefined ? undefined : def.fields.find((f) => f.name === 'street_code' || f.unitName)?.headerZh),
      repeatedHeaders: headers.map((h) => ({ sheet: h.sheet, row: h.row_no })), footerRows: footer.map((f) => ({ sheet: f.sheet, row: f.row_no, text: f.text })),
      message: null, ms: 0,
      repeatOf: earlier ? { batchId: earlier.id, file: earlier.file_name, loadedAt: earlier.at } : null,
    };
    summary.message = notes(summary, source);
    await conn.run(
      `INSERT INTO meta.batch (id, file_name, content_hash, source_type, department_id, reported_at, format, encoding, header_row,
         rows_read, rows_loaded, rows_quarantined, rows_duplicate, rows_superseding, started_at, finished_at, status, message, sheets, street_code)
       VALUES ($1, $2, $3, $4, $5, $6::DATE, $7, $8, $9, $10, $11, $12, $13, $14, $15::TIMESTAMP, (now() AT TIME ZONE 'UTC'), 'loaded', $16, $17::JSON::VARCHAR[], $18)`,
      [batchId, summary.file, (await scanning).sha256, def.id, opts.departmentId, reportedAt, source.format, source.encoding, source.headerRow,
        summary.rowsRead, summary.rowsLoaded, summary.rowsQuarantined, summary.rowsDuplicate, summary.rowsSuperseding, startedAt, summary.message,
        sheets && JSON.stringify(sheets), opts.street ?? null],
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
    const problem = err instanceof UnreadableFileError ? err.problem : undefined;
    const contentHash = await scanning.then((f) => f.sha256, () => '');
    const failed = await recordFailure(wh, { ...base, contentHash, reportedAt, startedAt, message, problem, format: source?.format ?? null, street: opts.street ?? null });
    throw new IngestError(message, { ...failed, ms: Date.now() - started }, problem);
  } finally {
    source?.cleanup();
    conn.closeSync();
  }
}

/**
 * What the file lacks or the batch did not read of it: required columns, the sheets read, footer
 * lines, columns no field takes, other worksheets. Long lists are cut (the summary keeps them whole).
 */
/**
 * Required columns the header lacks. `filled`: a column the batch fills in when absent (a
 * street's own file may leave its street out, stageSql).
 */
function missingColumns(source: SourceRelation, filled: string | undefined): string[] {
  return source.mapping.missingRequired.filter((h) => h !== filled);
}

/** The batch's message: what the summary's lists say, in one English line for the CLI and the logs. */
function notes(s: BatchSummary, source: SourceRelation): string | null {
  const parts: string[] = [];
  if (s.repeatOf) {
    parts.push(`the same file as batch ${s.repeatOf.batchId} (${s.repeatOf.file}, loaded ${s.repeatOf.loadedAt}): a row equal to a version its record already had counts as a duplicate and does not replace a later correction`);
  }
  const some = (items: readonly string[]) => (items.length > NOTED ? `${items.slice(0, NOTED).join(', ')} … (${items.length - NOTED} more)` : items.join(', '));
  const at = (r: { sheet: string | null; row: number }) => `${r.sheet === null ? '' : `${r.sheet} `}${r.row}`;
  if (s.missingColumns.length) parts.push(`required columns missing (each row is rejected for them): ${s.missingColumns.join(', ')}`);
  if (s.sheetsRead.length) parts.push(`sheets read (rows): ${some(s.sheetsRead)}`);
  if (s.repeatedHeaders.length) parts.push(`repeated header rows not read: ${some(s.repeatedHeaders.map(at))}`);
  if (s.footerRows.length) parts.push(`footer rows not read: ${some(s.footerRows.map((f) => `${at(f)} (${f.text.length > 40 ? `${f.text.slice(0, 40)}…` : f.text})`))}`);
  if (source.mapping.ignored.length) parts.push(`ignored columns: ${source.mapping.ignored.join(', ')}`);
  if (source.ignoredSheets?.length) parts.push(`sheets not read (rows): ${some(source.ignoredSheets)}`);
  return parts.length ? parts.join('; ') : null;
}

/** The first loaded batch of the same bytes, type and department; `at` in China time. */
interface EarlierBatch {
  id: number;
  file_name: string;
  at: string;
}

/** Items of a list a batch message names before it says how many more there are. */
const NOTED = 12;

/** Receives how far a statement is, in percent. */
type Percent = (percent: number) => void;

/** Runs a statement, reporting DuckDB's own estimate of how far it is every half second. */
async function runReporting(conn: DuckDBConnection, sql: string, report?: Percent): Promise<void> {
  if (!report) {
    await conn.run(sql);
    return;
  }
  const timer = setInterval(() => {
    const p = Math.floor(conn.progress.percentage);
    try {
      if (p >= 0) report(p);
    } catch {
      // A failing listener does not stop the load.
    }
  }, 500);
  try {
    await conn.run(sql);
  } finally {
    clearInterval(timer);
  }
}

/**
 * Reads the source into xy_chk. When DuckDB rejects a CSV, the source's fallback reads it next
 * (the whole file for parts of a GB18030 file, then the tolerant reader). A CSV with an empty
 * line among its rows is read again by the tolerant reader, which numbers the rows after it as a
 * spreadsheet does; DuckDB's reader drops the line.
 */
async function stage(
  conn: DuckDBConnection, def: SourceType, source: SourceRelation, scan: Promise<FileScan>, own: Pick<LoadSource, 'ownStreet' | 'ownUnit'>, report?: Percent,
): Promise<SourceRelation> {
  const run = async (src: SourceRelation) => {
    const hasOverflow = src.reader === 'js-csv' || src.reader === 'xlsx' || src.reader === 'xls';
    const hasSheetNo = (src.sheets?.length ?? 0) > 1;
    for (const sql of stageSql(def, { columns: src.mapping.columns, relation: src.relation, rowNoOffset: src.rowNoOffset, hasOverflow, hasSheetNo, ...own })) {
      await runReporting(conn, sql, report);
    }
  };
  // The scan of a small file is done by now: a file it finds empty lines in is read once, exactly.
  let scanned: FileScan | undefined;
  scan.then((f) => (scanned = f), () => undefined);
  await new Promise<void>((resolve) => setImmediate(resolve));
  for (let current = source; ;) {
    if (current.exact && scanned && emptyLineFrom(scanned, current.exact.from)) current = await current.exact.reader();
    try {
      await run(current);
    } catch (err) {
      if (!current.fallback || !isCsvShapeError(err)) throw err;
      current = await current.fallback();
      continue;
    }
    if (!current.exact || !emptyLineFrom(await scan, current.exact.from)) return current;
    current = await current.exact.reader();
  }
}

/**
 * Rows that repeat a natural key within the file: the last content wins; an earlier row with
 * other content is rejected (key_repeated_in_file), one with the same content is an exact
 * duplicate (left in xy_repeat). Only keys seen more than once are examined.
 */
async function classifyRepeats(conn: DuckDBConnection, def: SourceType, present: ReadonlySet<string>): Promise<void> {
  const keys = keyColumns(def).join(', ');
  // Grouping by one hash of the key first keeps the grouping by the key's text (which costs
  // several times as much) to the few rows that may repeat one: rows sharing a key share its hash.
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_repeat AS
    WITH maybe AS (
      SELECT rowid AS rid, ${keys}, content_hash, sheet_no, row_no FROM xy_chk
      WHERE load_reasons IS NULL AND hash(${keys}) IN (SELECT hash(${keys}) FROM xy_chk WHERE load_reasons IS NULL GROUP BY ALL HAVING count(*) > 1)
    )
    SELECT rid, h <> last_h AS conflict FROM (
      SELECT c.rid, c.content_hash AS h, m.last_h, row_number() OVER (PARTITION BY c.content_hash ORDER BY c.sheet_no, c.row_no) AS nth
      FROM maybe c JOIN (
        SELECT ${keys}, arg_max(content_hash, (sheet_no::BIGINT << 32) + row_no) AS last_h FROM maybe GROUP BY ALL HAVING count(*) > 1
      ) m USING (${keys})
    ) WHERE h <> last_h OR nth > 1`);
  await conn.run(`UPDATE xy_chk t SET load_reasons = ['key_repeated_in_file'], load_raw = ${rawJsonFromStaged(def, present)}
    WHERE t.rowid IN (SELECT rid FROM xy_repeat WHERE conflict)`);
}

/**
 * How the lines under a table begin that are not records: a total (合计, 合计：共10条, 合计 10), or
 * a label and its colon (备注：…, 填报人：张三, 填报单位（盖章）：…, 主要负责人签字：, 报送时间：…:
 * the listed words, or a short label ending in 人, 日期, 时间, 单位, 签字, 盖章 … with an optional
 * bracketed note). A record's name may begin with such a word (审核中心便民服务部), but not with
 * the word and a colon.
 */
const FOOTER_START = '^((合计|总计|小计|共计)([:：\\s0-9共]|$)|(累计|备注|说明|注|审核|制表|联系电话)\\s*[:：]'
  + '|\\p{Han}{0,8}(人|日期|时间|单位|签字|签名|盖章|领导|电话)\\s*([（(][^）)]{0,8}[）)])?\\s*[:：]'
  // The end of the table written out (以下空白, （以下无正文）), a count (共2条), a signature without its colon (制表人 张三).
  + '|[（(]?以下(空白|无正文)[）)]?$|共\\s*[0-9]+\\s*(条|项|件|户|家|个)|(制表|审核|填报|经办|复核|负责)人\\s+\\p{Han}{1,6}$)';
/** A total row's first cell; the cells after it are its sums and counts (合计, 3, 12.5, 2条). */
const TOTAL_START = '^(合计|总计|小计|共计)';
const NUMBER = '[-+]?[0-9][0-9,]*(\\.[0-9]+)?\\s*(条|项|件|户|家|个|万元|元)?';

/** A row set aside as no record: where it is. */
interface AsideRow {
  row_no: number;
  /** The sheet's name, of a workbook read from several sheets. */
  sheet: string | null;
}

interface FooterRow extends AsideRow {
  text: string;
}

/**
 * The header again among the rows, which would otherwise count as rejected records: two files
 * pasted into one (a CSV's second header), an export that repeats its header on every printed
 * page, two month tables of an HTML export one under the other. A rejected row is one when at
 * least as many of its cells name their own column as the header needs; the row under it when two
 * or more do (sub-headings), and a one-cell row right above it (its title), go with it. They are
 * set aside like blank lines, not read, and the batch's message names them.
 */
async function setRepeatedHeadersAside(conn: DuckDBConnection, def: SourceType, present: ReadonlySet<string>, sheets: string[] | null): Promise<AsideRow[]> {
  // A cell as header-map.ts compares headers (roughly: the loader has cleaned it already).
  const norm = (x: string) => `lower(translate(regexp_replace(${x}, '[\\s*＊]', '', 'g'), '（）【】〔〕［］', '()()()()'))`;
  // The kept values come in field order (validation-sql.ts, rawJson), read from the JSON once.
  const names = def.fields.filter((f) => present.has(f.name)).map((f, i) => {
    const own = [...new Set([f.headerZh, f.code, f.name, ...(f.aliases ?? [])].filter((h) => h !== undefined).map(normalizeHeader))];
    return `CASE WHEN list_contains([${own.map(sqlString).join(', ')}], ${norm(`vals[${i + 1}]`)}) THEN 1 ELSE 0 END`;
  });
  if (names.length === 0) {
    await conn.run('CREATE OR REPLACE TEMP TABLE xy_header_rows (rid BIGINT, row_no INTEGER, sheet_no SMALLINT)');
    return [];
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_header_like AS
    SELECT * FROM (
      SELECT rid, row_no, sheet_no, ${names.join(' + ')} AS matches, len(list_filter(vals, v -> v IS NOT NULL)) AS filled
      FROM (SELECT rowid AS rid, row_no, sheet_no, json_extract_string(load_raw, '$.*') AS vals FROM xy_chk WHERE len(load_reasons) > 0)
    ) WHERE matches >= 2 OR filled = 1`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_header_rows AS
    WITH h AS (SELECT * FROM xy_header_like WHERE matches >= ${def.minHeaderMatches})
    SELECT rid, row_no, sheet_no FROM h
    UNION SELECT s.rid, s.row_no, s.sheet_no FROM xy_header_like s JOIN h ON s.sheet_no = h.sheet_no AND s.row_no = h.row_no + 1 WHERE s.matches >= 2
    UNION SELECT t.rid, t.row_no, t.sheet_no FROM xy_header_like t JOIN h ON t.sheet_no = h.sheet_no AND t.row_no = h.row_no - 1 WHERE t.filled = 1`);
  const rows = (await readAll<{ row_no: number; sheet_no: number }>(conn, 'SELECT row_no, sheet_no FROM xy_header_rows ORDER BY sheet_no, row_no'))
    .map((r) => ({ row_no: r.row_no, sheet: sheets?.[r.sheet_no] ?? null }));
  if (rows.length > 0) await conn.run('UPDATE xy_chk SET load_reasons = []::VARCHAR[], load_raw = NULL WHERE rowid IN (SELECT rid FROM xy_header_rows)');
  return rows;
}

/**
 * Lines under the table that are not records (合计：共10条, 备注：…, 填报人：张三), which would
 * otherwise count as rejected records: rows after the last other row of their sheet, or of their
 * part where the header comes again (setRepeatedHeadersAside runs first), whose few filled cells
 * (one to three) each begin as such a line does. They are set aside like blank
 * lines, not read, and the batch's message names them. `sheets`: the names of the sheets read,
 * when more than one.
 */
async function setFooterAside(conn: DuckDBConnection, sheets: string[] | null): Promise<FooterRow[]> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_footer AS
    SELECT rowid AS rid, row_no, sheet_no, array_to_string(vals, ' ') AS text FROM (
      SELECT rowid, row_no, sheet_no, list_filter(json_extract_string(load_raw, '$.*'), v -> v IS NOT NULL) AS vals FROM xy_chk WHERE len(load_reasons) > 0
    ) WHERE (len(vals) BETWEEN 1 AND 3 AND list_bool_and(list_transform(vals, v -> regexp_matches(v, ${sqlString(FOOTER_START)}))))
      OR (len(vals) BETWEEN 2 AND 8 AND regexp_matches(vals[1], ${sqlString(TOTAL_START)})
        AND list_bool_and(list_transform(vals[2:], v -> regexp_full_match(v, ${sqlString(NUMBER)}))))`);
  const { n } = await readOne<{ n: number }>(conn, 'SELECT count(*)::INTEGER AS n FROM xy_footer');
  if (n === 0) return [];
  // Only a block at the end of a part (of the sheet, or before the header comes again): a
  // footer-like row above another record of its part is a record and keeps its reasons.
  await conn.run(`DELETE FROM xy_footer WHERE rid IN (
    WITH rec AS (
      SELECT sheet_no, row_no FROM xy_chk WHERE (load_reasons IS NULL OR len(load_reasons) > 0) AND rowid NOT IN (SELECT rid FROM xy_footer)
    ), next_rec AS (
      SELECT f.rid, min(r.row_no) AS row_no FROM xy_footer f JOIN rec r ON r.sheet_no = f.sheet_no AND r.row_no > f.row_no GROUP BY f.rid
    )
    SELECT n.rid FROM next_rec n JOIN xy_footer f USING (rid)
    WHERE NOT EXISTS (SELECT 1 FROM xy_header_rows h WHERE h.sheet_no = f.sheet_no AND h.row_no > f.row_no AND h.row_no < n.row_no))`);
  const rows = (await readAll<{ row_no: number; sheet_no: number; text: string }>(conn, 'SELECT row_no, sheet_no, text FROM xy_footer ORDER BY sheet_no, row_no'))
    .map((r) => ({ row_no: r.row_no, sheet: sheets?.[r.sheet_no] ?? null, text: r.text }));
  if (rows.length > 0) await conn.run('UPDATE xy_chk SET load_reasons = []::VARCHAR[], load_raw = NULL WHERE rowid IN (SELECT rid FROM xy_footer)');
  return rows;
}

/**
 * Inserts the batch's accepted rows and marks the versions they replace. A row identical to the
 * current version of its key, or repeating an earlier row of the file, is a duplicate. In a
 * re-sent file (`resent`: the same bytes loaded before), so is a row identical to any earlier
 * version of its key: sending a file again does not undo the corrections loaded since.
 * `bySheet`: the rows are numbered per sheet, and keep their sheet.
 */
async function upsert(conn: DuckDBConnection, def: SourceType, batchId: number, departmentId: string, how: { bySheet: boolean; resent: boolean }, report?: Percent) {
  const { bySheet, resent } = how;
  const table = def.table;
  const keys = keyColumns(def);
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_match AS
    SELECT n.rowid AS rid, cur.rowid AS cur_rid, cur.content_hash = n.content_hash AS same
    FROM xy_chk n JOIN ${table} cur ON ${keys.map((k) => `cur.${k} = n.${k}`).join(' AND ')}
    WHERE n.load_reasons IS NULL AND n.rowid NOT IN (SELECT rid FROM xy_repeat) AND cur.superseded_at IS NULL`);
  if (resent) {
    // Counted as equal to their current version: rows equal to a version since replaced.
    await conn.run(`INSERT INTO xy_match
      SELECT DISTINCT n.rowid, NULL, true
      FROM xy_chk n JOIN ${table} old ON ${keys.map((k) => `old.${k} = n.${k}`).join(' AND ')} AND old.content_hash = n.content_hash
      WHERE n.load_reasons IS NULL AND n.rowid NOT IN (SELECT rid FROM xy_repeat) AND old.superseded_at IS NOT NULL`);
  }
  // Duplicates are flagged in place, so that the copy below is a plain filtered scan (an
  // anti-join would make DuckDB give up the parallel, order-keeping insert).
  await conn.run(`UPDATE xy_chk SET duplicate = true
    WHERE rowid IN (SELECT rid FROM xy_repeat WHERE NOT conflict UNION SELECT rid FROM xy_match WHERE same)`);
  await conn.run(`UPDATE ${table} SET superseded_at = getvariable('xy_loaded_at'), superseded_by_batch = ${batchId}
    WHERE rowid IN (SELECT cur_rid FROM xy_match WHERE NOT same AND rid NOT IN (SELECT rid FROM xy_match WHERE same))`);
  const names = coreColumnNames(def);
  await runReporting(conn, `INSERT INTO ${table} (${names.join(', ')}, department_id, batch_id, row_no, sheet_no, content_hash, loaded_at)
    SELECT ${names.join(', ')}, ${sqlString(departmentId)}, ${batchId}, row_no, ${bySheet ? 'sheet_no' : 'NULL'}, content_hash, getvariable('xy_loaded_at')
    FROM xy_chk WHERE load_reasons IS NULL AND NOT duplicate`, report);
  const c = await readOne<{ read: number; quarantined: number; duplicate: number; superseding: number }>(conn, `SELECT
      count(*) FILTER (WHERE load_reasons IS NULL OR len(load_reasons) > 0)::INTEGER AS read,
      count(*) FILTER (WHERE len(load_reasons) > 0)::INTEGER AS quarantined,
      count(*) FILTER (WHERE duplicate)::INTEGER AS duplicate,
      (SELECT count(DISTINCT rid) FROM xy_match WHERE NOT same AND rid NOT IN (SELECT rid FROM xy_match WHERE same))::INTEGER AS superseding
    FROM xy_chk`);
  const { loaded } = await readOne<{ loaded: number }>(conn, `SELECT count(*)::INTEGER AS loaded FROM ${table} WHERE batch_id = ${batchId}`);
  if (c.read !== loaded + c.quarantined + c.duplicate) {
    throw new Error(`row accounting broken: read ${c.read} ≠ loaded ${loaded} + quarantined ${c.quarantined} + duplicate ${c.duplicate}`);
  }
  return { read: c.read, loaded, quarantined: c.quarantined, duplicate: c.duplicate, superseding: c.superseding };
}

async function reasonCounts(conn: DuckDBConnection, batchId: number): Promise<Record<string, number>> {
  const rows = await readAll<{ reason: string; n: number }>(conn,
    `SELECT reason, count(*) AS n FROM (SELECT unnest(reasons) AS reason FROM meta.quarantine WHERE batch_id = ${batchId}) GROUP BY reason ORDER BY n DESC, reason`);
  return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
}

async function recordFailure(
  wh: Warehouse,
  b: { file: string; sourceType: string; departmentId: string; contentHash: string; reportedAt: string; startedAt: string; message: string; problem: FileProblem | undefined; format: string | null; street: string | null },
): Promise<BatchSummary> {
  const [row] = await wh.all<{ id: number }>(`SELECT nextval('meta.batch_seq')::INTEGER AS id`);
  const id = row!.id;
  await wh.run(
    `INSERT INTO meta.batch (id, file_name, content_hash, source_type, department_id, reported_at, format, started_at, finished_at, status, message, street_code, problem)
     VALUES ($1, $2, $3, $4, $5, $6::DATE, $7, $8::TIMESTAMP, (now() AT TIME ZONE 'UTC'), 'failed', $9, $10, $11)`,
    [id, b.file, b.contentHash, b.sourceType, b.departmentId, b.reportedAt, b.format, b.startedAt, b.message, b.street, b.problem ? JSON.stringify(b.problem) : null],
  );
  return {
    batchId: id, file: b.file, sourceType: b.sourceType, departmentId: b.departmentId, status: 'failed', format: b.format,
    encoding: null, headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, rowsDuplicate: 0, rowsSuperseding: 0,
    reasons: {}, ignoredHeaders: [], ignoredSheets: [], sheetsRead: [], missingColumns: [], repeatedHeaders: [], footerRows: [], message: b.message, problem: b.problem ?? null, ms: 0,
  };
}
