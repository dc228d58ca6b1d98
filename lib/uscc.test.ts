// Unit tests for the USCC check character, problems, category and division, on public vectors.
import { describe, it, expect } from 'vitest';
import {
  USCC_ALPHABET,
  USCC_PLACEHOLDER,
  isValidUscc,
  usccCategory,
  usccCheckChar,
  usccDivision,
  usccProblem,
} from './uscc.ts';

// Real codes "found online" listed as valid in python-stdnum's tests/test_cn_uscc.doctest
// (github.com/arthurdejong/python-stdnum, LGPL-2.1; numbers only, as test data).
const STDNUM_VALID = [
  '121200004013590816',
  '91110000600037341L',
  '91110000710926094P',
  '91120224064012553U',
  '911522010783710635',
  '91152201078371135X',
  '9115220107837757XE',
  '91310000631696382C',
  '91310000797046224D',
  '91310112087994932F',
  '913101127033980359',
  '91310115MA1K3BTP2B',
  '9131012056010553X5',
  '91320214745555318W',
  '913205056082348768',
  '913304007429141869',
  '91340600MA2PBM9HXD',
  '91340600MA2PEP3Y54',
  '91340603MA2UJXXCXF',
  '91371082775260043P',
  '914112810713741814',
  '91420684MA4927PJ7B',
  '91440300568520498A',
  '9144030071526726XG',
  '9144060573144633XL',
  '91442000696462712R',
  '91620100719023721L',
  '9162010567592034XQ',
  '91620105L015101280',
  '91620105MA71T4YW8Q',
  '91620105MA73NBBLXE',
  '92340602MA2PBMEM24',
  '92340602MA2UK33127',
  '92340603MA2PBMYMX1',
  '92340604MA2UK2B104',
  '92340621MA2PBKRXXG',
  '92340621MA2UK3PJXE',
];

describe('usccProblem / isValidUscc', () => {
  it('accepts the DOMAIN.md example and computes its check character (Σ = 538 → L)', () => {
    expect(usccCheckChar('91110000600037341')).toBe('L');
    expect(usccProblem('91110000600037341L')).toBeNull();
  });

  it.each(STDNUM_VALID)('accepts public valid code %s', (code) => {
    expect(usccProblem(code)).toBeNull();
    expect(isValidUscc(code)).toBe(true);
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('rejects a wrong check character', () => {
    expect(usccProblem('91110000600037341N')).toBe('checksum');
    expect(usccProblem('91110000600037342L')).toBe('checksum');
    // Every other check character of a valid code is a checksum error.
    for (const c of USCC_ALPHABET) {
      if (c !== 'L') expect(usccProblem(`91110000600037341${c}`)).toBe('checksum');
    }
  });

  it('rejects a single-character typo in the body', () => {
    expect(usccProblem('91110000600037441L')).toBe('checksum');
    expect(usccProblem('91310115MA1K3BTP3B')).toBe('checksum');
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the excluded letter %s in the body and check position', (letter) => {
    expect(usccProblem(`9131011${letter}MA1K3BTP2B`)).toBe('alphabet');
    expect(usccProblem(`91110000600037341${letter}`)).toBe('alphabet');
    expect(usccCheckChar(`9111000060003734${letter}`)).toBeNull();
  });

  it('rejects stdnum’s IOZSV example and lower-case letters', () => {
    expect(usccProblem('9111000060003IOZSV')).toBe('alphabet');
    expect(usccProblem('91310115ma1k3btp2b')).toBe('alphabet');
  });

  it('rejects wrong lengths', () => {
    expect(usccProblem('')).toBe('length');
    expect(usccProblem('12345')).toBe('length');
    expect(usccProblem('91110000600037341')).toBe('length');
    expect(usccProblem('91110000600037341L0')).toBe('length');
    expect(usccProblem(' 91110000600037341L')).toBe('length');
    expect(usccCheckChar('9111000060003734')).toBeNull();
  });

  it('does not require positions 1–8 to be digits: only the checksum decides', () => {
    // stdnum rejects a leading letter as a format error; GB 32100 allows A, N and Y authorities.
    const body = 'N2370303MA3C00001';
    const code = body + usccCheckChar(body);
    expect(usccProblem(code)).toBeNull();
    expect(usccProblem('A1110000600037341L')).toBe('checksum');
  });

  it('treats the individual-business placeholder as not a valid code', () => {
    expect(USCC_PLACEHOLDER).toHaveLength(18);
    expect(isValidUscc(USCC_PLACEHOLDER)).toBe(false);
  });
});

describe('usccCategory', () => {
  it('maps 91 and 93 to enterprises, 92 to individual businesses', () => {
    expect(usccCategory('91110000600037341L')).toBe('enterprise');
    expect(usccCategory('93370303MA3C00001X')).toBe('enterprise');
    expect(usccCategory('92340602MA2PBMEM24')).toBe('individual_business');
  });

  it.each(['11', '12', '13', '19', '31', '32', '51', '52', '53', '59', '71', '81', '89', 'A1', 'N1', 'N3', 'Y1'])(
    'maps prefix %s to non-enterprise legal persons',
    (prefix) => {
      expect(usccCategory(`${prefix}1200004013590816`)).toBe('non_enterprise');
    },
  );

  it('classifies a public 事业单位 code (12…) as non-enterprise', () => {
    expect(usccCategory('121200004013590816')).toBe('non_enterprise');
  });
});

describe('usccDivision', () => {
  it('returns positions 3–8, the registering authority’s division', () => {
    expect(usccDivision('91110000600037341L')).toBe('110000');
    expect(usccDivision('91310115MA1K3BTP2B')).toBe('310115');
    expect(usccDivision('92340621MA2UK3PJXE')).toBe('340621');
    expect(usccDivision('91370303MA3C0000XX')).toBe('370303');
  });
});
