/**
 * Calendar arithmetic for the demo generator: ISO dates as day numbers, working days, and the
 * many ways departments write a date. Pure, no I/O. Working days come from the project's calendar
 * (lib/working-days.ts), so the demo's "on time" is the loader's.
 */
import { createWorkingCalendar, type YearNotice } from '../../lib/working-days.ts';

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

/** Working days (State Council holidays and 调休) on day numbers. */
export interface DemoCalendar {
  isWorkingDay(day: number): boolean;
  /**
   * The day `n` working days after `day` (the day itself not counted), or the first day after
   * `limit` when it would fall later: the demo never needs, and never asks the calendar about,
   * days after its "today".
   */
  addWorkingDays(day: number, n: number, limit: number): number;
}

/**
 * @param years the preset's own holiday notices (preset.json `calendar.years`)
 * @throws CalendarNotCoveredError for a day in a year neither the package nor the preset covers
 */
export function demoCalendar(years: Record<string, YearNotice> = {}): DemoCalendar {
  const calendar = createWorkingCalendar(years);
  const cache = new Map<number, boolean>();
  const isWorkingDay = (day: number): boolean => {
    let v = cache.get(day);
    if (v === undefined) {
      v = calendar.isWorkingDay(isoDate(day));
      cache.set(day, v);
    }
    return v;
  };
  return {
    isWorkingDay,
    addWorkingDays(day, n, limit) {
      let d = day;
      for (let left = n; left > 0; ) {
        d++;
        if (d > limit) return d;
        if (isWorkingDay(d)) left--;
      }
      return d;
    },
  };
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

/**
 * The month a day falls in, written as departments write a 所属期.
 * @example formatMonth(dayNumber('2025-03-05'), 'zh') // '2025年3月'
 */
export function formatMonth(day: number, style: DateStyle): string {
  const iso = isoDate(day);
  const y = iso.slice(0, 4);
  const m = iso.slice(5, 7);
  switch (style) {
    case 'iso':
      return `${y}-${m}`;
    case 'slash':
      return `${y}/${Number(m)}`;
    case 'zh':
      return `${y}年${Number(m)}月`;
    case 'compact':
      return `${y}${m}`;
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
