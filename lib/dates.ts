// Date cells of department exports to ISO YYYY-MM-DD. Pure, no I/O; a single-pass scanner without
// regular expressions, since the XLSX path calls it on millions of cells.

export type ParsedDate = { date: string } | { error: 'unparseable' | 'impossible' };

/** Excel serials accepted as dates: 1954-10-03 … 2119-01-11. Outside, a bare number is not a date. */
export const EXCEL_SERIAL_MIN = 20000;
export const EXCEL_SERIAL_MAX = 80000;

/** The 有效期至 value that means 长期 (no expiry) in the national template. */
export const LONG_TERM_DATE = '2099-12-31';

/** China's offset from UTC (UTC+8 all year: no daylight saving). */
export const CHINA_UTC_OFFSET_MS = 8 * 3600_000;

/**
 * The date in China at `now`: the day a department submits a file and the office works in. At
 * 06:00 Beijing time UTC still shows the day before.
 * @example chinaDay(new Date('2026-11-26T22:00:00Z')) // '2026-11-27'
 */
export function chinaDay(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A calendar day `days` after (or before) an ISO date.
 * @example addDays('2025-03-01', -1) // '2025-02-28'
 */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const UNPARSEABLE = { error: 'unparseable' } as const;
const IMPOSSIBLE = { error: 'impossible' } as const;

// Excel day 0 is 1899-12-30 for serials ≥ 61; 25569 days before 1970-01-01.
const EXCEL_EPOCH_OFFSET = 25569;

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function iso(y: number, m: number, d: number): string {
  const yy = y >= 1000 ? `${y}` : `${y}`.padStart(4, '0');
  return `${yy}-${PAD2[m]}-${PAD2[d]}`;
}

function checked(y: number, m: number, d: number): ParsedDate {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return IMPOSSIBLE;
  return { date: iso(y, m, d) };
}

/** Civil date of a count of days since 1970-01-01 (H. Hinnant's algorithm; no Date objects). */
function civilFromDays(days: number): ParsedDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return { date: iso(y, m, d) };
}

/**
 * An Excel (1900 date system) serial day number to a date; a fraction (the time) is dropped.
 * Serial 60 is Excel's phantom 1900-02-29 and is impossible; serials below 60 sit one day off the
 * 1899-12-30 base because of that phantom day.
 * @example excelSerialToDate(45356) // { date: '2024-03-05' }
 */
export function excelSerialToDate(serial: number): ParsedDate {
  if (!Number.isFinite(serial) || serial < 1) return UNPARSEABLE;
  const day = Math.floor(serial);
  if (day === 60) return IMPOSSIBLE;
  return civilFromDays(day - EXCEL_EPOCH_OFFSET + (day < 60 ? 1 : 0));
}

