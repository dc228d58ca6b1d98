/**
 * Password hashing (argon2id, OWASP's recommended cost) and the password policy. The hash string
 * carries its own parameters, so stronger settings later still verify old hashes.
 */
import argon2 from 'argon2';
import { z } from 'zod';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** At least 10 characters with a letter and a digit; at most 128 (argon2 input stays bounded). */
export const passwordSchema = z.string()
  .min(10, 'password must be at least 10 characters')
  .max(128, 'password must be at most 128 characters')
  .refine((p) => /\p{L}/u.test(p) && /\d/.test(p), 'password must contain a letter and a digit');

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, OPTIONS);

/** False for a wrong password or a malformed hash, never throws on either. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/** A hash of nothing anyone knows: verified against when the user does not exist, so timing does not tell. */
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword(`no-such-user-${Math.random()}`));
