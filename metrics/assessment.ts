/**
 * Composite assessment (考核) scores from the preset's scoring schemes (scoring.json): each
 * entity's points per rule, what was deducted and why, a score out of 100 over the rules that
 * apply to it, and its rank with movement against the previous period. The scheme version in
 * force is the one with the latest `effectiveFrom` on or before the period's start, so a change
 * the office makes applies from its stated period and earlier bulletins keep their scores.
 */
import type { Warehouse } from '../warehouse/connection.ts';
import type { DepartmentDuty, IndicatorSpec, Preset, ScoringRule, ScoringScheme } from '../warehouse/preset/preset-schema.ts';
import { planPoints, targetApplies, type EntityType } from './catalog.ts';
import { trajectoryTarget } from './trajectory.ts';
import { chinaDay } from '../lib/dates.ts';
import { NotFoundError, type PeriodRef } from './queries.ts';
import { createRecords, sheetOf } from './records.ts';
import { createZeroReports } from './zero-reports.ts';

/** What a deduction's records are: 双公示 late or outstanding, rows rejected, sub-tasks overdue, base-list items not or partly implemented. */
export type DeductionKind = 'late' | 'missing' | 'incomplete' | 'inaccurate' | 'overdue' | 'notImplemented' | 'partlyImplemented';

/**
 * How a rule came to its points: `scored` from the unit's value; `not-applicable` (no points, left
 * out of the score) when the unit lacks the rule's duty, has no target, or has no value under a
 * `noData: skip` rule; `no-data` (0 points, 未报送) when a unit that owes the data sent none under
 * a `noData: zero` rule; `zero-report` (full points, 零报送) when it declared the period empty;
 * `withheld` in another unit's row as a department reads it (scores only).
 */
export type RuleStatus = 'scored' | 'not-applicable' | 'no-data' | 'zero-report' | 'withheld';

export interface RuleScore {
  indicator: string;
  method: ScoringRule['method'];
  weight: number;
  status: RuleStatus;
  /** Whether the records behind its points can be listed (GET /api/assessment/records). */
  listed: boolean;
  /** Null when the rule does not apply (see `status`). */
  points: number | null;
  deducted: number | null;
  value: number | null;
  target: number | null;
  violations: number | null;
}

/**
 * Points of one rule for one entity. Pure.
 * @example scoreRule({ indicator: 'x', method: 'proportional', weight: 40 }, 'up', 0.9, 1, {}) // { points: 36, deducted: 4, … }
 */
export function scoreRule(
  rule: ScoringRule, direction: 'up' | 'down', value: number | null, target: number | null, extras: Record<string, unknown>,
): Pick<RuleScore, 'points' | 'deducted' | 'violations'> {
  const done = (points: number | null, violations: number | null = null) =>
    ({ points, deducted: points === null ? null : rule.weight - points, violations });
  if (value === null) return done(null);
  switch (rule.method) {
    case 'proportional': {
      if (target === null) return done(null);
      const ratio = direction === 'up'
        ? (target <= 0 ? 1 : Math.min(1, value / target))
        : (value <= target ? 1 : target <= 0 ? 0 : target / value);
      return done(rule.weight * ratio);
    }
    case 'pass-fail':
      if (target === null) return done(null);
      return done((direction === 'up' ? value >= target : value <= target) ? rule.weight : 0);
    case 'per-violation': {
      const n = Number(extras[rule.violations] ?? 0);
      return done(Math.max(0, rule.weight - Math.min(rule.cap, n * rule.points)), n);
    }
  }
}

/** The duty a department must hold for a rule on this indicator to apply to it, if any. */
export function dutyOf(def: IndicatorSpec): DepartmentDuty | null {
  switch (def.measure.kind) {
    case 'double-publicity': return 'double-publicity';
    case 'base-list-implementation': return 'base-list';
    default: return null;
  }
}

/**
 * One rule for one unit, missing values resolved. A unit without the rule's duty (a department
 * lacking it, a district none of whose departments hold it) is scored only when it has a value
 * anyway; a unit that owes the value and has none is 未报送 (0) under
 * `noData: zero`, or 零报送 (full points) when it declared the period empty. Pure.
 */
