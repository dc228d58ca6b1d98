/**
 * A streaming reader of .xlsx workbooks: the sheets in tab order with their names and visibility,
 * and each sheet's rows as the text Excel shows. Reads only; never writes.
 *
 * Why not ExcelJS's streaming reader (still used to write workbooks): it decodes each chunk of
 * XML on its own, so a Chinese character cut by a chunk boundary became U+FFFD (63 cells of 20k
 * in a plain test); it took sheet names from whichever part the zip happened to list first, and
 * failed now and then with "Cannot read properties of undefined (reading 'sheets')" on
 * workbooks it had written itself; it did not know prefixed element names (`<x:workbook>`, as
 * the .NET Open XML SDK writes them); and a cut-off sheet read as a shorter one. Here the zip's
 * central directory is read first (yauzl), so parts are found by name whatever their order; text
 * is decoded as one stream; the XML parser (saxes) is closed at the end of each part, so a cut-off
 * part is an error, never fewer rows.
 */
import path from 'node:path';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { excelSerialToDate } from '../../lib/dates.ts';
import type { FileProblemCode } from '../../lib/file-problems.ts';

export interface SheetInfo {
  /** The tab's name. */
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** The sheet's part in the zip, e.g. `xl/worksheets/sheet1.xml`. */
  part: string;
}

export interface SheetRow {
  /** 1-based, as Excel numbers the row. */
  number: number;
  /** The row's cells from column A, as text; empty cells are null. */
  cells: (string | null)[];
}

/** A workbook being read: its sheets in tab order, each sheet's rows on demand. */
export interface Workbook {
  readonly sheets: readonly SheetInfo[];
  /** Serial day numbers count from 1904-01-01 (old Excel for Mac) instead of 1900. */
  readonly date1904: boolean;
  rows(sheet: SheetInfo): AsyncGenerator<SheetRow>;
  /** The sheet's merged cells that span rows (a 许可机关 merged down a block of records). */
  merges(sheet: SheetInfo): Promise<MergedCells[]>;
  close(): void;
}

/** Merged cells spanning rows `top`…`bottom` (1-based, as rows are numbered) from column `col` (0-based). */
export interface MergedCells {
  col: number;
  top: number;
  bottom: number;
}

const MERGE_CELL = /<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="\$?([A-Za-z]+)\$?(\d+):\$?[A-Za-z]+\$?(\d+)"/g;

/** A workbook that cannot be read: not a zip, or a part is missing or malformed. */
export class WorkbookError extends Error {
  constructor(message: string, readonly kind: Extract<FileProblemCode, 'workbook_damaged' | 'workbook_password' | 'not_workbook'> = 'workbook_damaged') {
    super(message);
  }
}

const RELS = {
  officeDocument: '/officeDocument',
  sharedStrings: '/sharedStrings',
  styles: '/styles',
} as const;

/**
 * @example
 * const book = await XlsxReader.open('licences.xlsx');
 * try { for await (const row of book.rows(book.sheets[0]!)) console.log(row.number, row.cells); }
 * finally { book.close(); }
 */
