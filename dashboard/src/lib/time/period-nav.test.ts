import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, nextAt, periodLabel, previousAt, shortPeriodLabel, taskBoardDay } from './period-nav';

describe('period navigation', () => {
  const june = { start: '2025-06-01', end: '2025-06-30', label: '2025年6月' };
  const july = { start: '2025-07-01', end: '2025-07-31', label: '2025年7月' };

  it('steps back across month and year ends', () => {
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(previousAt({ start: '2025-01-01', end: '2025-01-31', label: '' })).toBe('2024-12-31');
  });

  it('steps forward unless the period is the latest', () => {
    expect(nextAt(june, july)).toBe('2025-07-01');
    expect(nextAt(july, july)).toBeNull();
    // an exclusive end still lands inside the next period
    expect(nextAt({ start: '2025-06-02', end: '2025-06-09', label: '' }, null)).toBe('2025-06-10');
  });

  it('reads the task board of a period on its last day in the year it begins in', () => {
    expect(taskBoardDay({ start: '2025-12-15', end: '2025-12-21' })).toBe('2025-12-21');
    expect(taskBoardDay({ start: '2025-12-29', end: '2026-01-04' })).toBe('2025-12-31');
    expect(taskBoardDay(june)).toBe('2025-06-30');
  });

  it('validates calendar dates', () => {
    expect(isIsoDate('2025-02-28')).toBe(true);
    expect(isIsoDate('2025-02-30')).toBe(false);
    expect(isIsoDate('2025-2-3')).toBe(false);
  });

  it('labels periods per language', () => {
    expect(periodLabel(june, 'month', 'zh')).toBe('2025年6月');
    expect(periodLabel(june, 'month', 'en')).toBe('Jun 2025');
    expect(periodLabel({ start: '2025-06-02', end: '2025-06-08', label: '' }, 'week', 'en')).toBe('Week of 2025-06-02');
    expect(shortPeriodLabel({ start: '2025-06-02', end: '2025-06-08', label: '2025年第23周' }, 'week', 'en')).toBe('Jun 2');
    expect(shortPeriodLabel({ start: '2025-06-02', end: '2025-06-08', label: '2025年第23周' }, 'week', 'zh')).toBe('2025年第23周');
  });
});
