/**
 * Numbered migrations: `warehouse/migrations/NNN-name.sql`, applied in order, each in its own
 * transaction, recorded in meta.schema_migration. Never edit an applied migration; add one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Warehouse } from './connection.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Brings the warehouse to the latest schema; returns the versions applied now.
 * @example await migrate(wh) // [1, 2, 3] on a new file, [] afterwards
 */
export async function migrate(wh: Warehouse): Promise<number[]> {
  await wh.run(`CREATE SCHEMA IF NOT EXISTS meta;
    CREATE TABLE IF NOT EXISTS meta.schema_migration (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
  const done = new Set((await wh.all<{ version: number }>('SELECT version FROM meta.schema_migration')).map((r) => r.version));
  const applied: number[] = [];
  const conn = await wh.connect();
  try {
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(m.sql);
        await conn.run('INSERT INTO meta.schema_migration VALUES ($1, $2, (now() AT TIME ZONE \'UTC\'))', [m.version, m.name]);
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK');
        throw new Error(`migration ${m.version}-${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.version);
    }
  } finally {
    conn.closeSync();
  }
  return applied;
}
