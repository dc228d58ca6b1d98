// Unit tests for date-cell parsing: every accepted format, impossible dates, Excel serials, 长期.
import { describe, it, expect } from 'vitest';
import { chinaDay, EXCEL_SERIAL_MAX, EXCEL_SERIAL_MIN, excelSerialToDate, isLongTerm, parseDate } from './dates.ts';

const ok = (date: string) => ({ date });
const UNPARSEABLE = { error: 'unparseable' };
const IMPOSSIBLE = { error: 'impossible' };

describe('parseDate: strings', () => {
  it.each([
    ['2024-03-05'],
    ['2024-3-5'],
    ['2024/3/5'],
    ['2024/03/05'],
    ['2024.3.5'],
    ['2024.03.05'],
    ['2024年3月5日'],
    ['2024年03月05日'],
    ['2024年3月5号'],
    ['2024年3月5'],
    ['2024 年 3 月 5 日'],
    ['20240305'],
    ['2024-03-05 14:30:00'],
    ['2024-03-05 14:30'],
    ['2024/3/5 9:05'],
    ['2024/3/5  9:05:07'],
    ['2024-03-05T14:30:00'],
    ['2024-03-05T14:30:00.000Z'],
    ['2024-03-05T14:30:00+08:00'],
    ['2024-03-05 00:00:00.0'],
    ['2024年3月5日 14:30'],
    ['20240305 14:30:00'],
    ['  2024-03-05  '],
    ['\u30002024-03-05\u00a0'],
    ['２０２４－０３－０５'],
    ['２０２４年３月５日'],
    ['２０２４／３／５　９：０５'],
    ['２０２４０３０５'],
  ])('%s → 2024-03-05', (input) => {
    expect(parseDate(input)).toEqual(ok('2024-03-05'));
  });

  it('pads months and days and keeps the year as written', () => {
    expect(parseDate('1999-12-31')).toEqual(ok('1999-12-31'));
    expect(parseDate('2000/1/1')).toEqual(ok('2000-01-01'));
    expect(parseDate('2099/12/31')).toEqual(ok('2099-12-31'));
  });

  it.each([
    ['2024-02-30'],
    ['2023-02-29'],
    ['1900-02-29'],
    ['2024-13-01'],
    ['2024-00-10'],
    ['2024-04-31'],
    ['2024/4/0'],
    ['2024年2月30日'],
    ['20240230'],
    ['0000-00-00'],
    ['00000000'],
    ['2024-03-05 24:00'],
    ['2024-03-05 14:60'],
  ])('%s is impossible', (input) => {
    expect(parseDate(input)).toEqual(IMPOSSIBLE);
  });

  it('accepts 29 February of leap years, including 2000', () => {
    expect(parseDate('2024-02-29')).toEqual(ok('2024-02-29'));
    expect(parseDate('2000-02-29')).toEqual(ok('2000-02-29'));
  });

  it.each([
    [''],
    ['   '],
    ['长期'],
    ['无'],
    ['/'],
    ['2024'],
    ['2024-03'],
    ['2024年3月'],
    ['24-3-5'],
    ['3/5/2024'],
    ['05.03.2024'],
    ['2024-3/5'],
    ['2024-03-05-'],
    ['2024-003-05'],
    ['2024-03-005'],
    ['2024-03-05 14'],
    ['2024-03-05 14:3'],
    ['2024-03-05 下午'],
    ['2024-03-05 2024-03-06'],
    ['2024-03-05至2025-03-04'],
    ['202403051'],
    ['2024030'],
    ['12345'],
    ['99999'],
    ['45356.5.1'],
    ['45356a'],
    ['1e5'],
    ['-45356'],
  ])('%j is unparseable', (input) => {
    expect(parseDate(input)).toEqual(UNPARSEABLE);
  });

  it('rejects pathological input fast', () => {
    const long = `2024-03-05 ${'1'.repeat(100_000)}`;
    const started = performance.now();
    expect(parseDate(long)).toEqual(UNPARSEABLE);
    expect(parseDate(' '.repeat(100_000))).toEqual(UNPARSEABLE);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('parseDate: Excel serials and numbers', () => {
  it('reads serials as numbers, with or without a time fraction', () => {
    expect(parseDate(45356)).toEqual(ok('2024-03-05'));
    expect(parseDate(45356.6041667)).toEqual(ok('2024-03-05'));
    expect(parseDate(45657)).toEqual(ok('2024-12-31'));
    expect(parseDate(45658)).toEqual(ok('2025-01-01'));
    expect(parseDate(73050)).toEqual(ok('2099-12-31'));
  });

  it('reads serials as 5-digit strings (a date cell stored as text)', () => {
    expect(parseDate('45356')).toEqual(ok('2024-03-05'));
    expect(parseDate('45356.25')).toEqual(ok('2024-03-05'));
    expect(parseDate('４５３５６')).toEqual(ok('2024-03-05'));
  });

  it('limits serials to a plausible range', () => {
    expect(parseDate(EXCEL_SERIAL_MIN)).toEqual(ok('1954-10-03'));
    expect(parseDate(EXCEL_SERIAL_MAX)).toEqual(ok('2119-01-11'));
    expect(parseDate(EXCEL_SERIAL_MIN - 1)).toEqual(UNPARSEABLE);
    expect(parseDate(EXCEL_SERIAL_MAX + 1)).toEqual(UNPARSEABLE);
    expect(parseDate(60)).toEqual(UNPARSEABLE);
    expect(parseDate(0)).toEqual(UNPARSEABLE);
    expect(parseDate(-1)).toEqual(UNPARSEABLE);
    expect(parseDate(Number.NaN)).toEqual(UNPARSEABLE);
    expect(parseDate(Number.POSITIVE_INFINITY)).toEqual(UNPARSEABLE);
  });

  it('reads 8-digit numbers as YYYYMMDD', () => {
    expect(parseDate(20240305)).toEqual(ok('2024-03-05'));
    expect(parseDate(20240230)).toEqual(IMPOSSIBLE);
    expect(parseDate(20240305.5)).toEqual(UNPARSEABLE);
  });
});

describe('excelSerialToDate', () => {
  it('handles the 1900 leap-year bug around serial 60', () => {
    expect(excelSerialToDate(1)).toEqual(ok('1900-01-01'));
    expect(excelSerialToDate(59)).toEqual(ok('1900-02-28'));
    expect(excelSerialToDate(60)).toEqual(IMPOSSIBLE);
    expect(excelSerialToDate(61)).toEqual(ok('1900-03-01'));
    expect(excelSerialToDate(25569)).toEqual(ok('1970-01-01'));
    expect(excelSerialToDate(36526)).toEqual(ok('2000-01-01'));
    expect(excelSerialToDate(0)).toEqual(UNPARSEABLE);
  });

  it('agrees with Date arithmetic on the 1899-12-30 base for every day of 2020–2030', () => {
    const base = Date.UTC(1899, 11, 30);
    for (let serial = 43831; serial <= 47848; serial++) {
      const expected = new Date(base + serial * 86_400_000).toISOString().slice(0, 10);
      expect(excelSerialToDate(serial)).toEqual(ok(expected));
    }
  });
});

describe('parseDate: Date objects and null', () => {
  it('reads Date objects in UTC', () => {
    expect(parseDate(new Date(Date.UTC(2024, 2, 5)))).toEqual(ok('2024-03-05'));
    expect(parseDate(new Date('2024-03-05T23:59:59Z'))).toEqual(ok('2024-03-05'));
  });

  it('rejects invalid dates and null', () => {
    expect(parseDate(new Date('nonsense'))).toEqual(UNPARSEABLE);
    expect(parseDate(null)).toEqual(UNPARSEABLE);
    expect(parseDate(undefined)).toEqual(UNPARSEABLE);
  });
});

describe('isLongTerm', () => {
  it.each(['2099-12-31', '2099/12/31', '2099/12/31 00:00:00', '2099年12月31日', '20991231', '长期', ' 长期 '])(
    '%s means 长期',
    (input) => {
      expect(isLongTerm(input)).toBe(true);
    },
  );

  it('also recognises the Excel serial and Date forms of 2099-12-31', () => {
    expect(isLongTerm(73050)).toBe(true);
    expect(isLongTerm(new Date(Date.UTC(2099, 11, 31)))).toBe(true);
  });

  it.each(['2026-12-31', '2099-12-30', '9999-12-31', '', 'abc'])('%j is not 长期', (input) => {
    expect(isLongTerm(input)).toBe(false);
  });

  it('is false for null', () => {
    expect(isLongTerm(null)).toBe(false);
  });
});

describe('chinaDay', () => {
  it('is the date in China (UTC+8): the next day from 16:00 UTC on', () => {
    expect(chinaDay(new Date('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
    expect(chinaDay(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
    expect(chinaDay(new Date('2026-12-31T22:00:00Z'))).toBe('2027-01-01');
  });
});
