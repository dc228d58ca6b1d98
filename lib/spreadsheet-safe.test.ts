import { describe, expect, it } from 'vitest';
import { safeCell } from './spreadsheet-safe.ts';

describe('safeCell', () => {
  it('prefixes cells a spreadsheet would read as formulas', () => {
    for (const v of ['=1+1', '+SUM(A1)', '-2+3', '-1e3', '-1-1', '@cmd', '\t=1', '\r=1', '|calc', '%x']) expect(safeCell(v)).toBe(`'${v}`);
  });
  it('leaves ordinary values alone', () => {
    for (const v of ['淄博甲有限公司', '91370303MA3C000017', '2025-03-05', '张审批〔2025〕1号', 'a=b', '-1', '+2.5', '-0.5']) expect(safeCell(v)).toBe(v);
    expect(safeCell(null)).toBeNull();
    expect(safeCell('')).toBe('');
  });
});
