// Unit tests for count and percentage formatting in Chinese and English conventions.
import { describe, it, expect } from 'vitest';
import { NO_VALUE, formatCount, formatPercent } from './number-format.ts';

describe('formatCount (zh)', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [1234, '1,234'],
    [9999, '9,999'],
    [1234.56, '1,234.6'],
    [0.5, '0.5'],
  ])('writes %d below 1万 in full: %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it.each([
    [10_000, '1万'],
    [12_000, '1.2万'],
    [12_345, '1.23万'],
    [98_765, '9.88万'],
    [123_456, '12.3万'],
    [1_000_000, '100万'],
    [12_345_000, '1,234.5万'],
    [99_990_000, '9,999万'],
  ])('uses 万 from 1万: %d → %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it.each([
    [100_000_000, '1亿'],
    [412_345_678, '4.12亿'],
    [410_000_000, '4.1亿'],
    [1_234_567_890, '12.35亿'],
    [123_456_789_012, '1,234.57亿'],
  ])('uses 亿 from 1亿: %d → %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it('rolls over to the next tier when rounding reaches it', () => {
    expect(formatCount(9_999.96)).toBe('1万');
    expect(formatCount(99_999_999)).toBe('1亿');
    expect(formatCount(99_999_600)).toBe('1亿');
    expect(formatCount(99_960_000)).toBe('9,996万');
  });

  it('appends the unit without a space', () => {
    expect(formatCount(1234, '条')).toBe('1,234条');
    expect(formatCount(12_345_000, '条')).toBe('1,234.5万条');
    expect(formatCount(412_345_678, '人次')).toBe('4.12亿人次');
  });

  it('keeps the sign of negative values, and never shows -0', () => {
    expect(formatCount(-12_345)).toBe('-1.23万');
    expect(formatCount(-0.01)).toBe('0');
    expect(formatCount(-0)).toBe('0');
  });
});

describe('formatCount (en)', () => {
  it.each([
    [1234, '1,234'],
    [9999, '9,999'],
    [12_345, '12.3K'],
    [999_949, '999.9K'],
    [999_960, '1M'],
    [1_000_000, '1M'],
    [12_345_678, '12.3M'],
    [412_345_678, '412.3M'],
    [1_234_567_890, '1.2B'],
    [1_000_000_000, '1B'],
    [999_960_000, '1B'],
  ])('%d → %s', (n, text) => {
    expect(formatCount(n, undefined, 'en')).toBe(text);
  });

  it('translates known Chinese units and keeps others', () => {
    expect(formatCount(12_345_678, '条', 'en')).toBe('12.3M records');
    expect(formatCount(1, '条', 'en')).toBe('1 record');
    expect(formatCount(1234, '人次', 'en')).toBe('1,234 person-times');
    expect(formatCount(56, '个', 'en')).toBe('56');
    expect(formatCount(3, 'files', 'en')).toBe('3 files');
  });
});

describe('formatCount: missing values', () => {
  it.each([null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('%s → —', (n) => {
    expect(formatCount(n)).toBe(NO_VALUE);
    expect(formatCount(n, '条', 'en')).toBe('—');
  });
});

describe('formatPercent', () => {
  it('formats fractions with fixed decimals', () => {
    expect(formatPercent(0.8734)).toBe('87.3%');
    expect(formatPercent(0.8735, 2)).toBe('87.35%');
    expect(formatPercent(0.87, 1)).toBe('87.0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(1, 0)).toBe('100%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(1.25)).toBe('125.0%');
    expect(formatPercent(-0.052)).toBe('-5.2%');
  });

  it('does not show a negative zero', () => {
    expect(formatPercent(-0.0001)).toBe('0.0%');
    expect(formatPercent(-0.0001, 0)).toBe('0%');
  });

  it('shows — for missing values', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});
