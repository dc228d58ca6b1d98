/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): check character and shape.
 * Pure, no I/O. The SQL twin used for bulk validation lives in warehouse/migrations/003-sql-macros.sql and is
 * tested against this reference.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Placeholder that individual businesses without a code write in the national template. */
export const USCC_PLACEHOLDER = '00000000000000000X';

/**
 * The check character for the first 17 characters of a USCC, or null when one of them is
 * outside the 31-character alphabet.
 * @example usccCheckChar('91110000600037341') // 'L'
 */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check]!;
}

export type UsccProblem = 'length' | 'alphabet' | 'checksum';

/**
 * Why a code is not a valid USCC, or null when it is.
 * @example usccProblem('91110000600037341L') // null
 */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected === null || !USCC_ALPHABET.includes(code[17]!)) return 'alphabet';
  return expected === code[17] ? null : 'checksum';
}

export const isValidUscc = (code: string): boolean => usccProblem(code) === null;

/** Subject category implied by the USCC's first two characters (registering authority + type). */
export type SubjectCategory = 'enterprise' | 'non_enterprise' | 'individual_business';

/**
 * @example usccCategory('91370303MA3C0000XX') // 'enterprise'
 */
export function usccCategory(code: string): SubjectCategory {
  const prefix = code.slice(0, 2);
  if (prefix === '91' || prefix === '93') return 'enterprise';
  if (prefix === '92') return 'individual_business';
  return 'non_enterprise';
}

/** The registering authority's 6-digit division code (positions 3–8). */
export const usccDivision = (code: string): string => code.slice(2, 8);
