// Working-day calendar (State Council holidays and 调休 make-up days) and the 7-working-day 双公示
// deadline. Pure, no I/O; never falls back to a weekend-only guess for a year it does not know.
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** 双公示 (double publicity) deadline: published within 7 working days of the decision. */
export const DOUBLE_PUBLICITY_WORKING_DAYS = 7;

/** One year's State Council holiday notice: days off (weekends inside a holiday included) and make-up working days. */
export interface YearNotice {
  holidays: string[];
  workdays: string[];
}

export class CalendarNotCoveredError extends Error {
  override readonly name = 'CalendarNotCoveredError';
  constructor(
    readonly year: number,
    readonly date: string,
  ) {
    super(
      `No working-day calendar for ${year} (needed for ${date}): the office must enter the State Council's ` +
        `${year} holiday notice (放假安排通知) in the preset calendar, or the chinese-days package must be upgraded.`,
    );
  }
}

export interface WorkingCalendar {
  /** True on a working day: Monday–Friday outside holidays, plus 调休 make-up weekends. */
  isWorkingDay(date: string): boolean;
  /** The n-th working day after `date` (the day itself is not counted); n < 0 counts backwards. */
  addWorkingDays(date: string, n: number): string;
  /** Working days in (from, to]: so `workingDaysBetween(d, addWorkingDays(d, n)) === n`. Negative when to < from. */
  workingDaysBetween(from: string, to: string): number;
  /** 双公示 due date: `addWorkingDays(date, 7)`. */
  dueDate(date: string): string;
  /** First day of the unbroken run of covered years that contains the package's years. */
  coveredFrom: string;
  /** Last day of that run: deadlines are known for decisions until about 10 days before it. */
  coveredUntil: string;
}

// ---- Day arithmetic on plain integers: (year, day-of-year) pairs, no Date objects. ----

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const CUM_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const PAD2: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to 1 January of `y`. */
function daysToYear(y: number): number {
  const p = y - 1;
  return 365 * (y - 1970) + (Math.floor(p / 4) - Math.floor(p / 100) + Math.floor(p / 400)) - 477;
}

interface DayRef {
  year: number;
  /** 0-based day of the year. */
  doy: number;
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 0x30;
  return d >= 0 && d <= 9 ? d : -1000;
};

/** Strict ISO `YYYY-MM-DD`; throws RangeError on anything else. */
function parseIso(date: string): DayRef {
  if (typeof date === 'string' && date.length === 10 && date[4] === '-' && date[7] === '-') {
    const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
    const m = digit(date, 5) * 10 + digit(date, 6);
    const d = digit(date, 8) * 10 + digit(date, 9);
    if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) {
      return { year: y, doy: CUM_DAYS[m - 1]! + (m > 2 && isLeap(y) ? 1 : 0) + d - 1 };
    }
  }
  throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

// Per-year label caches: the same few hundred strings serve every lookup of that year.
const yearLabels = new Map<number, string[]>();

function labelsOf(year: number): string[] {
  let labels = yearLabels.get(year);
  if (labels === undefined) {
    labels = [];
    const yy = `${year}`.padStart(4, '0');
    for (let m = 1; m <= 12; m++) {
      const n = daysInMonth(year, m);
      for (let d = 1; d <= n; d++) labels.push(`${yy}-${PAD2[m]}-${PAD2[d]}`);
    }
    yearLabels.set(year, labels);
  }
  return labels;
}

const format = (year: number, doy: number): string => labelsOf(year)[doy]!;

// ---- The package's data and which years it covers. ----

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const yearOf = (isoDate: string): number => Number(isoDate.slice(0, 4));

/**
 * Years the installed chinese-days carries a holiday notice for, read from its data rather than
 * hard-coded, so an upgrade of the package extends coverage by itself.
 * @example packageCoveredYears().at(-1) // 2026 with chinese-days 1.5.7
 */