export class XlsxReader implements Workbook {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    /** The workbook's sheets in tab order. */
    readonly sheets: SheetInfo[],
    private sharedStrings: string[] | null,
    private readonly sharedStringsPart: string | null,
    /** Per cell style (the `s` attribute), whether its number format shows a date or time. */
    private readonly styles: readonly NumberStyle[],
    readonly date1904: boolean,
  ) {}

  static async open(file: string): Promise<XlsxReader> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(new WorkbookError(`not a readable .xlsx (zip) file: ${err.message}`)) : resolve(z))));
    try {
      const entries = await listEntries(zip);
      const partOf = (from: string, target: string) =>
        target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(from), target));
      const rootRels = await readRels(zip, entries, '_rels/.rels');
      const office = rootRels.find((r) => r.type.endsWith(RELS.officeDocument));
      const workbookPart = office ? partOf('', office.target) : 'xl/workbook.xml';
      const relsPart = path.posix.join(path.posix.dirname(workbookPart), '_rels', `${path.posix.basename(workbookPart)}.rels`);
      const rels = await readRels(zip, entries, relsPart);
      const byId = new Map(rels.map((r) => [r.id, partOf(workbookPart, r.target)]));
      const sheets: SheetInfo[] = [];
      let date1904 = false;
      let root: string | null = null;
      await readXml(zip, entries, workbookPart, {
        opentag(tag) {
          const name = localName(tag.name);
          if (root === null) {
            root = name;
            // A Word or PowerPoint file is a zip of the same kind, with another main part.
            if (name !== 'workbook') throw new WorkbookError(`not an Excel workbook: a zip whose main part ${workbookPart} holds <${name}>${OTHER_OFFICE[name] ?? ''}`, 'not_workbook');
          }
          if (name === 'workbookPr') date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
          if (name !== 'sheet') return;
          const attrs = tag.attributes;
          const rid = Object.entries(attrs).find(([k]) => localName(k) === 'id' && k.includes(':'))?.[1];
          const part = rid ? byId.get(rid) : undefined;
          if (!part) throw new WorkbookError(`sheet "${attrs.name}" names no part in ${relsPart}`);
          const state: SheetInfo['state'] = attrs.state === 'hidden' || attrs.state === 'veryHidden' ? attrs.state : 'visible';
          sheets.push({ name: attrs.name ?? path.posix.basename(part, '.xml'), state, part });
        },
      }, true);
      // Some writers leave out the relationship; the part then sits at its usual name.
      const ss = rels.find((r) => r.type.endsWith(RELS.sharedStrings));
      const ssPart = ss ? partOf(workbookPart, ss.target) : entries.has('xl/sharedstrings.xml') ? 'xl/sharedStrings.xml' : null;
      const st = rels.find((r) => r.type.endsWith(RELS.styles));
      const styles = st ? await readNumberStyles(zip, entries, partOf(workbookPart, st.target)) : [];
      return new XlsxReader(zip, entries, sheets, null, ssPart, styles, date1904);
    } catch (err) {
      zip.close();
      throw err;
    }
  }

  /**
   * Merged ranges come after the rows in the sheet's XML, so this reads the part once more,
   * looking for them as text (no XML parsing; a fraction of the time the rows take).
   */
  async merges(sheet: SheetInfo): Promise<MergedCells[]> {
    const found: MergedCells[] = [];
    let tail = '';
    for await (const chunk of await openText(this.zip, this.entry(sheet.part))) {
      const text = tail + (chunk as string);
      let end = 0;
      for (const m of text.matchAll(MERGE_CELL)) {
        const top = Number(m[2]);
        const bottom = Number(m[3]);
        if (bottom > top) found.push({ col: columnIndex(m[1]!), top, bottom });
        end = m.index + m[0].length;
      }
      // An element cut by the chunk boundary is read with the next chunk.
      tail = text.slice(Math.max(end, text.length - 200));
    }
    return found;
  }

  /** The sheet's rows in order, as stored: a row Excel keeps only for its format has no cells. */
  async *rows(sheet: SheetInfo): AsyncGenerator<SheetRow> {
    const strings = await this.strings();
    let done: SheetRow[] = [];
    let rowNo = 0;
    let cells: (string | null)[] = [];
    let col = 0;
    let type = 'n';
    let style = 0;
    let text = '';
    let capture = false; // inside <v>, or an inline string's <t>
    let phonetic = 0; // inside <rPh>, whose text is a reading aid, not the value
    const parser = xmlParser();
    parser.on('opentag', (tag: Tag) => {
      switch (localName(tag.name)) {
        case 'row': {
          const r = tag.attributes.r;
          rowNo = r ? Number(r) : rowNo + 1;
          cells = [];
          col = 0;
          break;
        }
        case 'c': {
          const ref = tag.attributes.r;
          if (ref) col = columnIndex(ref);
          type = tag.attributes.t ?? 'n';
          style = tag.attributes.s ? Number(tag.attributes.s) : 0;
          text = '';
          break;
        }
        case 'v':
          capture = true;
          break;
        case 't':
          capture = phonetic === 0;
          break;
        case 'rPh':
          phonetic++;
          break;
      }
    });
    const onText = (t: string) => {
      if (capture) text += t;
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', (tag: Tag) => {
      switch (localName(tag.name)) {
        case 'v':
        case 't':
          capture = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c': {
          const shown = type === 'n' && text !== '' ? this.styles[style] : undefined;
          const n = shown ? Number(text) : NaN;
          cells[col] = !Number.isFinite(n) ? cellValue(type, text, strings, sheet)
            : shown === 'date' ? dateText(n, this.date1904) : (zeroPadded(n, shown!) ?? cellValue(type, text, strings, sheet));
          col++;
          text = '';
          break;
        }
        case 'row':
          for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
          done.push({ number: rowNo, cells });
          break;
      }
    });
    const stream = await openText(this.zip, this.entry(sheet.part));
    try {
      for await (const chunk of stream) {
        parser.write(chunk as string);
        if (done.length > 0) {
          yield* done;
          done = [];
        }
      }
      parser.close();
    } catch (err) {
      if (err instanceof WorkbookError) throw err;
      throw new WorkbookError(`sheet "${sheet.name}" is damaged or cut off (${sheet.part}: ${(err as Error).message})`);
    }
    yield* done;
  }

  close(): void {
    this.zip.close();
  }

  private entry(part: string): yauzl.Entry {
    const e = this.entries.get(part.toLowerCase());
    if (!e) throw new WorkbookError(`the workbook has no part ${part}`);
    return e;
  }

  private async strings(): Promise<string[]> {
    if (this.sharedStrings) return this.sharedStrings;
    const list: string[] = [];
    if (this.sharedStringsPart) {
      let text = '';
      let capture = false;
      let phonetic = 0;
      await readXml(this.zip, this.entries, this.sharedStringsPart, {
        opentag(tag) {
          const name = localName(tag.name);
          if (name === 'si') text = '';
          else if (name === 't') capture = phonetic === 0;
          else if (name === 'rPh') phonetic++;
        },
        text(t) {
          if (capture) text += t;
        },
        closetag(tag) {
          const name = localName(tag.name);
          if (name === 't') capture = false;
          else if (name === 'rPh') phonetic--;
          else if (name === 'si') list.push(unescapeOoxml(text));
        },
      }, true);
    }
    this.sharedStrings = list;
    return list;
  }
}

