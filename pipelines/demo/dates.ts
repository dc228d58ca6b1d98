/**
 * Calendar arithmetic for the demo generator: ISO dates as day numbers, working days, and the
 * many ways departments write a date. Pure, no I/O. The loader computes the real 7-working-day
 * deadline; the demo only needs to place reports on plausible days.
 */
import chineseDays from 'chinese-days';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a `YYYY-MM-DD` string. */
export function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: "${iso}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;

const workdayCache = new Map<number, boolean>();

/** Working day in the official calendar (with 调休), from `chinese-days`. */
export function isWorkingDay(day: number): boolean {
  let v = workdayCache.get(day);
  if (v === undefined) {
    v = chineseDays.isWorkday(isoDate(day));
    workdayCache.set(day, v);
  }
  return v;
}

/** The day `n` working days after `day`, the day itself not counted. */
export function addWorkingDays(day: number, n: number): number {
  let d = day;
  let left = n;
  while (left > 0) {
    d++;
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Excel's serial for a day (1900 date system, as Excel counts it after 1900-03-01). */
export const excelSerial = (day: number): number => day + 25569;

export type DateStyle = 'iso' | 'slash' | 'zh' | 'compact';
export const DATE_STYLES: readonly DateStyle[] = ['iso', 'slash', 'zh', 'compact'];

/**
 * @example formatDate(dayNumber('2025-03-05'), 'slash') // '2025/3/5'
 */
export function formatDate(day: number, style: DateStyle): string {
  const iso = isoDate(day);
  const y = iso.slice(0, 4);
  const m = iso.slice(5, 7);
  const d = iso.slice(8, 10);
  switch (style) {
    case 'iso':
      return iso;
    case 'slash':
      return `${y}/${Number(m)}/${Number(d)}`;
    case 'zh':
      return `${y}年${Number(m)}月${Number(d)}日`;
    case 'compact':
      return `${y}${m}${d}`;
  }
}

/** Quarter label parts of a day: year and 1–4. */
export function quarterOf(day: number): { year: number; quarter: number } {
  const iso = isoDate(day);
  return { year: Number(iso.slice(0, 4)), quarter: Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1 };
}

/** First day of the quarter `q` (1–4) of `year`. */
export const quarterStart = (year: number, q: number): number =>
  Date.UTC(year, (q - 1) * 3, 1) / DAY_MS;

/** Adds calendar months, clamping to the month's last day (2025-01-31 + 1 → 2025-02-28). */
export function addMonths(day: number, months: number): number {
  const dt = new Date(day * DAY_MS);
  const y = dt.getUTCFullYear();
  const m = dt.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(dt.getUTCDate(), last)) / DAY_MS;
}
