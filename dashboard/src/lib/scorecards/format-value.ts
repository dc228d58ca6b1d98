// Indicator figures as text, by unit: percentages from fractions, counts in 万/亿. Thin layer over
// $lib/number-format that also handles null and the axis/tooltip variants used by charts.
import { formatCount, formatPercent } from '$lib/number-format';
import type { Unit } from '$lib/api/types';
import type { Lang } from '$lib/i18n';

export const NO_VALUE = '—';

/** Example: formatValue(0.8523, '%', 'zh') → '85.2%'; formatValue(612345678, '条', 'zh') → '6.12亿条'. */
export function formatValue(value: number | null | undefined, unit: Unit, lang: Lang, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return unit === '%' ? formatPercent(value, digits) : formatCount(value, unit, lang);
}

/**
 * A figure as its number and its unit apart, for a display that sets the unit smaller.
 * @example formatValueParts(612345678, '条', 'zh') // { number: '6.12亿', unit: '条' }
 * @example formatValueParts(6919, '人次', 'en') // { number: '6,919', unit: 'person-times' }
 */
export function formatValueParts(value: number | null | undefined, unit: Unit, lang: Lang): { number: string; unit: string } {
  const whole = formatValue(value, unit, lang);
  if (whole === NO_VALUE || unit === '%') return { number: whole, unit: '' };
  const bare = formatCount(value!, undefined, lang);
  return whole.startsWith(bare) ? { number: bare, unit: whole.slice(bare.length).trim() } : { number: whole, unit: '' };
}

/**
 * A difference between two figures, signed: between rates in percentage points (个百分点 / pp),
 * else in the unit. One that rounds to nothing is 0, never −0.0.
 * @example formatDifference(0.0123, '%', 'zh') // '+1.2个百分点'
 * @example formatDifference(-0.00001, '%', 'en') // '0 pp'
 */
export function formatDifference(d: number | null | undefined, unit: Unit, lang: Lang): string {
  if (d === null || d === undefined || !Number.isFinite(d)) return NO_VALUE;
  if (unit === '%') {
    const points = Math.round(d * 1000) / 10;
    const text = points === 0 ? '0' : `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)}`;
    return lang === 'en' ? `${text} pp` : `${text}个百分点`;
  }
  const shown = formatValue(Math.abs(d), unit, lang);
  return d === 0 || /^0(\.0+)?\D*$/.test(shown) ? formatValue(0, unit, lang) : `${d > 0 ? '+' : '−'}${shown}`;
}

/** A bare count (no unit), for numerators and denominators. */
export function formatPlain(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return formatCount(value, undefined, lang);
}

/** Axis ticks: percentages with as few decimals as the span of the data allows. */
export function axisFormatter(unit: Unit, lang: Lang, values: (number | null)[]): (v: number) => string {
  if (unit !== '%') return (v) => formatCount(v, undefined, lang);
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const span = finite.length ? Math.max(...finite) - Math.min(...finite) : 1;
  const digits = span < 0.05 ? 1 : 0;
  return (v) => formatPercent(v, digits);
}

/** Share of a bar, clamped to [0, 1]; null when not computable. */
export function fraction(part: number | null | undefined, whole: number | null | undefined): number | null {
  if (part === null || part === undefined || !whole || !Number.isFinite(part)) return null;
  return Math.min(1, Math.max(0, part / whole));
}
