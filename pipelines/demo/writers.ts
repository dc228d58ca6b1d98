/**
 * Writes one planned demo file in the format a department would send: CSV (UTF-8 with or without
 * BOM, or GBK), .xlsx with a title row, JSON Lines or Parquet. Output is byte-for-byte
 * reproducible: no clock, no random names, single-threaded Parquet.
 */
import { writeFile } from 'node:fs/promises';
import { DuckDBDateValue, DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { isoDate } from './dates.ts';

/**
 * A cell as planned: text (already formatted), a number (amounts), a real date (day number, for
 * formats with a date type: .xlsx date cells, Parquet DATE) or empty.
 */
export type Cell = string | number | { date: number } | null;

export type ColumnKind = 'text' | 'date' | 'amount';

export interface Column {
  header: string;
  kind: ColumnKind;
}

export interface CsvLayout {
  format: 'csv';
  encoding: 'utf-8' | 'gbk';
  bom: boolean;
  eol: '\n' | '\r\n';
  quoteAll: boolean;
}

export interface XlsxLayout {
  format: 'xlsx';
  /** Merged title above the header, with a blank row between. */
  title: string;
  sheetName: string;
  /** The day the workbook claims to have been created (a fixed stamp keeps output reproducible). */
  createdDay: number;
}

export type FileLayout = CsvLayout | XlsxLayout | { format: 'jsonl' } | { format: 'parquet' };

function csvField(v: Cell, quoteAll: boolean): string {
  if (v === null) return quoteAll ? '""' : '';
  const s = typeof v === 'object' ? isoDate(v.date) : String(v);
  if (quoteAll || /[",\r\n]/.test(s)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/** CSV text of a table, header first, every line ended by `eol`. */
export function csvText(columns: readonly Column[], rows: readonly (readonly Cell[])[], layout: CsvLayout): string {
  const lines: string[] = [columns.map((c) => csvField(c.header, layout.quoteAll)).join(',')];
  for (const row of rows) lines.push(row.map((v) => csvField(v, layout.quoteAll)).join(','));
  return lines.join(layout.eol) + layout.eol;
}

function encodeCsv(text: string, layout: CsvLayout): Buffer {
  if (layout.encoding === 'gbk') {
    const buf = iconv.encode(text, 'gbk');
    // iconv-lite silently writes '?' for characters GBK lacks; a demo file must not lose text.
    if (iconv.decode(buf, 'gbk') !== text) throw new Error('text not representable in GBK');
    return buf;
  }
  const body = Buffer.from(text, 'utf8');
  return layout.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

const DAY_MS = 86_400_000;

async function xlsxBuffer(columns: readonly Column[], rows: readonly (readonly Cell[])[], layout: XlsxLayout): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const stamp = new Date(layout.createdDay * DAY_MS + 9 * 3_600_000);
  wb.creator = 'Administrator';
  wb.lastModifiedBy = 'Administrator';
  wb.created = stamp;
  wb.modified = stamp;
  const ws = wb.addWorksheet(layout.sheetName);
  ws.addRow([layout.title]);
  ws.mergeCells(1, 1, 1, columns.length);
  const title = ws.getCell(1, 1);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  ws.addRow([]);
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  for (const row of rows) {
    const values = row.map((v) => {
      if (v === null) return null;
      if (typeof v === 'object') return new Date(v.date * DAY_MS);
      return v;
    });
    const r = ws.addRow(values);
    row.forEach((v, i) => {
      if (v !== null && typeof v === 'object') r.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.kind === 'text' ? 24 : 14;
  });
  const out = await wb.xlsx.writeBuffer();
  return fixZipTimestamps(Buffer.from(out as ArrayBuffer), layout.createdDay);
}

/**
 * Rewrites the modification time of every entry of a zip archive (local headers and central
 * directory) to `day` 09:00, since the zip library stamps entries with the current time.
 */
export function fixZipTimestamps(zip: Buffer, day: number): Buffer {
  const d = new Date(day * DAY_MS);
  const dosTime = (9 << 11) | (0 << 5) | 0;
  const dosDate = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  let p = 0;
  while (p + 30 <= zip.length && zip.readUInt32LE(p) === 0x04034b50) {
    const flags = zip.readUInt16LE(p + 6);
    if (flags & 0x08) throw new Error('zip entries with data descriptors are not supported');
    zip.writeUInt16LE(dosTime, p + 10);
    zip.writeUInt16LE(dosDate, p + 12);
    const compressed = zip.readUInt32LE(p + 18);
    const nameLen = zip.readUInt16LE(p + 26);
    const extraLen = zip.readUInt16LE(p + 28);
    p += 30 + nameLen + extraLen + compressed;
  }
  while (p + 46 <= zip.length && zip.readUInt32LE(p) === 0x02014b50) {
    zip.writeUInt16LE(dosTime, p + 12);
    zip.writeUInt16LE(dosDate, p + 14);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  if (p + 4 > zip.length || zip.readUInt32LE(p) !== 0x06054b50) throw new Error('unexpected zip layout');
  return zip;
}

function jsonlText(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string {
  let out = '';
  for (const row of rows) {
    const obj: Record<string, string | number | null> = {};
    columns.forEach((c, i) => {
      const v = row[i] ?? null;
      obj[c.header] = v !== null && typeof v === 'object' ? isoDate(v.date) : v;
    });
    out += `${JSON.stringify(obj)}\n`;
  }
  return out;
}

async function writeParquet(path: string, columns: readonly Column[], rows: readonly (readonly Cell[])[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await instance.connect();
  try {
    const sqlType = { text: 'VARCHAR', date: 'DATE', amount: 'DOUBLE' } as const;
    const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;
    await con.run(`CREATE TABLE demo_file (${columns.map((c) => `${quote(c.header)} ${sqlType[c.kind]}`).join(', ')})`);
    const appender = await con.createAppender('demo_file');
    for (const row of rows) {
      columns.forEach((c, i) => {
        const v = row[i] ?? null;
        if (v === null) appender.appendNull();
        else if (c.kind === 'date') {
          if (typeof v !== 'object') throw new Error(`Parquet date column "${c.header}" needs a date, got ${String(v)}`);
          appender.appendDate(new DuckDBDateValue(v.date));
        } else if (c.kind === 'amount') {
          if (typeof v !== 'number') throw new Error(`Parquet amount column "${c.header}" needs a number, got ${String(v)}`);
          appender.appendDouble(v);
        } else appender.appendVarchar(typeof v === 'object' ? isoDate(v.date) : String(v));
      });
      appender.endRow();
    }
    appender.closeSync();
    const target = path.replaceAll("'", "''");
    await con.run(`COPY (SELECT * FROM demo_file) TO '${target}' (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/** Writes a table to `path` in the given layout. */
export async function writeTable(path: string, columns: readonly Column[], rows: readonly (readonly Cell[])[], layout: FileLayout): Promise<void> {
  switch (layout.format) {
    case 'csv':
      await writeFile(path, encodeCsv(csvText(columns, rows, layout), layout));
      return;
    case 'xlsx':
      await writeFile(path, await xlsxBuffer(columns, rows, layout));
      return;
    case 'jsonl':
      await writeFile(path, jsonlText(columns, rows));
      return;
    case 'parquet':
      await writeParquet(path, columns, rows);
      return;
  }
}
