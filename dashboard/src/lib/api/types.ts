// Shapes of the Xinyong HTTP API as the dashboard consumes it (mirrors the API contract).
// Types only: no runtime code here. Where the server names a shape, it is imported from there.
import type { FileProblem } from '../../../../lib/file-problems';
import type { PlanEdit, StoredPlanEdit } from '../../../../warehouse/preset/plan-edits';
import type { TaskLine } from '../../../../metrics/records';

export type PeriodType = 'week' | 'month' | 'quarter' | 'year';
export type EntityType = 'city' | 'district' | 'street' | 'department';
export type Unit = '%' | '条' | '人次' | '篇' | '个' | (string & {});
export type Status = 'met' | 'on_track' | 'behind' | 'far_behind';

export interface PeriodRef {
  start: string;
  end: string;
  label: string;
}

export interface Period extends PeriodRef {
  type: PeriodType;
}

export interface Meta {
  preset: { id: string; nameZh: string; nameEn: string };
  /** ISO timestamp of the last successful batch. */
  dataAsOf: string | null;
  latest: Record<PeriodType, PeriodRef | null>;
  /** Not in the contract yet: the preset's root area (the city), if the API provides it. */
  city?: { id: string; nameZh?: string; nameEn?: string };
}

export interface Milestone {
  date: string;
  value: number;
  /** A standing target (常年, no date of its own): `date` is the period's. */
  standing?: boolean;
}

export interface IndicatorDefinition {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: Unit;
  direction: 'up' | 'down';
  source: { file: string; clause: string };
  grains: PeriodType[];
  entityTypes: EntityType[];
  milestones: Milestone[];
  baseline: Milestone | null;
  /** The records a figure can be drilled into (GET /api/records): late / missing 双公示 reports, overdue sub-tasks. */
  recordKinds: RecordKind[];
}

export type RecordKind = 'late' | 'missing' | 'incomplete' | 'inaccurate' | 'overdue';

/** GET /api/records: the records behind one figure. */
export interface RecordLists {
  indicator: string;
  entity: { type: EntityType; id: string; nameZh: string; nameEn: string };
  period: PeriodRef;
  lists: { kind: RecordKind; total: number; rows: Record<string, string | number | null>[] }[];
}

export interface SeriesPoint extends PeriodRef {
  value: number | null;
  target: number | null;
}

export interface ScorecardIndicator {
  id: string;
  nameZh: string;
  nameEn: string;
  /** The plan's group (表1 has two 企业法人覆盖率, one per group). */
  groupZh?: string | null;
  groupEn?: string | null;
  unit: Unit;
  /** How it is computed (the catalog's measure): names the figures behind the rate. */
  measure?: { kind: string; subjects?: string; aspect?: string };
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Trajectory target at the period's end. */
  target: number | null;
  finalTarget: Milestone | null;
  /** value / target. */
  progress: number | null;
  status: Status | null;
  /** For 双公示 on-time: onTime, late, missing, total. */
  extras: Record<string, number>;
  rank: number | null;
  peers: number | null;
  previousValue?: number | null;
  /** value − previousValue. */
  change?: number | null;
  previousRank?: number | null;
  movement?: number | null;
  tied?: boolean;
  series: SeriesPoint[];
}

export interface Scorecard {
  entity: { type: EntityType; id: string; nameZh: string; nameEn: string };
  period: Period;
  indicators: ScorecardIndicator[];
}

export interface RankingRow {
  /** Null when the entity has no value this period (listed last). */
  rank: number | null;
  /** Another entity shares this rank. */
  tied?: boolean;
  entityId: string;
  nameZh: string;
  nameEn: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  previousRank?: number | null;
  /** Places gained since the previous period (+2: up two); null when either rank is missing. */
  movement?: number | null;
}

export interface Ranking {
  indicator: { id: string; nameZh: string; nameEn: string; unit: Unit };
  period: Period;
  rows: RankingRow[];
}

export interface SourceTypeName {
  id: string;
  nameZh: string;
  nameEn: string;
  /** A street office may send it itself (its own street's rows). */
  reportedByStreets?: boolean;
}

