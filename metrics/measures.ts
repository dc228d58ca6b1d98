/**
 * The measures an indicator of the catalog can use, as SQL. Each returns one SELECT with the
 * columns of mart.indicator_value after indicator_id — period_type, period_start, period_end,
 * entity_type, entity_id, value, numerator, denominator, extras — over every period of
 * mart.period and every entity it can place a figure on; metrics/refresh.ts keeps the grains and
 * entity types the indicator lists. They read the temporary tables of metrics/sql/indicators.sql
 * (xy_entity, xy_daily, xy_fact) and the marts of facts.sql. Core rows are read through
 * xy_live / xy_seen (refresh.ts), so the same SQL computes the present or an earlier moment.
 * Parameters come from the validated preset and are quoted. Pure, no I/O.
 */
import type { IndicatorSpec, Measure } from '../warehouse/preset/preset-schema.ts';
import { sqlString } from '../pipelines/read/open-source.ts';
import { CREDIT_RECORD_TYPES } from '../pipelines/sources/index.ts';

/**
 * Periods × entities: every entity gets a row for every period (zero is a value, not a gap).
 * xy_p and xy_e are the periods and entities this refresh computes for the indicator (its grains
 * and entity types; only the periods a batch touched on an incremental refresh).
 */
const GRID = `xy_p p CROSS JOIN xy_e e`;
const GRID_COLUMNS = `p.period_type, p.period_start, p.period_end, e.entity_type, e.entity_id`;

/** The department → district / city mapping of area-less facts (batches, ledgers, logs). */
export const DEPARTMENT_PLACE = `(SELECT d.id AS department_id, CASE WHEN a.level = 'district' THEN a.code END AS district_code
  FROM core.department d JOIN core.area a ON a.code = left(d.area_code, 6))`;

/**
 * Running sums as of each period's end, per entity: `increments` yields entity_type, entity_id,
 * day and the numeric columns `cols`; each day is mapped to its period by truncation, summed per
 * period (`<col>_in`), then accumulated over the periods in order (`<col>`). Days before the
 * first period (periods begin in 2015) count in every accumulated figure, in no period's own.
 * Cost follows entities × periods plus increments, not increments × periods.
 */
function runningSums(increments: string, cols: readonly string[]): string {
  const sums = cols.map((c) => `sum(${c}) AS ${c}, sum(${c}) FILTER (WHERE inc0.day >= g.first_start) AS ${c}_in`).join(', ');
  const running = cols.map((c) => `sum(coalesce(i.${c}, 0)) OVER (PARTITION BY e.entity_type, e.entity_id, p.period_type ORDER BY p.period_start) AS ${c}, coalesce(i.${c}_in, 0) AS ${c}_in`).join(', ');
  return `WITH inc0 AS (${increments}),
    grains AS (SELECT period_type, min(period_start) AS first_start FROM mart.period WHERE period_type IN (SELECT DISTINCT period_type FROM xy_p) GROUP BY ALL),
    inc AS (
      SELECT inc0.entity_type, inc0.entity_id, g.period_type,
        greatest(date_trunc(CASE g.period_type WHEN 'week' THEN 'week' WHEN 'month' THEN 'month' WHEN 'quarter' THEN 'quarter' ELSE 'year' END, inc0.day)::DATE, g.first_start) AS period_start,
        ${sums}
      FROM inc0 CROSS JOIN grains g GROUP BY ALL
    ),
    run AS (
      SELECT p.period_type, p.period_start, p.period_end, e.entity_type, e.entity_id, ${running}
      FROM mart.period p JOIN grains USING (period_type) CROSS JOIN xy_e e
      LEFT JOIN inc i ON i.entity_type = e.entity_type AND i.entity_id = e.entity_id AND i.period_type = p.period_type AND i.period_start = p.period_start
    )
    SELECT run.* FROM run JOIN xy_p USING (period_type, period_start)`;
}

function recordVolume(id: string): string {
  // Cumulative at period end; the city's value adds the plan baseline.
  const baseline = `(SELECT value FROM core.plan_target WHERE indicator_id = ${sqlString(id)} AND kind = 'baseline')`;
  return `SELECT period_type, period_start, period_end, entity_type, entity_id,
      n + CASE WHEN entity_type = 'city' THEN coalesce(${baseline}, 0) ELSE 0 END, NULL, NULL,
      json_object('collected', n, 'baseline', CASE WHEN entity_type = 'city' THEN ${baseline} END)
    FROM (${runningSums(`SELECT entity_type, entity_id, record_date AS day, records AS n FROM xy_daily`, ['n'])})`;
}

