/**
 * Read side of the metrics layer: catalog, scorecards, rankings, batches. Reads marts only, so
 * the cost of a query does not grow with the number of records.
 */
import type { Warehouse } from '../warehouse/connection.ts';
import type { Preset } from '../warehouse/preset/preset-schema.ts';
import { targetApplies, type EntityType, type Grain, type IndicatorDef } from './catalog.ts';
import { statusOf, trajectoryTarget, type PlanPoint, type Status } from './trajectory.ts';

export class NotFoundError extends Error {}

export interface PeriodRef {
  type: Grain;
  start: string;
  end: string;
  label: string;
  labelEn: string;
}

interface ValueRow {
  entity_id: string;
  period_start: string;
  period_end: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  extras: string | null;
}

export interface Entity {
  type: EntityType;
  id: string;
  nameZh: string;
  nameEn: string;
}

export function createMetricsRepository(wh: Warehouse, preset: Preset) {

  const targetFor = (def: IndicatorDef, entityType: EntityType, entityId: string, points: PlanPoint[], date: string) =>
    targetApplies(def, entityType, entityId) ? trajectoryTarget(points, date, def.constantTarget) : null;

  const indicators = preset.indicators;
  const getIndicator = (id: string) => indicators.find((d) => d.id === id);

  /** The plan's last milestone; a standing target (e.g. 100% compliance) holds at `asOf`. */
  const finalOf = (def: IndicatorDef, points: PlanPoint[], asOf: string) => {
    if (def.constantTarget !== undefined) return { date: asOf, value: def.constantTarget };
    const last = points.at(-1);
    return last ? { date: last.date, value: last.value } : null;
  };

  /** The period containing `at`; without it, the latest period that has data (not an empty new week). */
  async function period(type: Grain, at?: string): Promise<PeriodRef> {
    const rows = await wh.all<{ start: string; end: string; label: string; labelEn: string }>(
      `SELECT period_start::VARCHAR AS start, period_end::VARCHAR AS end, label_zh AS label, label_en AS "labelEn" FROM mart.period
       WHERE period_type = $1
         AND period_start <= coalesce($2::DATE, least(current_date, (SELECT max(record_date) FROM mart.record_fact)), current_date)
       ORDER BY period_start DESC LIMIT 1`,
      [type, at ?? null],
    );
    const p = rows[0];
    if (!p) throw new NotFoundError(`no ${type} period${at ? ` containing ${at}` : ''} in the data`);
    if (at && at > p.end) throw new NotFoundError(`no ${type} period containing ${at} in the data`);
    return { type, ...p };
  }

  async function entity(type: EntityType, id: string): Promise<Entity> {
    const rows = type === 'department'
      ? await wh.all<Entity>(`SELECT 'department' AS type, id, name_zh AS "nameZh", name_en AS "nameEn" FROM core.department WHERE id = $1`, [id])
      : await wh.all<Entity>(`SELECT level AS type, code AS id, name_zh AS "nameZh", name_en AS "nameEn" FROM core.area WHERE code = $1 AND level = $2`, [id, type]);
    if (!rows[0]) throw new NotFoundError(`unknown ${type} "${id}"`);
    return rows[0];
  }

  const cityCode = preset.cityCode;

  /**
   * Scorecards and rankings change only when a batch commits (its marts refresh in the same
   * transaction), so answers are kept per data version: the newest batch id. Bounded, oldest out.
   */
  const cache = new Map<string, unknown>();
  let cachedVersion = -1;
  async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const [v] = await wh.all<{ id: number }>('SELECT coalesce(max(id), 0)::INTEGER AS id FROM meta.batch');
    if (v!.id !== cachedVersion) {
      cache.clear();
      cachedVersion = v!.id;
    }
    if (cache.has(key)) return cache.get(key) as T;
    const value = await compute();
    if (cache.size >= 2000) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  }

  return {
    catalog: async () => indicators.map((def) => ({
      id: def.id, groupZh: def.groupZh ?? null, groupEn: def.groupEn ?? null, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit,
      direction: def.direction, source: def.source, measure: def.measure, grains: def.grains, entityTypes: def.entityTypes,
      targetEntityTypes: def.targetEntityTypes, targetEntityIds: def.targetEntityIds ?? null, accumulation: def.accumulation,
      milestones: def.milestones.map((m) => ({ date: m.date, value: m.value })),
      baseline: def.baseline,
      constantTarget: def.constantTarget ?? null,
      collected: def.measure.kind !== 'not-collected',
    })),

    period,
    entity,
    indicator: getIndicator,

    async meta() {
      const [last] = await wh.all<{ at: string | null }>(`SELECT strftime(max(finished_at), '%Y-%m-%dT%H:%M:%SZ') AS at FROM meta.batch WHERE status = 'loaded'`);
      const latest = async (t: Grain) => period(t).then(({ start, end, label }) => ({ start, end, label })).catch(() => null);
      return {
        preset: { id: preset.id, nameZh: preset.nameZh, nameEn: preset.nameEn, cityCode },
        dataAsOf: last?.at ?? null,
        latest: { week: await latest('week'), month: await latest('month'), quarter: await latest('quarter'), year: await latest('year') },
      };
    },

    /**
     * Every computed indicator of an entity for one period: value, target, status, change and
     * rank movement against the previous period, and a short series. Three queries in all,
     * whatever the number of indicators.
     */
    scorecard: (entityType: EntityType, entityId: string, grain: Grain, at?: string, seriesLength = 12) =>
      cached(JSON.stringify(['scorecard', entityType, entityId, grain, at ?? null, seriesLength]), () => scorecard(entityType, entityId, grain, at, seriesLength)),

    ranking: (indicatorId: string, entityType: Exclude<EntityType, 'city'>, grain: Grain, at?: string) =>
      cached(JSON.stringify(['ranking', indicatorId, entityType, grain, at ?? null]), () => ranking(indicatorId, entityType, grain, at)),
  };

  async function scorecard(entityType: EntityType, entityId: string, grain: Grain, at?: string, seriesLength = 12) {
    const ent = await entity(entityType, entityId);
    const p = await period(grain, at);
    const defs = indicators.filter((d) => d.entityTypes.includes(entityType) && d.grains.includes(grain) && d.measure.kind !== 'not-collected');
    const ids = defs.map((d) => d.id);
    const series = await wh.all<ValueRow & { indicator_id: string; label: string }>(
      `SELECT v.indicator_id, v.entity_id, v.period_start::VARCHAR AS period_start, v.period_end::VARCHAR AS period_end,
         v.value, v.numerator, v.denominator, v.extras::VARCHAR AS extras, pr.label_zh AS label
       FROM mart.indicator_value v JOIN mart.period pr ON pr.period_type = v.period_type AND pr.period_start = v.period_start
       WHERE v.period_type = $1 AND v.entity_type = $2 AND v.entity_id = $3
         AND v.period_start IN (SELECT period_start FROM mart.period WHERE period_type = $1 AND period_start <= $4::DATE ORDER BY period_start DESC LIMIT $5)
       ORDER BY v.indicator_id, v.period_start`,
      [grain, entityType, entityId, p.start, seriesLength + 1],
    );
    const ranks = await rankRowsMany(ids, entityType, grain, p.start);
    const points = await wh.all<PlanPoint & { indicator_id: string }>(
      `SELECT indicator_id, date::VARCHAR AS date, value FROM core.plan_target ORDER BY indicator_id, date`);
    const cards = defs.map((def) => {
      const pts = points.filter((x) => x.indicator_id === def.id);
      const mine = series.filter((x) => x.indicator_id === def.id);
      const cur = mine.at(-1)?.period_start === p.start ? mine.at(-1)! : null;
      const prev = cur ? (mine.at(-2) ?? null) : null;
      const target = targetFor(def, entityType, entityId, pts, p.end);
      const final = targetApplies(def, entityType, entityId) ? finalOf(def, pts, p.end) : null;
      const peers = ranks.get(def.id) ?? [];
      const me = peers.find((r) => r.entityId === entityId);
      return {
        id: def.id, groupZh: def.groupZh ?? null, groupEn: def.groupEn ?? null, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit, direction: def.direction,
        value: cur?.value ?? null, numerator: cur?.numerator ?? null, denominator: cur?.denominator ?? null,
        previousValue: prev?.value ?? null,
        change: cur?.value != null && prev?.value != null ? cur.value - prev.value : null,
        target, finalTarget: final,
        progress: cur?.value != null && final && final.value !== 0 ? cur.value / final.value : null,
        status: statusOf(cur?.value ?? null, target, final?.value ?? null, preset.statusThresholds, def.direction) as Status | null,
        extras: cur?.extras ? (JSON.parse(cur.extras) as Record<string, number>) : {},
        rank: me?.rank ?? null,
        previousRank: me?.previousRank ?? null,
        movement: me?.movement ?? null,
        peers: entityType === 'city' ? 1 : peers.length,
        series: mine.slice(-seriesLength).map((x) => ({
          start: x.period_start, end: x.period_end, label: x.label,
          value: x.value, target: targetFor(def, entityType, entityId, pts, x.period_end),
        })),
      };
    });
    return { entity: ent, period: p, indicators: cards };
  }

  async function ranking(indicatorId: string, entityType: Exclude<EntityType, 'city'>, grain: Grain, at?: string) {
    const def = getIndicator(indicatorId);
    if (!def) throw new NotFoundError(`unknown indicator "${indicatorId}"`);
    const p = await period(grain, at);
    if (!def.entityTypes.includes(entityType)) throw new NotFoundError(`indicator "${indicatorId}" is not computed for ${entityType}`);
    const rows = (await rankRowsMany([def.id], entityType, grain, p.start)).get(def.id) ?? [];
    return { indicator: { id: def.id, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit, direction: def.direction }, period: p, rows };
  }

  /**
   * Peers of each indicator ranked best first (highest, or lowest when less is better); ties
   * share a rank (1, 2, 2, 4) and are flagged; entities without a value come last, unranked.
   * `movement` is the previous period's rank minus this one (+2: up two places).
   */
  async function rankRowsMany(ids: readonly string[], entityType: EntityType, grain: Grain, periodStart: string) {
    // Indicator ids are slugs (no commas): passed as one comma-separated parameter.
    const out = new Map<string, RankRow[]>();
    if (ids.length === 0) return out;
    const names = entityType === 'department'
      ? `SELECT id, name_zh, name_en FROM core.department`
      : `SELECT code AS id, name_zh, name_en FROM core.area WHERE level = '${entityType === 'street' ? 'street' : entityType === 'district' ? 'district' : 'city'}'`;
    const up = indicators.filter((d) => ids.includes(d.id) && d.direction === 'up').map((d) => d.id);
    const rows = await wh.all<RankRow & { indicatorId: string }>(
      `WITH v AS (
         SELECT v.indicator_id, v.period_start, v.entity_id, v.value, v.numerator, v.denominator,
           CASE WHEN list_contains(string_split($6, ','), v.indicator_id) THEN -v.value ELSE v.value END AS key
         FROM mart.indicator_value v
         WHERE list_contains(string_split($1, ','), v.indicator_id) AND v.entity_type = $2 AND v.period_type = $3
           AND v.period_start IN ($4::DATE, (SELECT max(period_start) FROM mart.period WHERE period_type = $3 AND period_start < $4::DATE))
       ), r AS (
         SELECT *, CASE WHEN value IS NOT NULL THEN rank() OVER (PARTITION BY indicator_id, period_start ORDER BY key NULLS LAST) END::INTEGER AS rank
         FROM v
       )
       SELECT cur.indicator_id AS "indicatorId", cur.rank, (cur.rank IS NOT NULL AND count(*) OVER (PARTITION BY cur.indicator_id, cur.rank) > 1) AS tied,
         cur.entity_id AS "entityId", n.name_zh AS "nameZh", n.name_en AS "nameEn", cur.value, cur.numerator, cur.denominator,
         prev.rank AS "previousRank", prev.value AS "previousValue", (prev.rank - cur.rank)::INTEGER AS movement
       FROM r cur JOIN (${names}) n ON n.id = cur.entity_id
       LEFT JOIN r prev ON prev.indicator_id = cur.indicator_id AND prev.entity_id = cur.entity_id AND prev.period_start < cur.period_start
       WHERE cur.period_start = $5::DATE
       ORDER BY cur.indicator_id, cur.key NULLS LAST, cur.entity_id`,
      [ids.join(','), entityType, grain, periodStart, periodStart, up.join(',')],
    );
    for (const { indicatorId, ...row } of rows) out.set(indicatorId, [...(out.get(indicatorId) ?? []), row]);
    return out;
  }
}

interface RankRow {
  rank: number | null;
  tied: boolean;
  entityId: string;
  nameZh: string;
  nameEn: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  previousRank: number | null;
  previousValue: number | null;
  movement: number | null;
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
