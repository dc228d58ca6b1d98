// Unit tests for the working-day calendar and the 7-working-day 双公示 deadline.
import { describe, it, expect } from 'vitest';
import chineseDays from 'chinese-days';
import {
  CalendarNotCoveredError,
  buildDeadlineTable,
  createWorkingCalendar,
  dueDate,
  packageCoveredYears,
  type YearNotice,
} from './working-days.ts';

const years = packageCoveredYears();
const lastPackageYear = years.at(-1)!;

// Illustrative only: not the real 2027 notice, which is not published yet.
const NOTICE_2027: YearNotice = {
  holidays: ['2027-01-01', '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
  workdays: ['2027-09-26', '2027-10-09'],
};

function* days(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

describe('package coverage', () => {
  it('is read from the chinese-days data: an unbroken run of years from 2004', () => {
    expect(years[0]).toBe(2004);
    expect(lastPackageYear).toBeGreaterThanOrEqual(2026);
    expect(years).toEqual(Array.from({ length: lastPackageYear - 2003 }, (_, i) => 2004 + i));
    const cal = createWorkingCalendar();
    expect(cal.coveredFrom).toBe('2004-01-01');
    expect(cal.coveredUntil).toBe(`${lastPackageYear}-12-31`);
  });

  it('agrees with chinese-days’ own isWorkday on every covered day', () => {
    const cal = createWorkingCalendar();
    const disagreements: string[] = [];
    for (const day of days('2004-01-01', `${lastPackageYear}-12-31`)) {
      if (cal.isWorkingDay(day) !== chineseDays.isWorkday(day)) disagreements.push(day);
    }
    expect(disagreements).toEqual([]);
  });
});

describe('isWorkingDay', () => {
  const cal = createWorkingCalendar();

  it('counts 调休 make-up weekends as working days', () => {
    expect(cal.isWorkingDay('2024-10-12')).toBe(true); // Saturday, National Day 2024
    expect(cal.isWorkingDay('2024-09-29')).toBe(true); // Sunday
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday, Spring Festival 2025
    expect(cal.isWorkingDay('2025-02-08')).toBe(true); // Saturday
  });

  it('does not count holidays or ordinary weekends', () => {
    expect(cal.isWorkingDay('2024-10-01')).toBe(false);
    expect(cal.isWorkingDay('2024-10-07')).toBe(false); // Monday inside the holiday
    expect(cal.isWorkingDay('2025-01-28')).toBe(false);
    expect(cal.isWorkingDay('2024-10-13')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2024-10-08')).toBe(true);
  });

  it('rejects malformed dates', () => {
    expect(() => cal.isWorkingDay('2024-2-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2024-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2024/10/08')).toThrow(RangeError);
  });
});

describe('addWorkingDays / dueDate', () => {
  const cal = createWorkingCalendar();

  it('follows the DOMAIN.md examples (the decision day is not counted)', () => {
    expect(cal.addWorkingDays('2024-09-30', 7)).toBe('2024-10-15');
    expect(cal.addWorkingDays('2025-01-24', 7)).toBe('2025-02-10');
    expect(dueDate('2024-09-30')).toBe('2024-10-15');
    expect(dueDate('2025-01-24')).toBe('2025-02-10');
    expect(cal.dueDate('2025-01-24')).toBe('2025-02-10');
  });

  it('counts from a non-working decision day to the next working days', () => {
    expect(cal.addWorkingDays('2024-10-05', 1)).toBe('2024-10-08');
    expect(cal.addWorkingDays('2024-10-13', 1)).toBe('2024-10-14');
    expect(cal.addWorkingDays('2024-10-11', 1)).toBe('2024-10-12');
  });

  it('crosses year ends', () => {
    expect(cal.addWorkingDays('2024-12-27', 7)).toBe('2025-01-08');
    expect(cal.addWorkingDays('2025-01-08', -7)).toBe('2024-12-27');
    expect(cal.addWorkingDays('2024-12-31', 300)).toBe(cal.addWorkingDays(cal.addWorkingDays('2024-12-31', 150), 150));
  });

  it('counts backwards for negative n and returns the day itself for 0', () => {
    expect(cal.addWorkingDays('2024-10-15', -7)).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-10-08', -1)).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-10-05', -1)).toBe('2024-09-30');
    expect(cal.addWorkingDays('2024-10-05', 0)).toBe('2024-10-05');
  });

  it('rejects non-integer counts', () => {
    expect(() => cal.addWorkingDays('2024-10-08', 1.5)).toThrow(RangeError);
  });

  it('is the inverse of workingDaysBetween going forward', () => {
    for (const day of days('2024-01-01', '2025-12-31')) {
      for (const n of [1, 7, 30]) expect(cal.workingDaysBetween(day, cal.addWorkingDays(day, n))).toBe(n);
    }
  });
});

describe('workingDaysBetween', () => {
  const cal = createWorkingCalendar();

  it('counts working days in (from, to]', () => {
    expect(cal.workingDaysBetween('2024-09-30', '2024-10-15')).toBe(7);
    expect(cal.workingDaysBetween('2024-09-30', '2024-10-16')).toBe(8);
    expect(cal.workingDaysBetween('2024-09-30', '2024-10-13')).toBe(5); // published on a Sunday
    expect(cal.workingDaysBetween('2024-09-30', '2024-09-30')).toBe(0);
    expect(cal.workingDaysBetween('2024-10-15', '2024-09-30')).toBe(-7);
  });

  it('counts whole years: 2024 had 251 working days, 2025 had 248', () => {
    expect(cal.workingDaysBetween('2023-12-31', '2024-12-31')).toBe(251);
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
    expect(cal.workingDaysBetween('2023-12-31', '2025-12-31')).toBe(499);
  });
});

describe('years the package does not cover', () => {
  const next = lastPackageYear + 1;

  it(`throws CalendarNotCoveredError for ${next} rather than guessing from weekends`, () => {
    const cal = createWorkingCalendar();
    const date = `${next}-10-01`;
    expect(() => cal.isWorkingDay(date)).toThrow(CalendarNotCoveredError);
    expect(() => cal.isWorkingDay(date)).toThrow(new RegExp(`${next}.*State Council.*preset calendar`));
    expect(() => cal.addWorkingDays(`${lastPackageYear}-12-28`, 7)).toThrow(CalendarNotCoveredError);
    expect(() => cal.workingDaysBetween(`${lastPackageYear}-12-28`, `${next}-01-08`)).toThrow(CalendarNotCoveredError);
    expect(() => cal.isWorkingDay('2003-06-02')).toThrow(CalendarNotCoveredError);
    try {
      cal.isWorkingDay(date);
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarNotCoveredError);
      expect((e as CalendarNotCoveredError).year).toBe(next);
    }
  });

  it.skipIf(lastPackageYear >= 2027)('throws for 2027 without extraYears and works with them', () => {
    expect(() => createWorkingCalendar().isWorkingDay('2027-10-01')).toThrow(/2027/);
    expect(() => dueDate('2026-12-28')).toThrow(CalendarNotCoveredError);

    const cal = createWorkingCalendar({ '2027': NOTICE_2027 });
    expect(cal.coveredUntil).toBe('2027-12-31');
    expect(cal.isWorkingDay('2027-10-01')).toBe(false);
    expect(cal.isWorkingDay('2027-10-09')).toBe(true); // make-up Saturday
    expect(cal.isWorkingDay('2027-10-10')).toBe(false);
    expect(cal.addWorkingDays('2027-09-30', 7)).toBe('2027-10-15'); // 10-08, 09 (Sat), 11, 12, 13, 14, 15
    expect(cal.addWorkingDays('2026-12-28', 7)).toBe('2027-01-07'); // 12-29, 30, 31, 01-04, 05, 06, 07
    expect(cal.workingDaysBetween('2026-12-28', '2027-01-07')).toBe(7);
    expect(() => cal.isWorkingDay('2028-01-03')).toThrow(CalendarNotCoveredError);
  });

  it('lets a preset notice replace the package’s data for a covered year', () => {
    const cal = createWorkingCalendar({ '2025': { holidays: ['2025-03-03'], workdays: ['2025-03-08'] } });
    expect(cal.isWorkingDay('2025-03-03')).toBe(false);
    expect(cal.isWorkingDay('2025-03-08')).toBe(true);
    expect(cal.isWorkingDay('2025-10-01')).toBe(true); // the package's 2025 holidays are gone
    expect(createWorkingCalendar().isWorkingDay('2025-10-01')).toBe(false);
  });

  it('extends coveredFrom with an earlier preset year, ignoring detached ones', () => {
    expect(createWorkingCalendar({ '2003': { holidays: [], workdays: [] } }).coveredFrom).toBe('2003-01-01');
    const detached = createWorkingCalendar({ '1999': { holidays: [], workdays: [] } });
    expect(detached.coveredFrom).toBe('2004-01-01');
    expect(detached.coveredUntil).toBe(`${lastPackageYear}-12-31`);
  });

  it('keeps coveredUntil at the end of the unbroken run', () => {
    const cal = createWorkingCalendar({ [String(next + 1)]: { holidays: [], workdays: [] } });
    expect(cal.coveredUntil).toBe(`${lastPackageYear}-12-31`);
    expect(() => cal.isWorkingDay(`${next + 1}-03-01`)).not.toThrow();
  });

  it('rejects malformed notices', () => {
    expect(() => createWorkingCalendar({ '27': NOTICE_2027 })).toThrow(/four digits/);
    expect(() => createWorkingCalendar({ '2027': { holidays: ['2027/10/01'], workdays: [] } })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ '2027': { holidays: ['2029-10-01'], workdays: [] } })).toThrow(/outside/);
    expect(() => createWorkingCalendar({ '2027': { holidays: ['2027-10-01'], workdays: ['2027-10-01'] } })).toThrow(
      /both/,
    );
  });

  it('accepts a New Year make-up day dated in the previous year', () => {
    const cal = createWorkingCalendar({
      [String(next)]: { holidays: [`${next}-01-01`], workdays: [`${lastPackageYear}-12-27`] },
    });
    expect(cal.isWorkingDay(`${lastPackageYear}-12-27`)).toBe(true);
    expect(cal.isWorkingDay(`${next}-01-01`)).toBe(false);
  });
});