export interface Batch {
  id: string | number;
  fileName: string;
  sourceType: string;
  departmentId: string | null;
  /** The street that sent it itself, else null. */
  streetCode?: string | null;
  status: string;
  rowsRead: number | null;
  rowsLoaded: number | null;
  rowsQuarantined: number | null;
  rowsDuplicate: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** A failed batch: why, in English (the CLI's words). */
  message?: string | null;
  /** A failed batch: why, as a code the page words (null: only the message says). */
  problem?: FileProblem | null;
}

export interface ApiErrorBody {
  error: string;
  message: string;
}

export type Role = 'leader' | 'office' | 'department' | 'street';

/** The signed-in user, as GET /api/auth/session returns it. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  streetCode: string | null;
}

export interface SessionInfo {
  user: SessionUser | null;
  csrfToken: string | null;
  scope: { department: { id: string; nameZh: string; nameEn: string } | null; street: { code: string; nameZh: string; nameEn: string } | null } | null;
}

interface DepartmentRef {
  departmentId: string;
  nameZh: string;
  nameEn: string;
}

/** GET /api/weekly: the weekly scheduling sheet (周调度). */
export interface WeeklySheet {
  week: Period;
  newRecords: (DepartmentRef & { batches: number; rowsLoaded: number; rowsQuarantined: number; sourceTypes: string[] })[];
  doublePublicity: (DepartmentRef & { value: number | null; counts: { late: number; missing: number } })[];
  tasks: (DepartmentRef & { value: number | null; counts: { overdue: number; unreported: number } })[];
  /** Streets and towns with overdue or unreported sub-tasks of their own (各镇办). */
  streetTasks: { streetCode: string; nameZh: string; nameEn: string; value: number | null; counts: { overdue: number; unreported: number } }[];
  fellBehind: { entityType: EntityType; entityId: string; nameZh: string; nameEn: string; indicatorId: string; indicatorZh: string; indicatorEn: string; status: Status; previousStatus: Status | null; value: number | null; target: number | null }[];
  silent: (DepartmentRef & { lastReportedAt: string; batches: number })[];
}

/** A plan sub-task of one responsible unit as the ledger stands (GET /api/tasks): the API's own type. */
export type { TaskLine };

/** GET /api/tasks: the task board of a unit (null: every unit) as of a day. */
export interface TaskBoard {
  asOf: string;
  unit: { type: 'department' | 'street'; id: string; nameZh: string } | null;
  lines: TaskLine[];
}

/** GET /api/entities. */
export interface Entities {
  areas: { code: string; nameZh: string; nameEn: string; level: 'city' | 'district' | 'street'; parentCode: string | null }[];
  departments: { id: string; nameZh: string; nameEn: string; areaCode: string; duties: string[] }[];
}

/** GET /api/users (office). */
export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  streetCode: string | null;
  disabled: boolean;
  createdAt: string;
}

/** GET /api/data-desk/freshness: last report per source type and department. */
export interface Freshness {
  sourceType: string;
  departmentId: string;
  departmentNameZh: string;
  departmentNameEn: string;
  batches: number;
  lastReportedAt: string;
  lastLoadedAt: string;
  daysSince: number;
}

/** A dated plan value: percentages are fractions 0..1, counts whole numbers. */
export interface PlanPoint extends Milestone {
  clause?: string;
  quote?: string;
}

/** GET /api/plan: one indicator with its targets. */
export interface PlanIndicator {
  id: string;
  nameZh: string;
  nameEn: string;
  groupZh?: string | null;
  groupEn?: string | null;
  unit: Unit;
  direction: 'up' | 'down';
  clause: string;
  /** False for a plan indicator no source feeds yet (it cannot be scored). */
  collected: boolean;
  baseline: PlanPoint | null;
  milestones: PlanPoint[];
  /** A standing target the plan states without a date. */
  constantTarget: number | null;
}

/** The indicator extra a per-violation rule counts. */
export type ViolationKind = 'late' | 'missing' | 'overdue' | 'notImplemented';
export type ScoringMethod = 'proportional' | 'pass-fail' | 'per-violation';

export type ScoringRule =
  | { indicator: string; method: 'proportional' | 'pass-fail'; weight: number }
  | { indicator: string; method: 'per-violation'; weight: number; violations: ViolationKind; points: number; cap: number };

/** One version of an assessment scheme. */
export interface ScoringScheme {
  id: string;
  nameZh: string;
  nameEn: string;
  entityType: EntityType;
  grain: PeriodType;
  effectiveFrom: string;
  changedBy: string;
  changedOn: string;
  reason: string;
  rules: ScoringRule[];
}

/** A plan sub-task (任务细化); deadline 'MM-DD' each year, a fixed date, or null (持续性). */
export interface PlanTask {
  taskNo: string;
  subtaskNo: string;
  taskZh: string;
  subtaskZh: string;
  departmentIds: string[];
  /** Street offices and towns responsible: street codes, or a district's code for all its streets and towns. */
  streets: string[];
  unitsZh: string;
  deadline: string | null;
}

/** GET /api/plan (office). */
export interface PlanData {
  indicators: PlanIndicator[];
  /** Every version of every scheme. */
  schemes: ScoringScheme[];
  tasks: PlanTask[];
  departments: { id: string; nameZh: string; nameEn: string }[];
  /** Districts with streets and towns (a sub-task's `streets`: all the district's). */
  districts: { code: string; nameZh: string; nameEn: string }[];
}

/** POST /api/plan/edits: one edit of plan data, always with a reason (the API's own type). */
export type { PlanEdit };

/** GET /api/plan/edits: an edit as recorded, newest first, with why it no longer applies (null while it applies). */
export type PlanEditRecord = StoredPlanEdit & { setAside: string | null };

/** A zero report (零报送): a month a department declared it had nothing to report (GET /api/zero-reports). */
export interface ZeroReportRow {
  departmentId: string;
  duty: string;
  /** YYYY-MM */
  month: string;
  note: string | null;
  declaredBy: string;
  declaredByName: string;
  declaredAt: string;
}
