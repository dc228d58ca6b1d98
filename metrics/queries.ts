/**
 * Read side of the metrics layer: catalog, scorecards, rankings, batches. Reads marts only, so
 * the cost of a query does not grow with the number of records.
 */
import type { Warehouse } from '../warehouse/connection.ts';
import type { Preset } from '../warehouse/preset/preset-schema.ts';
import { RECORDS_OF } from './records.ts';
import { planPoints, targetApplies, type EntityType, type Grain, type IndicatorDef } from './catalog.ts';
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
    const { periods, lastDataDay } = await calendar();
    const list = periods.get(type) ?? [];
    const limit = at ?? lastDataDay;
    const p = list.findLast((x) => x.start <= limit);
    if (!p) throw new NotFoundError(`no ${type} period${at ? ` containing ${at}` : ''} in the data`);
    if (at && at > p.end) throw new NotFoundError(`no ${type} period containing ${at} in the data`);
    return { type, ...p };
  }

  /** The periods of every grain (oldest first) and the last day with data, read once per data version. */
  function calendar() {
    return cached('calendar', async () => {
      const rows = await wh.all<{ type: Grain; start: string; end: string; label: string; labelEn: string }>(
        `SELECT period_type AS type, period_start::VARCHAR AS start, period_end::VARCHAR AS end, label_zh AS label, label_en AS "labelEn"
         FROM mart.period ORDER BY period_type, period_start`);
      const [last] = await wh.all<{ day: string }>(
        `SELECT coalesce(least(current_date, (SELECT max(record_date) FROM mart.record_fact)), current_date)::VARCHAR AS day`);
      const periods = new Map<Grain, Omit<PeriodRef, 'type'>[]>();
      for (const { type, ...p } of rows) periods.set(type, [...(periods.get(type) ?? []), p]);
      return { periods, lastDataDay: last!.day };
    });
  }

  /** An entity of the preset (the warehouse's core.area and core.department are installed from it). */
  async function entity(type: EntityType, id: string): Promise<Entity> {
    const found = type === 'department'
      ? preset.departments.find((d) => d.id === id)
      : preset.areas.find((a) => a.code === id && a.level === type);
    if (!found) throw new NotFoundError(`unknown ${type} "${id}"`);
    return { type, id, nameZh: found.nameZh, nameEn: found.nameEn };
  }

  /** How many entities of a type there are: the peers an indicator ranks among. */
  const peerCount = (type: EntityType) => type === 'department' ? preset.departments.length : preset.areas.filter((a) => a.level === type).length;

  const cityCode = preset.cityCode;

  /**
   * Scorecards and rankings change only when a batch commits (its marts refresh in the same
   * transaction), so answers are kept per data version: the process's own count of committed
   * batches (it is the warehouse's only writer), and — for marts refreshed without a batch, as
   * tests do — the newest batch id, looked at no more than once a second. Bounded, oldest out.
   */
  const cache = new Map<string, unknown>();
  let cachedVersion = '';
  let checkedAt = 0;
  let newestBatch = -1;
  async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (Date.now() - checkedAt > 1000 || cachedVersion !== `${wh.version}:${newestBatch}`) {
      const [v] = await wh.all<{ id: number }>('SELECT coalesce(max(id), 0)::INTEGER AS id FROM meta.batch');
      newestBatch = v!.id;
      checkedAt = Date.now();
    }
    const version = `${wh.version}:${newestBatch}`;
    if (version !== cachedVersion) {
      cache.clear();
      cachedVersion = version;
    }
    if (cache.has(key)) return cache.get(key) as T;
    const value = await compute();
    if (cache.size >= 5000) cache.delete(cache.keys().next().value!);
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
      /** The records a figure of this indicator can be drilled into (GET /api/records). */
      recordKinds: RECORDS_OF[def.id] ?? [],
    })),

    period,
    entity,
    indicator: getIndicator,
    areas: () => preset.areas.map((a) => ({ code: a.code, nameZh: a.nameZh, nameEn: a.nameEn, level: a.level, parentCode: a.parentCode })),
    departments: () => preset.departments.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, areaCode: d.areaCode })),

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
    // One query: the entity's values, ranks and ties over the last periods, every indicator.
    const all = (await calendar()).periods.get(grain)!;
    const upTo = all.findIndex((x) => x.start === p.start);
    const shown = all.slice(Math.max(0, upTo - seriesLength), upTo + 1);
    const labels = new Map(shown.map((x) => [x.start, x.label]));
    const series = await wh.all<ValueRow & { indicator_id: string; rank: number | null; tied: boolean | null }>(
      `SELECT indicator_id, entity_id, period_start::VARCHAR AS period_start, period_end::VARCHAR AS period_end,
         value, numerator, denominator, extras::VARCHAR AS extras, rank, tied
       FROM mart.indicator_value
       WHERE period_type = $1 AND entity_type = $2 AND entity_id = $3 AND period_start BETWEEN $4::DATE AND $5::DATE
       ORDER BY indicator_id, period_start`,
      [grain, entityType, entityId, shown[0]!.start, p.start],
    );
    const peers = entityType === 'city' ? 1 : peerCount(entityType);
    const cards = defs.map((def) => {
      const pts = planPoints(def);
      const mine = series.filter((x) => x.indicator_id === def.id);
      const cur = mine.at(-1)?.period_start === p.start ? mine.at(-1)! : null;
      const prev = cur ? (mine.at(-2) ?? null) : null;
      const target = targetFor(def, entityType, entityId, pts, p.end);
      const final = targetApplies(def, entityType, entityId) ? finalOf(def, pts, p.end) : null;
      const rank = cur?.rank ?? null;
      const previousRank = prev?.rank ?? null;
      return {
        id: def.id, groupZh: def.groupZh ?? null, groupEn: def.groupEn ?? null, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit, direction: def.direction,
        value: cur?.value ?? null, numerator: cur?.numerator ?? null, denominator: cur?.denominator ?? null,
        previousValue: prev?.value ?? null,
        change: cur?.value != null && prev?.value != null ? cur.value - prev.value : null,
        target, finalTarget: final,
        progress: cur?.value != null && final && final.value !== 0 ? cur.value / final.value : null,
        status: statusOf(cur?.value ?? null, target, final?.value ?? null, preset.statusThresholds, def.direction) as Status | null,
        extras: cur?.extras ? (JSON.parse(cur.extras) as Record<string, number>) : {},
        rank,
        tied: rank !== null && cur?.tied === true,
        previousRank,
        movement: rank !== null && previousRank !== null ? previousRank - rank : null,
        peers,
        series: mine.slice(-seriesLength).map((x) => ({
          start: x.period_start, end: x.period_end, label: labels.get(x.period_start)!,
          value: x.value, target: targetFor(def, entityType, entityId, pts, x.period_end),
        })),
      };
    });
    return { entity: ent, period: p, indicators: cards };
  }

  /**
   * An indicator's peers best first (highest, or lowest when less is better), as the refresh
   * ranked them: ties share a rank (1, 2, 2, 4) and are flagged; entities without a value come
   * last, unranked. `movement` is the previous period's rank minus this one (+2: up two places).
   */
  async function ranking(indicatorId: string, entityType: Exclude<EntityType, 'city'>, grain: Grain, at?: string) {
    const def = getIndicator(indicatorId);
    if (!def) throw new NotFoundError(`unknown indicator "${indicatorId}"`);
    const p = await period(grain, at);
    if (!def.entityTypes.includes(entityType)) throw new NotFoundError(`indicator "${indicatorId}" is not computed for ${entityType}`);
    const names = entityType === 'department'
      ? `SELECT id, name_zh, name_en FROM core.department`
      : `SELECT code AS id, name_zh, name_en FROM core.area WHERE level = $2`;
    const rows = await wh.all<RankRow>(
      `SELECT cur.rank, coalesce(cur.tied, false) AS tied, cur.entity_id AS "entityId", n.name_zh AS "nameZh", n.name_en AS "nameEn",
         cur.value, cur.numerator, cur.denominator, prev.rank AS "previousRank", prev.value AS "previousValue", (prev.rank - cur.rank)::INTEGER AS movement
       FROM mart.indicator_value cur JOIN (${names}) n ON n.id = cur.entity_id
       LEFT JOIN mart.indicator_value prev ON prev.indicator_id = cur.indicator_id AND prev.entity_type = cur.entity_type
         AND prev.entity_id = cur.entity_id AND prev.period_type = cur.period_type
         AND prev.period_start = (SELECT max(period_start) FROM mart.period WHERE period_type = $3 AND period_start < $4::DATE)
       WHERE cur.indicator_id = $1 AND cur.entity_type = $2 AND cur.period_type = $3 AND cur.period_start = $4::DATE
       ORDER BY cur.rank NULLS LAST, cur.entity_id`,
      [def.id, entityType, grain, p.start],
    );
    return { indicator: { id: def.id, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit, direction: def.direction }, period: p, rows };
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