/** Built-in number formats that show a date or time, Chinese ones (27–36, 50–58) included. */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * Whether a custom number format shows a date or time: a y, m, d, h or s outside quoted text,
 * escapes and bracketed colours or locales (`[h]` elapsed hours counts).
 * @example isDateFormat('yyyy"年"m"月"d"日"') // true
 * @example isDateFormat('#,##0.00_);[Red](#,##0.00)') // false
 */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(bare.split(';')[0]!) && !/^general$/i.test(bare.trim());
}

/**
 * How a cell style shows a number, where it differs from General: as a date or time, or in a
 * format of zeros only (`000000`, which Excel fills with leading zeros); null otherwise.
 */
export type NumberStyle = 'date' | string | null;

/** A format of zeros only (`000000000`): a whole number shown with its leading zeros. */
export function zeroPadded(n: number, code: string): string | null {
  return /^0{2,}$/.test(code) && Number.isInteger(n) && n >= 0 && n < 1e15 ? String(n).padStart(code.length, '0') : null;
}

const numberStyle = (code: string): NumberStyle => (isDateFormat(code) ? 'date' : /^0{2,}$/.test(code) ? code : null);

/** For each cell style (`cellXfs`), how its number format shows a number (see NumberStyle). */
async function readNumberStyles(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, part: string): Promise<NumberStyle[]> {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  await readXml(zip, entries, part, {
    opentag(tag) {
      const name = localName(tag.name);
      if (name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formats.push(Number(tag.attributes.numFmtId ?? 0));
    },
    closetag(tag) {
      if (localName(tag.name) === 'cellXfs') inCellXfs = false;
    },
  });
  return formats.map((id) => (custom.has(id) ? numberStyle(custom.get(id)!) : BUILTIN_DATE_FORMATS.has(id) ? 'date' : null));
}

/**
 * A serial day number in a date-formatted cell as ISO text: `2025-03-14`, with ` 09:30:00` when
 * it has a time, or the time alone below one day. Numbers no calendar holds stay numbers.
 */
export function dateText(serial: number, date1904: boolean): string {
  const days = date1904 ? serial + 1462 : serial;
  let day = Math.floor(days);
  let seconds = Math.round((days - day) * 86_400);
  if (seconds === 86_400) {
    day++;
    seconds = 0;
  }
  const time = new Date(seconds * 1000).toISOString().slice(11, 19);
  if (serial >= 0 && serial < 1) return time;
  const parsed = excelSerialToDate(day);
  if (!('date' in parsed) || day > 2_958_465) return numberText(serial);
  return seconds === 0 ? parsed.date : `${parsed.date} ${time}`;
}

/** `B12` → 1. */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n - 1;
}