export function packageCoveredYears(): number[] {
  const years = new Set<number>();
  for (const day of Object.keys((chineseDays as PackageData).holidays)) years.add(yearOf(day));
  return [...years].sort((a, b) => a - b);
}

// ---- Year tables: memoised day → working-day index. ----

interface YearTable {
  /** Working-day flag per day of the year. */
  working: Uint8Array;
  /** cum[doy] = working days from 1 January up to and including doy. */
  cum: Uint16Array;
  /** work[k] = day of the year of the k-th (0-based) working day. */
  work: Uint16Array;
  total: number;
}

function validateNotices(extraYears: Record<string, YearNotice>): void {
  for (const [key, notice] of Object.entries(extraYears)) {
    if (!/^\d{4}$/.test(key)) throw new RangeError(`Calendar year must be four digits, got ${JSON.stringify(key)}`);
    const year = Number(key);
    const holidays = new Set<string>();
    for (const [kind, list] of [
      ['holidays', notice.holidays],
      ['workdays', notice.workdays],
    ] as const) {
      if (!Array.isArray(list)) throw new RangeError(`Calendar ${key}: ${kind} must be a list of dates`);
      for (const day of list) {
        const ref = parseIso(day);
        // A notice may reach into the last days of the previous year (New Year make-up days).
        if (ref.year !== year && ref.year !== year - 1) {
          throw new RangeError(`Calendar ${key}: ${kind} date ${day} is outside ${year - 1}–${year}`);
        }
        if (kind === 'holidays') holidays.add(day);
        else if (holidays.has(day)) throw new RangeError(`Calendar ${key}: ${day} is both a holiday and a workday`);
      }
    }
  }
}

/**
 * A working-day calendar from the chinese-days package plus the preset's own notices. A year in
 * `extraYears` replaces the package's dates falling in that year (the office enters a new or
 * amended notice); any date in a year covered by neither throws CalendarNotCoveredError.
 * Year tables are built on first use and memoised, so each lookup is a few array reads.
 * @example
 * const cal = createWorkingCalendar();
 * cal.addWorkingDays('2024-09-30', 7) // '2024-10-15'
 * cal.isWorkingDay('2024-10-12')      // true: 调休 make-up Saturday
 */
