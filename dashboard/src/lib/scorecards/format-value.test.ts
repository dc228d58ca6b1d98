import { describe, expect, it } from 'vitest';
import { formatDifference, formatValueParts } from './format-value';

describe('formatDifference', () => {
  it('gives a difference between rates in percentage points, signed, and nothing as 0', () => {
    expect(formatDifference(0.0123, '%', 'zh')).toBe('+1.2个百分点');
    expect(formatDifference(-0.05, '%', 'en')).toBe('−5.0 pp');
    expect(formatDifference(-0.00001, '%', 'zh')).toBe('0个百分点');
    expect(formatDifference(null, '%', 'zh')).toBe('—');
  });
  it('gives a difference between counts in their unit', () => {
    expect(formatDifference(25_000, '条', 'zh')).toBe('+2.5万条');
    expect(formatDifference(-3, '篇', 'zh')).toBe('−3篇');
    expect(formatDifference(0, '篇', 'zh')).toBe('0篇');
  });
});

describe('formatValueParts', () => {
  it('sets a count\'s unit apart from its number, in either language', () => {
    expect(formatValueParts(612_345_678, '条', 'zh')).toEqual({ number: '6.12亿', unit: '条' });
    expect(formatValueParts(120_100_000, '条', 'en')).toEqual({ number: '120.1M', unit: 'records' });
    expect(formatValueParts(6919, '人次', 'en')).toEqual({ number: '6,919', unit: 'person-times' });
    expect(formatValueParts(0.866, '%', 'zh')).toEqual({ number: '86.6%', unit: '' });
    expect(formatValueParts(null, '条', 'zh')).toEqual({ number: '—', unit: '' });
  });
});