function fromNumber(n: number): ParsedDate {
  if (!Number.isFinite(n)) return UNPARSEABLE;
  if (n >= EXCEL_SERIAL_MIN && n < EXCEL_SERIAL_MAX + 1) return excelSerialToDate(n);
  if (Number.isInteger(n) && n >= 10000101 && n <= 99991231) {
    return checked(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
  }
  return UNPARSEABLE;
}

/** Char code with full-width ASCII and the ideographic space folded to ASCII. */
function codeAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  return c === 0x3000 ? 0x20 : c;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const YEAR = 0x5e74; // 年
const MONTH = 0x6708; // 月
const DAY = 0x65e5; // 日
const DAY_ALT = 0x53f7; // 号
const COLON = 0x3a;
const DOT = 0x2e;

/** Scanner state over one trimmed string; `i` advances, `end` is exclusive. */
interface Cursor {
  s: string;
  i: number;
  end: number;
}

/** Reads up to `max` digits; returns the value, or -1 when there is none. `digits` gets the count. */
function readNumber(cur: Cursor, max: number): { value: number; digits: number } {
  let value = 0;
  let digits = 0;
  while (cur.i < cur.end && digits < max) {
    const c = codeAt(cur.s, cur.i);
    if (!isDigit(c)) break;
    value = value * 10 + (c - 0x30);
    digits++;
    cur.i++;
  }
  return { value, digits };
}

function skipSpaces(cur: Cursor): void {
  while (cur.i < cur.end && isSpace(codeAt(cur.s, cur.i))) cur.i++;
}

/**
 * Accepts the rest of the string as a time of day: `[ |T]H:MM[:SS[.fff]][Z|±hh[:mm]]`.
 * Returns 'ok', 'bad' (not a time) or 'range' (a time with an out-of-range field).
 */
function scanTime(cur: Cursor): 'ok' | 'bad' | 'range' {
  const lead = codeAt(cur.s, cur.i);
  if (lead === 0x54 /* T */) cur.i++;
  else if (isSpace(lead)) skipSpaces(cur);
  else return 'bad';
  const h = readNumber(cur, 2);
  if (h.digits === 0) return 'bad';
  if (cur.i === cur.end || codeAt(cur.s, cur.i) !== COLON) return 'bad';
  cur.i++;
  const min = readNumber(cur, 2);
  if (min.digits !== 2) return 'bad';
  let outOfRange = h.value > 23 || min.value > 59;
  if (cur.i < cur.end && codeAt(cur.s, cur.i) === COLON) {
    cur.i++;
    const sec = readNumber(cur, 2);
    if (sec.digits !== 2) return 'bad';
    if (sec.value > 60) outOfRange = true;
  }
  if (cur.i < cur.end && codeAt(cur.s, cur.i) === DOT) {
    cur.i++;
    if (readNumber(cur, 9).digits === 0) return 'bad';
  }
  if (cur.i < cur.end) {
    const c = codeAt(cur.s, cur.i);
    if (c === 0x5a /* Z */) cur.i++;
    else if (c === 0x2b || c === 0x2d) {
      cur.i++;
      if (readNumber(cur, 2).digits !== 2) return 'bad';
      if (cur.i < cur.end && codeAt(cur.s, cur.i) === COLON) cur.i++;
      readNumber(cur, 2);
    }
  }
  skipSpaces(cur);
  if (cur.i !== cur.end) return 'bad';
  return outOfRange ? 'range' : 'ok';
}

function fromString(s: string): ParsedDate {
  const cur: Cursor = { s, i: 0, end: s.length };
  while (cur.end > 0 && isSpace(codeAt(s, cur.end - 1))) cur.end--;
  skipSpaces(cur);
  if (cur.i === cur.end) return UNPARSEABLE;

  const first = readNumber(cur, 9);
  if (first.digits === 0) return UNPARSEABLE;
  const atEnd = cur.i === cur.end;

  // A bare 5-digit number (optionally with a fraction) is an Excel serial that lost its type.
  if (first.digits === 5) {
    if (!atEnd) {
      if (codeAt(s, cur.i) !== DOT) return UNPARSEABLE;
      cur.i++;
      if (readNumber(cur, 20).digits === 0 || cur.i !== cur.end) return UNPARSEABLE;
    }
    const v = first.value;
    return v >= EXCEL_SERIAL_MIN && v <= EXCEL_SERIAL_MAX ? excelSerialToDate(v) : UNPARSEABLE;
  }

  let y: number;
  let m: number;
  let d: number;
  if (first.digits === 8) {
    y = Math.floor(first.value / 10000);
    m = Math.floor(first.value / 100) % 100;
    d = first.value % 100;
  } else if (first.digits === 4) {
    y = first.value;
    skipSpaces(cur);
    if (cur.i === cur.end) return UNPARSEABLE;
    const sep = codeAt(s, cur.i);
    const chinese = sep === YEAR;
    if (!chinese && sep !== 0x2d /* - */ && sep !== 0x2f /* / */ && sep !== DOT) return UNPARSEABLE;
    cur.i++;
    skipSpaces(cur);
    const mm = readNumber(cur, 2);
    if (mm.digits === 0) return UNPARSEABLE;
    skipSpaces(cur);
    if (cur.i === cur.end || codeAt(s, cur.i) !== (chinese ? MONTH : sep)) return UNPARSEABLE;
    cur.i++;
    skipSpaces(cur);
    const dd = readNumber(cur, 2);
    if (dd.digits === 0) return UNPARSEABLE;
    if (chinese) {
      const afterDay = cur.i;
      skipSpaces(cur);
      const c = cur.i < cur.end ? codeAt(s, cur.i) : 0;
      if (c === DAY || c === DAY_ALT) cur.i++;
      else cur.i = afterDay;
    }
    m = mm.value;
    d = dd.value;
  } else {
    return UNPARSEABLE;
  }

  if (cur.i !== cur.end) {
    const time = scanTime(cur);
    if (time === 'bad') return UNPARSEABLE;
    if (time === 'range') return IMPOSSIBLE;
  }
  return checked(y, m, d);
}

/**
 * Parses a date cell to ISO `YYYY-MM-DD`. Accepts `2024-03-05`, `2024-3-5`, `2024/3/5`,
 * `2024.3.5`, `2024年3月5日`, `20240305`, any of them with a time (`2024-03-05 14:30:00`,
 * `2024/3/5 9:05`, `2024-03-05T14:30:00Z`: the date is taken as written, the time ignored),
 * full-width digits and separators, Excel serials (number or 5-digit string) between
 * EXCEL_SERIAL_MIN and EXCEL_SERIAL_MAX, 8-digit numbers, and Date objects (read in UTC, as
 * spreadsheet readers such as ExcelJS produce them). Shapes that parse to no real day
 * (`2024-02-30`, `2024-13-01`, `24:61`) are 'impossible'; anything else, including null and
 * blank, is 'unparseable'.
 * @example parseDate('2024年3月5日') // { date: '2024-03-05' }
 * @example parseDate(45356) // { date: '2024-03-05' }
 * @example parseDate('2024-02-30') // { error: 'impossible' }
 */
export function parseDate(input: string | number | Date | null | undefined): ParsedDate {
  if (input === null || input === undefined) return UNPARSEABLE;
  if (typeof input === 'string') return fromString(input);
  if (typeof input === 'number') return fromNumber(input);
  if (input instanceof Date) {
    const t = input.getTime();
    if (Number.isNaN(t)) return UNPARSEABLE;
    return checked(input.getUTCFullYear(), input.getUTCMonth() + 1, input.getUTCDate());
  }
  return UNPARSEABLE;
}

/**
 * True when a 有效期至 cell means 长期 (no expiry): the template's 2099-12-31 in any accepted
 * date form, or the word 长期 itself.
 * @example isLongTerm('2099/12/31') // true
 * @example isLongTerm('2026-12-31') // false
 */
export function isLongTerm(input: string | number | Date | null | undefined): boolean {
  if (typeof input === 'string' && input.trim() === '长期') return true;
  const parsed = parseDate(input);
  return 'date' in parsed && parsed.date === LONG_TERM_DATE;
}
