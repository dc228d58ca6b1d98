/**
 * 居民身份证号码 (resident identity number, GB 11643-1999): check digit, birth date, masking.
 * Pure, no I/O. The loader stores ID numbers only as a keyed hash and this masked form.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECKS = '10X98765432';

/**
 * @example idCheckChar('11010519491231002') // 'X'
 */
export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECKS[sum % 11]!;
}

/** Birth date (YYYY-MM-DD) encoded in an ID number, or null when it is not a real date. */
export function idBirthDate(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!(y >= 1900 && m >= 1 && m <= 12 && d >= 1)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export type IdProblem = 'length' | 'format' | 'birth_date' | 'checksum';

/**
 * Why an ID number is invalid, or null when it is valid. `asOf` rejects births after it.
 * @example idNumberProblem('11010519491231002X') // null
 */
export function idNumberProblem(id: string, asOf?: string): IdProblem | null {
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const birth = idBirthDate(id);
  if (birth === null || (asOf !== undefined && birth > asOf)) return 'birth_date';
  return idCheckChar(id.slice(0, 17)) === id[17] ? null : 'checksum';
}

export const isValidIdNumber = (id: string, asOf?: string): boolean => idNumberProblem(id, asOf) === null;

/**
 * Display form shown to the office: first 6 and last 4 characters of an 18- (or old 15-) character
 * number. Anything shorter is masked whole: slicing it would show most or all of it.
 * @example maskIdNumber('11010519491231002X') // '110105********002X'
 */
export function maskIdNumber(id: string): string {
  if (id.length < 15) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
