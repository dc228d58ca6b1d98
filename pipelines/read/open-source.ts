/**
 * Turns a department's file into something DuckDB reads as rows of text: columns `c0…cN`
 * (VARCHAR) and `row_no`, the row as a spreadsheet numbers it. UTF-8 CSV is read by DuckDB
 * directly (the fast path); GB18030 is transcoded to temporary UTF-8 files first, in parallel
 * (transcode.ts). Workbooks (.xlsx by xlsx-reader.ts; .xls by xls-reader.ts), UTF-16 text
 * (transcoded whole), and CSV that DuckDB's strict reader rejects go through a JS reader that
 * writes a normalised temporary CSV with exact row numbers.
 * Parquet and JSON Lines are read by DuckDB by name.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceType } from '../sources/source-type.ts';
import { SOURCE_TYPES } from '../sources/index.ts';
import { betterFit, findHeader, type HeaderMapping } from './header-map.ts';
import { gb18030ToUtf8Parts } from './transcode.ts';
import { XlsReader } from './xls-reader.ts';
import { WorkbookError, XlsxReader, type MergedCells, type SheetInfo, type Workbook } from './xlsx-reader.ts';
import {
  UnreadableFileError, decodeHead, detectDelimiter, detectEncoding, detectFormat, offsetAfterLines, readHead, sampleRows,
  type FileFormat, type TextEncoding,
} from './sniff.ts';
import { sqlString } from '../../lib/sql.ts';

export interface SourceRelation {
  format: FileFormat;
  encoding: TextEncoding | null;
  /** 1-based row of the header in the file (0 for Parquet / JSON Lines). */
  headerRow: number;
  mapping: HeaderMapping;
  /**
   * A DuckDB table expression yielding c0…cN in file order, plus `row_no` (the row as a
   * spreadsheet numbers it) when `rowNoOffset` is null; otherwise row_no = position + offset.
   */
  relation: string;
  rowNoOffset: number | null;
  /** Workbooks: the other visible sheets holding rows, as `name (rows)`; they are not read. */
  ignoredSheets?: string[];
  /**
   * Workbooks: the sheets read, in tab order, with their data rows. When there are two or more,
   * the relation has a `sheet_no` column (0-based in this list) and each sheet numbers its rows.
   */
  sheets?: { name: string; rows: number }[];
  /** Which reader produced the relation. */
  reader: 'duckdb-csv' | 'js-csv' | 'xlsx' | 'xls' | 'parquet' | 'jsonl';
  /** For the DuckDB CSV reader: the next reader to try when DuckDB rejects the file. */
  fallback?: () => Promise<SourceRelation>;
  /**
   * For the DuckDB CSV reader, which drops empty lines: the reader that numbers the rows after
   * an empty line as a spreadsheet does, and the file offset where the rows below the header start.
   */
  exact?: { from: number; reader: () => Promise<SourceRelation> };
  cleanup(): void;
}

export { sqlString };

export type Progress = (done: number, total: number) => void;

/**
 * @example const src = await openSource(conn, 'penalties.csv', penalty); // then SELECT * FROM ${src.relation}
 */
