// Unit tests for resident ID numbers: check digit, birth date, as-of rule and masking, on public vectors.
import { describe, it, expect } from 'vitest';
import { idBirthDate, idCheckChar, idNumberProblem, isValidIdNumber, maskIdNumber } from './id-number.ts';

// Public test numbers (numbers only, as test data). None is known to belong to a real person.
const PUBLIC_VALID = [
  // python-stdnum tests/test_cn_ric.doctest (github.com/arthurdejong/python-stdnum); the last three
  // fail there only on the birth-place table, which this module does not check.
  '360426199101010071',
  '44011320141005001X',
  '412723199010050012',
  '110102199101010078',
  '120110198012010073',
  '120110199212010072',
  '990426199112010074',
  '110111198012010078',
  '110201199312010077',
  // python-stdnum port koblas/stdnum-js src/cn/ric.spec.ts
  '120103198806018241',
  // issue9/is gb11643_test.go (MIT)
  '350303199002033073',
  '331122197905116239',
  '513330199111066159',
  '33050219880702447X',
  // jxlwqq/id-validator tests/IdValidatorTest.php and guanguans/id-validator id_validator_test.go
  '440308199901101512',
  '110101199003078670',
  '500154199804106120',
  '500154199301135886',
  '411082198901010002',
  '362324198001010014',
  '362324198101010011',
  '362324198201010019',
  '430302199312194239',
  '610104196209276908',
  '810000199408230021', // 港澳居民居住证: same GB 11643 structure
  '830000199201300022', // 台湾居民居住证
];

/** Builds a number with a correct check digit around the given 17-digit body. */
const withCheck = (first17: string): string => first17 + idCheckChar(first17);

describe('idNumberProblem / isValidIdNumber', () => {
  it('accepts the DOMAIN.md example', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idNumberProblem('11010519491231002X')).toBeNull();
  });

  it.each(PUBLIC_VALID)('accepts public valid number %s', (id) => {
    expect(idNumberProblem(id)).toBeNull();
    expect(isValidIdNumber(id, '2025-01-01')).toBe(true);
  });

  it('rejects wrong check digits', () => {
    expect(idNumberProblem('36042619910102009X')).toBe('checksum');
    expect(idNumberProblem('360426199101010072')).toBe('checksum');
    expect(idNumberProblem('440308199901101513')).toBe('checksum');
    expect(idNumberProblem('11010119900307867X')).toBe('checksum');
    expect(idNumberProblem('330502198807024471')).toBe('checksum');
    expect(idNumberProblem('110105194912310021')).toBe('checksum');
  });

  it('rejects wrong lengths, including old 15-digit numbers', () => {
    expect(idNumberProblem('')).toBe('length');
    expect(idNumberProblem('12345678')).toBe('length');
    expect(idNumberProblem('610104620927690')).toBe('length');
    expect(idNumberProblem('4403081999011015133')).toBe('length');
  });

  it('rejects letters other than a final X', () => {
    expect(idNumberProblem('T60426199101010078')).toBe('format');
    expect(idNumberProblem('1101051949123100X2')).toBe('format');
    expect(idNumberProblem('11010519491231002Y')).toBe('format');
    expect(idNumberProblem('11010519491231 02X')).toBe('format');
  });

  it('rejects impossible birth dates even with a correct check digit', () => {
    for (const birth of ['19990230', '19991301', '19990001', '19990100', '20230229', '18991231']) {
      const id = withCheck(`440308${birth}151`);
      expect(idNumberProblem(id), id).toBe('birth_date');
    }
    expect(idNumberProblem('360426199113010079')).toBe('birth_date');
    expect(idNumberProblem('440308199902301512')).toBe('birth_date');
  });

  it('accepts 29 February of a leap year', () => {
    expect(idNumberProblem(withCheck('44030820000229151'))).toBeNull();
    expect(idBirthDate(withCheck('44030820000229151'))).toBe('2000-02-29');
  });

  it('rejects a birth after the as-of date, and accepts one on it', () => {
    expect(idNumberProblem('44011320141005001X', '2014-10-04')).toBe('birth_date');
    expect(idNumberProblem('44011320141005001X', '2014-10-05')).toBeNull();
    expect(isValidIdNumber('44011320141005001X', '2013-12-31')).toBe(false);
  });
});

describe('idBirthDate', () => {
  it('reads the encoded birth date', () => {
    expect(idBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(idBirthDate('360426199101010071')).toBe('1991-01-01');
    expect(idBirthDate('44011320141005001X')).toBe('2014-10-05');
  });

  it('returns null for impossible dates', () => {
    expect(idBirthDate('440308199902301512')).toBeNull();
    expect(idBirthDate('360426199113010079')).toBeNull();
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters of an 18-character number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('360426199101010071')).toBe('360426********0071');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
  });

  it('hides the birth date and sequence of an old 15-digit number', () => {
    expect(maskIdNumber('610104620927690')).toBe('610104*****7690');
  });

  it('masks short or malformed input whole rather than echoing it', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });
});