const SUBJECT_FILTER: Record<string, string> = {
  enterprise: `c.category = 'enterprise'`,
  non_enterprise: `c.category = 'non_enterprise'`,
  public_institution: `left(c.uscc, 2) = '12'`,
  social_organisation: `left(c.uscc, 2) IN ('51', '52', '53')`,
};

/**
 * Registered subjects covered (by any credit record, or by a graded-supervision result) ÷
 * registered, as of period end, from daily increments so the cost follows days × entities, not
 * subjects × periods. A department counts the subjects of its area that its own records cover.
 */
function legalCoverage(subjects: string, by: 'record' | 'graded'): string {
  const first = by === 'record' ? 'first_record' : 'first_graded';
  const department = by === 'record'
    ? `UNION ALL
      SELECT 'department', dep.id, i.day, i.reg, 0 FROM core.department dep
      JOIN area_inc i ON i.entity_id = dep.area_code AND i.entity_type IN ('city', 'district')
      UNION ALL
      SELECT 'department', f.department_id, greatest(f.first_record, coalesce(c.established, f.first_record)), 0, count(*)
      FROM mart.subject_department_first f
      JOIN mart.subject_coverage c USING (uscc)
      JOIN core.department dep ON dep.id = f.department_id
      JOIN core.area da ON da.code = dep.area_code
      WHERE ${SUBJECT_FILTER[subjects]} AND (da.level = 'city' OR c.district_code = dep.area_code)
      GROUP BY ALL`
    : '';
  const increments = `WITH subj AS (
      SELECT c.*, coalesce(c.established, DATE '1900-01-01') AS reg_day, e.entity_type, e.entity_id
      FROM mart.subject_coverage c
      JOIN xy_entity e ON e.entity_type = 'city' OR (e.entity_type = 'district' AND e.entity_id = c.district_code)
        OR (e.entity_type = 'street' AND e.entity_id = c.street_code)
      WHERE ${SUBJECT_FILTER[subjects]}
    ), area_inc AS (
      SELECT entity_type, entity_id, day, sum(reg) AS reg, sum(cov) AS cov FROM (
        SELECT entity_type, entity_id, reg_day AS day, 1 AS reg, 0 AS cov FROM subj
        UNION ALL
        SELECT entity_type, entity_id, greatest(${first}, reg_day), 0, 1 FROM subj WHERE ${first} IS NOT NULL
      ) GROUP BY ALL
    )
    SELECT * FROM area_inc ${department}`;
  return `SELECT period_type, period_start, period_end, entity_type, entity_id, cov / nullif(reg, 0), cov, reg, NULL
    FROM (${runningSums(increments, ['reg', 'cov'])})`;
}

/** Registered adults (natural-person registry) with any credit record about them ÷ registered. */
function personCoverage(): string {
  const increments = `WITH subj AS (
      SELECT c.first_record, e.entity_type, e.entity_id FROM mart.person_coverage c
      JOIN xy_e e ON e.entity_type = 'city' OR (e.entity_type = 'district' AND e.entity_id = c.district_code)
        OR (e.entity_type = 'street' AND e.entity_id = c.street_code)
    )
    SELECT entity_type, entity_id, DATE '1900-01-01' AS day, 1 AS reg, 0 AS cov FROM subj
    UNION ALL SELECT entity_type, entity_id, first_record, 0, 1 FROM subj WHERE first_record IS NOT NULL`;
  return `SELECT period_type, period_start, period_end, entity_type, entity_id, cov / nullif(reg, 0), cov, reg, NULL
    FROM (${runningSums(increments, ['reg', 'cov'])})`;
}

