/**
 * The records behind a figure: the 双公示 records a department reported late, or had not
 * reported when a period ended, the 双公示 rows its batches had rejected as incomplete or
 * inaccurate, and the plan sub-tasks past their deadline and not done — for a
 * department, or every department or subject of a district, street or the city. Scorecards link
 * their on-time figures here; assessments list a deduction's records from the same queries.
 * Records are read from core (current versions) and placed as the marts place them.
 */
import type { Warehouse } from '../warehouse/connection.ts';
import { DEPARTMENT_PLACE, ledgerDeadline, PLAN_TASK_UNITS, planDeadline, REJECTED_AS, REJECTED_ROWS, SUBMITTED_BATCHES, TASK_STREETS, UNREPORTED } from './measures.ts';
import { placementSql } from './refresh.ts';
import type { EntityType } from './catalog.ts';

/**
 * Which records: late or missing 双公示 reports, 双公示 rows rejected as incomplete or inaccurate,
 * overdue sub-tasks.
 */
export const RECORD_KINDS = ['late', 'missing', 'incomplete', 'inaccurate', 'overdue'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The kinds of records behind each indicator's figure. */
export const RECORDS_OF: Record<string, readonly RecordKind[]> = {
  'double-publicity-on-time': ['late', 'missing'],
  'double-publicity-complete': ['incomplete'],
  'double-publicity-accurate': ['inaccurate'],
  'task-on-time': ['overdue'],
};

export interface Period {
  start: string;
  end: string;
}

export interface RecordList {
  kind: RecordKind;
  /** Every matching record (the rows listed may be fewer: `limit`). */
  total: number;
  rows: Record<string, unknown>[];
}

/** Rows shown per list; the total says how many there are. */
export const RECORDS_LIMIT = 500;

/**
 * The name of the sheet a record (alias `r`, with batch_id and sheet_no) was read from, when its
 * batch read several sheets of a workbook (its row number is then the sheet's); else NULL.
 */
export const sheetOf = (r: string): string => `(SELECT b.sheets[${r}.sheet_no + 1] FROM meta.batch b WHERE b.id = ${r}.batch_id)`;

/** A plan sub-task of one responsible unit as the ledger stands on a day (`taskLines`). */
export interface TaskLine {
  taskNo: string;
  task: string | null;
  subtaskNo: string;
  subtask: string | null;
  responsibleUnit: string;
  /** The unit: a department of the preset, or a street office or town; both null for a unit outside the plan. */
  departmentId: string | null;
  streetCode: string | null;
  deadline: string | null;
  /** The ledger's 推进状态, or 未报送. */
  status: string;
  completedOn: string | null;
  note: string | null;
  reportedOn: string | null;
  batchId: number | null;
  sheet: string | null;
  rowNo: number | null;
  /** The plan gives this sub-task to this unit (else a ledger line of the unit's own, outside the plan). */
  inPlan: boolean;
  overdue: boolean;
}

export function createRecords(wh: Warehouse) {
  /** 双公示 records of the entity matching `cond` ($2 period start, $3 period end). */
  async function doublePublicity(entityType: EntityType, entityId: string, p: Period, cond: string, limit: number, kind: RecordKind): Promise<RecordList> {
    const records = `(SELECT 'licence' AS kind, * FROM core.licence WHERE superseded_at IS NULL
      UNION ALL BY NAME SELECT 'penalty' AS kind, * FROM core.penalty WHERE superseded_at IS NULL)`;
    const source = entityType === 'department' || entityType === 'city'
      ? records
      : `(${placementSql(records, 'rec.*', (t) => `${t}.superseded_at IS NULL`)})`;
    const of = { department: 'r.department_id = $1', district: 'r.district_code = $1', street: 'r.street_code = $1', city: '$1 IS NOT NULL' }[entityType];
    const from = `FROM ${source} r JOIN mart.deadline d ON d.day = r.decision_date WHERE ${of} AND ${cond}`;
    const args = [entityId, p.start, p.end];
    const [rows, [count]] = await Promise.all([
      wh.all<Record<string, unknown>>(
        `SELECT r.kind, r.doc_no AS "docNo", r.subject_name AS "subjectName", r.department_id AS "departmentId", r.decision_date::VARCHAR AS "decisionDate",
           d.due::VARCHAR AS due, r.reported_date::VARCHAR AS "reportedDate", r.batch_id AS "batchId", ${sheetOf('r')} AS sheet, r.row_no AS "rowNo"
         ${from} ORDER BY r.decision_date, r.doc_no LIMIT ${limit}`, args),
      wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n ${from}`, args),
    ]);
    return { kind, total: count!.n, rows };
  }

  /**
   * The 双公示 rows the entity's departments submitted in the period's batches that were rejected
   * as incomplete (a required field missing) or inaccurate (any other error), as the 完整性 and
   * 准确性 figures count them: a row sent again cell for cell counts once.
   */
  async function rejected(kind: keyof typeof REJECTED_AS, entityType: EntityType, entityId: string, p: Period, limit: number): Promise<RecordList> {
    const of = { department: 'b.department_id = $1', district: 'dp.district_code = $1', street: 'false AND $1 IS NOT NULL', city: '$1 IS NOT NULL' }[entityType];
    const from = `FROM (${REJECTED_ROWS}) q JOIN (${SUBMITTED_BATCHES()}) b ON b.id = q.batch_id JOIN meta.batch mb ON mb.id = q.batch_id
      JOIN ${DEPARTMENT_PLACE} dp ON dp.department_id = b.department_id
      WHERE ${of} AND b.day BETWEEN $2::DATE AND $3::DATE AND q.first AND ${REJECTED_AS[kind]}`;
    const args = [entityId, p.start, p.end];
    const [rows, [count]] = await Promise.all([
      wh.all<Record<string, unknown>>(
        `SELECT list_filter(q.reasons, x -> x <> 'key_repeated_in_file') AS reasons, b.department_id AS "departmentId", mb.file_name AS "fileName",
           b.day::VARCHAR AS "reportedOn", q.batch_id AS "batchId", ${sheetOf('q')} AS sheet, q.row_no AS "rowNo"
         ${from} ORDER BY q.batch_id, q.sheet_no NULLS FIRST, q.row_no LIMIT ${limit}`, args),
      wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n ${from}`, args),
    ]);
    return { kind, total: count!.n, rows };
  }

  /**
   * Every plan sub-task of the entity's responsible units (departments and streets) as of `asOf`:
   * the ledger's latest line by then (with lines outside the plan), or the plan's sub-task as
   * 未报送 when the ledger never mentions it for that unit. `overdue`: past its deadline and not
   * done — a sub-task never reported counts only once the ledger has begun, as the figure counts.
   * Yearly deadlines (12月底) are those of the year of `deadlineYearOf`: a period's start, so the
   * week across New Year holds 31 December.
   */
  async function taskLines(entityType: EntityType, entityId: string, asOf: string, deadlineYearOf = asOf): Promise<TaskLine[]> {
    // The entity's responsible units: departments (department_id) and streets (street_code).
    const units = {
      department: 'SELECT id AS department_id, NULL AS street_code FROM core.department WHERE id = $1',
      district: `SELECT department_id, NULL AS street_code FROM ${DEPARTMENT_PLACE} WHERE district_code = $1
        UNION ALL SELECT NULL, code FROM ${TASK_STREETS} WHERE district_code = $1`,
      street: `SELECT NULL AS department_id, code AS street_code FROM ${TASK_STREETS} WHERE code = $1`,
      city: `SELECT id AS department_id, NULL AS street_code FROM core.department WHERE $1 IS NOT NULL UNION ALL SELECT NULL, code FROM ${TASK_STREETS}`,
    }[entityType];
    const plan = (t: string) => `(SELECT lp.%s FROM core.plan_task lp WHERE lp.task_no = ${t}.task_no AND lp.subtask_no = ${t}.subtask_no)`;
    return wh.all<TaskLine>(
      `WITH mine AS (${units}), ledger AS (
         SELECT t.task_no, coalesce(t.task, ${plan('t').replace('%s', 'task_zh')}) AS task, t.subtask_no, t.responsible_unit,
           -- A line that leaves out the sub-task's text (a street's short ledger) reads as the plan words it.
           coalesce(t.subtask, ${plan('t').replace('%s', 'subtask_zh')}) AS subtask, d.id AS department_id, s.code AS street_code,
           ${ledgerDeadline('t', '$3::DATE')} AS deadline, t.status, t.completed_on, t.progress_note, t.reported_on, t.batch_id, t.sheet_no, t.row_no
         FROM core.task_progress t LEFT JOIN core.department d ON d.name_zh = t.responsible_unit
         LEFT JOIN ${TASK_STREETS} s ON d.id IS NULL AND s.name_zh = t.responsible_unit
         WHERE t.superseded_at IS NULL AND (d.id IN (SELECT department_id FROM mine) OR s.code IN (SELECT street_code FROM mine))
           AND t.reported_on <= $2::DATE
         QUALIFY row_number() OVER (PARTITION BY task_no, subtask_no, responsible_unit ORDER BY reported_on DESC) = 1
       ), unreported AS (
         SELECT pt.task_no, pt.task_zh AS task, pt.subtask_no, pt.subtask_zh AS subtask, coalesce(d.name_zh, st.name_zh) AS responsible_unit, pt.department_id, pt.street_code,
           ${planDeadline('pt', '$3::DATE')} AS deadline, '${UNREPORTED}' AS status, NULL::DATE AS completed_on, NULL AS progress_note, NULL::DATE AS reported_on,
           NULL::BIGINT AS batch_id, NULL::SMALLINT AS sheet_no, NULL::INTEGER AS row_no
         FROM ${PLAN_TASK_UNITS} pt LEFT JOIN core.department d ON d.id = pt.department_id LEFT JOIN core.area st ON st.code = pt.street_code
         WHERE (pt.department_id IN (SELECT department_id FROM mine) OR pt.street_code IN (SELECT street_code FROM mine))
           AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.task_no = pt.task_no AND l.subtask_no = pt.subtask_no
             AND l.department_id IS NOT DISTINCT FROM pt.department_id AND l.street_code IS NOT DISTINCT FROM pt.street_code)
       )
       SELECT task_no AS "taskNo", task, subtask_no AS "subtaskNo", subtask, responsible_unit AS "responsibleUnit", department_id AS "departmentId", street_code AS "streetCode",
         deadline::VARCHAR AS deadline, status, completed_on::VARCHAR AS "completedOn", progress_note AS note, reported_on::VARCHAR AS "reportedOn",
         batch_id AS "batchId", ${sheetOf('u')} AS sheet, row_no AS "rowNo",
         EXISTS (SELECT 1 FROM ${PLAN_TASK_UNITS} pu WHERE pu.task_no = u.task_no AND pu.subtask_no = u.subtask_no
           AND pu.department_id IS NOT DISTINCT FROM u.department_id AND pu.street_code IS NOT DISTINCT FROM u.street_code) AS "inPlan",
         coalesce(deadline <= $2::DATE AND status <> '已完成'
           AND (status <> '${UNREPORTED}' OR EXISTS (SELECT 1 FROM core.task_progress t WHERE t.superseded_at IS NULL AND t.reported_on <= $2::DATE)), false) AS overdue
       FROM (SELECT * FROM ledger UNION ALL BY NAME SELECT * FROM unreported) u
       ORDER BY try_cast(task_no AS INTEGER) NULLS LAST, task_no, try_cast(split_part(subtask_no, '.', 2) AS INTEGER) NULLS LAST, subtask_no, responsible_unit`,
      [entityId, asOf, deadlineYearOf]);
  }

  /** Sub-tasks past their deadline at period end and not done, of the entity's departments and streets. */
  async function overdueTasks(entityType: EntityType, entityId: string, p: Period, limit: number): Promise<RecordList> {
    const rows = (await taskLines(entityType, entityId, p.end, p.start)).filter((r) => r.overdue)
      .map(({ task: _task, completedOn: _done, note: _note, overdue: _overdue, inPlan: _inPlan, ...r }) => r);
    return { kind: 'overdue', total: rows.length, rows: rows.slice(0, limit) };
  }

  return {
    taskLines,

    /** 双公示 records that came in during the period after their deadline (the weekly sheet's late reports). */
    arrivedLate(entityType: EntityType, entityId: string, p: Period, limit = RECORDS_LIMIT): Promise<RecordList> {
      return doublePublicity(entityType, entityId, p, 'r.reported_date BETWEEN $2::DATE AND $3::DATE AND r.reported_date > d.due', limit, 'late');
    },

    /**
     * @example await records.list('late', 'department', 'zd-xzsp', { start: '2025-03-01', end: '2025-03-31' })
     */
    list(kind: RecordKind, entityType: EntityType, entityId: string, p: Period, limit = RECORDS_LIMIT): Promise<RecordList> {
      switch (kind) {
        case 'late':
          return doublePublicity(entityType, entityId, p, 'r.decision_date BETWEEN $2::DATE AND $3::DATE AND r.reported_date > d.due', limit, kind);
        case 'missing':
          // Due by the period's end and not reported by then (reported since, or the figure would not count it).
          return doublePublicity(entityType, entityId, p, 'd.due <= $3::DATE AND r.reported_date > $3::DATE AND $2::DATE <= $3::DATE', limit, kind);
        case 'incomplete':
        case 'inaccurate':
          return rejected(kind, entityType, entityId, p, limit);
        case 'overdue':
          return overdueTasks(entityType, entityId, p, limit);
      }
    },
  };
}

export type Records = ReturnType<typeof createRecords>;
