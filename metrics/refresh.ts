/**
 * Rebuilds the marts from core: deadlines, facts, periods, indicator values. Runs on the
 * caller's connection so that a load can refresh inside its own transaction. The same SQL, with
 * `knownAt`, recomputes figures as they stood at an earlier instant (see metrics/known-at.ts).
 * (Incremental refresh per touched period is issue 4; today the marts rebuild from the
 * day-level facts, which costs seconds, not minutes, at the demo scale.)
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readAll, readOne } from '../warehouse/connection.ts';
import { indicatorSchema, type IndicatorSpec } from '../warehouse/preset/preset-schema.ts';
import { indicatorCoversSql } from './catalog.ts';
import { measureSources, measureSql } from './measures.ts';
import { CREDIT_RECORD_TYPES, SOURCE_TYPES } from '../pipelines/sources/index.ts';
import { sqlString } from '../pipelines/read/open-source.ts';
import { chinaDay } from '../lib/dates.ts';
import { buildDeadlineTable, createWorkingCalendar, type WorkingCalendar } from '../lib/working-days.ts';

const sql = (name: string) => readFileSync(new URL(`./sql/${name}`, import.meta.url), 'utf8');
const FACTS_SQL = sql('facts.sql');
const FACTS_DELTA_SQL = sql('facts-delta.sql');
const FACTS_SHARED_SQL = sql('facts-shared.sql');
const INDICATORS_SQL = sql('indicators.sql');

/** The first day with a 7-working-day deadline; mart.period (facts-shared.sql) begins here at the earliest too. */
const DEADLINES_FROM = '2015-01-01';

/** The mart tables a refresh rebuilds (mart.deadline is filled once, mart.period each time). */
const REBUILT = ['record_fact', 'double_publicity_fact', 'subject_first', 'person_first', 'subject_coverage', 'person_coverage',
  'subject_department_first', 'period', 'indicator_value'];

/**
 * Core rows as of a moment: the current versions (xy_known_at NULL), or the versions loaded by
 * then and not yet superseded then. Every refresh query reads core through these.
 */
const LIVE_MACROS = `
  CREATE OR REPLACE TEMP MACRO xy_live(loaded, superseded) AS CASE WHEN getvariable('xy_known_at') IS NULL THEN superseded IS NULL
    ELSE loaded <= getvariable('xy_known_at') AND (superseded IS NULL OR superseded > getvariable('xy_known_at')) END;
  CREATE OR REPLACE TEMP MACRO xy_seen(loaded) AS getvariable('xy_known_at') IS NULL OR loaded <= getvariable('xy_known_at');`;

export interface RefreshOptions {
  /**
   * Compute as known at this instant (UTC, 'YYYY-MM-DD HH:MM:SS') into temporary tables
   * (xk_<mart table>) on this connection instead of the marts: nothing persistent is written,
   * so it can run beside a load.
   */
  knownAt?: string;
  /**
   * Only these indicators (default: the whole catalog). Without `knownAt` or `batchId`, on marts
   * built before, the facts are kept and only these indicators' values are recomputed: what a
   * change of their plan data (an edited task list) needs.
   */
  only?: readonly string[];
  /**
   * Incremental: the batch just loaded. Only the indicators that read its source type are
   * recomputed, and only for the periods ending on or after the earliest day its new or
   * superseded rows are about (plus periods that did not exist before). Registry batches, which
   * place every record, refresh everything.
   */
  batchId?: number;
}

/** SQL over the marts rewritten to the connection's temporary as-known-at tables. */
function toKnownAt(text: string): string {
  const names = REBUILT.join('|');
  return text
    .replace(new RegExp(`CREATE OR REPLACE TABLE mart\\.(${names})\\b`, 'g'), 'CREATE OR REPLACE TEMP TABLE xk_$1')
    .replace(new RegExp(`mart\\.(${names})\\b`, 'g'), 'xk_$1');
}

interface Touch {
  sourceType: string;
  /** Earliest event day of the batch's new and superseded rows (null: none dated). */
  since: string | null;
}

/** What a batch changed: its source type and the earliest day its rows are about. */
async function touchOf(conn: DuckDBConnection, batchId: number): Promise<Touch | null> {
  const [b] = await readAll<{ source_type: string }>(conn, 'SELECT source_type FROM meta.batch WHERE id = $1', [batchId]);
  const def = b ? SOURCE_TYPES[b.source_type] : undefined;
  if (!def) return null;
  const field = def.eventDate ?? def.creditRecord?.dateField;
  if (!field) return { sourceType: def.id, since: null };
  const [r] = await readAll<{ since: string | null }>(conn,
    `SELECT min(${field})::VARCHAR AS since FROM ${def.table} WHERE batch_id = $1 OR superseded_by_batch = $1`, [batchId]);
  return { sourceType: def.id, since: r?.since ?? null };
}

