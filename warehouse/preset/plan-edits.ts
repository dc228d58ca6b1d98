/**
 * The credit office's edits of a preset's plan data, kept in the warehouse (meta.plan_edit) and
 * applied over the preset's files: an indicator's targets, a new version of an assessment scheme
 * from a stated period, a plan sub-task added, changed or withdrawn. The preset in force is the
 * files with every edit applied in order; an edit the files no longer admit (say, a scheme that
 * was renamed) is set aside with its reason, never dropped from the table.
 */
import { z } from 'zod';
import { periodStart } from '../../lib/periods.ts';
import type { Warehouse } from '../connection.ts';
import { scoringProblems } from './load-preset.ts';
import {
  indicatorSchema, isoDate, planPointSchema, planTaskSchema, scoringRuleSchema, slug,
  type Preset, type ScoringScheme,
} from './preset-schema.ts';

const reason = z.string().trim().min(2, 'reason: say why (at least 2 characters)').max(500);

/** One edit as the office submits it. */
export const planEditSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('targets'), indicator: slug, reason,
    baseline: planPointSchema.nullable(), milestones: z.array(planPointSchema).max(20), constantTarget: z.number().finite().nullable(),
  }),
  z.strictObject({ kind: z.literal('scoring'), scheme: slug, effectiveFrom: isoDate, rules: z.array(scoringRuleSchema).min(1).max(20), reason }),
  z.strictObject({ kind: z.literal('task'), task: planTaskSchema, reason }),
  z.strictObject({ kind: z.literal('task-removed'), subtaskNo: planTaskSchema.shape.subtaskNo, reason }),
]);
export type PlanEdit = z.infer<typeof planEditSchema>;

/** An edit as recorded: who made it and when. */
export interface StoredPlanEdit {
  id: number;
  edit: PlanEdit;
  userId: number | null;
  username: string | null;
  displayName: string | null;
  /** UTC, ISO 8601. */
  createdAt: string;
}

export { periodStart };

export class PlanEditError extends Error {
  readonly statusCode = 400;
}

/** The indicator, scheme or sub-task an edit is about. */
export function editSubject(e: PlanEdit): string {
  switch (e.kind) {
    case 'targets': return e.indicator;
    case 'scoring': return e.scheme;
    case 'task': return e.task.subtaskNo;
    case 'task-removed': return e.subtaskNo;
  }
}

const issues = (err: z.ZodError) => err.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');

/**
 * Applies one edit to a preset (a copy comes back; the argument is untouched).
 * @throws PlanEditError saying why the edit cannot apply
 */