/** Items implemented ÷ items that apply, from each department's latest report as of period end. */
function baseListImplementation(): string {
  return `WITH latest AS (
      SELECT p.period_type, p.period_start, p.period_end, r.department_id, r.item_no, r.status
      FROM xy_p p JOIN core.discipline_implementation r ON r.reported_on <= p.period_end AND xy_seen(r.loaded_at)
      QUALIFY row_number() OVER (PARTITION BY p.period_type, p.period_start, r.department_id, r.item_no ORDER BY r.reported_on DESC, r.loaded_at DESC) = 1
    ), placed AS (
      SELECT l.*, dp.district_code FROM latest l JOIN ${DEPARTMENT_PLACE} dp USING (department_id)
    ), per_entity AS (
      SELECT period_type, period_start, 'department' AS entity_type, department_id AS entity_id, status FROM placed
      UNION ALL SELECT period_type, period_start, 'district', district_code, status FROM placed WHERE district_code IS NOT NULL
      UNION ALL SELECT period_type, period_start, 'city', (SELECT code FROM core.area WHERE level = 'city'), status FROM placed
    )
    SELECT ${GRID_COLUMNS},
      count(*) FILTER (WHERE x.status = '已落实') / nullif(count(*) FILTER (WHERE x.status <> '不适用'), 0),
      count(*) FILTER (WHERE x.status = '已落实'), count(*) FILTER (WHERE x.status <> '不适用'),
      json_object('partly', count(*) FILTER (WHERE x.status = '部分落实'), 'notImplemented', count(*) FILTER (WHERE x.status = '未落实'))
    FROM ${GRID} LEFT JOIN per_entity x ON x.period_type = p.period_type AND x.period_start = p.period_start
      AND x.entity_type = e.entity_type AND x.entity_id = e.entity_id
    GROUP BY ALL`;
}

/** Uses of credit checks and joint reward-punishment since the plan's start, as of period end. */
function creditCheckUses(since: string): string {
  const increments = `WITH q AS (
      SELECT c.queried_on AS day, c.department_id, coalesce(c.district_code, dp.district_code) AS district_code, count(*) AS n
      FROM core.credit_check c JOIN ${DEPARTMENT_PLACE} dp USING (department_id)
      WHERE xy_live(c.loaded_at, c.superseded_at) AND c.queried_on >= ${sqlString(since)}::DATE GROUP BY ALL
    )
    SELECT 'department' AS entity_type, department_id AS entity_id, day, n, 0 AS m FROM q
    UNION ALL SELECT 'district', district_code, day, n, 0 FROM q WHERE district_code IS NOT NULL
    UNION ALL SELECT 'city', (SELECT code FROM core.area WHERE level = 'city'), day, n, 0 FROM q`;
  return `SELECT period_type, period_start, period_end, entity_type, entity_id, n, NULL, NULL, json_object('inPeriod', n_in)
    FROM (${runningSums(increments, ['n'])})`;
}

/** 双公示 on time: records decided in the period reported within 7 working days; missing = due by the period's end but not reported by then. */
function doublePublicityOnTime(): string {
  const increments = `SELECT entity_type, entity_id, decision_date AS day,
      sum(records) FILTER (WHERE due IS NOT NULL AND reported_date <= due) AS on_time,
      sum(records) FILTER (WHERE due IS NOT NULL) AS due_total,
      sum(records) FILTER (WHERE due IS NOT NULL AND reported_date > due) AS late,
      sum(records) AS total,
      sum(records) FILTER (WHERE due IS NULL) AS undetermined
    FROM xy_fact GROUP BY ALL`;
  // A late record is missing in every period that ended after it was due and before it came.
  return `WITH s AS (${runningSums(increments, ['on_time', 'due_total', 'late', 'total', 'undetermined'])}),
    missing AS (
      SELECT p.period_type, p.period_start, f.entity_type, f.entity_id, sum(f.records) AS n
      FROM xy_fact f JOIN xy_p p ON p.period_end >= f.due AND p.period_end < f.reported_date
      WHERE f.reported_date > f.due GROUP BY ALL
    )
    SELECT s.period_type, s.period_start, s.period_end, s.entity_type, s.entity_id,
      s.on_time_in / nullif(s.due_total_in, 0), s.on_time_in, s.due_total_in,
      json_object('onTime', s.on_time_in, 'late', s.late_in, 'missing', coalesce(m.n, 0), 'total', s.total_in, 'undetermined', s.undetermined_in)
    FROM s LEFT JOIN missing m USING (period_type, period_start, entity_type, entity_id)`;
}

