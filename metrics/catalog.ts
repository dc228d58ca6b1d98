/**
 * The indicator catalog is preset data (presets/<id>/indicators.json, validated by
 * warehouse/preset/preset-schema.ts): identity, plan clause, unit, measure, grains, entities and
 * targets. This module names the shapes the metrics layer uses. Pure, no I/O.
 */
import { sqlString } from '../lib/sql.ts';
import type { EntityType, Grain, IndicatorSpec } from '../warehouse/preset/preset-schema.ts';
import type { PlanPoint } from './trajectory.ts';

export type { EntityType, Grain };
export type IndicatorDef = IndicatorSpec;

/** Whether the plan's target applies to an entity (by type, and by id when the plan is one area's). */
export function targetApplies(def: IndicatorDef, entityType: EntityType, entityId: string): boolean {
  if (def.measure.kind === 'not-collected' && def.milestones.length === 0 && def.constantTarget === undefined) return false;
  if (!def.targetEntityTypes.includes(entityType)) return false;
  return def.targetEntityIds === undefined || def.targetEntityIds.includes(entityId);
}

/**
 * Whether an indicator is computed for an entity: of its entity types, and, for one area's plan
 * (`targetEntityIds`: 周村区's domain coverage), that area and what lies in it (its streets, its
 * departments: codes beginning with the area's). `areaCode`: the entity's own code, or a
 * department's area.
 */
export function indicatorCovers(def: IndicatorDef, entityType: EntityType, areaCode: string): boolean {
  if (!def.entityTypes.includes(entityType)) return false;
  return def.targetEntityIds === undefined || def.targetEntityIds.some((id) => areaCode.startsWith(id));
}

/** The same rule in SQL, over rows with `area_code` (xy_entity): true when the indicator covers every entity. */
export function indicatorCoversSql(def: IndicatorDef): string {
  if (def.targetEntityIds === undefined) return 'true';
  return `(${def.targetEntityIds.map((id) => `starts_with(area_code, ${sqlString(id)})`).join(' OR ')})`;
}

/** An indicator's plan points in date order: its baseline, then its milestones (as installed in core.plan_target). */
export function planPoints(def: IndicatorDef): PlanPoint[] {
  return [...(def.baseline ? [def.baseline] : []), ...def.milestones].map((p) => ({ date: p.date, value: p.value })).sort((a, b) => a.date.localeCompare(b.date));
}
