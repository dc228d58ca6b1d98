import { describe, expect, it } from 'vitest';
import type { PlanIndicator, PlanTask, ScoringScheme } from '../api/types';
import {
  deadlineKind, fromEntered, nextSubtask, schemeVersions, scoringDraft, scoringEdit,
  targetDraft, targetEdit, taskDraft, taskEdit, toEntered, totalWeight,
} from './plan-form';

const coverage: PlanIndicator = {
  id: 'enterprise-coverage', nameZh: '企业法人覆盖率', nameEn: 'Enterprise coverage', unit: '%', direction: 'up', clause: '表1', collected: true,
  baseline: null, milestones: [{ date: '2022-12-31', value: 0.57, clause: '表1', quote: '到2022年底达57%' }, { date: '2025-12-31', value: 1 }], constantTarget: null,
};

describe('plan forms', () => {
  it('shows percentages in percent and stores fractions, without float noise', () => {
    expect(toEntered(0.57, '%')).toBe(57);
    expect(fromEntered(57, '%')).toBe(0.57);
    expect(fromEntered(90, '%')).toBe(0.9);
    expect(toEntered(600_000_000, '条')).toBe(600_000_000);
  });

  it('turns a targets draft into the edit, keeping a quote only while the quoted target stands', () => {
    const draft = targetDraft(coverage);
    expect(draft.milestones.map((m) => m.value)).toEqual([57, 100]);
    draft.milestones[1]!.value = 90;
    draft.reason = '按市考核口径调整';
    expect(targetEdit(draft, '%')).toEqual({
      kind: 'targets', indicator: 'enterprise-coverage', baseline: null, constantTarget: null, reason: '按市考核口径调整',
      milestones: [{ date: '2022-12-31', value: 0.57, clause: '表1', quote: '到2022年底达57%' }, { date: '2025-12-31', value: 0.9 }],
    });
    draft.milestones[0]!.value = 60;
    expect(targetEdit(draft, '%').milestones[0]).toEqual({ date: '2022-12-31', value: 0.6, clause: '表1' });
  });

  it('prefills a new scheme version with the latest rules and sends each method\'s fields only', () => {
    const version = (effectiveFrom: string, weight: number): ScoringScheme => ({
      id: 'department-monthly', nameZh: '月度考核', nameEn: 'Monthly', entityType: 'department', grain: 'month', effectiveFrom,
      changedBy: 'office', changedOn: '2024-12-20', reason: 'x',
      rules: [{ indicator: 'task-on-time', method: 'per-violation', weight, violations: 'overdue', points: 5, cap: weight }, { indicator: 'double-publicity-on-time', method: 'proportional', weight: 40, noData: 'zero' }],
    });
    const schemes = [version('2026-01-01', 30), version('2025-01-01', 20)];
    expect(schemeVersions(schemes, 'department-monthly', '2025-06-01').inForce?.effectiveFrom).toBe('2025-01-01');
    const draft = scoringDraft(schemes, 'department-monthly', '2026-03-10');
    expect(draft.effectiveFrom).toBe('2026-04-01');
    expect(totalWeight(draft.rules)).toBe(70);
    draft.rules[1]!.method = 'pass-fail';
    expect(scoringEdit(draft).rules).toEqual([
      { indicator: 'task-on-time', method: 'per-violation', weight: 30, violations: 'overdue', points: 5, cap: 30 },
      // 未报送计0分 carries over to the new version.
      { indicator: 'double-publicity-on-time', method: 'pass-fail', weight: 40, noData: 'zero' },
    ]);
    draft.rules[1]!.noData = 'skip';
    expect(scoringEdit(draft).rules[1]).toEqual({ indicator: 'double-publicity-on-time', method: 'pass-fail', weight: 40 });
  });

  it('reads and writes the three kinds of sub-task deadline', () => {
    expect([deadlineKind('12-31'), deadlineKind('2026-06-30'), deadlineKind(null)]).toEqual(['yearly', 'date', 'continuing']);
    const task: PlanTask = { taskNo: '1', subtaskNo: '1.1', taskZh: '搭建平台', subtaskZh: '建设', departmentIds: ['zd-fgj'], streets: ['370303'], unitsZh: '区发展改革局', deadline: '12-31' };
    const draft = taskDraft(task);
    draft.deadlineKind = 'date';
    draft.date = '2026-06-30';
    expect(taskEdit(draft).task).toEqual({ ...task, deadline: '2026-06-30' });
    draft.deadlineKind = 'continuing';
    expect(taskEdit(draft).task.deadline).toBeNull();
    expect(nextSubtask([task, { ...task, subtaskNo: '1.8' }], '1')).toEqual({ subtaskNo: '1.9', taskZh: '搭建平台' });
    expect(nextSubtask([task], '7')).toEqual({ subtaskNo: '7.1', taskZh: null });
  });
});