export function applyEdit(preset: Preset, stored: StoredPlanEdit): Preset {
  const e = stored.edit;
  switch (e.kind) {
    case 'targets': {
      const def = preset.indicators.find((d) => d.id === e.indicator);
      if (!def) throw new PlanEditError(`no indicator "${e.indicator}" in the preset`);
      const { constantTarget: _drop, ...rest } = def;
      const parsed = indicatorSchema.safeParse({
        ...rest, baseline: e.baseline, milestones: e.milestones, ...(e.constantTarget === null ? {} : { constantTarget: e.constantTarget }),
      });
      if (!parsed.success) throw new PlanEditError(`targets of "${e.indicator}": ${issues(parsed.error)}`);
      return { ...preset, indicators: preset.indicators.map((d) => (d.id === e.indicator ? parsed.data : d)) };
    }
    case 'scoring': {
      const versions = preset.scoring.filter((s) => s.id === e.scheme);
      const first = versions[0];
      if (!first) throw new PlanEditError(`no assessment scheme "${e.scheme}" in the preset`);
      if (periodStart(first.grain, e.effectiveFrom) !== e.effectiveFrom) {
        throw new PlanEditError(`effectiveFrom: ${e.effectiveFrom} is not the first day of a ${first.grain} (the scheme's periods); try ${periodStart(first.grain, e.effectiveFrom)}`);
      }
      const version: ScoringScheme = {
        id: first.id, nameZh: first.nameZh, nameEn: first.nameEn, entityType: first.entityType, grain: first.grain,
        effectiveFrom: e.effectiveFrom, changedBy: stored.displayName ?? stored.username ?? 'office',
        changedOn: stored.createdAt.slice(0, 10), reason: e.reason, rules: e.rules,
      };
      const problems = scoringProblems(version, preset.indicators);
      if (problems.length > 0) throw new PlanEditError(`scheme "${e.scheme}": ${problems.join('; ')}`);
      // A version from the same period is replaced (a correction); otherwise it is added.
      return { ...preset, scoring: [...preset.scoring.filter((s) => !(s.id === e.scheme && s.effectiveFrom === e.effectiveFrom)), version] };
    }
    case 'task': {
      const t = e.task;
      const departments = new Set(preset.departments.map((d) => d.id));
      const unknown = t.departmentIds.filter((id) => !departments.has(id));
      if (unknown.length > 0) throw new PlanEditError(`task ${t.subtaskNo}: unknown department ${unknown.map((x) => `"${x}"`).join(', ')}`);
      const areas = new Set(preset.areas.filter((a) => a.level === 'district' || a.level === 'street').map((a) => a.code));
      const notAreas = t.streets.filter((code) => !areas.has(code));
      if (notAreas.length > 0) throw new PlanEditError(`task ${t.subtaskNo}: ${notAreas.map((x) => `"${x}"`).join(', ')} is not a district or street of the preset`);
      const sibling = preset.tasks.find((x) => x.taskNo === t.taskNo && x.subtaskNo !== t.subtaskNo);
      if (sibling && sibling.taskZh !== t.taskZh) {
        throw new PlanEditError(`task ${t.subtaskNo}: task ${t.taskNo} is named "${sibling.taskZh}" by its other sub-tasks`);
      }
      const at = preset.tasks.findIndex((x) => x.subtaskNo === t.subtaskNo);
      const tasks = at < 0 ? [...preset.tasks, t] : preset.tasks.map((x, i) => (i === at ? t : x));
      return { ...preset, tasks: tasks.sort((a, b) => compareTaskNo(a.subtaskNo, b.subtaskNo)) };
    }
    case 'task-removed': {
      if (!preset.tasks.some((x) => x.subtaskNo === e.subtaskNo)) throw new PlanEditError(`no plan sub-task ${e.subtaskNo}`);
      return { ...preset, tasks: preset.tasks.filter((x) => x.subtaskNo !== e.subtaskNo) };
    }
  }
}

/** Orders sub-task numbers as numbers: 2.10 after 2.9, 10.1 after 9.3. */
const compareTaskNo = (a: string, b: string): number => {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1! - b1! || a2! - b2!;
};

/**
 * The preset in force: the files' preset with every edit applied in order. An edit that no
 * longer applies is set aside, with the reason, and the rest still apply.
 */
export function applyEdits(base: Preset, edits: readonly StoredPlanEdit[]): { preset: Preset; setAside: { id: number; problem: string }[] } {
  let preset = base;
  const setAside: { id: number; problem: string }[] = [];
  for (const stored of edits) {
    try {
      preset = applyEdit(preset, stored);
    } catch (err) {
      if (!(err instanceof PlanEditError)) throw err;
      setAside.push({ id: stored.id, problem: err.message });
    }
  }
  return { preset, setAside };
}

/** Every recorded edit, oldest first ([] on a warehouse from before plan edits, opened read-only). */
export async function readPlanEdits(wh: Warehouse): Promise<StoredPlanEdit[]> {
  const rows = await wh.all<{ id: number; body: string; user_id: number | null; username: string | null; display_name: string | null; created_at: string }>(
    `SELECT id, body::VARCHAR AS body, user_id, username, display_name, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at
     FROM meta.plan_edit ORDER BY id`).catch((err: Error) => {
    if (/plan_edit/.test(err.message)) return [];
    throw err;
  });
  return rows.map((r) => ({
    id: r.id, edit: planEditSchema.parse(JSON.parse(r.body)), userId: r.user_id, username: r.username, displayName: r.display_name, createdAt: r.created_at,
  }));
}