export function resolveRule(
  rule: ScoringRule, direction: 'up' | 'down', value: number | null, target: number | null, extras: Record<string, unknown>,
  unit: { owesData: boolean; zeroReport: boolean },
): Pick<RuleScore, 'status' | 'points' | 'deducted' | 'violations'> {
  const skipped = { status: 'not-applicable' as const, points: null, deducted: null, violations: null };
  if (value === null) {
    if (!unit.owesData || target === null || (rule.noData ?? 'skip') === 'skip') return skipped;
    return unit.zeroReport
      ? { status: 'zero-report', points: rule.weight, deducted: 0, violations: 0 }
      : { status: 'no-data', points: 0, deducted: rule.weight, violations: null };
  }
  const scored = scoreRule(rule, direction, value, target, extras);
  return scored.points === null ? skipped : { status: 'scored', ...scored };
}

/** The scheme version in force for a period starting on `start`. */
export function versionInForce(versions: readonly ScoringScheme[], start: string): ScoringScheme | null {
  return [...versions].filter((v) => v.effectiveFrom <= start).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0] ?? null;
}

interface Row {
  indicator_id: string;
  entity_id: string;
  name_zh: string;
  name_en: string;
  value: number | null;
  extras: string | null;
}

export function createAssessment(wh: Warehouse, preset: Preset, period: (grain: ScoringScheme['grain'], at?: string) => Promise<PeriodRef>) {
  const defs = new Map<string, IndicatorSpec>(preset.indicators.map((d) => [d.id, d]));
  const records = createRecords(wh);
  const zeroReports = createZeroReports(wh, preset);

  async function scores(version: ScoringScheme, p: { start: string; end: string }, grain: ScoringScheme['grain'] = version.grain) {
    const ids = version.rules.map((r) => r.indicator);
    const names = version.entityType === 'department'
      ? `SELECT id, name_zh, name_en FROM core.department`
      : `SELECT code AS id, name_zh, name_en FROM core.area WHERE level = '${version.entityType}'`;
    const rows = await wh.all<Row>(
      `SELECT v.indicator_id, v.entity_id, n.name_zh, n.name_en, v.value, v.extras::VARCHAR AS extras
       FROM mart.indicator_value v JOIN (${names}) n ON n.id = v.entity_id
       WHERE list_contains(string_split($1, ','), v.indicator_id) AND v.entity_type = $2 AND v.period_type = $3 AND v.period_start = $4::DATE`,
      [ids.join(','), version.entityType, grain, p.start]);
    const entities = new Map<string, { entityId: string; nameZh: string; nameEn: string; rules: RuleScore[] }>();
    for (const r of rows) {
      const e = entities.get(r.entity_id) ?? { entityId: r.entity_id, nameZh: r.name_zh, nameEn: r.name_en, rules: [] };
      entities.set(r.entity_id, e);
    }
    // A unit that owes data and sent none has no mart row at all: it is assessed too.
    const isDepartment = version.entityType === 'department';
    const ended = p.end < chinaDay();
    const owing = isDepartment
      ? preset.departments.filter((d) => d.duties.length > 0).map((d) => ({ entityId: d.id, nameZh: d.nameZh, nameEn: d.nameEn }))
      : preset.areas.filter((a) => a.level === version.entityType).map((a) => ({ entityId: a.code, nameZh: a.nameZh, nameEn: a.nameEn }));
    if (ended && version.rules.some((r) => r.noData === 'zero')) {
      for (const u of owing) if (!entities.has(u.entityId)) entities.set(u.entityId, { ...u, rules: [] });
    }
    // Departments that declared every month of the period empty, per duty.
    const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
    const months = monthIndex(p.end) - monthIndex(p.start) + 1;
    const declaredMonths = new Map<string, number>();
    if (isDepartment) {
      for (const z of await zeroReports.list({ from: p.start.slice(0, 7), to: p.end.slice(0, 7) })) {
        const k = `${z.departmentId}:${z.duty}`;
        declaredMonths.set(k, (declaredMonths.get(k) ?? 0) + 1);
      }
    }
    // What a unit owes: a department its duties; a district the duties of its departments (a
    // district whose departments the preset does not list has nobody to send a duty's data).
    const duties = new Map<string, Set<string>>();
    for (const d of preset.departments) {
      for (const id of isDepartment ? [d.id] : [d.areaCode.slice(0, 6)]) duties.set(id, new Set([...(duties.get(id) ?? []), ...d.duties]));
    }
    const owesDuty = (entityId: string, duty: DepartmentDuty | null) =>
      duty === null || (version.entityType !== 'department' && version.entityType !== 'district') || (duties.get(entityId)?.has(duty) ?? false);
    for (const e of entities.values()) {
      for (const rule of version.rules) {
        const def = defs.get(rule.indicator)!;
        const r = rows.find((x) => x.entity_id === e.entityId && x.indicator_id === rule.indicator);
        const target = targetApplies(def, version.entityType as EntityType, e.entityId)
          ? trajectoryTarget(planPoints(def), p.end, def.constantTarget) : null;
        const value = r?.value ?? null;
        const extras = r?.extras ? (JSON.parse(r.extras) as Record<string, unknown>) : {};
        const duty = dutyOf(def);
        const unit = {
          // Nothing sent is 未报送 only once the period is over: until then there is time to send.
          owesData: ended && owesDuty(e.entityId, duty),
          zeroReport: duty !== null && declaredMonths.get(`${e.entityId}:${duty}`) === months,
        };
        const listed = isDepartment && deductionKinds(def, rule).length > 0;
        e.rules.push({ indicator: rule.indicator, method: rule.method, weight: rule.weight, listed, value, target, ...resolveRule(rule, def.direction, value, target, extras, unit) });
      }
    }
    const scored = [...entities.values()].map((e) => {
      const applicable = e.rules.filter((r) => r.points !== null);
      const max = applicable.reduce((a, r) => a + r.weight, 0);
      const got = applicable.reduce((a, r) => a + r.points!, 0);
      return { ...e, points: got, maxPoints: max, score: max > 0 ? Math.round((got / max) * 10_000) / 100 : null };
    });
    scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.entityId.localeCompare(b.entityId));
    return scored.map((e) => ({ ...e, rank: e.score === null ? null : 1 + scored.filter((x) => x.score !== null && x.score > e.score!).length }));
  }

  /** What is listed behind a rule's deduction, by its method or its indicator's measure. */
  function deductionKinds(def: IndicatorSpec, rule: ScoringRule): DeductionKind[] {
    if (rule.method === 'per-violation') return [rule.violations];
    const m = def.measure;
    if (m.kind === 'double-publicity') {
      // A rate's points are lost on the records decided in the period and reported late (the
      // outstanding ones of earlier periods are another count).
      return { on_time: ['late'], complete: ['incomplete'], accurate: ['inaccurate'], compliance: ['late', 'incomplete', 'inaccurate'] }[m.aspect] as DeductionKind[];
    }
    // A share of items implemented loses points on those partly implemented too.
    if (m.kind === 'base-list-implementation') return ['notImplemented', 'partlyImplemented'];
    if (m.kind === 'task-on-time') return ['overdue'];
    return [];
  }

  /**
   * The rows behind a department's deduction, each with the `deduction` it stands for: late or
   * outstanding 双公示 records, rows rejected as incomplete or inaccurate, overdue sub-tasks,
   * base-list items not or partly implemented.
   */
  async function deductionRows(kind: DeductionKind, departmentId: string, p: { start: string; end: string }): Promise<Record<string, unknown>[]> {
    const all = Number.MAX_SAFE_INTEGER;
    const tagged = (rows: Record<string, unknown>[]) => rows.map((r) => ({ deduction: kind, ...r }));
    if (kind !== 'notImplemented' && kind !== 'partlyImplemented') return tagged((await records.list(kind, 'department', departmentId, p, all)).rows);
    return tagged(await wh.all<Record<string, unknown>>(
      `SELECT item_no AS "itemNo", measure, status, reported_on::VARCHAR AS "reportedOn", batch_id AS "batchId", ${sheetOf('d')} AS sheet, row_no AS "rowNo"
       FROM core.discipline_implementation d WHERE department_id = $1 AND reported_on <= $3::DATE AND $2::DATE <= $3::DATE
       QUALIFY row_number() OVER (PARTITION BY item_no ORDER BY reported_on DESC, loaded_at DESC) = 1 AND status = $4
       ORDER BY item_no`, [departmentId, p.start, p.end, kind === 'notImplemented' ? '未落实' : '部分落实']));
  }

  return {
    /** The scheme versions of the preset (each with its audit fields). */
    schemes: () => preset.scoring.map((v) => ({ id: v.id, nameZh: v.nameZh, nameEn: v.nameEn, entityType: v.entityType, grain: v.grain, effectiveFrom: v.effectiveFrom, changedBy: v.changedBy, changedOn: v.changedOn, reason: v.reason })),

    /** The records behind one rule's deduction for one department. */
    async deductionRecords(schemeId: string, entityId: string, indicatorId: string, at?: string) {
      const versions = preset.scoring.filter((s) => s.id === schemeId);
      if (versions.length === 0) throw new NotFoundError(`unknown assessment scheme "${schemeId}"`);
      const p = await period(versions[0]!.grain, at);
      const version = versionInForce(versions, p.start);
      if (!version) throw new NotFoundError(`no version of "${schemeId}" is in force for ${p.label}`);
      const rule = version.rules.find((r) => r.indicator === indicatorId);
      if (!rule) throw new NotFoundError(`"${schemeId}" (from ${version.effectiveFrom}) has no rule for "${indicatorId}"`);
      const known = version.entityType === 'department' ? preset.departments.some((d) => d.id === entityId) : preset.areas.some((a) => a.code === entityId && a.level === version.entityType);
      if (!known) throw new NotFoundError(`"${schemeId}" assesses no ${version.entityType} "${entityId}"`);
      const kinds = version.entityType === 'department' ? deductionKinds(defs.get(indicatorId)!, rule) : [];
      if (kinds.length === 0) throw new NotFoundError(`"${indicatorId}" for ${version.entityType}: no records to list behind its points`);
      const rows = [];
      for (const kind of kinds) rows.push(...(await deductionRows(kind, entityId, p)));
      return { scheme: schemeId, entityId, indicator: indicatorId, kinds, period: p, records: rows };
    },

    /**
     * Scores and ranks of a scheme's entities for the period containing `at` (default: the latest
     * with data). `grain` scores another grain's periods by the scheme's rules (the monthly
     * bulletin ranks districts by their quarterly scheme applied to the month).
     */
    async assessment(schemeId: string, at?: string, grain?: ScoringScheme['grain']) {
      const versions = preset.scoring.filter((s) => s.id === schemeId);
      if (versions.length === 0) throw new NotFoundError(`unknown assessment scheme "${schemeId}"`);
      const g = grain ?? versions[0]!.grain;
      const p = await period(g, at);
      const version = versionInForce(versions, p.start);
      if (!version) throw new NotFoundError(`no version of "${schemeId}" is in force for ${p.label}`);
      const current = await scores(version, p, g);
      const prevStart = await wh.all<{ start: string; end: string }>(
        `SELECT period_start::VARCHAR AS start, period_end::VARCHAR AS "end" FROM mart.period WHERE period_type = $1 AND period_start < $2::DATE ORDER BY period_start DESC LIMIT 1`,
        [g, p.start]);
      const prevVersion = prevStart[0] ? versionInForce(versions, prevStart[0].start) : null;
      const previous = prevStart[0] && prevVersion ? await scores(prevVersion, prevStart[0], g) : [];
      const tiedRanks = new Set(current.filter((e, i, all) => e.rank !== null && all.some((x, j) => j !== i && x.rank === e.rank)).map((e) => e.rank));
      return {
        scheme: { id: version.id, nameZh: version.nameZh, nameEn: version.nameEn, entityType: version.entityType, grain: version.grain },
        version: { effectiveFrom: version.effectiveFrom, changedBy: version.changedBy, changedOn: version.changedOn, reason: version.reason, rules: version.rules },
        history: versions.map((v) => ({ effectiveFrom: v.effectiveFrom, changedBy: v.changedBy, changedOn: v.changedOn, reason: v.reason })),
        period: p,
        rows: current.map((e) => {
          const prev = previous.find((x) => x.entityId === e.entityId);
          return {
            ...e, tied: e.rank !== null && tiedRanks.has(e.rank), previousScore: prev?.score ?? null, previousRank: prev?.rank ?? null,
            movement: e.rank !== null && prev?.rank != null ? prev.rank - e.rank : null,
          };
        }),
      };
    },
  };
}

export type Assessment = ReturnType<typeof createAssessment>;
