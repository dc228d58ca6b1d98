/**
 * Writes a validated preset's reference data (areas, departments, indicator catalog, plan
 * targets and tasks) into the warehouse, replacing what an earlier install wrote, in one
 * transaction. The preset written is the one in force: its files with the office's plan edits
 * applied (warehouse/preset/plan-edits.ts).
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../connection.ts';
import type { Area, PlanTask, Preset } from './preset-schema.ts';

/**
 * The street offices and towns responsible for a plan sub-task: its `streets`, a district's code
 * standing for all its streets and towns.
 * @example taskStreets(zibo, task13_1).map((a) => a.nameZh) // ['车站街道', '公园街道', …, '房镇镇']
 */
export function taskStreets(preset: Pick<Preset, 'areas'>, task: Pick<PlanTask, 'streets'>): Area[] {
  return preset.areas.filter((a) => a.level === 'street' && (task.streets.includes(a.code) || (a.parentCode !== null && task.streets.includes(a.parentCode))));
}

/** Fingerprint of a preset's content, kept with the install. */
export const presetHash = (preset: Preset): string => createHash('sha256').update(JSON.stringify(preset)).digest('hex');

/**
 * @example await installPreset(wh, await loadPreset('zibo'));
 */
export async function installPreset(wh: Warehouse, preset: Preset): Promise<void> {
  const conn = await wh.connect();
  try {
    await conn.run('BEGIN TRANSACTION');
    await writePreset(conn, preset);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  } finally {
    conn.closeSync();
  }
}

/** Replaces the preset's reference data on `conn`, inside the caller's transaction. */
export async function writePreset(conn: DuckDBConnection, preset: Preset): Promise<void> {
  const byCode = new Map(preset.areas.map((a) => [a.code, a]));
  const districtOf = (code: string): string | null => {
    for (let a = byCode.get(code); a; a = a.parentCode ? byCode.get(a.parentCode) : undefined) {
      if (a.level === 'district') return a.code;
    }
    return null;
  };
  await conn.run('DELETE FROM core.area; DELETE FROM core.department; DELETE FROM core.plan_target; DELETE FROM core.indicator; DELETE FROM core.plan_task; DELETE FROM meta.preset;');
  for (const a of preset.areas) {
    await conn.run('INSERT INTO core.area VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [a.code, a.nameZh, a.nameEn, a.level, a.kind, a.parentCode, districtOf(a.code)]);
  }
  for (const d of preset.departments) {
    await conn.run('INSERT INTO core.department VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [d.id, d.nameZh, d.nameEn, d.shortZh, d.areaCode, d.uscc, d.category]);
  }
  for (const [i, t] of preset.indicators.entries()) {
    await conn.run('INSERT INTO core.indicator VALUES ($1, $2, $3::JSON)', [t.id, i, JSON.stringify(t)]);
    if (t.baseline) await conn.run(`INSERT INTO core.plan_target VALUES ($1, 'baseline', $2::DATE, $3)`, [t.id, t.baseline.date, t.baseline.value]);
    for (const m of t.milestones) await conn.run(`INSERT INTO core.plan_target VALUES ($1, 'milestone', $2::DATE, $3)`, [t.id, m.date, m.value]);
  }
  for (const t of preset.tasks) {
    const monthDay = t.deadline?.length === 5 ? t.deadline : null;
    await conn.run(`INSERT INTO core.plan_task BY NAME SELECT $1 AS task_no, $2 AS subtask_no, $3 AS task_zh, $4 AS subtask_zh,
        list_filter(string_split($5, ','), x -> x <> '') AS department_ids, $6 AS units_zh, $7 AS deadline_month_day, $8::DATE AS deadline_date,
        list_filter(string_split($9, ','), x -> x <> '') AS street_codes`,
      [t.taskNo, t.subtaskNo, t.taskZh, t.subtaskZh, t.departmentIds.join(','), t.unitsZh, monthDay, monthDay === null ? t.deadline : null,
        taskStreets(preset, t).map((a) => a.code).join(',')]);
  }
  await conn.run(`INSERT INTO meta.preset VALUES ($1, $2, $3, (now() AT TIME ZONE 'UTC'), $4)`, [preset.id, preset.nameZh, preset.nameEn, presetHash(preset)]);
}