/**
 * 双公示 rows submitted in the period's batches (by report date): complete = no required field
 * missing; accurate = no code, date or code-list error; compliance = accepted and on time. A
 * record the file repeats with other content is submitted once, as its last row. A rejected row
 * the department sent before, cell for cell, is no new submission (a report exported again in
 * other bytes), as an accepted row equal to its record's version is not.
 */
/**
 * The 双公示 batches that count as submissions (`xy_seen` and the like in `where`): the same file
 * sent again is not a new submission.
 */
export const SUBMITTED_BATCHES = (where = 'true') => `
  SELECT b.id, b.department_id, b.reported_at AS day, b.rows_read - b.rows_duplicate AS submitted
  FROM meta.batch b WHERE b.status = 'loaded' AND b.source_type IN ('licence', 'penalty') AND ${where}
  QUALIFY row_number() OVER (PARTITION BY b.content_hash, b.department_id ORDER BY b.id) = 1`;

/**
 * Rejected 双公示 rows with `first`: false for a row the department sent before, cell for cell
 * (a report exported again in other bytes is no new submission).
 */
export const REJECTED_ROWS = `
  SELECT q.batch_id, q.row_no, q.sheet_no, q.reasons, q.raw,
    row_number() OVER (PARTITION BY s.department_id, s.source_type, hash(q.raw) ORDER BY q.batch_id, q.row_no) = 1 AS first
  FROM meta.quarantine q JOIN meta.batch s ON s.id = q.batch_id
  WHERE s.status = 'loaded' AND s.source_type IN ('licence', 'penalty') AND len(q.reasons) > 0`;

/** A rejected row's reasons that make it incomplete (a required field missing) or inaccurate (any other error). */
export const REJECTED_AS = {
  incomplete: `len(list_filter(reasons, x -> starts_with(x, 'missing:'))) > 0`,
  inaccurate: `len(list_filter(reasons, x -> NOT starts_with(x, 'missing:') AND x <> 'key_repeated_in_file')) > 0`,
} as const;

function doublePublicityQuality(aspect: 'complete' | 'accurate' | 'compliance'): string {
  const good = { complete: 'submitted - incomplete', accurate: 'submitted - inaccurate', compliance: 'on_time' }[aspect];
  return `WITH b AS (${SUBMITTED_BATCHES('xy_seen(b.finished_at)')}
    ), q AS (
      -- A valid row the file itself corrects further down (key_repeated_in_file) is an earlier
      -- version of the record the last row submits: neither a submission of its own nor an error.
      SELECT batch_id AS id,
        count(*) FILTER (WHERE first AND ${REJECTED_AS.incomplete}) AS incomplete,
        count(*) FILTER (WHERE first AND ${REJECTED_AS.inaccurate}) AS inaccurate,
        count(*) FILTER (WHERE reasons = ['key_repeated_in_file'] OR NOT first) AS not_submitted
      FROM (${REJECTED_ROWS}) WHERE batch_id IN (SELECT id FROM b) GROUP BY ALL
    ), t AS (
      SELECT r.batch_id AS id, count(*) FILTER (WHERE r.reported_date <= d.due) AS on_time FROM (
        SELECT batch_id, decision_date, reported_date FROM core.licence UNION ALL SELECT batch_id, decision_date, reported_date FROM core.penalty
      ) r JOIN mart.deadline d ON d.day = r.decision_date GROUP BY ALL
    ), per_batch AS (
      SELECT b.* REPLACE (b.submitted - coalesce(q.not_submitted, 0) AS submitted), dp.district_code,
        coalesce(q.incomplete, 0) AS incomplete, coalesce(q.inaccurate, 0) AS inaccurate, coalesce(t.on_time, 0) AS on_time
      FROM b JOIN ${DEPARTMENT_PLACE} dp USING (department_id) LEFT JOIN q USING (id) LEFT JOIN t USING (id)
    ), per_entity AS (
      SELECT 'department' AS entity_type, department_id AS entity_id, * EXCLUDE (department_id, district_code) FROM per_batch
      UNION ALL SELECT 'district', district_code, * EXCLUDE (department_id, district_code) FROM per_batch WHERE district_code IS NOT NULL
      UNION ALL SELECT 'city', (SELECT code FROM core.area WHERE level = 'city'), * EXCLUDE (department_id, district_code) FROM per_batch
    )
    SELECT ${GRID_COLUMNS}, sum(${good}) / nullif(sum(x.submitted), 0), coalesce(sum(${good}), 0), coalesce(sum(x.submitted), 0),
      json_object('incomplete', coalesce(sum(x.incomplete), 0), 'inaccurate', coalesce(sum(x.inaccurate), 0), 'onTime', coalesce(sum(x.on_time), 0))
    FROM ${GRID} LEFT JOIN per_entity x ON x.entity_type = e.entity_type AND x.entity_id = e.entity_id AND x.day BETWEEN p.period_start AND p.period_end
    GROUP BY ALL`;
}

