/**
 * An indicator value as it was known at an earlier instant: recomputed from the versions of the
 * core rows loaded by then and not yet superseded then (every row keeps loaded_at and
 * superseded_at), so a figure published on a date reproduces exactly after late or corrected
 * data has arrived. Runs on its own connection into temporary tables: it writes nothing and can
 * run beside a load.
 */
import type { Warehouse } from '../warehouse/connection.ts';
import { readAll } from '../warehouse/connection.ts';
import type { EntityType, Grain } from './catalog.ts';
import { refreshMarts } from './refresh.ts';

export interface KnownAtQuery {
  indicatorId: string;
  entityType: EntityType;
  entityId: string;
  grain: Grain;
  /** A day inside the period wanted (YYYY-MM-DD). */
  at: string;
  /** ISO 8601 instant; a bare date means the end of that day in China time (UTC+8). */
  knownAt: string;
}

export interface KnownAtValue {
  knownAt: string;
  period: { type: Grain; start: string; end: string; label: string };
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  extras: Record<string, unknown>;
}

/**
 * The UTC timestamp (as stored in loaded_at) of an ISO instant or date; null when unparseable.
 * @example utcInstant('2025-03-14') // '2025-03-14 15:59:59.999'
 */
export function utcInstant(text: string): string | null {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999+08:00` : text;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** @returns null when the period or entity has no value as known then. */
export async function valueAsKnownAt(wh: Warehouse, q: KnownAtQuery): Promise<KnownAtValue | null> {
  const knownAt = utcInstant(q.knownAt);
  if (knownAt === null) throw new RangeError(`knownAt "${q.knownAt}" is not an ISO 8601 date or instant`);
  const conn = await wh.connect();
  try {
    await refreshMarts(conn, undefined, { knownAt, only: [q.indicatorId] });
    const [row] = await readAll<{ start: string; end: string; label: string; value: number | null; numerator: number | null; denominator: number | null; extras: string | null }>(conn,
      `SELECT p.period_start::VARCHAR AS start, p.period_end::VARCHAR AS "end", p.label_zh AS label, v.value, v.numerator, v.denominator, v.extras::VARCHAR AS extras
       FROM xk_indicator_value v JOIN xk_period p USING (period_type, period_start)
       WHERE v.indicator_id = $1 AND v.entity_type = $2 AND v.entity_id = $3 AND v.period_type = $4 AND $5::DATE BETWEEN p.period_start AND p.period_end`,
      [q.indicatorId, q.entityType, q.entityId, q.grain, q.at]);
    if (!row) return null;
    return {
      knownAt: `${knownAt.replace(' ', 'T')}Z`,
      period: { type: q.grain, start: row.start, end: row.end, label: row.label },
      value: row.value, numerator: row.numerator, denominator: row.denominator,
      extras: row.extras ? (JSON.parse(row.extras) as Record<string, unknown>) : {},
    };
  } finally {
    conn.closeSync();
  }
}
