/**
 * The office's administration of plan data: targets, assessment weights and rules, plan tasks.
 * An edit is checked against the preset's files and every earlier edit, then recorded, installed
 * and audited in one transaction, with the indicators whose values it changes recomputed; the
 * running server adopts the new preset in place (every module shares the one preset object) and
 * the data version moves on, so no cached answer outlives it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../warehouse/connection.ts';
import { writePreset } from '../warehouse/preset/install-preset.ts';
import { loadPreset } from '../warehouse/preset/load-preset.ts';
import {
  applyEdit, applyEdits, editSubject, PlanEditError, periodStart, readPlanEdits, type PlanEdit, type StoredPlanEdit,
} from '../warehouse/preset/plan-edits.ts';
import type { Preset } from '../warehouse/preset/preset-schema.ts';
import { chinaDay } from '../lib/dates.ts';
import type { WorkingCalendar } from '../lib/working-days.ts';
import { refreshMarts } from './refresh.ts';

export interface Editor {
  userId: number;
  username: string;
  displayName: string;
  ip?: string;
}

/** The plan data the office edits, as the admin view shows it. */
export function planData(preset: Preset) {
  return {
    indicators: preset.indicators.map((d) => ({
      id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, groupZh: d.groupZh, groupEn: d.groupEn, unit: d.unit, direction: d.direction,
      clause: d.source.clause, collected: d.measure.kind !== 'not-collected',
      baseline: d.baseline, milestones: d.milestones, constantTarget: d.constantTarget ?? null,
    })),
    schemes: preset.scoring,
    tasks: preset.tasks,
    departments: preset.departments.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn })),
    /** Districts with streets and towns: a sub-task's `streets` names them for all their streets (各街道、镇). */
    districts: preset.areas.filter((a) => a.level === 'district' && preset.areas.some((s) => s.parentCode === a.code))
      .map((a) => ({ code: a.code, nameZh: a.nameZh, nameEn: a.nameEn })),
  };
}

/** Indicators whose stored values an edit changes (targets are compared at read time; a baseline and the task list are inputs). */
function recomputed(before: Preset, after: Preset, edit: PlanEdit): string[] {
  if (edit.kind === 'task' || edit.kind === 'task-removed') return after.indicators.filter((d) => d.measure.kind === 'task-on-time').map((d) => d.id);
  if (edit.kind === 'targets') {
    const was = before.indicators.find((d) => d.id === edit.indicator)?.baseline ?? null;
    return JSON.stringify(was) === JSON.stringify(edit.baseline) ? [] : [edit.indicator];
  }
  return [];
}

/** Makes `live` equal to `next` without replacing it (or its indicator objects, which other modules hold). */
function adopt(live: Preset, next: Preset): void {
  const byId = new Map(live.indicators.map((d) => [d.id, d]));
  for (const d of next.indicators) {
    const target = byId.get(d.id) as Record<string, unknown> | undefined;
    if (!target) continue;
    for (const key of Object.keys(target)) if (!(key in d)) delete target[key];
    Object.assign(target, d);
  }
  live.scoring.splice(0, live.scoring.length, ...next.scoring);
  live.tasks.splice(0, live.tasks.length, ...next.tasks);
}

const NOW = `(now() AT TIME ZONE 'UTC')`;

export function createPlanAdmin(wh: Warehouse, live: Preset, calendar: WorkingCalendar, today: () => string = () => chinaDay()) {
  async function insertEdit(conn: DuckDBConnection, edit: PlanEdit, by: Editor): Promise<{ id: number; createdAt: string }> {
    const reader = await conn.runAndReadAll(
      `INSERT INTO meta.plan_edit (kind, subject, body, reason, user_id, username, display_name, created_at)
       VALUES ($1, $2, $3::JSON, $4, $5, $6, $7, ${NOW}) RETURNING id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ')`,
      [edit.kind, editSubject(edit), JSON.stringify(edit), edit.reason, by.userId, by.username, by.displayName]);
    const [id, createdAt] = reader.getRows()[0]!;
    return { id: Number(id), createdAt: String(createdAt) };
  }

  return {
    data: () => planData(live),

    /** Every edit, newest first, with whether it still applies. */
    async history() {
      const edits = await readPlanEdits(wh);
      const { setAside } = applyEdits(await loadPreset(live.id), edits);
      const aside = new Map(setAside.map((x) => [x.id, x.problem]));
      return edits.reverse().map((e) => ({ ...e, setAside: aside.get(e.id) ?? null }));
    },

    /**
     * Checks, records, installs and audits one edit; recomputes what it changes.
     * @throws PlanEditError (400) saying why the edit cannot apply
     */
    async record(edit: PlanEdit, by: Editor): Promise<StoredPlanEdit> {
      if (edit.kind === 'scoring') {
        const scheme = live.scoring.find((s) => s.id === edit.scheme);
        const current = scheme ? periodStart(scheme.grain, today()) : null;
        if (current && edit.effectiveFrom < current) {
          throw new PlanEditError(`effectiveFrom: a new version applies from the current period (${current}) or a later one, not from ${edit.effectiveFrom}; periods already assessed keep their rules`);
        }
      }
      return wh.exclusive(async () => {
        const { preset: before } = applyEdits(await loadPreset(live.id), await readPlanEdits(wh));
        const conn = await wh.connect();
        try {
          await conn.run('BEGIN TRANSACTION');
          const { id, createdAt } = await insertEdit(conn, edit, by);
          const stored: StoredPlanEdit = { id, edit, userId: by.userId, username: by.username, displayName: by.displayName, createdAt };
          const after = applyEdit(before, stored);
          await writePreset(conn, after);
          const only = recomputed(before, after, edit);
          if (only.length > 0) await refreshMarts(conn, calendar, { only });
          await conn.run(`INSERT INTO meta.audit_log (logged_at, user_id, username, action, target, detail, ip) VALUES (${NOW}, $1, $2, 'plan-edit', $3, $4::JSON, $5)`,
            [by.userId, by.username, `${edit.kind}:${editSubject(edit)}`, JSON.stringify({ edit: id, before: subjectOf(before, edit), after: subjectOf(after, edit), recomputed: only }), by.ip ?? null]);
          await conn.run('COMMIT');
          adopt(live, after);
          wh.changed();
          return stored;
        } catch (err) {
          await conn.run('ROLLBACK');
          throw err;
        } finally {
          conn.closeSync();
        }
      });
    },
  };
}

/** What an edit is about, in a preset: for the audit's before and after. */
function subjectOf(p: Preset, e: PlanEdit): unknown {
  switch (e.kind) {
    case 'targets': {
      const d = p.indicators.find((x) => x.id === e.indicator);
      return d ? { baseline: d.baseline, milestones: d.milestones, constantTarget: d.constantTarget ?? null } : null;
    }
    case 'scoring': return p.scoring.filter((s) => s.id === e.scheme).map((s) => ({ effectiveFrom: s.effectiveFrom, rules: s.rules }));
    case 'task': return p.tasks.find((t) => t.subtaskNo === e.task.subtaskNo) ?? null;
    case 'task-removed': return p.tasks.find((t) => t.subtaskNo === e.subtaskNo) ?? null;
  }
}

export type PlanAdmin = ReturnType<typeof createPlanAdmin>;