/** A cell as Excel shows it in the General format, without styles (dates stay serial numbers). */
function cellValue(type: string, text: string, strings: string[], sheet: SheetInfo): string | null {
  if (text === '') return null;
  switch (type) {
    case 's': {
      const s = strings[Number(text)];
      if (s === undefined) throw new WorkbookError(`sheet "${sheet.name}" refers to shared text ${text}, but the workbook holds ${strings.length}; it is damaged`);
      return s;
    }
    case 'inlineStr':
    case 'str':
      return unescapeOoxml(text);
    case 'b':
      return text === '1' || text === 'true' ? 'TRUE' : 'FALSE';
    case 'e':
      return text;
    case 'd': // ISO 8601; a day without a time reads as the day
      return text.replace(/T00:00(:00(\.0+)?)?Z?$/, '');
    default: {
      const n = Number(text);
      return Number.isFinite(n) ? numberText(n) : text;
    }
  }
}

/**
 * A number cell as text. Excel keeps 15 significant digits: a longer number (an ID number typed
 * into a numeric column) has lost its last digits, and reads as Excel shows it, e.g.
 * 3.70303198001E+17, which the checks name as a number-format loss.
 */
export function numberText(n: number): string {
  // Formula results and other writers store full precision (0.30000000000000004 for =0.1+0.2).
  const shown = Number(n.toPrecision(15));
  return Math.abs(shown) >= 1e15 ? shown.toExponential().toUpperCase() : String(shown);
}

/** Excel writes characters XML cannot carry as `_xHHHH_` (a CR as `_x000D_`, `_` itself as `_x005F_`). */
function unescapeOoxml(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

/** Element names are compared without their prefix (`x:sheet` is `sheet`). */
type Tag = { name: string; attributes: Record<string, string> };
const xmlParser = () => new SaxesParser({ xmlns: false, position: false });

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

async function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      // Part names are case-insensitive in Open Packaging.
      entries.set(e.fileName.toLowerCase(), e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: Error) => reject(new WorkbookError(`not a readable .xlsx (zip) file: ${err.message}`)));
    zip.readEntry();
  });
  return entries;
}

async function openText(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(new WorkbookError(`cannot read ${entry.fileName}: ${err.message}`)) : resolve(s))));
  // One decoder for the whole part: a character cut by a chunk boundary is joined, not replaced.
  stream.setEncoding('utf8');
  return stream;
}

interface XmlHandlers {
  opentag?(tag: Tag): void;
  text?(text: string): void;
  closetag?(tag: Tag): void;
}

/** What another Office file's main part is, for the message that refuses it. */
const OTHER_OFFICE: Record<string, string> = { document: ' (a Word document renamed?)', presentation: ' (a PowerPoint file renamed?)' };

/** Parses a whole part; a missing part reads as empty unless it is required. */
async function readXml(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, part: string, on: XmlHandlers, required = false): Promise<void> {
  const entry = entries.get(part.toLowerCase());
  if (!entry) {
    if (required) throw new WorkbookError(`the workbook has no part ${part}`);
    return;
  }
  const parser = xmlParser();
  if (on.opentag) parser.on('opentag', on.opentag);
  if (on.text) {
    parser.on('text', on.text);
    parser.on('cdata', on.text);
  }
  if (on.closetag) parser.on('closetag', on.closetag);
  try {
    for await (const chunk of await openText(zip, entry)) parser.write(chunk as string);
    parser.close();
  } catch (err) {
    if (err instanceof WorkbookError) throw err;
    throw new WorkbookError(`the workbook is damaged or cut off (${part}: ${(err as Error).message})`);
  }
}

async function readRels(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, part: string): Promise<{ id: string; type: string; target: string }[]> {
  const rels: { id: string; type: string; target: string }[] = [];
  await readXml(zip, entries, part, {
    opentag(tag) {
      if (localName(tag.name) !== 'Relationship' || tag.attributes.TargetMode === 'External') return;
      const { Id, Type, Target } = tag.attributes;
      if (Id && Type && Target) rels.push({ id: Id, type: Type, target: Target });
    },
  });
  return rels;
}