/** Registered ÷ adults from each street's latest report as of period end; districts and the city add their streets. */
function registrationCoverage(): string {
  return `WITH latest AS (
      SELECT p.period_type, p.period_start, r.street_code, r.registered, r.adults
      FROM xy_p p JOIN core.street_registration r ON r.as_of <= p.period_end AND xy_live(r.loaded_at, r.superseded_at)
      QUALIFY row_number() OVER (PARTITION BY p.period_type, p.period_start, r.street_code ORDER BY r.as_of DESC) = 1
    ), placed AS (
      SELECT e.entity_type, e.entity_id, l.* FROM latest l JOIN core.area s ON s.code = l.street_code
      JOIN xy_entity e ON e.entity_type = 'city' OR (e.entity_type = 'district' AND e.entity_id = s.parent_code)
        OR (e.entity_type = 'street' AND e.entity_id = l.street_code)
    )
    SELECT ${GRID_COLUMNS}, sum(x.registered) / nullif(sum(x.adults), 0), sum(x.registered), sum(x.adults), NULL
    FROM ${GRID} LEFT JOIN placed x ON x.period_type = p.period_type AND x.period_start = p.period_start
      AND x.entity_type = e.entity_type AND x.entity_id = e.entity_id
    GROUP BY ALL`;
}

/** Counts of dated rows in the period (or as of its end), by area and/or department. */
function countIn(rows: string, cumulative: boolean): string {
  const when = cumulative ? `x.day <= p.period_end` : `x.day BETWEEN p.period_start AND p.period_end`;
  return `WITH x0 AS (${rows}), per_entity AS (
      SELECT e.entity_type, e.entity_id, x0.day, x0.n FROM x0
      JOIN xy_entity e ON (e.entity_type = 'city' AND x0.in_city)
        OR (e.entity_type = 'district' AND e.entity_id = x0.district_code)
        OR (e.entity_type = 'street' AND e.entity_id = x0.street_code)
        OR (e.entity_type = 'department' AND e.entity_id = x0.department_id)
    )
    SELECT ${GRID_COLUMNS}, coalesce(sum(x.n), 0), NULL, NULL, NULL
    FROM ${GRID} LEFT JOIN per_entity x ON x.entity_type = e.entity_type AND x.entity_id = e.entity_id AND ${when}
    GROUP BY ALL`;
}

/** Articles: a street's by its street, a department's by its name; districts add their streets'. */
function articles(): string {
  return countIn(`SELECT a.published_on AS day, a.street_code IS NOT NULL AS in_city,
      s.parent_code AS district_code, a.street_code, d.id AS department_id, count(*) AS n
    FROM core.publicity_article a LEFT JOIN core.area s ON s.code = a.street_code
    LEFT JOIN core.department d ON d.name_zh = a.publisher
    WHERE xy_live(a.loaded_at, a.superseded_at) GROUP BY ALL`, false);
}

function pilotVillages(): string {
  return countIn(`SELECT coalesce(v.designated_on, b.reported_at) AS day, true AS in_city, s.parent_code AS district_code,
      v.street_code, NULL AS department_id, count(*) AS n
    FROM core.pilot_village v JOIN core.area s ON s.code = v.street_code JOIN meta.batch b ON b.id = v.batch_id
    WHERE xy_live(v.loaded_at, v.superseded_at) AND v.status <> '已撤销' GROUP BY ALL`, true);
}

function honestyStars(): string {
  return countIn(`SELECT h.awarded_on AS day, true AS in_city, s.parent_code AS district_code, h.street_code, NULL AS department_id, count(*) AS n
    FROM core.honesty_star h JOIN core.area s ON s.code = h.street_code WHERE xy_live(h.loaded_at, h.superseded_at) GROUP BY ALL`, false);
}

