/**
 * Reads the spreadsheets older systems still send as `.xls`: Excel 97–2003 binary workbooks
 * (BIFF), and the HTML tables and XML Spreadsheet 2003 files many government systems export
 * under that name. SheetJS parses them; this module gives their sheets and rows the shape of
 * `XlsxReader`'s. An .xls holds at most 65,536 rows a sheet, so it is read whole.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type * as XLSX from '@e965/xlsx';
import { decodeHTML } from 'entities';
import iconv from 'iconv-lite';
import { detectEncoding, isOle2, readHead } from './sniff.ts';
import { WorkbookError, dateText, isDateFormat, numberText, zeroPadded, type MergedCells, type SheetInfo, type SheetRow, type Workbook } from './xlsx-reader.ts';

const STATES: Record<number, SheetInfo['state']> = { 0: 'visible', 1: 'hidden', 2: 'veryHidden' };

/** A cell as the parsing thread sends it. */
type Cell = Pick<XLSX.CellObject, 't' | 'v' | 'z' | 'w'>;
interface Parsed {
  sheets: { name: string; hidden: number; rows: (Cell | null)[][]; merges: MergedCells[] }[];
  date1904: boolean;
}

const resolve = createRequire(import.meta.url).resolve;

// SheetJS parses a whole workbook synchronously (about 10 s for 65k rows × 20 columns), so it
// runs in a worker thread: the server keeps answering meanwhile. Plain JavaScript run with
// `eval`, so the worker needs no TypeScript loader; SheetJS is loaded by its resolved path.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const XLSX = require(workerData.xlsx);
XLSX.set_cptable(require(workerData.cpexcel)); // Excel 95 workbooks carry text in a code page (CP936)
const input = workerData.text !== null ? workerData.text : require('node:fs').readFileSync(workerData.file);
let book;
try {
  book = XLSX.read(input, workerData.options);
} catch (err) {
  throw new Error(err instanceof Error ? err.message : String(err)); // SheetJS sometimes throws strings
}
const cell = (c) => (c ? { t: c.t, v: c.v, z: c.z, w: c.t === 'e' ? (c.w || XLSX.utils.format_cell(c)) : undefined } : null);
const sheets = book.SheetNames.map((name, i) => ({
  name,
  hidden: (book.Workbook && book.Workbook.Sheets && book.Workbook.Sheets[i] && book.Workbook.Sheets[i].Hidden) || 0,
  rows: Array.from(book.Sheets[name]['!data'] || [], (row) => (row ? Array.from(row, cell) : [])),
  merges: (book.Sheets[name]['!merges'] || []).filter((m) => m.e.r > m.s.r).map((m) => ({ col: m.s.c, top: m.s.r + 1, bottom: m.e.r + 1 })),
}));
parentPort.postMessage({ sheets, date1904: Boolean(book.Workbook && book.Workbook.WBProps && book.Workbook.WBProps.date1904) });
`;

/**
 * @example
 * const book = await XlsReader.open('行政许可.xls');
 * for await (const row of book.rows(book.sheets[0]!)) console.log(row.number, row.cells);
 */
export class XlsReader implements Workbook {
  private constructor(private readonly parsed: Parsed, readonly sheets: SheetInfo[]) {}

  get date1904(): boolean {
    return this.parsed.date1904;
  }

  /** `firstRows`: parse only that many rows of each sheet (enough to find a header). */
  static async open(file: string, firstRows?: number): Promise<XlsReader> {
    // A binary workbook is read by the worker; only markup is decoded here.
    const binary = isOle2(await readHead(file, 8));
    const options: XLSX.ParsingOptions = {
      ...(firstRows === undefined ? {} : { sheetRows: firstRows }),
      type: binary ? 'buffer' : 'string',
      // Text cells of an HTML or XML export stay text: a code of digits must not become a number.
      raw: !binary,
      dense: true, cellDates: false, cellNF: true, cellStyles: false, cellHTML: false, cellFormula: false, bookVBA: false,
    };
    let parsed: Parsed;
    const markup = binary ? null : decodeMarkup(await readFile(file));
    const text = markup !== null && XML_SPREADSHEET.test(markup.slice(0, 4096)) ? plainRichText(markup) : markup;
    // XML must be whole; SheetJS reads a cut-off one as far as it goes, as a shorter sheet.
    if (text !== null && XML_SPREADSHEET.test(text.slice(0, 4096)) && !/<\/(ss:)?Workbook>\s*$/.test(text.slice(-4096))) {
      throw new WorkbookError('the XML Spreadsheet is cut off (it does not end with </Workbook>): save or export it again');
    }
    try {
      parsed = await parseInWorker({ file, text, options, xlsx: resolve('@e965/xlsx'), cpexcel: resolve('@e965/xlsx/dist/cpexcel.js') });
      if (text !== null && !XML_SPREADSHEET.test(text.slice(0, 4096))) parsed = { ...parsed, sheets: stacked(parsed.sheets) };
    } catch (err) {
      const why = (err as Error).message;
      if (/password/i.test(why)) throw new WorkbookError('the workbook is password-protected; remove the password in Excel and save it again', 'workbook_password');
      if (binary && /Workbook stream/i.test(why)) throw new WorkbookError('not an Excel workbook: an Office file with no workbook in it (a Word or PowerPoint document renamed .xls?)', 'not_workbook');
      // SheetJS's own words, after what they mean for the clerk.
      throw new WorkbookError(`not a readable .xls workbook: damaged, cut off or not saved by Excel (${why})`);
    }
    const sheets = parsed.sheets.map(({ name, hidden }): SheetInfo => ({ name, state: STATES[hidden] ?? 'hidden', part: name }));
    return new XlsReader(parsed, sheets);
  }

  async *rows(sheet: SheetInfo): AsyncGenerator<SheetRow> {
    const data = this.parsed.sheets.find((s) => s.name === sheet.part)?.rows ?? [];
    for (let r = 0; r < data.length; r++) {
      const row = data[r]!;
      if (row.length === 0) continue;
      yield { number: r + 1, cells: row.map((c) => cellText(c, this.parsed.date1904)) };
    }
  }

  async merges(sheet: SheetInfo): Promise<MergedCells[]> {
    return this.parsed.sheets.find((s) => s.name === sheet.part)?.merges ?? [];
  }

  close(): void {}
}

/**
 * Rich text in XML Spreadsheet 2003 as its plain text: a cell with a word in bold or red holds
 * `<Data><B>淄博</B><Font html:Color="#FF0000">富华</Font>商贸有限公司</Data>`, of which SheetJS
 * keeps one run. The formatting tags are dropped; character references stay for the parser.
 */
export function plainRichText(xml: string): string {
  // An opening tag only (an empty cell's `<Data …/>` has no content), its attributes quoted.
  return xml.replace(/(<(?:ss:)?Data\b(?:"[^"]*"|'[^']*'|[^>"'/])*>)([\s\S]*?)(<\/(?:ss:)?Data>)/g, (cell, open: string, inner: string, close: string) =>
    (inner.includes('<') && !/<\/?(?:ss:)?(?:Cell|Row)\b/.test(inner) ? `${open}${inner.replace(/<\/?[A-Za-z][\w:.-]*(?:\s[^>]*)?\/?>/g, '')}${close}` : cell));
}

/** An XML Spreadsheet 2003 file (its worksheets are sheets); other markup is an HTML page. */
const XML_SPREADSHEET = /<(ss:)?Workbook\b|urn:schemas-microsoft-com:office:spreadsheet/;

/**
 * The tables of an HTML page as the one sheet Excel shows: one under the other, from row 1. An
 * export often puts its title in a table of its own above the data; SheetJS makes each table a
 * sheet, which would number the data's rows from 1.
 */
function stacked(sheets: Parsed['sheets']): Parsed['sheets'] {
  if (sheets.length < 2) return sheets;
  const rows: (Cell | null)[][] = [];
  const merges: MergedCells[] = [];
  for (const sheet of sheets) {
    const offset = rows.length;
    rows.push(...sheet.rows);
    merges.push(...sheet.merges.map((m) => ({ ...m, top: m.top + offset, bottom: m.bottom + offset })));
  }
  return [{ name: sheets[0]!.name, hidden: 0, rows, merges }];
}

function parseInWorker(workerData: { file: string; text: string | null; options: XLSX.ParsingOptions; xlsx: string; cpexcel: string }): Promise<Parsed> {
  return new Promise((done, fail) => {
    const worker = new Worker(WORKER, { eval: true, workerData });
    worker.once('message', (parsed: Parsed) => done(parsed));
    worker.once('error', fail);
    worker.once('exit', (code) => (code === 0 ? undefined : fail(new Error(`the parser stopped with code ${code}`))));
  });
}

/** HTML and XML exports: by the charset they declare, else as the CSV reader would guess. */
function decodeMarkup(bytes: Buffer): string {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const declared = /charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i.exec(head)?.[1];
  const encoding = declared && iconv.encodingExists(declared) ? declared : detectEncoding(bytes.subarray(0, 1 << 16));
  // GB2312 and GBK labels are decoded as their superset.
  return decodeReferences(iconv.decode(bytes, /^(gb2312|gbk|gb18030|cp936)$/i.test(encoding) ? 'gb18030' : encoding));
}

/**
 * Character references as their characters, before SheetJS parses the markup: a GBK export writes
 * the characters GBK lacks (𠮷) as `&#134071;`, which SheetJS leaves as written in HTML and cuts
 * to 16 bits in XML; it also leaves most named ones (`&yen;`). References to markup characters
 * (`&lt;`, `&amp;`, quotes) stay as they are, for the parser to read.
 */
