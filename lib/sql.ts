/** SQL text helpers for the few places a value must be written into SQL (paths, identifiers' values). */

/** A string as a SQL literal. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