export function createWorkingCalendar(extraYears: Record<string, YearNotice> = {}): WorkingCalendar {
  validateNotices(extraYears);
  const data = chineseDays as PackageData;
  const extra = new Set(Object.keys(extraYears).map(Number));
  const packageYears = packageCoveredYears();
  const covered = new Set<number>([...packageYears, ...extra]);

  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const day of Object.keys(data.holidays)) if (!extra.has(yearOf(day))) holidays.add(day);
  for (const day of Object.keys(data.workdays)) if (!extra.has(yearOf(day))) workdays.add(day);
  for (const notice of Object.values(extraYears)) {
    for (const day of notice.holidays) holidays.add(day);
    for (const day of notice.workdays) {
      holidays.delete(day);
      workdays.add(day);
    }
  }

  let first = packageYears[0]!;
  while (covered.has(first - 1)) first--;
  let last = packageYears.at(-1)!;
  while (covered.has(last + 1)) last++;

  const tables = new Map<number, YearTable>();

  function table(year: number, forDate: string): YearTable {
    let t = tables.get(year);
    if (t !== undefined) return t;
    if (!covered.has(year)) throw new CalendarNotCoveredError(year, forDate);
    const labels = labelsOf(year);
    const n = labels.length;
    const working = new Uint8Array(n);
    const cum = new Uint16Array(n);
    const work: number[] = [];
    const jan1Weekday = (((daysToYear(year) + 4) % 7) + 7) % 7; // 0 = Sunday; 1970-01-01 was a Thursday
    for (let doy = 0; doy < n; doy++) {
      const weekday = (jan1Weekday + doy) % 7;
      const label = labels[doy]!;
      const isWork = workdays.has(label) || (weekday !== 0 && weekday !== 6 && !holidays.has(label));
      if (isWork) {
        working[doy] = 1;
        work.push(doy);
      }
      cum[doy] = work.length;
    }
    t = { working, cum, work: Uint16Array.from(work), total: work.length };
    tables.set(year, t);
    return t;
  }

  function isWorkingDay(date: string): boolean {
    const { year, doy } = parseIso(date);
    return table(year, date).working[doy] === 1;
  }

  function addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`Working-day count must be an integer, got ${n}`);
    const { year, doy } = parseIso(date);
    let t = table(year, date);
    if (n === 0) return date;
    if (n > 0) {
      // The working days after `date` in its own year start at index cum[doy].
      const after = t.total - t.cum[doy]!;
      if (n <= after) return format(year, t.work[t.cum[doy]! + n - 1]!);
      let remaining = n - after;
      for (let y = year + 1; ; y++) {
        t = table(y, date);
        if (remaining <= t.total) return format(y, t.work[remaining - 1]!);
        remaining -= t.total;
      }
    }
    const before = t.cum[doy]! - t.working[doy]!;
    let remaining = -n;
    if (remaining <= before) return format(year, t.work[before - remaining]!);
    remaining -= before;
    for (let y = year - 1; ; y--) {
      t = table(y, date);
      if (remaining <= t.total) return format(y, t.work[t.total - remaining]!);
      remaining -= t.total;
    }
  }

  function workingDaysBetween(from: string, to: string): number {
    const a = parseIso(from);
    const b = parseIso(to);
    if (a.year > b.year || (a.year === b.year && a.doy > b.doy)) return -workingDaysBetween(to, from);
    const ta = table(a.year, from);
    const tb = table(b.year, to);
    if (a.year === b.year) return tb.cum[b.doy]! - ta.cum[a.doy]!;
    let count = ta.total - ta.cum[a.doy]!;
    for (let y = a.year + 1; y < b.year; y++) count += table(y, to).total;
    return count + tb.cum[b.doy]!;
  }

  return {
    isWorkingDay,
    addWorkingDays,
    workingDaysBetween,
    dueDate: (date) => addWorkingDays(date, DOUBLE_PUBLICITY_WORKING_DAYS),
    coveredFrom: `${first}-01-01`,
    coveredUntil: `${last}-12-31`,
  };
}

let packageCalendar: WorkingCalendar | undefined;

/**
 * 双公示 due date of a decision: the 7th working day after it, by `calendar` (default: the
 * chinese-days package alone).
 * @example dueDate('2025-01-24') // '2025-02-10'
 */
export function dueDate(date: string, calendar?: WorkingCalendar): string {
  const cal = calendar ?? (packageCalendar ??= createWorkingCalendar());
  return cal.addWorkingDays(date, DOUBLE_PUBLICITY_WORKING_DAYS);
}

/**
 * Due date of every calendar day in [from, to], for the warehouse to load as a table and join
 * decisions on. Throws CalendarNotCoveredError when a due date falls in a year not covered.
 * @example buildDeadlineTable('2024-09-30', '2024-10-01')
 * // [{ day: '2024-09-30', due: '2024-10-15' }, { day: '2024-10-01', due: '2024-10-15' }]
 */
export function buildDeadlineTable(
  from: string,
  to: string,
  n: number = DOUBLE_PUBLICITY_WORKING_DAYS,
  calendar: WorkingCalendar = (packageCalendar ??= createWorkingCalendar()),
): Array<{ day: string; due: string }> {
  const start = parseIso(from);
  const end = parseIso(to);
  const rows: Array<{ day: string; due: string }> = [];
  for (let y = start.year; y <= end.year; y++) {
    const labels = labelsOf(y);
    const lastDoy = y === end.year ? end.doy : labels.length - 1;
    for (let doy = y === start.year ? start.doy : 0; doy <= lastDoy; doy++) {
      const day = labels[doy]!;
      rows.push({ day, due: calendar.addWorkingDays(day, n) });
    }
  }
  return rows;
}