/** Subjects on a list at period end (listed by then, not yet removed), placed like their records. */
function listCount(listType: string): string {
  return `WITH l AS (
      SELECT coalesce(c.uscc, c.id_number_hash, c.subject_name) AS subject, c.listed_on, c.removed_on,
        coalesce(sp.district_code, 'unknown') AS district_code, sp.street_code
      FROM core.credit_list c LEFT JOIN xy_subject_place sp ON sp.subject_key = coalesce(c.uscc, c.id_number_hash)
      WHERE xy_live(c.loaded_at, c.superseded_at) AND c.list_type = ${sqlString(listType)}
    ), per_entity AS (
      SELECT e.entity_type, e.entity_id, l.* FROM l
      JOIN xy_entity e ON e.entity_type = 'city' OR (e.entity_type = 'district' AND e.entity_id = l.district_code)
        OR (e.entity_type = 'street' AND e.entity_id = l.street_code)
    )
    SELECT ${GRID_COLUMNS}, count(DISTINCT x.subject), NULL, NULL, NULL
    FROM ${GRID} LEFT JOIN per_entity x ON x.entity_type = e.entity_type AND x.entity_id = e.entity_id
      AND x.listed_on <= p.period_end AND (x.removed_on IS NULL OR x.removed_on > p.period_end)
    GROUP BY ALL`;
}

/**
 * Sub-tasks due by period end and finished by their deadline ÷ sub-tasks due by period end. Each
 * sub-task of the plan (core.plan_task) and responsible unit (a department, or a street office or
 * town the plan gives sub-tasks) is taken from its latest ledger line as of period end (the
 * responsible unit matched by name); one the ledger never mentions counts as unreported (未报送)
 * and, once past the plan's deadline, as overdue — but only from the first ledger report on, so
 * years before the ledger began count nothing. A yearly deadline (12月底) is the one of the year
 * the period begins in, so the week across New Year holds 31 December. Ledger lines outside the plan (its own sub-tasks)
 * count as reported. A street's lines count for the street, its district and the city.
 */
function taskOnTime(): string {
  return `WITH ledger AS (
      SELECT p.period_type, p.period_start, t.task_no, t.subtask_no, ${ledgerDeadline('t', 'p.period_start')} AS deadline, t.status, t.completed_on,
        d.id AS department_id, s.code AS street_code
      FROM xy_p p JOIN core.task_progress t ON t.reported_on <= p.period_end AND xy_live(t.loaded_at, t.superseded_at)
      LEFT JOIN core.department d ON d.name_zh = t.responsible_unit
      LEFT JOIN ${TASK_STREETS} s ON d.id IS NULL AND s.name_zh = t.responsible_unit
      QUALIFY row_number() OVER (PARTITION BY p.period_type, p.period_start, t.task_no, t.subtask_no, t.responsible_unit ORDER BY t.reported_on DESC) = 1
    ), unreported AS (
      SELECT p.period_type, p.period_start, pt.task_no, pt.subtask_no, ${planDeadline('pt', 'p.period_start')} AS deadline,
        '${UNREPORTED}' AS status, NULL::DATE AS completed_on, pt.department_id, pt.street_code
      FROM xy_p p JOIN (SELECT DISTINCT period_type, period_start FROM ledger) USING (period_type, period_start)
      CROSS JOIN ${PLAN_TASK_UNITS} pt
      ANTI JOIN ledger l ON l.period_type = p.period_type AND l.period_start = p.period_start
        AND l.task_no = pt.task_no AND l.subtask_no = pt.subtask_no
        AND l.department_id IS NOT DISTINCT FROM pt.department_id AND l.street_code IS NOT DISTINCT FROM pt.street_code
    ), placed AS (
      SELECT l.*, coalesce(CASE WHEN a.level = 'district' THEN a.code END, dp.district_code, st.district_code) AS district_code
      FROM (SELECT * FROM ledger UNION ALL BY NAME SELECT * FROM unreported) l
      LEFT JOIN core.department d ON d.id = l.department_id
      LEFT JOIN core.area a ON a.code = left(d.area_code, 6)
      LEFT JOIN ${DEPARTMENT_PLACE} dp ON dp.department_id = l.department_id
      LEFT JOIN core.area st ON st.code = l.street_code
    ), per_entity AS (
      SELECT period_type, period_start, 'department' AS entity_type, department_id AS entity_id, deadline, status, completed_on FROM placed WHERE department_id IS NOT NULL
      UNION ALL SELECT period_type, period_start, 'street', street_code, deadline, status, completed_on FROM placed WHERE street_code IS NOT NULL
      UNION ALL SELECT period_type, period_start, 'district', district_code, deadline, status, completed_on FROM placed WHERE district_code IS NOT NULL
      UNION ALL SELECT period_type, period_start, 'city', (SELECT code FROM core.area WHERE level = 'city'), deadline, status, completed_on FROM placed
    )
    SELECT ${GRID_COLUMNS},
      count(*) FILTER (WHERE x.deadline <= p.period_end AND x.status = '已完成' AND x.completed_on <= x.deadline)
        / nullif(count(*) FILTER (WHERE x.deadline <= p.period_end), 0),
      count(*) FILTER (WHERE x.deadline <= p.period_end AND x.status = '已完成' AND x.completed_on <= x.deadline),
      count(*) FILTER (WHERE x.deadline <= p.period_end),
      json_object('overdue', count(*) FILTER (WHERE x.deadline <= p.period_end AND x.status <> '已完成'),
        'late', count(*) FILTER (WHERE x.status = '已完成' AND x.completed_on > x.deadline AND x.deadline <= p.period_end),
        'open', count(*) FILTER (WHERE x.status NOT IN ('已完成', '${UNREPORTED}')), 'total', count(*) FILTER (WHERE x.status <> '${UNREPORTED}'),
        'unreported', count(*) FILTER (WHERE x.status = '${UNREPORTED}'))
    FROM ${GRID} LEFT JOIN per_entity x ON x.period_type = p.period_type AND x.period_start = p.period_start
      AND x.entity_type = e.entity_type AND x.entity_id = e.entity_id
    GROUP BY ALL`;
}

