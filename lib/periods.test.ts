import { describe, expect, it } from 'vitest';
import { nextPeriodStart, periodStart } from './periods.ts';

describe('periods', () => {
  it('finds the first day of the period containing a day', () => {
    expect(periodStart('month', '2026-11-25')).toBe('2026-11-01');
    expect(periodStart('quarter', '2026-11-25')).toBe('2026-10-01');
    expect(periodStart('quarter', '2026-03-31')).toBe('2026-01-01');
    expect(periodStart('year', '2026-11-25')).toBe('2026-01-01');
    expect(periodStart('week', '2026-11-25')).toBe('2026-11-23');
    expect(periodStart('week', '2026-11-23')).toBe('2026-11-23');
    expect(periodStart('week', '2027-01-03')).toBe('2026-12-28'); // a Sunday: the week began the year before
  });

  it('finds the first day of the next period, across year ends', () => {
    expect(nextPeriodStart('month', '2026-12-15')).toBe('2027-01-01');
    expect(nextPeriodStart('quarter', '2026-11-25')).toBe('2027-01-01');
    expect(nextPeriodStart('year', '2026-06-01')).toBe('2027-01-01');
    expect(nextPeriodStart('week', '2026-12-30')).toBe('2027-01-04');
  });
});