export function decodeReferences(markup: string): string {
  // Some exporters write a character beyond U+FFFF as its two UTF-16 halves (&#55362;&#57271;).
  const pairs = markup.replace(/&#(x[0-9a-f]{4}|[0-9]{5});&#(x[0-9a-f]{4}|[0-9]{5});/gi, (ref, hi: string, lo: string) => {
    const unit = (n: string) => (n[0] === 'x' || n[0] === 'X' ? Number.parseInt(n.slice(1), 16) : Number(n));
    const [h, l] = [unit(hi), unit(lo)];
    return h >= 0xd800 && h <= 0xdbff && l >= 0xdc00 && l <= 0xdfff ? String.fromCharCode(h, l) : ref;
  });
  return pairs.replace(/&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, (ref) => {
    const text = decodeHTML(ref);
    return text === ref || text === '<' || text === '>' || text === '&' || text === '"' || text === "'" ? ref : text;
  });
}

function cellText(cell: Cell | null, date1904: boolean): string | null {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  switch (cell.t) {
    case 'n':
      if (cell.z !== undefined && isDateFormat(String(cell.z))) return dateText(cell.v as number, date1904);
      return (cell.z !== undefined && zeroPadded(cell.v as number, String(cell.z))) || numberText(cell.v as number);
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? null;
    case 'd':
      return (cell.v as Date).toISOString().slice(0, 10);
    case 'z':
      return null;
    default: {
      const s = String(cell.v);
      return s === '' ? null : s;
    }
  }
}
