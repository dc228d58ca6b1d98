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
  const planPoints = async (indicatorId: string): Promise<PlanPoint[]> =>
    wh.all<PlanPoint>(`SELECT date::VARCHAR AS date, value FROM core.plan_target WHERE indicator_id = $1 ORDER BY date`, [indicatorId]);

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

    async meta() {
      const [last] = await wh.all<{ at: string | null }>(`SELECT strftime(max(finished_at), '%Y-%m-%dT%H:%M:%SZ') AS at FROM meta.batch WHERE status = 'loaded'`);
      const latest = async (t: Grain) => period(t).then(({ start, end, label }) => ({ start, end, label })).catch(() => null);
      return {
        preset: { id: preset.id, nameZh: preset.nameZh, nameEn: preset.nameEn, cityCode },
        dataAsOf: last?.at ?? null,
        latest: { week: await latest('week'), month: await latest('month'), quarter: await latest('quarter'), year: await latest('year') },
      };
    },

    async scorecard(entityType: EntityType, entityId: string, grain: Grain, at?: string, seriesLength = 12) {
      const ent = await entity(entityType, entityId);
      const p = await period(grain, at);
      const cards = [];
      for (const def of indicators.filter((d) => d.entityTypes.includes(entityType) && d.grains.includes(grain) && d.measure.kind !== 'not-collected')) {
        const points = await planPoints(def.id);
        const series = (await wh.all<ValueRow>(
          `SELECT entity_id, period_start::VARCHAR AS period_start, period_end::VARCHAR AS period_end, value, numerator, denominator, extras::VARCHAR AS extras
           FROM mart.indicator_value WHERE indicator_id = $1 AND period_type = $2 AND entity_type = $3 AND entity_id = $4 AND period_start <= $5::DATE
           ORDER BY period_start DESC LIMIT $6`,
          [def.id, grain, entityType, entityId, p.start, seriesLength],
        )).reverse();
        const labels = new Map((await wh.all<{ s: string; l: string }>(
          `SELECT period_start::VARCHAR AS s, label_zh AS l FROM mart.period WHERE period_type = $1`, [grain])).map((r) => [r.s, r.l]));
        const cur = series.at(-1)?.period_start === p.start ? series.at(-1)! : null;
        const target = targetFor(def, entityType, entityId, points, p.end);
        const final = targetApplies(def, entityType, entityId) ? finalOf(def, points, p.end) : null;
        const ranks = await rankRows(def.id, entityType, grain, p.start, def.direction);
        const mine = ranks.find((r) => r.entityId === entityId);
        cards.push({
          id: def.id, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit, direction: def.direction,
          value: cur?.value ?? null, numerator: cur?.numerator ?? null, denominator: cur?.denominator ?? null,
          target, finalTarget: final,
          progress: cur?.value != null && final ? cur.value / final.value : null,
          status: statusOf(cur?.value ?? null, target, final?.value ?? null, preset.statusThresholds, def.direction) as Status | null,
          extras: cur?.extras ? (JSON.parse(cur.extras) as Record<string, number>) : {},
          rank: mine?.rank ?? null,
          peers: ranks.length,
          series: series.map((s) => ({
            start: s.period_start, end: s.period_end, label: labels.get(s.period_start) ?? s.period_start,
            value: s.value, target: targetFor(def, entityType, entityId, points, s.period_end),
          })),
        });
      }
      return { entity: ent, period: p, indicators: cards };
    },

    async ranking(indicatorId: string, entityType: Exclude<EntityType, 'city'>, grain: Grain, at?: string) {
      const def = getIndicator(indicatorId);
      if (!def) throw new NotFoundError(`unknown indicator "${indicatorId}"`);
      const p = await period(grain, at);
      if (!def.entityTypes.includes(entityType)) throw new NotFoundError(`indicator "${indicatorId}" is not computed for ${entityType}`);
      return { indicator: { id: def.id, nameZh: def.nameZh, nameEn: def.nameEn, unit: def.unit, direction: def.direction }, period: p, rows: await rankRows(def.id, entityType, grain, p.start, def.direction) };
    },
  };

  /** Peers ranked best first (highest, or lowest when less is better); ties share a rank (1, 2, 2, 4); entities without a value come last, unranked. */
  async function rankRows(indicatorId: string, entityType: EntityType, grain: Grain, periodStart: string, direction: 'up' | 'down') {
    const order = direction === 'up' ? 'DESC' : 'ASC';
    const names = entityType === 'department'
      ? `SELECT id, name_zh, name_en FROM core.department`
      : `SELECT code AS id, name_zh, name_en FROM core.area WHERE level = '${entityType === 'street' ? 'street' : entityType === 'district' ? 'district' : 'city'}'`;
    return wh.all<{ rank: number | null; entityId: string; nameZh: string; nameEn: string; value: number | null; numerator: number | null; denominator: number | null }>(
      `SELECT CASE WHEN v.value IS NOT NULL THEN rank() OVER (ORDER BY v.value ${order} NULLS LAST) END::INTEGER AS rank,
         v.entity_id AS "entityId", n.name_zh AS "nameZh", n.name_en AS "nameEn", v.value, v.numerator, v.denominator
       FROM mart.indicator_value v JOIN (${names}) n ON n.id = v.entity_id
       WHERE v.indicator_id = $1 AND v.entity_type = $2 AND v.period_type = $3 AND v.period_start = $4::DATE
       ORDER BY v.value ${order} NULLS LAST, v.entity_id`,
      [indicatorId, entityType, grain, periodStart],
    );
  }
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