/**
 * @example await refreshMarts(conn, createWorkingCalendar(preset.calendar.years));
 * @example await refreshMarts(conn, calendar, { batchId }); // after a load, in its transaction
 * @example await refreshMarts(conn, calendar, { knownAt: '2025-04-01 00:00:00', only: ['record-volume'] }); // then read xk_indicator_value
 */
export async function refreshMarts(conn: DuckDBConnection, calendar: WorkingCalendar = createWorkingCalendar(), opts: RefreshOptions = {}): Promise<void> {
  const past = opts.knownAt !== undefined;
  const sqlFor = past ? toKnownAt : (x: string) => x;
  if (!past) await ensureDeadlines(conn, calendar);
  const [built] = await readAll<{ n: number }>(conn, 'SELECT count(*)::INTEGER AS n FROM mart.refresh_state');
  const partial = !past && opts.batchId === undefined && opts.only !== undefined && built!.n > 0;
  if (!past && opts.batchId === undefined && !partial) opts = { ...opts, only: undefined };
  const touch = opts.batchId !== undefined && !past ? await touchOf(conn, opts.batchId) : null;
  // Facts are merged from the batch's rows when the marts were fully built once and the batch is
  // not a registry (which places every record).
  const deltaFacts = touch !== null && !touch.sourceType.startsWith('subject-') && built!.n > 0;
  // A batch reaching back to the first period touches every period: recompute all indicators in one go.
  const [first] = touch ? await readAll<{ start: string | null }>(conn, `SELECT min(period_start)::VARCHAR AS start FROM mart.period`) : [{ start: null }];
  const incremental = deltaFacts && !(touch.since !== null && first?.start != null && touch.since <= first.start);
  // Periods that exist before this refresh: any other period is new and computed for every indicator.
  if (incremental) await conn.run('CREATE OR REPLACE TEMP TABLE xy_old_period AS SELECT period_type, period_start FROM mart.period');

  await conn.run(`SET VARIABLE xy_known_at = ${past ? `${sqlString(opts.knownAt!)}::TIMESTAMP` : 'NULL::TIMESTAMP'}`);
  await conn.run(`SET VARIABLE xy_today = ${sqlString(chinaDay())}::DATE`);
  await conn.run(LIVE_MACROS);
  await conn.run(`CREATE OR REPLACE TEMP VIEW xy_credit_all AS ${creditRecordSql()}`);
  await conn.run(`CREATE OR REPLACE TEMP VIEW xy_credit_record AS ${deltaFacts ? creditRecordSql(opts.batchId) : 'SELECT * FROM xy_credit_all'}`);
  await conn.run(`CREATE OR REPLACE TEMP VIEW xy_event_day AS ${eventDaySql()}`);
  if (past) await conn.run('CREATE OR REPLACE TEMP TABLE xk_indicator_value AS SELECT * FROM mart.indicator_value LIMIT 0');
  if (!partial) await conn.run(`CREATE OR REPLACE TEMP TABLE xy_placed AS ${placementSql('xy_credit_record')}`);
  // Where listed subjects are placed: as their list records are.
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_subject_place AS
    SELECT coalesce(subject_uscc, subject_id_hash) AS subject_key, any_value(district_code) AS district_code, any_value(street_code) AS street_code
    FROM (${placementSql("(SELECT * FROM xy_credit_all WHERE kind = 'credit-list')")}) WHERE coalesce(subject_uscc, subject_id_hash) IS NOT NULL GROUP BY ALL`);
  if (!partial) {
    await conn.run(sqlFor(deltaFacts ? FACTS_DELTA_SQL : FACTS_SQL));
    await conn.run(sqlFor(FACTS_SHARED_SQL));
  }
  if (!past && !deltaFacts && !partial) await conn.run(`DELETE FROM mart.refresh_state; INSERT INTO mart.refresh_state VALUES (now() AT TIME ZONE 'UTC')`);
  await conn.run(sqlFor(INDICATORS_SQL));
  if (partial) await conn.run(`DELETE FROM mart.indicator_value WHERE indicator_id IN (${opts.only!.map(sqlString).join(', ')})`);
  else if (!incremental) await conn.run(sqlFor('DELETE FROM mart.indicator_value'));
  const newGrains = new Set(incremental ? (await readAll<{ t: string }>(conn, `SELECT DISTINCT period_type AS t FROM mart.period p
    WHERE NOT EXISTS (SELECT 1 FROM xy_old_period o WHERE o.period_type = p.period_type AND o.period_start = p.period_start)`)).map((r) => r.t) : []);

  for (const def of await installedIndicators(conn)) {
    if (opts.only && !opts.only.includes(def.id)) continue;
    const select = measureSql(def);
    if (select === null) continue;
    // Incremental: the periods the batch touched (if it feeds this indicator) and new periods.
    let periods = '';
    if (incremental) {
      const from = measureSources(def.measure).includes(touch.sourceType) ? (touch.since ?? '0001-01-01') : null;
      if (from === null && !def.grains.some((g) => newGrains.has(g))) continue;
      const isNew = `NOT EXISTS (SELECT 1 FROM xy_old_period o WHERE o.period_type = mart.period.period_type AND o.period_start = mart.period.period_start)`;
      periods = from === null ? ` AND ${isNew}` : ` AND (period_end >= ${sqlString(from)}::DATE OR ${isNew})`;
    }
    await conn.run(sqlFor(`CREATE OR REPLACE TEMP TABLE xy_p AS SELECT * FROM mart.period
      WHERE period_type IN (${def.grains.map(sqlString).join(', ')})${periods}`));
    if (incremental) {
      const [n] = await readAll<{ n: number }>(conn, 'SELECT count(*)::INTEGER AS n FROM xy_p');
      if (n!.n === 0) continue;
      await conn.run(`DELETE FROM mart.indicator_value WHERE indicator_id = ${sqlString(def.id)}
        AND (period_type, period_start) IN (SELECT (period_type, period_start) FROM xy_p)`);
    }
    await conn.run(`CREATE OR REPLACE TEMP TABLE xy_e AS SELECT * FROM xy_entity WHERE entity_type IN (${def.entityTypes.map(sqlString).join(', ')}) AND ${indicatorCoversSql(def)}`);
    await conn.run(sqlFor(`INSERT INTO mart.indicator_value ${rankedSql(def, select)}`));
  }
  if (!past) await clusterByEntity(conn);
}

/**
 * Rewrites mart.indicator_value in scorecard order (entity, grain, period), so that a scorecard
 * — one entity's values — reads a few row groups instead of the whole table (DuckDB skips row
 * groups by their min/max). The table holds periods × entities × indicators, not records, so this
 * costs about a second whatever the warehouse's size; incremental refreshes would otherwise
 * scatter each entity's rows again.
 */
async function clusterByEntity(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE xy_iv_sorted AS
    SELECT * FROM mart.indicator_value ORDER BY entity_type, entity_id, period_type, period_start, indicator_id`);
  await conn.run('DELETE FROM mart.indicator_value');
  await conn.run('INSERT INTO mart.indicator_value SELECT * FROM xy_iv_sorted');
  await conn.run('DROP TABLE xy_iv_sorted');
}