/**
 * The street offices and towns the plan gives sub-tasks (core.plan_task.street_codes): the streets
 * a ledger's responsible unit (责任单位) may name besides departments.
 */
export const TASK_STREETS = `(SELECT code, name_zh, district_code FROM core.area
  WHERE level = 'street' AND code IN (SELECT unnest(street_codes) FROM core.plan_task))`;

/** Each plan sub-task once per responsible unit: a department (department_id) or a street (street_code). */
export const PLAN_TASK_UNITS = `(SELECT *, unnest(department_ids) AS department_id, NULL::VARCHAR AS street_code FROM core.plan_task
  UNION ALL BY NAME SELECT *, NULL::VARCHAR AS department_id, unnest(street_codes) AS street_code FROM core.plan_task)`;

/** The status of a plan sub-task the ledger has never mentioned. */
export const UNREPORTED = '未报送';

/**
 * A plan sub-task's deadline in the year of `day`: its fixed date, else its month-day that year (null: continuing work).
 * A period's deadlines are those of the year it begins in: the week of 2025-12-29..2026-01-04
 * holds 2025's 12月底, not 2026's.
 */
export function planDeadline(task: string, day: string): string {
  return `coalesce(${task}.deadline_date, strptime(year(${day}) || '-' || ${task}.deadline_month_day, '%Y-%m-%d')::DATE)`;
}

/**
 * A ledger line's deadline: its own, but never later than the plan's for that sub-task (a unit
 * cannot put off its deadline by writing a later date; an earlier one set in the ledger holds).
 */
export function ledgerDeadline(line: string, day: string): string {
  return `least(${line}.deadline, (SELECT ${planDeadline('lp', day)} FROM core.plan_task lp WHERE lp.task_no = ${line}.task_no AND lp.subtask_no = ${line}.subtask_no))`;
}