describe('buildDeadlineTable', () => {
  const cal = createWorkingCalendar();

  it('gives every calendar day of the range with its due date', () => {
    const rows = buildDeadlineTable('2024-09-28', '2024-10-02');
    expect(rows).toEqual([
      { day: '2024-09-28', due: '2024-10-12' }, // the Sunday 09-29 make-up day counts first
      { day: '2024-09-29', due: '2024-10-14' },
      { day: '2024-09-30', due: '2024-10-15' },
      { day: '2024-10-01', due: '2024-10-15' },
      { day: '2024-10-02', due: '2024-10-15' },
    ]);
  });

  it('covers multi-year ranges consistently with addWorkingDays', () => {
    const rows = buildDeadlineTable('2023-12-01', '2025-12-31', 7, cal);
    expect(rows).toHaveLength(31 + 366 + 365);
    expect(rows[0]!.day).toBe('2023-12-01');
    expect(rows.at(-1)!.day).toBe('2025-12-31');
    for (const { day, due } of rows) {
      expect(due).toBe(cal.addWorkingDays(day, 7));
      expect(cal.isWorkingDay(due)).toBe(true);
      expect(cal.workingDaysBetween(day, due)).toBe(7);
    }
  });

  it('takes another working-day count', () => {
    expect(buildDeadlineTable('2024-09-30', '2024-09-30', 1)).toEqual([{ day: '2024-09-30', due: '2024-10-08' }]);
  });

  it('throws when a due date is past coverage', () => {
    expect(() => buildDeadlineTable(`${lastPackageYear}-12-01`, `${lastPackageYear}-12-31`)).toThrow(
      CalendarNotCoveredError,
    );
  });
});

describe('performance', () => {
  it('computes a million deadlines quickly', () => {
    const cal = createWorkingCalendar();
    const sample = [...days('2005-01-01', `${lastPackageYear - 1}-12-31`)];
    const started = performance.now();
    let last = '';
    for (let i = 0; i < 1_000_000; i++) last = cal.dueDate(sample[i % sample.length]!);
    expect(last).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
