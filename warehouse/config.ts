/**
 * Environment, validated once at boot with zod; a bad value stops the process with a clear
 * message rather than surfacing later as an odd failure.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  XINYONG_DB: z.string().min(1).default('./data/xinyong.duckdb'),
  XINYONG_PRESET: z.string().min(1).default('zibo'),
  /** Key of the keyed hash that replaces natural-person ID numbers; never committed. */
  XINYONG_ID_KEY: z.string().min(16, 'XINYONG_ID_KEY must be at least 16 characters').optional(),
  /** Folder holding inbox/<department>/, done/ and failed/ (default: beside the warehouse file). */
  XINYONG_INBOX: z.string().min(1).optional(),
  /** Folder of the Parquet lake export (default: `lake` beside the warehouse file). */
  XINYONG_LAKE: z.string().min(1).optional(),
  /** Seconds between inbox passes while serving; 0 turns the inbox off. */
  XINYONG_INBOX_INTERVAL: z.coerce.number().int().min(0).default(30),
  /** Mark session and CSRF cookies Secure: set when users reach the server over HTTPS. */
  XINYONG_SECURE_COOKIES: z.stringbool().default(false),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
});

export type Config = z.infer<typeof envSchema> & { idKey: string };

/**
 * Reads the configuration from the environment. Without XINYONG_ID_KEY, a random key is created
 * once beside the warehouse (`<db>.key`, mode 0600) so that hashes stay stable across runs.
 * @example const { XINYONG_DB } = loadConfig();
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  return { ...cfg, idKey: cfg.XINYONG_ID_KEY ?? idKeyBeside(cfg.XINYONG_DB) };
}

/** Where the Parquet lake is written: XINYONG_LAKE, else `lake` beside the warehouse file. */
export function lakeDir(cfg: Pick<Config, 'XINYONG_DB' | 'XINYONG_LAKE'>): string {
  return cfg.XINYONG_LAKE ?? path.join(path.dirname(path.resolve(cfg.XINYONG_DB)), 'lake');
}

function idKeyBeside(dbPath: string): string {
  const keyPath = `${dbPath}.key`;
  if (existsSync(keyPath)) return readFileSync(keyPath, 'utf8').trim();
  mkdirSync(path.dirname(path.resolve(keyPath)), { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(keyPath, key, { mode: 0o600 });
  return key;
}
