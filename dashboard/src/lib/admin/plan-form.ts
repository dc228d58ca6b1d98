// The office's plan forms, as data: drafts the inputs bind to, and the API edits they become.
// Pure: no fetch, no Svelte. The API validates every edit; these only convert units and shapes.
import type {
  PeriodType, PlanData, PlanEdit, PlanIndicator, PlanPoint, PlanTask, ScoringMethod, ScoringRule, ScoringScheme, Unit, ViolationKind,
} from '../api/types';
import { nextPeriodStart, periodStart } from '../../../../lib/periods';
import { localName } from '../i18n';
import { formatCount, NO_VALUE, type NumberLang } from '../number-format';

/** Drops float noise (0.57 × 100 = 56.99999999999999) without rounding real decimals away. */
const clean = (n: number): number => Number(n.toPrecision(12));

/**
 * A stored value as the office enters it: percentages in percent, anything else as is.
 * @example toEntered(0.9, '%') // 90
 */
export function toEntered(value: number, unit: Unit): number {
  return unit === '%' ? clean(value * 100) : value;
}

/**
 * An entered value as the API stores it: percent back to a fraction.
 * @example fromEntered(90, '%') // 0.9
 */
export function fromEntered(value: number, unit: Unit): number {
  return unit === '%' ? clean(value / 100) : value;
}