/** Mean calendar days from receipt to decision of the cases decided in the period. */
function handlingDays(caseKind: string): string {
  return `WITH c AS (
      SELECT r.decided_on AS day, date_diff('day', r.received_on, r.decided_on) AS days, r.department_id, dp.district_code
      FROM core.credit_repair r JOIN ${DEPARTMENT_PLACE} dp USING (department_id)
      WHERE xy_live(r.loaded_at, r.superseded_at) AND r.kind = ${sqlString(caseKind)} AND r.decided_on IS NOT NULL
    ), per_entity AS (
      SELECT 'department' AS entity_type, department_id AS entity_id, day, days FROM c
      UNION ALL SELECT 'district', district_code, day, days FROM c WHERE district_code IS NOT NULL
      UNION ALL SELECT 'city', (SELECT code FROM core.area WHERE level = 'city'), day, days FROM c
    )
    SELECT ${GRID_COLUMNS}, avg(x.days), sum(x.days), count(x.days), json_object('max', max(x.days))
    FROM ${GRID} LEFT JOIN per_entity x ON x.entity_type = e.entity_type AND x.entity_id = e.entity_id AND x.day BETWEEN p.period_start AND p.period_end
    GROUP BY ALL`;
}

/** Share of a street's demonstration merchants in the given colour classes, by each one's latest class as of period end. */
function merchantShare(colours: readonly string[]): string {
  return `WITH latest AS (
      SELECT p.period_type, p.period_start, m.uscc, m.colour, m.street_code FROM xy_p p
      JOIN core.merchant m ON m.classed_on <= p.period_end AND xy_seen(m.loaded_at)
      QUALIFY row_number() OVER (PARTITION BY p.period_type, p.period_start, m.uscc ORDER BY m.classed_on DESC, m.loaded_at DESC) = 1
    )
    SELECT ${GRID_COLUMNS},
      count(*) FILTER (WHERE x.colour IN (${colours.map(sqlString).join(', ')})) / nullif(count(x.uscc), 0),
      count(*) FILTER (WHERE x.colour IN (${colours.map(sqlString).join(', ')})), count(x.uscc), NULL
    FROM ${GRID} LEFT JOIN latest x ON x.period_type = p.period_type AND x.period_start = p.period_start
      AND e.entity_type = 'street' AND x.street_code = e.entity_id
    GROUP BY ALL`;
}

const CREDIT = CREDIT_RECORD_TYPES.map((d) => d.id);
const REGISTRIES = ['subject-legal', 'subject-person'];

/**
 * The source types whose rows a measure reads. A batch of another type cannot change the
 * indicator, so an incremental refresh leaves it alone. Registries place every record and are
 * read by all (a registry batch refreshes everything).
 */
export function measureSources(m: Measure): readonly string[] {
  const own: Record<Measure['kind'], readonly string[]> = {
    'record-volume': CREDIT,
    coverage: CREDIT,
    'graded-coverage': ['graded-supervision'],
    'base-list-implementation': ['discipline-implementation'],
    'credit-check-uses': ['credit-check'],
    'double-publicity': ['licence', 'penalty'],
    'registration-coverage': ['street-registration'],
    articles: ['publicity-article'],
    'pilot-villages': ['pilot-village'],
    'honesty-stars': ['honesty-star'],
    'task-on-time': ['task-progress'],
    'handling-days': ['credit-repair'],
    // Listed subjects are placed by where their credit records place them.
    'list-count': CREDIT,
    'merchant-share': ['merchant'],
    'not-collected': [],
  };
  return [...own[m.kind], ...REGISTRIES];
}

/** The SELECT computing an indicator, or null when no source feeds it. */
export function measureSql(def: IndicatorSpec): string | null {
  const m: Measure = def.measure;
  switch (m.kind) {
    case 'record-volume':
      return recordVolume(def.id);
    case 'coverage':
      return m.subjects === 'person' ? personCoverage() : legalCoverage(m.subjects, 'record');
    case 'graded-coverage':
      return legalCoverage(m.subjects, 'graded');
    case 'base-list-implementation':
      return baseListImplementation();
    case 'credit-check-uses':
      return creditCheckUses(m.since);
    case 'double-publicity':
      return m.aspect === 'on_time' ? doublePublicityOnTime() : doublePublicityQuality(m.aspect);
    case 'registration-coverage':
      return registrationCoverage();
    case 'articles':
      return articles();
    case 'pilot-villages':
      return pilotVillages();
    case 'honesty-stars':
      return honestyStars();
    case 'task-on-time':
      return taskOnTime();
    case 'handling-days':
      return handlingDays(m.caseKind);
    case 'list-count':
      return listCount(m.listType);
    case 'merchant-share':
      return merchantShare(m.colours);
    case 'not-collected':
      return null;
  }
}