/**
 * An indicator's values (a measure's grid: every entity of every period computed) with each
 * value's rank among its peers — same period and entity type, best first by the indicator's
 * direction, ties sharing a rank (1, 2, 2, 4) — and whether a peer shares it. No value, no rank.
 */
function rankedSql(def: IndicatorSpec, select: string): string {
  return `SELECT ${sqlString(def.id)}, m.*,
      CASE WHEN value IS NOT NULL THEN rank() OVER (PARTITION BY period_type, period_start, entity_type ORDER BY value ${def.direction === 'down' ? 'ASC' : 'DESC'} NULLS LAST) END,
      value IS NOT NULL AND count(*) OVER (PARTITION BY period_type, period_start, entity_type, value) > 1
    FROM (${select}) m(period_type, period_start, period_end, entity_type, entity_id, value, numerator, denominator, extras)`;
}

/** The catalog the preset install wrote (validated again: the marts trust nothing unchecked). */
async function installedIndicators(conn: DuckDBConnection): Promise<IndicatorSpec[]> {
  const rows = await readAll<{ spec: string }>(conn, 'SELECT spec::VARCHAR AS spec FROM core.indicator ORDER BY position');
  return rows.map((r) => indicatorSchema.parse(JSON.parse(r.spec)));
}

/**
 * Every current credit record of every source type whose rows are credit records (licences,
 * penalties, lists, commitments, tax grades, payments, judicial records …), in one shape:
 * kind, record_date, reported_date (双公示 only), department_id, subject USCC / ID hash / mask.
 */