/** A number input's value: a number, or null when empty or not a number. */
export function entered(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** One dated target being edited; `from` is the point it started as, to keep its quote while unchanged. */
export interface PointDraft {
  date: string;
  value: number | null;
  clause: string;
  from: PlanPoint | null;
}

export interface TargetDraft {
  indicator: string;
  baseline: PointDraft | null;
  milestones: PointDraft[];
  constantTarget: number | null;
  reason: string;
}

const pointDraft = (p: PlanPoint, unit: Unit): PointDraft => ({ date: p.date, value: toEntered(p.value, unit), clause: p.clause ?? '', from: p });

export function targetDraft(d: PlanIndicator): TargetDraft {
  return {
    indicator: d.id,
    baseline: d.baseline ? pointDraft(d.baseline, d.unit) : null,
    milestones: d.milestones.map((m) => pointDraft(m, d.unit)),
    constantTarget: d.constantTarget === null ? null : toEntered(d.constantTarget, d.unit),
    reason: '',
  };
}

/**
 * A drafted point as the API takes it. The plan's quote stays only while the date and value are
 * the quoted ones: a changed target no longer says what the plan said.
 */
function planPoint(p: PointDraft, unit: Unit): PlanPoint {
  const value = fromEntered(entered(p.value) ?? Number.NaN, unit);
  const clause = p.clause.trim();
  const quote = p.from?.quote && p.from.date === p.date && p.from.value === value ? p.from.quote : undefined;
  return { date: p.date, value, ...(clause ? { clause } : {}), ...(quote ? { quote } : {}) };
}

/** The targets edit a draft makes (an empty value goes as null, for the API to refuse with its reason). */
export function targetEdit(draft: TargetDraft, unit: Unit): Extract<PlanEdit, { kind: 'targets' }> {
  const standing = entered(draft.constantTarget);
  return {
    kind: 'targets',
    indicator: draft.indicator,
    baseline: draft.baseline ? planPoint(draft.baseline, unit) : null,
    milestones: draft.milestones.map((m) => planPoint(m, unit)),
    constantTarget: standing === null ? null : fromEntered(standing, unit),
    reason: draft.reason,
  };
}

/** The versions of one scheme, oldest first, and the one in force on `day` (null: none yet). */
export function schemeVersions(schemes: readonly ScoringScheme[], id: string, day: string): { versions: ScoringScheme[]; inForce: ScoringScheme | null } {
  const versions = schemes.filter((s) => s.id === id).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return { versions, inForce: versions.filter((v) => v.effectiveFrom <= day).at(-1) ?? null };
}

/** One rule row being edited: every field of every method, so switching method keeps the rest. */
export interface RuleDraft {
  indicator: string;
  method: ScoringMethod;
  weight: number | null;
  violations: ViolationKind;
  points: number | null;
  cap: number | null;
  /** Whether a unit that owes the value and sent none scores 0 (未报送) or is left out. */
  noData: 'skip' | 'zero';
}

export interface ScoringDraft {
  scheme: string;
  effectiveFrom: string;
  rules: RuleDraft[];
  reason: string;
}

export const ruleDraft = (r: ScoringRule): RuleDraft => ({
  indicator: r.indicator,
  method: r.method,
  weight: r.weight,
  violations: r.method === 'per-violation' ? r.violations : 'late',
  points: r.method === 'per-violation' ? r.points : 1,
  cap: r.method === 'per-violation' ? r.cap : r.weight,
  noData: r.noData ?? 'skip',
});

/** A new version of the latest one's rules, from the next period after `today`. */
export function scoringDraft(schemes: readonly ScoringScheme[], id: string, today: string): ScoringDraft {
  const { versions } = schemeVersions(schemes, id, today);
  const latest = versions.at(-1);
  return {
    scheme: id,
    effectiveFrom: latest ? nextPeriodStart(latest.grain, today) : '',
    rules: latest?.rules.map(ruleDraft) ?? [],
    reason: '',
  };
}

export function scoringEdit(draft: ScoringDraft): Extract<PlanEdit, { kind: 'scoring' }> {
  const num = (n: number | null) => entered(n) ?? Number.NaN;
  return {
    kind: 'scoring',
    scheme: draft.scheme,
    effectiveFrom: draft.effectiveFrom,
    rules: draft.rules.map((r): ScoringRule => {
      const noData = r.noData === 'zero' ? { noData: r.noData } : {};
      return r.method === 'per-violation'
        ? { indicator: r.indicator, method: r.method, weight: num(r.weight), violations: r.violations, points: num(r.points), cap: num(r.cap), ...noData }
        : { indicator: r.indicator, method: r.method, weight: num(r.weight), ...noData };
    }),
    reason: draft.reason,
  };
}

/** The sum of a draft's weights (the most points a version gives). */
export const totalWeight = (rules: readonly { weight: number | null }[]): number => clean(rules.reduce((sum, r) => sum + (entered(r.weight) ?? 0), 0));

export type DeadlineKind = 'yearly' | 'date' | 'continuing';

/**
 * How a sub-task's deadline reads: each plan year ('12-31'), a fixed date, or continuing (null).
 * @example deadlineKind('12-31') // 'yearly'
 */
export function deadlineKind(deadline: string | null): DeadlineKind {
  if (deadline === null || deadline === '') return 'continuing';
  return deadline.length === 5 ? 'yearly' : 'date';
}

export interface TaskDraft {
  /** The sub-task being changed; null for a new one. */
  editing: string | null;
  taskNo: string;
  subtaskNo: string;
  taskZh: string;
  subtaskZh: string;
  departmentIds: string[];
  streets: string[];
  unitsZh: string;
  deadlineKind: DeadlineKind;
  /** 'MM-DD' when yearly. */
  monthDay: string;
  /** 'YYYY-MM-DD' when a fixed date. */
  date: string;
  reason: string;
}

export function taskDraft(t: PlanTask | null): TaskDraft {
  const kind = deadlineKind(t?.deadline ?? null);
  return {
    editing: t?.subtaskNo ?? null,
    taskNo: t?.taskNo ?? '',
    subtaskNo: t?.subtaskNo ?? '',
    taskZh: t?.taskZh ?? '',
    subtaskZh: t?.subtaskZh ?? '',
    departmentIds: [...(t?.departmentIds ?? [])],
    streets: [...(t?.streets ?? [])],
    unitsZh: t?.unitsZh ?? '',
    deadlineKind: kind,
    monthDay: kind === 'yearly' ? t!.deadline! : '12-31',
    date: kind === 'date' ? t!.deadline! : '',
    reason: '',
  };
}

export function taskEdit(d: TaskDraft): Extract<PlanEdit, { kind: 'task' }> {
  const deadline = d.deadlineKind === 'yearly' ? d.monthDay.trim() : d.deadlineKind === 'date' ? d.date : null;
  return {
    kind: 'task',
    task: {
      taskNo: d.taskNo.trim(), subtaskNo: d.subtaskNo.trim(), taskZh: d.taskZh.trim(), subtaskZh: d.subtaskZh.trim(),
      departmentIds: d.departmentIds, streets: d.streets, unitsZh: d.unitsZh.trim(), deadline,
    },
    reason: d.reason,
  };
}

/**
 * The next free sub-task number of a task, and the task's name, for adding to it.
 * @example nextSubtask(tasks, '1') // { subtaskNo: '1.9', taskZh: '搭建公共信用信息平台' } when 1.8 is the last
 */
export function nextSubtask(tasks: readonly PlanTask[], taskNo: string): { subtaskNo: string; taskZh: string | null } {
  const siblings = tasks.filter((t) => t.taskNo === taskNo);
  const last = Math.max(0, ...siblings.map((t) => Number(t.subtaskNo.split('.')[1])));
  return { subtaskNo: `${taskNo}.${last + 1}`, taskZh: siblings[0]?.taskZh ?? null };
}

/** The indicator, scheme or sub-task an edit is about, as the API records it. */
export function editSubject(e: PlanEdit): string {
  switch (e.kind) {
    case 'targets': return e.indicator;
    case 'scoring': return e.scheme;
    case 'task': return e.task.subtaskNo;
    case 'task-removed': return e.subtaskNo;
  }
}

/**
 * A target as the tables show it: percent for percentages, 万/亿 for large counts.
 * @example formatTarget(0.9, '%', 'zh') // '90%'
 * @example formatTarget(600_000_000, '条', 'zh') // '6亿条'
 */
export function formatTarget(value: number | null, unit: Unit, lang: NumberLang): string {
  if (value === null) return NO_VALUE;
  return unit === '%' ? `${toEntered(value, unit)}%` : formatCount(value, unit, lang);
}

/**
 * A sub-task's deadline in words, given how each kind reads.
 * @example formatDeadline('12-31', { yearly: (m, d) => `每年${m}月${d}日`, continuing: '持续性' }) // '每年12月31日'
 */
export function formatDeadline(deadline: string | null, words: { yearly: (month: number, day: number) => string; continuing: string }): string {
  switch (deadlineKind(deadline)) {
    case 'continuing': return words.continuing;
    case 'yearly': return words.yearly(Number(deadline!.slice(0, 2)), Number(deadline!.slice(3, 5)));
    case 'date': return deadline!;
  }
}

/** What an edit is about, named for people: the indicator's or scheme's name, the sub-task's number and text. */
export function subjectName(e: PlanEdit, plan: Pick<PlanData, 'indicators' | 'schemes' | 'tasks'>, lang: 'zh' | 'en'): string {
  const id = editSubject(e);
  switch (e.kind) {
    case 'targets': return localName(plan.indicators.find((d) => d.id === id) ?? { nameZh: id }, lang);
    case 'scoring': return localName(plan.schemes.find((s) => s.id === id) ?? { nameZh: id }, lang);
    case 'task': return `${id} ${e.task.subtaskZh}`;
    case 'task-removed': return id;
  }
}