export async function openSource(conn: DuckDBConnection, file: string, def: SourceType, onProgress?: Progress): Promise<SourceRelation> {
  const head = await readHead(file);
  if (head.length === 0) throw new UnreadableFileError(file, 'the file is empty', { code: 'file_empty' });
  const format = detectFormat(file, head);
  const tmp = mkdtempSync(path.join(tmpdir(), 'xinyong-'));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  try {
    switch (format) {
      case 'csv':
        return await openCsv(file, head, def, tmp, cleanup, onProgress);
      case 'xlsx':
      case 'xls':
        return await openWorkbook(file, format, def, tmp, cleanup, onProgress);
      case 'parquet':
      case 'jsonl':
        return await openNamed(conn, file, format, def, cleanup);
    }
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** Rows searched for a header row, as `findHeader` does. */
const HEADER_SCAN = 30;

/**
 * The first rows of each table the file holds (of a workbook, each visible sheet), enough to
 * find a header row; the file is read no further. For recognising a file's source type without
 * reading it whole once per type.
 * @example const blocks = await leadingRows(conn, 'upload.xlsx'); // [[['行政许可信息'], ['行政相对人名称', …]]]
 */
export async function leadingRows(conn: DuckDBConnection, file: string): Promise<(string | null)[][][]> {
  const head = await readHead(file);
  if (head.length === 0) throw new UnreadableFileError(file, 'the file is empty', { code: 'file_empty' });
  const format = detectFormat(file, head);
  switch (format) {
    case 'csv': {
      const sample = decodeHead(head, detectEncoding(head));
      return [sampleRows(sample, detectDelimiter(sample))];
    }
    case 'xlsx':
    case 'xls': {
      const book = await openBook(file, format, HEADER_SCAN + 1);
      try {
        const blocks: (string | null)[][][] = [];
        for (const sheet of book.sheets) {
          if (sheet.state !== 'visible') continue;
          const rows: (string | null)[][] = [];
          for await (const { number, cells } of book.rows(sheet)) {
            if (number > HEADER_SCAN + 1) break;
            placeRow(rows, number, cells);
          }
          blocks.push(rows);
        }
        return blocks;
      } catch (err) {
        throw asUnreadable(file, err);
      } finally {
        book.close();
      }
    }
    case 'parquet':
    case 'jsonl':
      return [[await columnNames(conn, namedScan(file, format))]];
  }
}

/** Puts a sheet's row at its index (number - 1), rows Excel did not store between as empty. */
function placeRow(rows: (string | null)[][], number: number, cells: (string | null)[]): void {
  while (rows.length < number - 1) rows.push([]);
  rows.push(cells);
}

/** A damaged workbook is an unreadable file, named. */
const asUnreadable = (file: string, err: unknown): unknown => (err instanceof WorkbookError ? new UnreadableFileError(file, err.message, { code: err.kind }) : err);

/** `firstRows`: only that many rows of each sheet will be read (a .xls is otherwise parsed whole). */
async function openBook(file: string, format: 'xlsx' | 'xls', firstRows?: number): Promise<Workbook> {
  try {
    return format === 'xlsx' ? await XlsxReader.open(file) : await XlsReader.open(file, firstRows);
  } catch (err) {
    throw asUnreadable(file, err);
  }
}

function notThisSource(file: string, def: SourceType): UnreadableFileError {
  return new UnreadableFileError(
    file,
    `no header row naming at least ${def.minHeaderMatches} fields of ${def.nameZh} (${def.id}) in the first rows; is --source right?`,
    { code: 'no_header', sourceType: def.id, minColumns: def.minHeaderMatches },
  );
}

/** A file whose header another source type fits better: refused, since every row would be rejected and counted against the sender. */
function otherSource(file: string, def: SourceType, fit: { def: SourceType; matched: number; own: number }): UnreadableFileError {
  return new UnreadableFileError(
    file,
    `its header fits ${fit.def.nameZh} (${fit.def.id}, ${fit.matched} columns) better than ${def.nameZh} (${def.id}, ${fit.own} columns); is --source right?`,
    { code: 'other_source', sourceType: def.id, fits: fit.def.id, matched: fit.matched, own: fit.own },
  );
}

/** The header's mapping, unless another source type fits the file better. */
function ownHeader(file: string, def: SourceType, rows: readonly (readonly (string | null)[])[], maxScan = HEADER_SCAN): HeaderMapping {
  const mapping = findHeader(def, rows, maxScan);
  if (!mapping) throw notThisSource(file, def);
  const fit = betterFit(Object.values(SOURCE_TYPES), def, rows.slice(0, maxScan + 1), mapping);
  if (fit) throw otherSource(file, def, fit);
  return mapping;
}

async function openCsv(
  file: string, head: Buffer, def: SourceType, tmp: string, cleanup: () => void, onProgress?: Progress,
): Promise<SourceRelation> {
  const encoding = detectEncoding(head);
  const sample = decodeHead(head, encoding);
  const delimiter = detectDelimiter(sample);
  const mapping = ownHeader(file, def, sampleRows(sample, delimiter));
  const headerRow = mapping.headerIndex + 1;
  const width = mapping.columns.length;
  const cols = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const from = offsetAfterLines(head, headerRow);
  const strict = (files: string[], fallback: () => Promise<SourceRelation>, exact = fallback): SourceRelation => ({
    format: 'csv', encoding, headerRow, mapping, rowNoOffset: headerRow + 1, reader: 'duckdb-csv', fallback, exact: { from, reader: exact }, cleanup,
    relation: `read_csv([${files.map(sqlString).join(', ')}], delim=${sqlString(delimiter)}, quote='"', escape='"', header=false,
      skip=${headerRow}, auto_detect=false, columns={${cols}}, strict_mode=true)`,
  });
  // Irregular rows: the tolerant reader numbers rows as a spreadsheet does and pads or reports
  // rows. It reads one UTF-8 file with every line.
  const tolerant = async (whole: string): Promise<SourceRelation> => {
    const out = path.join(tmp, 'normalised.csv');
    await normaliseCsv(whole, delimiter, headerRow, width, out, onProgress);
    return { format: 'csv', encoding, headerRow, mapping, relation: readNormalised(out, width), rowNoOffset: null, reader: 'js-csv', cleanup };
  };
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    // Excel's and WPS's "Unicode text": sheets of modest size, read by the tolerant reader.
    const utf8 = path.join(tmp, 'utf8.csv');
    await pipeline(createReadStream(file), iconv.decodeStream(encoding), createWriteStream(utf8));
    return tolerant(utf8);
  }
  if (encoding !== 'gb18030') return strict([file], () => tolerant(file));
  const parts = await gb18030ToUtf8Parts(file, tmp, headerRow);
  if (parts.length === 1) return strict(parts, () => tolerant(parts[0]!));
  // Parts that DuckDB rejects may only have been cut inside a quoted line break: the file is read
  // again as one part, strictly, before the tolerant reader takes it.
  const whole = async () => (await gb18030ToUtf8Parts(file, mkdtempSync(path.join(tmp, 'whole-')), headerRow, 1))[0]!;
  return strict(parts, async () => {
    const one = await whole();
    return strict([one], () => tolerant(one));
  }, async () => tolerant(await whole()));
}

/** DuckDB's message for a file its strict CSV reader will not take. */
export const isCsvShapeError = (err: unknown): boolean =>
  /CSV Error|Expected Number of Columns|unterminated|Invalid unicode|invalid state/i.test((err as Error).message);

function readNormalised(file: string, width: number): string {
  const cols = [`'row_no': 'INTEGER'`, ...Array.from({ length: width + 1 }, (_, i) => `'c${i}': 'VARCHAR'`)].join(', ');
  return `read_csv(${sqlString(file)}, delim=',', quote='"', escape='"', header=false, auto_detect=false, columns={${cols}}, strict_mode=true)`;
}

const quote = (v: string | null): string => (v === null ? '' : `"${v.replaceAll('"', '""')}"`);

/**
 * Writes `row_no, c0…c(width-1), c(width)` where the extra last column holds the overflow of a
 * row with more cells than the header (joined with the delimiter), so nothing is dropped.
 */
async function normaliseCsv(file: string, delimiter: string, headerRow: number, width: number, out: string, onProgress?: Progress): Promise<void> {
  const sink = createWriteStream(out);
  // Records are counted from the file's start, empty lines included, as the header was found
  // (sniff.ts): a record's number is its row in a spreadsheet, where a quoted line break stays
  // within its row and an empty line, above the header or below it, is a row of its own.
  const parser = createReadStream(file).pipe(parse({ delimiter, relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: false }));
  let row = 0;
  let n = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row++;
    if (row <= headerRow || (record.length === 1 && record[0] === '')) continue;
    const cells = record.slice(0, width).map((c) => quote(c));
    while (cells.length < width) cells.push('');
    // Cells past the header that are all blank (a row saved with trailing ",,,") are no overflow.
    const extra = record.slice(width);
    const overflow = extra.some((c) => c.trim() !== '') ? quote(extra.join(delimiter)) : '';
    const line = `${row},${cells.join(',')},${overflow}\n`;
    if (!sink.write(line)) await new Promise<void>((r) => sink.once('drain', () => r()));
    if (++n % 50_000 === 0) onProgress?.(n, 0);
  }
  await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** A bare Excel serial day number, as a General-format date cell shows it. */
const SERIAL = /^[0-9]{5}(\.[0-9]+)?$/;
/** Serial 0 is 1904-01-01 in the 1904 date system, 1899-12-30 in the 1900 one. */
const DAYS_1900_TO_1904 = 1462;

const isEmptyRow = (cells: readonly (string | null)[]): boolean => cells.every((c) => c === null || c.trim() === '');

/** A worksheet whose first rows hold the type's header, written out as a normalised CSV. */
interface DataSheet {
  name: string;
  mapping: HeaderMapping;
  headerRow: number;
  out: string;
  rows: number;
  /** Another source type whose header names more of the sheet's columns (the 行政处罚 sheet of a workbook read for 行政许可). */
  otherType: { def: SourceType; matched: number; own: number } | null;
}

/**
 * Fills each data row's cells under a merged cell with the merged value, as Excel shows it: a
 * 许可机关 or a date merged down a block of records belongs to every record of the block. Only
 * merges whose value sits in a data row (below the header) are filled, in their first column.
 * Rows are given in order; the returned function records first rows and fills the rest.
 */
function fillMerged(merges: readonly MergedCells[]): (number: number, cells: (string | null)[]) => void {
  if (merges.length === 0) return () => undefined;
  const starts = new Map<number, MergedCells[]>();
  const covers = new Map<number, MergedCells[]>();
  for (const m of merges) {
    starts.set(m.top, [...(starts.get(m.top) ?? []), m]);
    for (let r = m.top + 1; r <= m.bottom; r++) covers.set(r, [...(covers.get(r) ?? []), m]);
  }
  const values = new Map<MergedCells, string | null>();
  return (number, cells) => {
    for (const m of covers.get(number) ?? []) {
      if (values.has(m) && (cells[m.col] ?? null) === null) {
        while (cells.length <= m.col) cells.push(null);
        cells[m.col] = values.get(m)!;
      }
    }
    for (const m of starts.get(number) ?? []) values.set(m, cells[m.col] ?? null);
  };
}

/**
 * Reads one sheet: finds the header among its first rows and writes the rows below it to `out`
 * as a normalised CSV. `rows` counts the data rows, or for a sheet without the header every
 * row that is not empty.
 */
async function readSheet(
  book: Workbook, sheet: SheetInfo, def: SourceType, out: string, onRow: () => void,
): Promise<{ rows: number; data: DataSheet | null }> {
  const leading: (string | null)[][] = []; // the first rows, by row number (index + 1)
  const at: { data: DataSheet | null; sink: ReturnType<typeof createWriteStream> | null } = { data: null, sink: null };
  let withoutHeader = 0;
  const fill = fillMerged(await book.merges(sheet));
  // A date column's bare serial (a General-format number) counts in the workbook's date system;
  // the loader reads serials in Excel's usual 1900 system.
  let serialCols: number[] = [];
  const write = async (data: DataSheet, number: number, cells: (string | null)[]) => {
    if (isEmptyRow(cells)) return;
    fill(number, cells);
    for (const i of serialCols) {
      const c = cells[i];
      if (c && SERIAL.test(c)) cells[i] = String(Number(c) + DAYS_1900_TO_1904);
    }
    const width = data.mapping.columns.length;
    const vals = cells.slice(0, width).map(quote);
    while (vals.length < width) vals.push('');
    const overflow = cells.length > width ? quote(cells.slice(width).filter((c) => c !== null).join(',') || null) : '';
    const sink = at.sink!;
    if (!sink.write(`${number},${vals.join(',')},${overflow}\n`)) await new Promise<void>((r) => sink.once('drain', () => r()));
    data.rows++;
    onRow();
  };
  const findData = async () => {
    const mapping = findHeader(def, leading, HEADER_SCAN);
    if (!mapping) return;
    const otherType = betterFit(Object.values(SOURCE_TYPES), def, leading.slice(0, HEADER_SCAN + 1), mapping);
    const data: DataSheet = { name: sheet.name, mapping, headerRow: mapping.headerIndex + 1, out, rows: 0, otherType };
    if (book.date1904) {
      const dates = new Set(def.fields.filter((f) => f.type === 'date' || f.type === 'month').map((f) => f.name));
      serialCols = mapping.columns.flatMap((f, i) => (f !== null && dates.has(f) ? [i] : []));
    }
    at.data = data;
    at.sink = createWriteStream(out);
    for (let r = mapping.headerIndex + 1; r < leading.length; r++) await write(data, r + 1, leading[r]!);
  };
  let searched = false;
  try {
    for await (const { number, cells } of book.rows(sheet)) {
      if (!searched) {
        // One row past those searched: a header found on the last of them may have a second row.
        if (number <= HEADER_SCAN + 1) {
          placeRow(leading, number, cells);
          continue;
        }
        searched = true;
        await findData();
      }
      if (at.data) await write(at.data, number, cells);
      else if (!isEmptyRow(cells)) withoutHeader++;
    }
    if (!searched) await findData();
  } finally {
    const open = at.sink;
    if (open) await new Promise<void>((resolve) => open.end(() => resolve()));
  }
  return at.data ? { rows: at.data.rows, data: at.data } : { rows: withoutHeader + leading.filter((r) => !isEmptyRow(r)).length, data: null };
}

/** A sheet showing how to fill the template in (填报说明, 填报示例, 样表), never the data when another sheet has the header. */
const GUIDE_SHEET = /示例|样例|样表|范例|例表|说明|example|sample|instruction|readme/i;
/** A summary repeating the other sheets (汇总, 总表), or the template itself: the data only when no other sheet holds rows. */
const SECOND_SHEET = /汇总|总表|合计|模板|template|summary/i;

/**
 * Reads every visible worksheet that holds this type's header and rows: a department often keeps
 * one sheet per month (9月, 10月, 11月) in one workbook, and all of it is the submission. Passed
 * over: sheets without the header, sheets another source type's header fits better (the 行政处罚
 * sheet of a workbook also holding 行政许可), guides (填报说明, 填报示例), and summaries (汇总)
 * and the template sheet (模板) unless no other sheet holds rows; those holding rows are named,
 * with their row counts, in `ignoredSheets`. Hidden sheets (templates keep their value lists
 * there) are not looked at. When only guides hold rows, the one with the most is read, unless a
 * sheet with the header is still empty (a returned template's example rows are not loaded).
 */
async function openWorkbook(
  file: string, format: 'xlsx' | 'xls', def: SourceType, tmp: string, cleanup: () => void, onProgress?: Progress,
): Promise<SourceRelation> {
  const book = await openBook(file, format);
  const visible: { name: string; rows: number; data: DataSheet | null }[] = []; // in tab order
  let n = 0;
  try {
    for (const sheet of book.sheets) {
      if (sheet.state !== 'visible') continue;
      const read = await readSheet(book, sheet, def, path.join(tmp, `sheet-${visible.length}.csv`), () => {
        if (++n % 20_000 === 0) onProgress?.(n, 0);
      });
      visible.push({ name: sheet.name, ...read });
    }
  } catch (err) {
    throw asUnreadable(file, err);
  } finally {
    book.close();
  }
  const withHeader = visible.flatMap((v) => (v.data ? [v.data] : []));
  if (withHeader.length === 0) throw notThisSource(file, def);
  // Every sheet with the header is another type's: the whole workbook was sent as the wrong type.
  if (withHeader.every((d) => d.otherType !== null)) throw otherSource(file, def, withHeader[0]!.otherType!);
  const own = withHeader.filter((d) => !d.otherType && !GUIDE_SHEET.test(d.name));
  const plain = own.filter((d) => !SECOND_SHEET.test(d.name));
  const data = [plain, own].map((sheets) => sheets.filter((d) => d.rows > 0)).find((sheets) => sheets.length > 0);
  // Else an empty month sheet (not the template's example rows); else the most rows, the first on a tie.
  const read = data ?? (plain.length > 0 ? [plain[0]!] : [withHeader.reduce((best, d) => (d.rows > best.rows ? d : best))]);
  const ignoredSheets = visible.filter((v) => (v.data === null || !read.includes(v.data)) && v.rows > 0).map((v) => `${v.name} (${v.rows})`);
  const first = read[0]!;
  const { mapping, relation } = read.length === 1 ? { mapping: first.mapping, relation: readNormalised(first.out, first.mapping.columns.length) } : combineSheets(read);
  return {
    format, encoding: null, headerRow: first.headerRow, mapping, relation, rowNoOffset: null, reader: format, ignoredSheets,
    sheets: read.map((d) => ({ name: d.name, rows: d.rows })), cleanup,
  };
}

/**
 * Several sheets as one relation, `row_no, sheet_no, c0…cN` and the overflow column: the first
 * sheet's columns in its order, then the fields only later sheets have. A sheet may order its
 * columns differently or lack some (its rows then miss those fields). A required field missing
 * from some sheets only is named with them.
 */
function combineSheets(sheets: readonly DataSheet[]): { mapping: HeaderMapping; relation: string } {
  const columns = [...sheets[0]!.mapping.columns];
  for (const s of sheets.slice(1)) {
    for (const f of s.mapping.columns) if (f !== null && !columns.includes(f)) columns.push(f);
  }
  const parts = sheets.map((s, k) => {
    const width = s.mapping.columns.length;
    const at = new Map(s.mapping.columns.flatMap((f, i) => (f === null ? [] : [[f, i] as const])));
    const cells = columns.map((f, j) => {
      const i = k === 0 ? (j < width ? j : undefined) : f === null ? undefined : at.get(f);
      return `${i === undefined ? 'NULL::VARCHAR' : `c${i}`} AS c${j}`;
    });
    return `SELECT row_no, ${k}::SMALLINT AS sheet_no, ${cells.join(', ')}, c${width} AS c${columns.length} FROM ${readNormalised(s.out, width)}`;
  });
  const missingIn = new Map<string, string[]>();
  for (const s of sheets) for (const h of s.mapping.missingRequired) missingIn.set(h, [...(missingIn.get(h) ?? []), s.name]);
  const missingRequired = [...missingIn].map(([h, names]) => (names.length === sheets.length ? h : `${h} (${names.join(', ')})`));
  const ignored = [...new Set(sheets.flatMap((s) => s.mapping.ignored))];
  return { mapping: { headerIndex: sheets[0]!.mapping.headerIndex, columns, ignored, missingRequired }, relation: `(${parts.join(' UNION ALL ')})` };
}

const namedScan = (file: string, format: 'parquet' | 'jsonl'): string =>
  format === 'parquet' ? `read_parquet(${sqlString(file)})` : `read_json(${sqlString(file)}, format='newline_delimited', sample_size=-1)`;

const columnNames = async (conn: DuckDBConnection, scan: string): Promise<string[]> =>
  (await conn.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${scan})`)).getRows().map((r) => String(r[0]));

async function openNamed(conn: DuckDBConnection, file: string, format: 'parquet' | 'jsonl', def: SourceType, cleanup: () => void): Promise<SourceRelation> {
  const scan = namedScan(file, format);
  const names = await columnNames(conn, scan);
  const mapped = ownHeader(file, def, [names]);
  const select = names.map((n, i) => `CAST("${n.replaceAll('"', '""')}" AS VARCHAR) AS c${i}`).join(', ');
  return {
    format, encoding: format === 'jsonl' ? 'utf-8' : null, headerRow: 0, mapping: mapped,
    relation: `(SELECT ${select} FROM ${scan})`, rowNoOffset: 1, reader: format, cleanup,
  };
}