export function creditRecordSql(batchId?: number): string {
  return CREDIT_RECORD_TYPES.flatMap((def) => {
    const r = def.creditRecord!;
    const has = (name: string) => def.fields.some((f) => f.name === name);
    const select = (sign: number) => `SELECT ${sqlString(def.id)} AS kind, ${r.dateField} AS record_date,
      ${has('reported_date') ? 'reported_date' : 'NULL::DATE'} AS reported_date, department_id,
      ${r.usccField ?? 'NULL::VARCHAR'} AS subject_uscc,
      ${r.idField ? `${r.idField}_hash` : 'NULL::VARCHAR'} AS subject_id_hash,
      ${r.idField ? `${r.idField}_masked` : 'NULL::VARCHAR'} AS subject_id_masked, ${sign} AS sign
    FROM ${def.table}`;
    // A batch's change: the rows it added, and (with sign -1) the versions it superseded.
    return batchId === undefined
      ? [`${select(1)} WHERE xy_live(loaded_at, superseded_at)`]
      : [`${select(1)} WHERE batch_id = ${batchId}`, `${select(-1)} WHERE superseded_by_batch = ${batchId}`];
  }).join('\nUNION ALL\n');
}

/**
 * Credit records of `input` with their place: the subject's registry district/street; else the
 * division in the USCC (positions 3-8) or in the ID number's address code (kept in the masked
 * form) when the preset knows it; else 'unknown' — kept and counted. `live` says which registry
 * versions place (default: as known at the refresh's instant).
 */
export function placementSql(input: string, columns = 'rec.kind, rec.record_date, rec.reported_date, rec.department_id, rec.subject_uscc, rec.subject_id_hash, rec.sign',
  live: (t: string) => string = (t) => `xy_live(${t}.loaded_at, ${t}.superseded_at)`): string {
  return `SELECT ${columns},
      coalesce(s.district_code, p.district_code, a.code, ai.code, 'unknown') AS district_code,
      coalesce(s.street_code, p.street_code) AS street_code
    FROM ${input} rec
    LEFT JOIN core.subject s ON s.uscc = rec.subject_uscc AND ${live('s')}
    LEFT JOIN core.person p ON p.id_number_hash = rec.subject_id_hash AND ${live('p')}
    LEFT JOIN core.area a ON a.code = substr(rec.subject_uscc, 3, 6) AND a.level = 'district'
    LEFT JOIN core.area ai ON ai.code = left(rec.subject_id_masked, 6) AND ai.level = 'district'`;
}

/** First and last event day of every source type's current rows: the span the periods cover. */
export function eventDaySql(): string {
  return Object.values(SOURCE_TYPES).flatMap((def) => {
    const field = def.eventDate ?? def.creditRecord?.dateField;
    return field ? [`SELECT min(${field}) AS first_day, max(${field}) AS last_day FROM ${def.table} WHERE xy_live(loaded_at, superseded_at)`] : [];
  }).join('\nUNION ALL\n');
}

/**
 * Fills mart.deadline for every day whose 7th working day the calendar covers. Days past that
 * get no deadline: their records count as `undetermined` until the office enters the next
 * year's holiday notice in the preset.
 */
async function ensureDeadlines(conn: DuckDBConnection, calendar: WorkingCalendar): Promise<void> {
  const last = lastDayWithDeadline(calendar);
  const have = await readOne<{ n: number; last: string | null }>(conn, `SELECT count(*) AS n, max(day)::VARCHAR AS last FROM mart.deadline`);
  if (have.last === last) return;
  const rows = buildDeadlineTable(DEADLINES_FROM, last, undefined, calendar);
  await conn.run('DELETE FROM mart.deadline');
  const appender = await conn.createAppender('deadline', 'mart');
  for (const r of rows) {
    appender.appendVarchar(r.day);
    appender.appendVarchar(r.due);
    appender.endRow();
  }
  appender.closeSync();
}

function lastDayWithDeadline(calendar: WorkingCalendar): string {
  // Step back from the end of coverage until the 7th working day stays inside it.
  let day = calendar.coveredUntil;
  for (;;) {
    try {
      calendar.addWorkingDays(day, 7);
      return day;
    } catch {
      const d = new Date(`${day}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - 1);
      day = d.toISOString().slice(0, 10);
    }
  }
}
