/**
 * Read side of the metrics layer: catalog, scorecards, rankings, batches. Reads marts only, so
 * the cost of a query does not grow with the number of records.
 */
import { chinaDay } from '../lib/dates.ts';
import type { Warehouse } from '../warehouse/connection.ts';
import type { Preset } from '../warehouse/preset/preset-schema.ts';
import { RECORDS_OF } from './records.ts';
import { indicatorCovers, planPoints, targetApplies, type EntityType, type Grain, type IndicatorDef } from './catalog.ts';
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

/** One row of the values mart as scorecards and rankings read it. */
interface SeriesRow extends ValueRow {
  indicator_id: string;
  rank: number | null;
  tied: boolean | null;
}

export interface Entity {
  type: EntityType;
  id: string;
  nameZh: string;
  nameEn: string;
}

/**
 * @param opts.memory answer from the in-memory values mart once it is read (default); false
 *   answers every question by SQL (tests compare the two)
 */
export function createMetricsRepository(wh: Warehouse, preset: Preset, opts: { memory?: boolean } = {}) {

  const targetFor = (def: IndicatorDef, entityType: EntityType, entityId: string, points: PlanPoint[], date: string) =>
    targetApplies(def, entityType, entityId) ? trajectoryTarget(points, date, def.constantTarget) : null;

  const indicators = preset.indicators;
  const getIndicator = (id: string) => indicators.find((d) => d.id === id);

  /** The plan's last milestone; a standing target (e.g. 100% compliance, no date of its own) holds at `asOf`. */
  const finalOf = (def: IndicatorDef, points: PlanPoint[], asOf: string) => {
    if (def.constantTarget !== undefined) return { date: asOf, value: def.constantTarget, standing: true };
    const last = points.at(-1);
    return last ? { date: last.date, value: last.value, standing: false } : null;
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
        `SELECT coalesce(least($1::DATE, (SELECT max(record_date) FROM mart.record_fact)), $1::DATE)::VARCHAR AS day`, [chinaDay()]);
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

  /**
   * How many peers each indicator ranks an entity among in a period: those with a value (the
   * others are unranked, so "第 25 名 / 共 26", not "/ 共 50" when 24 reported nothing).
   */
  async function rankedPeers(entityType: Exclude<EntityType, 'city'>, grain: Grain, start: string, mem: Awaited<ReturnType<typeof ready>>): Promise<Map<string, number>> {
    if (mem) {
      const out = new Map<string, number>();
      for (const def of indicators) {
        const rows = mem.byPeriod.get(`${def.id}|${entityType}|${grain}|${start}`);
        if (rows) out.set(def.id, rows.filter((r) => r.rank !== null).length);
      }
      return out;
    }
    const rows = await wh.all<{ indicator_id: string; n: number }>(
      `SELECT indicator_id, count(rank)::INTEGER AS n FROM mart.indicator_value WHERE period_type = $1 AND entity_type = $2 AND period_start = $3::DATE GROUP BY indicator_id`,
      [grain, entityType, start]);
    return new Map(rows.map((r) => [r.indicator_id, r.n]));
  }

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
  /** The data version now (answers cached under another are dropped). */
  async function currentVersion(): Promise<string> {
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
    return version;
  }

  async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    await currentVersion();
    if (cache.has(key)) return cache.get(key) as T;
    const value = await compute();
    if (cache.size >= 5000) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  }

  /**
   * The values mart of the current data version, in memory: a few hundred thousand rows (entities
   * × periods × indicators, whatever the number of records), indexed by entity and grain for
   * scorecards and by indicator, entity type and period for rankings, so that a question asked
   * for the first time in a data version costs no query. It is read in the background on the first
   * question of a version; until it is ready, questions are answered by SQL as before.
   */
  let snapshot: { version: string; byEntity: Map<string, SeriesRow[]>; byPeriod: Map<string, SeriesRow[]> } | null = null;
  let building: { version: string; done: Promise<void> } | null = null;

  function snapshotOf(version: string) {
    if (snapshot?.version === version) return snapshot;
    if (building?.version !== version) {
      const started = version;
      building = { version, done: readSnapshot().then((s) => {
        if (cachedVersion === started) snapshot = { version: started, ...s };
      }).catch(() => undefined).finally(() => {
        if (building?.version === started) building = null;
      }) };
    }
    return null;
  }

  async function readSnapshot() {
    const rows = await wh.all<SeriesRow & { entity_type: string; period_type: string }>(
      `SELECT indicator_id, entity_type, entity_id, period_type, period_start::VARCHAR AS period_start, period_end::VARCHAR AS period_end,
         value, numerator, denominator, extras::VARCHAR AS extras, rank, tied
       FROM mart.indicator_value ORDER BY entity_type, entity_id, period_type, indicator_id, period_start`);
    const intern = new Map<string, string>();
    const same = (x: string) => intern.get(x) ?? (intern.set(x, x), x);
    const byEntity = new Map<string, SeriesRow[]>();
    const byPeriod = new Map<string, SeriesRow[]>();
    for (const r of rows) {
      const row: SeriesRow = {
        indicator_id: same(r.indicator_id), entity_id: same(r.entity_id), period_start: same(r.period_start), period_end: same(r.period_end),
        value: r.value, numerator: r.numerator, denominator: r.denominator, extras: r.extras, rank: r.rank, tied: r.tied,
      };
      const e = `${r.entity_type}|${r.entity_id}|${r.period_type}`;
      (byEntity.get(e) ?? byEntity.set(e, []).get(e)!).push(row);
      const k = `${r.indicator_id}|${r.entity_type}|${r.period_type}|${r.period_start}`;
      (byPeriod.get(k) ?? byPeriod.set(k, []).get(k)!).push(row);
    }
    return { byEntity, byPeriod };
  }

  /** The current data version's snapshot when it is ready (null: answer by SQL meanwhile). */
  async function ready() {
    const version = await currentVersion();
    return opts.memory === false ? null : snapshotOf(version);
  }

  return {
    /** Waits until the current data version's values are in memory (after a load, before a rush). */
    async warm(): Promise<void> {
      if (await ready()) return;
      await building?.done;
    },

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
    departments: () => preset.departments.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, areaCode: d.areaCode, duties: d.duties })),

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
    // A department stands where its area is; an area is its code.
    const areaCode = entityType === 'department' ? (preset.departments.find((d) => d.id === entityId)?.areaCode ?? '') : entityId;
    const defs = indicators.filter((d) => indicatorCovers(d, entityType, areaCode) && d.grains.includes(grain) && d.measure.kind !== 'not-collected');
    // One query: the entity's values, ranks and ties over the last periods, every indicator.
    const all = (await calendar()).periods.get(grain)!;
    const upTo = all.findIndex((x) => x.start === p.start);
    const shown = all.slice(Math.max(0, upTo - seriesLength), upTo + 1);
    const labels = new Map(shown.map((x) => [x.start, x.label]));
    const mem = await ready();
    const series = mem
      ? (mem.byEntity.get(`${entityType}|${entityId}|${grain}`) ?? []).filter((x) => x.period_start >= shown[0]!.start && x.period_start <= p.start)
      : await wh.all<SeriesRow>(
        `SELECT indicator_id, entity_id, period_start::VARCHAR AS period_start, period_end::VARCHAR AS period_end,
           value, numerator, denominator, extras::VARCHAR AS extras, rank, tied
         FROM mart.indicator_value
         WHERE period_type = $1 AND entity_type = $2 AND entity_id = $3 AND period_start BETWEEN $4::DATE AND $5::DATE
         ORDER BY indicator_id, period_start`,
        [grain, entityType, entityId, shown[0]!.start, p.start],
      );
    // The city has no peers: it is not ranked.
    const peers = entityType === 'city' ? null : await rankedPeers(entityType, grain, p.start, mem);
    const cards = defs.map((def) => {
      const pts = planPoints(def);
      const mine = series.filter((x) => x.indicator_id === def.id);
      const cur = mine.at(-1)?.period_start === p.start ? mine.at(-1)! : null;
      const prev = cur ? (mine.at(-2) ?? null) : null;
      const target = targetFor(def, entityType, entityId, pts, p.end);
      const final = targetApplies(def, entityType, entityId) ? finalOf(def, pts, p.end) : null;
      const rank = peers === null ? null : (cur?.rank ?? null);
      const previousRank = peers === null ? null : (prev?.rank ?? null);
      return {
        id: def.id, groupZh: def.groupZh ?? null, groupEn: def.groupEn ?? null, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit, direction: def.direction,
        measure: def.measure,
        value: cur?.value ?? null, numerator: cur?.numerator ?? null, denominator: cur?.denominator ?? null,
        previousValue: prev?.value ?? null,
        change: cur?.value != null && prev?.value != null ? cur.value - prev.value : null,
        target, finalTarget: final,
        progress: cur?.value != null && final && final.value !== 0 ? cur.value / final.value : null,
        status: statusOf(cur?.value ?? null, target, final?.value ?? null, preset.statusThresholds, def.direction, final !== null && final.date <= p.end) as Status | null,
        extras: cur?.extras ? (JSON.parse(cur.extras) as Record<string, number>) : {},
        rank,
        tied: rank !== null && cur?.tied === true,
        previousRank,
        movement: rank !== null && previousRank !== null ? previousRank - rank : null,
        peers: rank === null ? null : (peers?.get(def.id) ?? null),
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
    const mem = await ready();
    if (mem) {
      const all = (await calendar()).periods.get(grain)!;
      const before = all[all.findIndex((x) => x.start === p.start) - 1];
      const previous = new Map((before ? mem.byPeriod.get(`${def.id}|${entityType}|${grain}|${before.start}`) ?? [] : []).map((x) => [x.entity_id, x]));
      const named = new Map<string, { nameZh: string; nameEn: string }>(entityType === 'department'
        ? preset.departments.map((d) => [d.id, d])
        : preset.areas.filter((a) => a.level === entityType).map((a) => [a.code, a]));
      const rows: RankRow[] = (mem.byPeriod.get(`${def.id}|${entityType}|${grain}|${p.start}`) ?? [])
        .filter((x) => named.has(x.entity_id))
        .map((x) => {
          const prev = previous.get(x.entity_id);
          const n = named.get(x.entity_id)!;
          return {
            rank: x.rank, tied: x.tied ?? false, entityId: x.entity_id, nameZh: n.nameZh, nameEn: n.nameEn, value: x.value, numerator: x.numerator,
            denominator: x.denominator, previousRank: prev?.rank ?? null, previousValue: prev?.value ?? null,
            movement: prev?.rank != null && x.rank !== null ? prev.rank - x.rank : null,
          };
        })
        .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0));
      return { indicator: { id: def.id, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit, direction: def.direction }, period: p, rows };
    }
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
