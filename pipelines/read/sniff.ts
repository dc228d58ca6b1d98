/**
 * What a file is: format by content and extension, text encoding (UTF-8 or GB18030, the
 * superset of GBK; UTF-16 with its byte-order mark, as Excel and WPS save "Unicode text"),
 * delimiter, and its first rows for header detection.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FileProblem } from '../../lib/file-problems.ts';

export type FileFormat = 'csv' | 'xlsx' | 'xls' | 'parquet' | 'jsonl';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export class UnreadableFileError extends Error {
  /** @param problem the reason as a code, for a client that words it itself (none: only the message says). */
  constructor(file: string, why: string, readonly problem?: FileProblem) {
    super(`${path.basename(file)}: ${why}`);
    this.name = 'UnreadableFileError';
  }
}

const SAMPLE_BYTES = 256 * 1024;

export async function readHead(file: string, bytes = SAMPLE_BYTES): Promise<Buffer> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new UnreadableFileError(file, err.code === 'ENOENT' ? 'file not found' : err.message);
  });
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** An OLE2 compound file: an Excel 97–2003 workbook (or a workbook encrypted by a password). */
export const isOle2 = (head: Buffer): boolean => head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1;

/** Format from magic bytes, then extension. */
export function detectFormat(file: string, head: Buffer): FileFormat {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (isOle2(head)) return 'xls';
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const ext = path.extname(file).toLowerCase();
  // Many systems export an HTML table or an XML Spreadsheet 2003 under the name .xls (some
  // under .xlsx); text that is not markup is read as CSV.
  if ((ext === '.xls' || ext === '.xlsx') && /^\s*</.test(decodeHead(head.subarray(0, 512), detectEncoding(head.subarray(0, 512))))) return 'xls';
  if (utf16Bom(head)) return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (head.includes(0)) throw new UnreadableFileError(file, 'binary content that is neither XLSX nor Parquet', { code: 'file_binary' });
  return 'csv';
}

/** The UTF-16 byte order a byte-order mark announces, if any. */
function utf16Bom(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 by its byte-order mark; UTF-8 when the sample decodes strictly (ignoring a cut
 * multi-byte tail); else GB18030.
 */
export function detectEncoding(head: Buffer): TextEncoding {
  const utf16 = utf16Bom(head);
  if (utf16) return utf16;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  let end = head.length;
  // Drop a multi-byte sequence cut by the sample's end.
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = head[end - back]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) end -= back;
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

export function decodeHead(head: Buffer, encoding: TextEncoding): string {
  const text = encoding === 'utf-8' ? head.toString('utf8') : new TextDecoder(encoding).decode(head);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The delimiter that splits the sample's lines into the most columns consistently. */
export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r?\n/).slice(0, 40).filter((l) => l.trim() !== '');
  let best = ',';
  let bestScore = 0;
  for (const d of [',', '\t', ';', '|']) {
    const counts = lines.map((l) => l.split(d).length - 1).filter((n) => n > 0);
    const score = counts.length === 0 ? 0 : Math.max(...counts) * counts.length;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** First rows of a CSV sample (the last, possibly cut, record dropped), as cell strings. */
export function sampleRows(sample: string, delimiter: string, max = 40): string[][] {
  const cut = sample.lastIndexOf('\n');
  const complete = cut > 0 ? sample.slice(0, cut + 1) : sample;
  const rows = parse(complete, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, to: max }) as string[][];
  return rows;
}

const LF = 0x0a;
const CR = 0x0d;
/** Beyond this many empty lines, a scan only says that there are more. */
const EMPTY_LINES_KEPT = 1000;

export interface FileScan {
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  /**
   * Byte offsets where an empty line (LF LF, LF CR LF or CR CR) starts and content follows later;
   * empty lines at the end of the file are not listed. A blank line inside a quoted cell is
   * listed too.
   */
  emptyLines: number[];
  /** More such empty lines exist than are listed. */
  more: boolean;
}

/**
 * One pass over the file: its hash (for the batch record) and its empty lines, which DuckDB's
 * CSV reader drops, so that the rows after one would be numbered one lower than a spreadsheet
 * shows them (see `emptyLineFrom`).
 */
export async function scanFile(file: string): Promise<FileScan> {
  const hash = createHash('sha256');
  const found: number[] = [];
  let base = 0; // file offset of the chunk's first byte
  let last = -1; // the byte before the chunk, and the one before that
  let beforeLast = -1;
  let lastContent = -1; // offset of the last byte that is not a line break
  for await (const data of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const chunk = data as Buffer;
    hash.update(chunk);
    if (found.length <= EMPTY_LINES_KEPT) {
      // A pattern that straddles the previous chunk's end.
      if (last === LF && (chunk[0] === LF || (chunk[0] === CR && chunk[1] === LF))) found.push(base);
      else if (beforeLast === LF && last === CR && chunk[0] === LF) found.push(base - 1);
      else if (last === CR && chunk[0] === CR) found.push(base);
      // CR CR: an empty line in a file with CR-only line ends (old Excel for Mac).
      for (const pattern of ['\n\n', '\n\r\n', '\r\r']) {
        for (let i = chunk.indexOf(pattern); i >= 0 && found.length <= EMPTY_LINES_KEPT; i = chunk.indexOf(pattern, i + 1)) found.push(base + i + 1);
      }
    }
    for (let i = chunk.length - 1; i >= 0; i--) {
      if (chunk[i] !== LF && chunk[i] !== CR) {
        lastContent = base + i;
        break;
      }
    }
    beforeLast = chunk.length > 1 ? chunk[chunk.length - 2]! : last;
    last = chunk[chunk.length - 1] ?? last;
    base += chunk.length;
  }
  const emptyLines = [...new Set(found)].filter((o) => o < lastContent).sort((a, b) => a - b);
  const more = emptyLines.length > EMPTY_LINES_KEPT;
  return { sha256: hash.digest('hex'), emptyLines: emptyLines.slice(0, EMPTY_LINES_KEPT), more };
}

/** Whether the scanned file has an empty line, followed by content, at or after byte `from`. */
export const emptyLineFrom = (scan: FileScan, from: number): boolean => scan.more || scan.emptyLines.some((o) => o >= from);

/** Byte offset just after the `rows`-th line break (LF, CR LF or CR) of `head`: where the rows below a header start. */
export function offsetAfterLines(head: Buffer, rows: number): number {
  let at = 0;
  for (let n = 0; n < rows; n++) {
    while (at < head.length && head[at] !== LF && head[at] !== CR) at++;
    if (at >= head.length) return head.length;
    at += head[at] === CR && head[at + 1] === LF ? 2 : 1;
  }
  return at;
}
