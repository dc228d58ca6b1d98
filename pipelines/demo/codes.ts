/**
 * Synthetic but valid identifiers for demo subjects: USCCs (GB 32100-2015) with a GB 11714
 * organisation code inside, and resident ID numbers (GB 11643-1999). Also the deliberate
 * corruptions the demo plants. Pure, no I/O.
 */
import { idCheckChar } from '../../lib/id-number.ts';
import { USCC_ALPHABET, usccCheckChar } from '../../lib/uscc.ts';
import { dayNumber, isoDate } from './dates.ts';
import type { Rng } from './prng.ts';

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Characters that may appear in the body of a new-style organisation code (inside the USCC alphabet). */
const ORG_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function orgValue(ch: string): number {
  const c = ch.charCodeAt(0);
  return c <= 57 ? c - 48 : c - 55; // digits 0–9, letters A=10 … Z=35
}

/**
 * A 9-character organisation code (GB 11714): 8 characters and its own check character
 * (a digit or X, both inside the USCC alphabet).
 */
export function makeOrgCode(rng: Rng, newStyle: boolean): string {
  let body: string;
  if (newStyle) {
    // Codes issued since the USCC reform look like MA3C4F5K…
    body = 'MA';
    for (let i = 0; i < 6; i++) body += ORG_BODY[rng.int(0, ORG_BODY.length - 1)]!;
  } else {
    body = String(rng.int(10_000_000, 99_999_999));
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/**
 * A valid USCC from its type prefix (e.g. '91'), 6-digit division and organisation code.
 * @example makeUscc('91', '370303', 'MA3C4F5K2') // '91370303MA3C4F5K2…'
 */
export function makeUscc(prefix: string, division: string, orgCode: string): string {
  const first17 = prefix + division + orgCode;
  const check = usccCheckChar(first17);
  if (check === null) throw new Error(`cannot make a USCC from "${first17}"`);
  return first17 + check;
}

/** The same code with a wrong (but in-alphabet) check character. */
export function corruptUscc(code: string, rng: Rng): string {
  const right = code[17]!;
  let wrong = right;
  while (wrong === right) wrong = USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)]!;
  return code.slice(0, 17) + wrong;
}

/**
 * A valid 18-digit resident ID number. `sequence` is 0–999; its parity gives the sex.
 * @example makeIdNumber('370303', '1980-05-17', 123) // '370303198005171235'-like
 */
export function makeIdNumber(addressCode: string, birthIso: string, sequence: number): string {
  const first17 = addressCode + birthIso.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return first17 + idCheckChar(first17)!;
}

/** The same ID number with a wrong check character. */
export function corruptIdNumber(id: string, rng: Rng): string {
  const checks = '0123456789X';
  const right = id[17]!;
  let wrong = right;
  while (wrong === right) wrong = checks[rng.int(0, checks.length - 1)]!;
  return id.slice(0, 17) + wrong;
}

/** A birth date making someone between `minAge` and `maxAge` years old on `today`. */
export function birthDateForAge(rng: Rng, today: string, minAge: number, maxAge: number): string {
  const t = dayNumber(today);
  const y = Number(today.slice(0, 4));
  const earliest = dayNumber(`${y - maxAge - 1}${today.slice(4)}`) + 1;
  const latest = Math.min(dayNumber(`${y - minAge}${today.slice(4, 10) === '-02-29' ? '-02-28' : today.slice(4)}`), t);
  return isoDate(rng.int(earliest, latest));
}

/**
 * Full-width form of ASCII letters, digits and spaces (what some Windows input methods produce).
 * @example toFullWidth('91A 1') // '９１Ａ　１'
 */
export function toFullWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) out += '\u3000';
    else if (c > 0x20 && c < 0x7f) out += String.fromCharCode(c + 0xfee0);
    else out += s[i];
  }
  return out;
}
