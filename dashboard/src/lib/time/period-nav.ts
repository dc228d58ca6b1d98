// Stepping between reporting periods with the `at` date the API accepts. Pure date arithmetic on
// `YYYY-MM-DD` strings (UTC, no time zone involved); knows nothing of the API beyond that.
import type { PeriodRef, PeriodType } from '$lib/api/types';
import { addDays } from '../../../../lib/dates';

export { addDays };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a well-formed calendar date `YYYY-MM-DD`. Example: isIsoDate('2025-02-30') → false. */
export function isIsoDate(value: string | null | undefined): value is string {
  if (!value || !ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A date inside the period before `period`: the day before its start. */
export function previousAt(period: PeriodRef): string {
  return addDays(period.start, -1);
}

/**
 * A date inside the period after `period`, or null when `period` is already the latest.
 * Works whether the API's `end` is inclusive or exclusive: end + 1 day lies in the next period.
 */
export function nextAt(period: PeriodRef, latest: PeriodRef | null | undefined): string | null {
  if (latest && period.start.slice(0, 10) >= latest.start.slice(0, 10)) return null;
  return addDays(period.end, 1);
}

/**
 * The day the task board reads a period as its figure counts it: the period's last day within the
 * year it begins in (a period's 12月底 deadlines are those of that year, so the board of the week
 * across New Year is read on 31 December). Example: taskBoardDay({ start: '2025-12-29', end: '2026-01-04' }) → '2025-12-31'.
 */
export function taskBoardDay(period: Pick<PeriodRef, 'start' | 'end'>): string {
  const year = period.start.slice(0, 4);
  return period.end.slice(0, 4) === year ? period.end.slice(0, 10) : `${year}-12-31`;
}

export const PERIOD_TYPES: readonly PeriodType[] = ['week', 'month', 'quarter', 'year'];

export function parsePeriodType(value: string | null | undefined, fallback: PeriodType): PeriodType {
  return PERIOD_TYPES.includes(value as PeriodType) ? (value as PeriodType) : fallback;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Period label in the UI language. Chinese uses the API's label; English is derived from dates.
 * Example: periodLabel({ start: '2025-06-01', end: '2025-06-30', label: '2025年6月' }, 'month', 'en') → 'Jun 2025'.
 */
export function periodLabel(period: PeriodRef, type: PeriodType, lang: 'zh' | 'en'): string {
  if (lang === 'zh' && period.label) return period.label;
  const start = period.start.slice(0, 10);
  const [y, m] = start.split('-');
  if (type === 'month') return `${MONTHS_EN[Number(m) - 1] ?? m} ${y}`;
  if (type === 'quarter') return lang === 'zh' ? `${y}年第${Math.ceil(Number(m) / 3)}季度` : `Q${Math.ceil(Number(m) / 3)} ${y}`;
  if (type === 'year') return lang === 'zh' ? `${y}年` : `${y}`;
  return lang === 'zh' ? `${start} 起的一周` : `Week of ${start}`;
}

/**
 * A short label for chart axes: the API's label in Chinese, `Jun 16` (week start) or `Jun 2025` in English.
 * Example: shortPeriodLabel({ start: '2025-06-16', end: '2025-06-22', label: '2025年第25周' }, 'week', 'en') → 'Jun 16'.
 */
export function shortPeriodLabel(period: PeriodRef, type: PeriodType, lang: 'zh' | 'en'): string {
  if (lang === 'zh' && period.label) return period.label;
  if (type !== 'week') return periodLabel(period, type, 'en');
  const [, m, d] = period.start.slice(0, 10).split('-');
  return `${MONTHS_EN[Number(m) - 1] ?? m} ${Number(d)}`;
}
