// Counts and percentages as text, in Chinese (万/亿) or English (K/M/B) conventions. Pure: no
// Node or browser APIs beyond Intl, so it runs the same on the server and in the page.

export type NumberLang = 'zh' | 'en';

/** Shown for a missing or non-finite value. */
export const NO_VALUE = '—';

interface Tier {
  /** Value of one unit of the tier (1e4 for 万). */
  size: number;
  suffix: string;
  /** Decimals by mantissa: [below 10, from 10 on]. */
  decimals: [number, number];
}

const ZH_TIERS: Tier[] = [
  { size: 1e8, suffix: '亿', decimals: [2, 2] },
  { size: 1e4, suffix: '万', decimals: [2, 1] },
];

const EN_TIERS: Tier[] = [
  { size: 1e9, suffix: 'B', decimals: [1, 1] },
  { size: 1e6, suffix: 'M', decimals: [1, 1] },
  { size: 1e3, suffix: 'K', decimals: [1, 1] },
];

/** Below this a count is written out in full, with thousands separators (1,234). */
const PLAIN_BELOW = 1e4;

// English names for the Chinese units that indicator definitions carry: [singular, plural].
// '个' is a generic measure word with no English counterpart.
const EN_UNITS: Record<string, [string, string]> = {
  条: ['record', 'records'],
  人次: ['person-time', 'person-times'],
  篇: ['article', 'articles'],
  件: ['case', 'cases'],
  家: ['entity', 'entities'],
  户: ['household', 'households'],
  人: ['person', 'people'],
  次: ['time', 'times'],
  个: ['', ''],
};

const grouping = new Map<number, Intl.NumberFormat>();

/** Thousands separators and up to `decimals` fraction digits, trailing zeros dropped. */
function grouped(value: number, decimals: number): string {
  let f = grouping.get(decimals);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
    grouping.set(decimals, f);
  }
  return f.format(value);
}

const roundTo = (value: number, decimals: number): number => {
  const p = 10 ** decimals;
  return Math.round(value * p) / p;
};

/** `abs` (≥ 0) in full or scaled into the largest tier it reaches after rounding (99,999,999 → 1亿, not 10,000万). */
function scaled(abs: number, tiers: Tier[]): string {
  if (abs < PLAIN_BELOW) {
    const plain = roundTo(abs, 1);
    if (plain < PLAIN_BELOW) return grouped(plain, 1);
    abs = PLAIN_BELOW;
  }
  for (let i = 0; i < tiers.length; i++) {
    const tier = tiers[i]!;
    if (abs < tier.size) continue;
    const mantissa = abs / tier.size;
    const decimals = tier.decimals[mantissa < 10 ? 0 : 1];
    const rounded = roundTo(mantissa, decimals);
    const bigger = tiers[i - 1];
    if (bigger !== undefined && rounded * tier.size >= bigger.size) {
      const up = roundTo((rounded * tier.size) / bigger.size, bigger.decimals[0]);
      return `${grouped(up, bigger.decimals[0])}${bigger.suffix}`;
    }
    return `${grouped(rounded, decimals)}${tier.suffix}`;
  }
  return grouped(abs, 0);
}

function unitText(unit: string | undefined, lang: NumberLang, isOne: boolean): string {
  if (unit === undefined || unit === '') return '';
  if (lang === 'zh') return unit;
  const en = EN_UNITS[unit];
  const word = en === undefined ? unit : en[isOne ? 0 : 1];
  return word === '' ? '' : ` ${word}`;
}

/**
 * A count in Chinese or English conventions, with an optional unit. Chinese: below 1万 in full
 * (`1,234`), then 万 (`1.23万`, `1,234.5万`), then 亿 (`4.12亿`); English: below 10,000 in full,
 * then K, M, B with one decimal. Trailing zeros are dropped (`1万`, not `1.00万`). Known Chinese
 * units are translated in English (条 → records); others are appended as given.
 * @example formatCount(12_345_000, '条') // '1,234.5万条'
 * @example formatCount(412_345_678, '人次') // '4.12亿人次'
 * @example formatCount(12_345_678, '条', 'en') // '12.3M records'
 * @example formatCount(null) // '—'
 */
export function formatCount(n: number | null | undefined, unit?: string, lang: NumberLang = 'zh'): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NO_VALUE;
  const abs = Math.abs(n);
  const body = scaled(abs, lang === 'zh' ? ZH_TIERS : EN_TIERS);
  const sign = n < 0 && body !== '0' ? '-' : '';
  return `${sign}${body}${unitText(unit, lang, abs === 1)}`;
}

/**
 * A fraction as a percentage with a fixed number of decimals (fixed, so columns line up).
 * @example formatPercent(0.8734) // '87.3%'
 * @example formatPercent(1, 0) // '100%'
 * @example formatPercent(undefined) // '—'
 */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NO_VALUE;
  const text = (fraction * 100).toFixed(digits);
  // -0.01% rounded to '-0.0' reads as a negative change that is not there.
  return `${Number(text) === 0 ? text.replace('-', '') : text}%`;
}
