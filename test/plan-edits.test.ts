/**
 * The office's edits of plan data over the real server and warehouse: targets, a new version of
 * an assessment scheme from a stated period, plan sub-tasks; each validated, audited, in force at
 * once (values recomputed where they depend on it, equal to a full rebuild) and still in force
 * after the warehouse is reopened.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { openCurrent } from '../metrics/open.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { presetHash } from '../warehouse/preset/install-preset.ts';
import { loadPreset } from '../warehouse/preset/load-preset.ts';
import { applyEdit, applyEdits, PlanEditError, type PlanEdit, type StoredPlanEdit } from '../warehouse/preset/plan-edits.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, snapshot, tempWarehouse } from './helpers/warehouse.ts';

const stored = (edit: PlanEdit, id = 1): StoredPlanEdit => ({ id, edit, userId: 1, username: 'office', displayName: '区信用办', createdAt: '2026-11-25T08:00:00Z' });

describe('plan edits, applied to a preset', () => {
  it('replaces targets, adds or corrects a scheme version, adds, changes and withdraws sub-tasks', async () => {
    const base = await loadPreset('zibo');
    const targets = applyEdit(base, stored({ kind: 'targets', indicator: 'enterprise-coverage', baseline: null, milestones: [{ date: '2024-12-31', value: 0.8 }, { date: '2025-12-31', value: 0.95 }], constantTarget: null, reason: '按市考核口径调整' }));
    expect(targets.indicators.find((d) => d.id === 'enterprise-coverage')!.milestones.map((m) => m.value)).toEqual([0.8, 0.95]);
    expect(base.indicators.find((d) => d.id === 'enterprise-coverage')!.milestones.map((m) => m.value)).toEqual([1]); // untouched

    const rules = [{ indicator: 'double-publicity-on-time', method: 'proportional' as const, weight: 60 }, { indicator: 'task-on-time', method: 'proportional' as const, weight: 40 }];
    const scored = applyEdit(base, stored({ kind: 'scoring', scheme: 'department-monthly', effectiveFrom: '2027-01-01', rules, reason: '2027年起简化考核' }));
    const added = scored.scoring.filter((s) => s.id === 'department-monthly');
    expect(added.length).toBe(base.scoring.filter((s) => s.id === 'department-monthly').length + 1);
    expect(added.at(-1)).toMatchObject({ effectiveFrom: '2027-01-01', changedBy: '区信用办', changedOn: '2026-11-25', reason: '2027年起简化考核', rules, nameZh: '部门社会信用体系建设月度考核' });
    // The same period again corrects that version instead of adding one.
    const corrected = applyEdit(scored, stored({ kind: 'scoring', scheme: 'department-monthly', effectiveFrom: '2027-01-01', rules: [rules[0]!], reason: '更正' }));
    expect(corrected.scoring.filter((s) => s.id === 'department-monthly').length).toBe(added.length);

    const task = { taskNo: '1', subtaskNo: '1.9', taskZh: base.tasks.find((t) => t.taskNo === '1')!.taskZh, subtaskZh: '新增细化任务', departmentIds: ['zd-fgj'], streets: [], unitsZh: '区发展改革局', deadline: '06-30' };
    const withTask = applyEdit(base, stored({ kind: 'task', task, reason: '联席会议新增' }));
    expect(withTask.tasks.length).toBe(base.tasks.length + 1);
    expect(withTask.tasks.findIndex((t) => t.subtaskNo === '1.9')).toBeLessThan(withTask.tasks.findIndex((t) => t.subtaskNo === '2.1'));
    const changed = applyEdit(withTask, stored({ kind: 'task', task: { ...task, deadline: '09-30' }, reason: '延期' }));
    expect(changed.tasks.filter((t) => t.subtaskNo === '1.9').map((t) => t.deadline)).toEqual(['09-30']);
    expect(applyEdit(changed, stored({ kind: 'task-removed', subtaskNo: '1.9', reason: '撤销' })).tasks).toEqual(base.tasks);
  });

  it('refuses an edit the preset cannot take, saying why', async () => {
    const base = await loadPreset('zibo');
    const refused = (e: PlanEdit) => {
      try {
        applyEdit(base, stored(e));
      } catch (err) {
        expect(err).toBeInstanceOf(PlanEditError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    const reason = '测试';
    expect(refused({ kind: 'targets', indicator: 'enterprise-coverage', baseline: null, milestones: [{ date: '2025-12-31', value: 95 }], constantTarget: null, reason })).toMatch(/percentage is a fraction 0..1/);
    expect(refused({ kind: 'targets', indicator: 'enterprise-coverage', baseline: null, milestones: [{ date: '2025-12-31', value: 0.9 }, { date: '2024-12-31', value: 0.8 }], constantTarget: null, reason })).toMatch(/dates must increase/);
    expect(refused({ kind: 'targets', indicator: 'no-such', baseline: null, milestones: [], constantTarget: null, reason })).toMatch(/no indicator "no-such"/);
    expect(refused({ kind: 'scoring', scheme: 'department-monthly', effectiveFrom: '2027-01-15', rules: [{ indicator: 'task-on-time', method: 'proportional', weight: 10 }], reason })).toMatch(/not the first day of a month.*try 2027-01-01/);
    expect(refused({ kind: 'scoring', scheme: 'department-monthly', effectiveFrom: '2027-01-01', rules: [{ indicator: 'enterprise-coverage', method: 'proportional', weight: 10 }, { indicator: 'task-on-time', method: 'proportional', weight: 10 }, { indicator: 'task-on-time', method: 'pass-fail', weight: 10 }], reason })).toMatch(/scores "task-on-time" twice/);
    expect(refused({ kind: 'scoring', scheme: 'no-such', effectiveFrom: '2027-01-01', rules: [{ indicator: 'task-on-time', method: 'proportional', weight: 10 }], reason })).toMatch(/no assessment scheme "no-such"/);
    expect(refused({ kind: 'task', task: { taskNo: '1', subtaskNo: '1.9', taskZh: '另一个名字', subtaskZh: 'x', departmentIds: ['zd-fgj'], streets: [], unitsZh: 'x', deadline: null }, reason })).toMatch(/task 1 is named/);
    expect(refused({ kind: 'task', task: { taskNo: '99', subtaskNo: '99.1', taskZh: 'x', subtaskZh: 'x', departmentIds: ['nobody'], streets: [], unitsZh: 'x', deadline: null }, reason })).toMatch(/unknown department "nobody"/);
    expect(refused({ kind: 'task', task: { taskNo: '99', subtaskNo: '99.1', taskZh: 'x', subtaskZh: 'x', departmentIds: [], streets: ['370399'], unitsZh: 'x', deadline: null }, reason })).toMatch(/"370399" is not a district or street/);
    expect(refused({ kind: 'task-removed', subtaskNo: '99.9', reason })).toMatch(/no plan sub-task 99.9/);
  });

  it('sets aside an edit that no longer applies, and applies the rest', async () => {
    const base = await loadPreset('zibo');
    const { preset, setAside } = applyEdits(base, [
      stored({ kind: 'task-removed', subtaskNo: '99.9', reason: '撤销' }, 1),
      stored({ kind: 'targets', indicator: 'enterprise-coverage', baseline: null, milestones: [{ date: '2025-12-31', value: 0.9 }], constantTarget: null, reason: '调整' }, 2),
    ]);
    expect(setAside).toEqual([{ id: 1, problem: 'no plan sub-task 99.9' }]);
    expect(preset.indicators.find((d) => d.id === 'enterprise-coverage')!.milestones[0]!.value).toBe(0.9);
  });
});

describe('plan edits, through the server', () => {
  let t: Awaited<ReturnType<typeof tempWarehouse>>;
  let app: FastifyInstance;
  let office: Client;

  beforeAll(async () => {
    t = await tempWarehouse();
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' });
    app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    office = await signIn(base, t.wh, 'office');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    t?.dispose();
  });

  const audits = async () => (await office.get('/api/audit?action=plan-edit')).body.entries as { target: string; username: string; detail: { before: unknown; after: unknown; recomputed: string[] } }[];
  const cityCard = async (at: string, period = 'year') =>
    (await office.get(`/api/scorecard?entityType=city&entityId=370300&period=${period}&at=${at}`)).body.indicators as { id: string; value: number; target: number; status: string }[];

  it('takes new targets at once: the scorecard compares with them, the audit keeps before and after', async () => {
    const before = (await cityCard('2025-06-30')).find((c) => c.id === 'enterprise-coverage')!;
    expect(before.target).toBe(1);
    const res = await office.send('POST', '/api/plan/edits', { kind: 'targets', indicator: 'enterprise-coverage', baseline: null, milestones: [{ date: '2025-12-31', value: 0.9, clause: '市考核口径' }], constantTarget: null, reason: '按市考核口径调整' });
    expect(res.status).toBe(201);
    expect(res.body.edit).toMatchObject({ edit: { kind: 'targets' }, username: office.username, displayName: 'office (test)' });
    expect((await cityCard('2025-06-30')).find((c) => c.id === 'enterprise-coverage')!.target).toBe(0.9);
    const plan = (await office.get('/api/plan')).body;
    expect(plan.indicators.find((d: { id: string }) => d.id === 'enterprise-coverage').milestones).toEqual([{ date: '2025-12-31', value: 0.9, clause: '市考核口径' }]);
    const [audit] = await audits();
    expect(audit).toMatchObject({ target: 'targets:enterprise-coverage', username: office.username, detail: { recomputed: [] } });
    expect(audit!.detail.before).toMatchObject({ milestones: [{ date: '2025-12-31', value: 1 }] });
    expect(audit!.detail.after).toMatchObject({ milestones: [{ date: '2025-12-31', value: 0.9 }] });
  });

  it('recomputes what a new baseline changes: the city\'s record volume', async () => {
    const volume = async () => (await cityCard('2025-03-15', 'month')).find((c) => c.id === 'record-volume')!.value;
    const was = await volume();
    const def = t.preset.indicators.find((d) => d.id === 'record-volume')!;
    const res = await office.send('POST', '/api/plan/edits', { kind: 'targets', indicator: 'record-volume', baseline: { ...def.baseline!, value: def.baseline!.value + 10_000_000 }, milestones: def.milestones, constantTarget: null, reason: '基数按市统计口径更正' });
    expect(res.status).toBe(201);
    expect(await volume()).toBe(was + 10_000_000);
    expect((await audits())[0]!.detail.recomputed).toEqual(['record-volume']);
  });

  it('adds a scheme version from a stated period; earlier periods keep theirs; a past period is refused', async () => {
    const rules = [{ indicator: 'double-publicity-on-time', method: 'per-violation', weight: 50, violations: 'late', points: 2, cap: 50 }, { indicator: 'task-on-time', method: 'proportional', weight: 50 }];
    const next = new Date();
    const from = `${next.getUTCFullYear() + 1}-01-01`;
    const res = await office.send('POST', '/api/plan/edits', { kind: 'scoring', scheme: 'department-monthly', effectiveFrom: from, rules, reason: '明年起调整权重' });
    expect(res.status).toBe(201);
    const versions = (await office.get('/api/assessments')).body.schemes.filter((s: { id: string }) => s.id === 'department-monthly');
    expect(versions.at(-1)).toMatchObject({ effectiveFrom: from, changedBy: 'office (test)', reason: '明年起调整权重' });
    const march = (await office.get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body;
    expect(march.version.effectiveFrom).toBe('2025-01-01');
    expect(march.history.map((h: { effectiveFrom: string }) => h.effectiveFrom)).toContain(from);

    const past = await office.send('POST', '/api/plan/edits', { kind: 'scoring', scheme: 'department-monthly', effectiveFrom: '2025-03-01', rules, reason: '追溯调整' });
    expect(past.status).toBe(400);
    expect(past.body.message).toMatch(/current period .* not from 2025-03-01; periods already assessed keep their rules/);
  });

  it('recomputes task values when a sub-task is added, the same as a full rebuild would', async () => {
    const fgj = async () => (await t.wh.all<{ extras: string; denominator: number }>(`SELECT extras::VARCHAR AS extras, denominator FROM mart.indicator_value
      WHERE indicator_id = 'task-on-time' AND entity_type = 'department' AND entity_id = 'zd-fgj' AND period_type = 'month' AND period_start = '2025-03-01'`))[0]!;
    const was = await fgj();
    const task = { taskNo: '1', subtaskNo: '1.9', taskZh: t.preset.tasks.find((x) => x.taskNo === '1')!.taskZh, subtaskZh: '3月1日前完成信用网站改版', departmentIds: ['zd-fgj'], unitsZh: '区发展改革局', deadline: '03-01' };
    const res = await office.send('POST', '/api/plan/edits', { kind: 'task', task, reason: '联席会议新增' });
    expect(res.status).toBe(201);
    const now = await fgj();
    // Never reported and past its deadline: one more sub-task due, and overdue.
    expect(now.denominator).toBe(was.denominator + 1);
    expect(JSON.parse(now.extras).overdue).toBe(JSON.parse(was.extras).overdue + 1);
    expect(JSON.parse(now.extras).unreported).toBe(JSON.parse(was.extras).unreported + 1);
    expect((await audits())[0]).toMatchObject({ target: 'task:1.9', detail: { before: null, after: task, recomputed: ['task-on-time'] } });

    const partial = await snapshot(t.wh);
    const conn = await t.wh.connect();
    await refreshMarts(conn);
    conn.closeSync();
    expect(await snapshot(t.wh)).toEqual(partial);
  });

  it('refuses a bad edit with the reason and records nothing', async () => {
    const edits = (await office.get('/api/plan/edits')).body.edits.length;
    const auditCount = (await audits()).length;
    const bad = await office.send('POST', '/api/plan/edits', { kind: 'targets', indicator: 'enterprise-coverage', baseline: null, milestones: [{ date: '2025-12-31', value: 90 }], constantTarget: null, reason: '调整' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/percentage is a fraction 0..1/);
    const noReason = await office.send('POST', '/api/plan/edits', { kind: 'task-removed', subtaskNo: '1.9', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/reason/);
    expect((await office.get('/api/plan/edits')).body.edits.length).toBe(edits);
    expect((await audits()).length).toBe(auditCount);
  });

  it('lists the edits newest first, and they stay in force when the warehouse is reopened', async () => {
    const { edits } = (await office.get('/api/plan/edits')).body;
    expect(edits.map((e: { edit: { kind: string } }) => e.edit.kind)).toEqual(['task', 'scoring', 'targets', 'targets']);
    expect(edits.every((e: { setAside: unknown }) => e.setAside === null)).toBe(true);
    const values = await snapshot(t.wh);
    await app.close();
    t.wh.close();
    const reopened = await openCurrent(t.file, 'zibo');
    try {
      expect(reopened.preset.indicators.find((d) => d.id === 'enterprise-coverage')!.milestones[0]!.value).toBe(0.9);
      expect(reopened.preset.tasks.some((x) => x.subtaskNo === '1.9')).toBe(true);
      const [installed] = await reopened.wh.all<{ h: string }>('SELECT content_hash AS h FROM meta.preset');
      expect(installed!.h).toBe(presetHash(reopened.preset));
      expect(await snapshot(reopened.wh)).toEqual(values);
    } finally {
      reopened.wh.close();
    }
  });
});
