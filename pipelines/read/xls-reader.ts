/**
 * Reads the spreadsheets older systems still send as `.xls`: Excel 97–2003 binary workbooks
 * (BIFF), and the HTML tables and XML Spreadsheet 2003 files many government systems export
 * under that name. SheetJS parses them; this module gives their sheets and rows the shape of
 * `XlsxReader`'s. An .xls holds at most 65,536 rows a sheet, so it is read whole.
 */
import { readFile } from 'node:fs/promises';
import * as XLSX from '@e965/xlsx';
import * as cpexcel from '@e965/xlsx/dist/cpexcel.full.mjs';
import iconv from 'iconv-lite';
import { detectEncoding } from './sniff.ts';
import { WorkbookError, dateText, isDateFormat, numberText, type SheetInfo, type SheetRow, type Workbook } from './xlsx-reader.ts';

// Excel 95 workbooks and some exports carry text in a code page (CP936 for Chinese).
XLSX.set_cptable(cpexcel);

const STATES: Record<number, SheetInfo['state']> = { 0: 'visible', 1: 'hidden', 2: 'veryHidden' };

/**
 * @example
 * const book = await XlsReader.open('行政许可.xls');
 * for await (const row of book.rows(book.sheets[0]!)) console.log(row.number, row.cells);
 */
export class XlsReader implements Workbook {
  private constructor(private readonly book: XLSX.WorkBook, readonly sheets: SheetInfo[], private readonly date1904: boolean) {}

  /** `firstRows`: parse only that many rows of each sheet (enough to find a header). */
  static async open(file: string, firstRows?: number): Promise<XlsReader> {
    const bytes = await readFile(file);
    const options: XLSX.ParsingOptions = {
      ...(firstRows === undefined ? {} : { sheetRows: firstRows }),
      dense: true, cellDates: false, cellNF: true, cellStyles: false, cellHTML: false, cellFormula: false, bookVBA: false,
    };
    let book: XLSX.WorkBook;
    try {
      book = isBinary(bytes)
        ? XLSX.read(bytes, { ...options, type: 'buffer' })
        // Text cells of an HTML or XML export stay text: a code of digits must not become a number.
        : XLSX.read(decodeMarkup(bytes), { ...options, type: 'string', raw: true });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err); // SheetJS sometimes throws strings
      throw new WorkbookError(/password/i.test(why)
        ? 'the workbook is password-protected; remove the password in Excel and save it again'
        : `not a readable .xls workbook: ${why}`);
    }
    const sheets = book.SheetNames.map((name, i): SheetInfo => ({ name, state: STATES[book.Workbook?.Sheets?.[i]?.Hidden ?? 0] ?? 'hidden', part: name }));
    return new XlsReader(book, sheets, Boolean(book.Workbook?.WBProps?.date1904));
  }

  async *rows(sheet: SheetInfo): AsyncGenerator<SheetRow> {
    const data = (this.book.Sheets[sheet.part] as XLSX.DenseWorkSheet | undefined)?.['!data'] ?? [];
    for (let r = 0; r < data.length; r++) {
      const row = data[r];
      if (!row || row.length === 0) continue;
      const cells: (string | null)[] = [];
      for (let c = 0; c < row.length; c++) cells.push(cellText(row[c], this.date1904));
      yield { number: r + 1, cells };
    }
  }

  close(): void {}
}

/** OLE2 compound file: an Excel 97–2003 workbook (or one encrypted by a password). */
const isBinary = (bytes: Buffer): boolean => bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1;

/** HTML and XML exports: by the charset they declare, else as the CSV reader would guess. */
function decodeMarkup(bytes: Buffer): string {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const declared = /charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i.exec(head)?.[1];
  const encoding = declared && iconv.encodingExists(declared) ? declared : detectEncoding(bytes.subarray(0, 1 << 16));
  // GB2312 and GBK labels are decoded as their superset.
  return iconv.decode(bytes, /^(gb2312|gbk|gb18030|cp936)$/i.test(encoding) ? 'gb18030' : encoding);
}

function cellText(cell: XLSX.CellObject | undefined, date1904: boolean): string | null {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  switch (cell.t) {
    case 'n':
      return cell.z !== undefined && isDateFormat(String(cell.z)) ? dateText(cell.v as number, date1904) : numberText(cell.v as number);
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? XLSX.utils.format_cell(cell);
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
