/**
 * The 双公示 (double publicity) files: each department's licences and penalties, reported late or
 * on time, as yearly platform exports (with a per-record 上报日期) and then as weekly batches,
 * with deliberately invalid rows, exact duplicates and corrections of earlier records.
 * Pure, no I/O.
 */
import type { Area, Department, Preset } from '../../warehouse/preset/preset-schema.ts';
import { getSourceType } from '../sources/index.ts';
import { corruptIdNumber, corruptUscc } from './codes.ts';
import { type DemoCalendar, formatDate, isoDate, quarterOf, quarterStart, weekday } from './dates.ts';
import { columnsFor, type FileStyle, RECORD_STYLES, REPORTED_FIELD } from './file-styles.ts';
import {
  type Defect, type DemoFormat, type PlannedFile, type PlannedRow, type RenderContext, addDuplicates, countEntry, layoutFor, pickDefect, renderRow,
} from './plan.ts';
import type { Population } from './population.ts';
import type { Rng } from './prng.ts';
import {
  type DepartmentScope, type RecordDraft, type RecordSourceType, SubjectPools, type Values, draftRecords, otherFine, toWanYuan,
} from './records.ts';
import { BAD_DATES, BAD_LICENCE_CATEGORIES, BAD_PENALTY_KINDS, roleOf } from './vocab.ts';

const INVALID_RATE = 0.02;
const DUPLICATE_RATE = 0.01;
/** Share of rows re-submitting earlier records, in the files that carry corrections. */
const CORRECTION_RATE = 0.015;

interface Behaviour {
  late: boolean;
  silent: boolean;
  /** Weekday of weekly batches: 5 = Friday, 1 = Monday. */
  cadence: number;
  style: FileStyle;
}

interface RecordFileDraft {
  scope: DepartmentScope;
  sourceType: RecordSourceType;
  weekly: boolean;
  /** 2025Q3 or the batch day. */
  period: string;
  reportedAt: number;
  rows: { draft: RecordDraft; report: number }[];
  file: string;
  format: DemoFormat;
  style: FileStyle;
}

export interface RecordPlanOptions {
  preset: Preset;
  pop: Population;
  root: Rng;
  calendar: DemoCalendar;
  scale: number;
  /** First decision day, today, and the first day of the weekly batches (day numbers). */
  start: number;
  today: number;
  weeklyStart: number;
}

function districtOf(dept: Department, preset: Preset, cityCode: string): Area | null {
  const code = dept.areaCode.slice(0, 6);
  if (code === cityCode) return null;
  return preset.areas.find((a) => a.level === 'district' && a.code === code) ?? null;
}

const LICENCE_TOTAL = 38_000;
const PENALTY_TOTAL = 22_000;

function lagWorkingDays(rng: Rng): number {
  const r = rng.next();
  if (r < 0.55) return rng.int(1, 3);
  if (r < 0.93) return rng.int(4, 7);
  return rng.int(8, 20);
}

const RECORD_DEFECTS: Record<RecordSourceType, readonly (readonly [Defect, number])[]> = {
  licence: [['bad_uscc', 3], ['bad_id', 1], ['missing_name', 2], ['missing_date', 2], ['future_date', 2], ['bad_date', 2], ['bad_licence_category', 2]],
  penalty: [['bad_uscc', 3], ['bad_id', 1], ['missing_name', 2], ['missing_date', 2], ['future_date', 2], ['bad_date', 2], ['bad_penalty_kind', 2], ['negative_fine', 2], ['fine_missing', 2]],
};

/** Spoils one record in one way; returns the spoiled copy. */
function spoil(draft: RecordDraft, defect: Defect, reportedAt: number, rng: Rng): Values {
  const v: Values = { ...draft.values };
  switch (defect) {
    case 'bad_uscc':
      v.subject_uscc = corruptUscc(draft.values.subject_uscc as string, rng);
      break;
    case 'bad_id':
      v.subject_id = corruptIdNumber(draft.values.subject_id as string, rng);
      break;
    case 'missing_name':
      v.subject_name = null;
      break;
    case 'missing_date':
      v.decision_date = null;
      break;
    case 'future_date':
      v.decision_date = { d: reportedAt + rng.int(3, 60) };
      break;
    case 'bad_date':
      v.decision_date = { raw: rng.pick(BAD_DATES) };
      break;
    case 'bad_licence_category':
      v.licence_category = rng.pick(BAD_LICENCE_CATEGORIES);
      break;
    case 'bad_penalty_kind':
      v.penalty_types = rng.pick(BAD_PENALTY_KINDS);
      break;
    case 'negative_fine':
      v.fine_amount = { n: -toWanYuan(draft.fineYuan ?? 500) };
      break;
    case 'fine_missing':
      if (!String(v.penalty_types).split(';').includes('罚款')) v.penalty_types = '罚款';
      v.fine_amount = null;
      break;
    default:
      throw new Error(`defect ${defect} does not apply to a ${draft.sourceType}`);
  }
  return v;
}

function applicableDefects(draft: RecordDraft, format: DemoFormat): readonly (readonly [Defect, number])[] {
  return RECORD_DEFECTS[draft.sourceType].filter(([d]) => {
    if (d === 'bad_uscc') return !draft.person;
    if (d === 'bad_id') return draft.person;
    // A Parquet export has a typed DATE column: an impossible date cannot be written there.
    if (d === 'bad_date') return format !== 'parquet';
    return true;
  });
}

/** A re-submission of an earlier record with changed content (and fine). */
function correct(draft: RecordDraft, rng: Rng): Values {
  const v: Values = { ...draft.values, remark: '数据更正' };
  if (draft.sourceType === 'licence') {
    const contents = draft.licenceItem!.contents.filter((c) => c !== draft.values.content);
    v.content = contents.length > 0 ? rng.pick(contents) : `${String(draft.values.content)}（变更）`;
  } else if (draft.fineYuan !== null) {
    const fine = otherFine(rng, draft.violation!.fine, draft.fineYuan);
    const wan = (y: number) => (y >= 10_000 && y % 10_000 === 0 ? `${y / 10_000}万元` : `${y}元`);
    v.fine_amount = { n: toWanYuan(fine) };
    v.content = String(draft.values.content).replace(`罚款人民币${wan(draft.fineYuan)}`, `罚款人民币${wan(fine)}`);
  } else {
    v.content = `${String(draft.values.content)}，责令限期改正`;
  }
  return v;
}

/** Fields that may be written full-width: the subject's code, its name, the decision date. */
const TOUCH_RECORD: [string, string, string] = ['subject_uscc', 'subject_name', 'decision_date'];

/** JSON Lines and Parquet come from systems, not spreadsheets: standard headers, ISO dates. */
function styleOf(f: RecordFileDraft): FileStyle {
  return f.format === 'jsonl' || f.format === 'parquet' ? { ...RECORD_STYLES[0]!, dates: 'iso' } : f.style;
}

function typeZh(t: RecordSourceType): string {
  return t === 'licence' ? '行政许可' : '行政处罚';
}

function periodTitle(f: RecordFileDraft): string {
  if (!f.weekly) return `${f.period}年度`;
  const from = formatDate(f.reportedAt - 6, 'zh');
  const to = formatDate(f.reportedAt, 'zh');
  return `${from}至${to.slice(5)}`;
}

/**
 * Departments that decide licences or penalties, each with its export style and weekly cadence;
 * two or three are habitually late and one stops reporting in the weekly period.
 */
function departmentBehaviour(o: RecordPlanOptions): { scopes: DepartmentScope[]; behaviour: Map<string, Behaviour> } {
  const { preset } = o;
  const scopes: DepartmentScope[] = [];
  for (const dept of preset.departments) {
    const role = roleOf(dept.nameZh);
    if (role && role.licenceWeight + role.penaltyWeight > 0) scopes.push({ dept, role, district: districtOf(dept, preset, o.pop.geo.city.code) });
  }
  if (scopes.length === 0) throw new Error(`preset ${preset.id} has no department that decides licences or penalties`);
  const rng = o.root.fork('behaviour');
  const styleOrder = rng.shuffle([...RECORD_STYLES]);
  const behaviour = new Map<string, Behaviour>();
  scopes.forEach((s, i) => behaviour.set(s.dept.id, { late: false, silent: false, cadence: rng.chance(0.75) ? 5 : 1, style: styleOrder[i % styleOrder.length]! }));
  // The big approval bureaux are never the late ones: lateness is a story of smaller units.
  const candidates = rng.shuffle(scopes.filter((s) => s.role.licenceWeight < 10));
  const lateCount = scopes.length >= 8 ? 3 : Math.min(2, candidates.length);
  candidates.slice(0, lateCount).forEach((s) => (behaviour.get(s.dept.id)!.late = true));
  const silent = candidates.slice(lateCount).find((s) => s.role.penaltyWeight > 0) ?? candidates[lateCount];
  if (silent) behaviour.get(silent.dept.id)!.silent = true;
  return { scopes, behaviour };
}

/** Records per department and type: the totals shared by role weight, city units a little busier. */
function recordCounts(o: RecordPlanOptions, scopes: readonly DepartmentScope[]): Map<string, number> {
  const rng = o.root.fork('volumes');
  const counts = new Map<string, number>();
  for (const t of ['licence', 'penalty'] as const) {
    const weights = scopes.map((s) => (t === 'licence' ? s.role.licenceWeight : s.role.penaltyWeight) * (s.district ? 1 : 1.3) * (0.7 + 0.6 * rng.next()));
    const sum = weights.reduce((a, b) => a + b, 0);
    const total = Math.round((t === 'licence' ? LICENCE_TOTAL : PENALTY_TOTAL) * o.scale);
    scopes.forEach((s, i) => counts.set(`${s.dept.id}|${t}`, Math.round((total * weights[i]!) / sum)));
  }
  return counts;
}

/**
 * Drafts every department's records and puts each in the file that reports it: a yearly
 * export while its report day is before the weekly period, else the department's next weekly
 * batch (none for the silent department; none yet when that batch would be after today).
 */
function placeRecords(o: RecordPlanOptions, scopes: readonly DepartmentScope[], behaviour: ReadonlyMap<string, Behaviour>): RecordFileDraft[] {
  const counts = recordCounts(o, scopes);
  const pools = new SubjectPools(o.pop);
  const files = new Map<string, RecordFileDraft>();
  for (const scope of scopes) {
    const beh = behaviour.get(scope.dept.id)!;
    const batchDays: number[] = [];
    for (let d = o.weeklyStart; d <= o.today; d++) if (weekday(d) === beh.cadence) batchDays.push(d);
    for (const sourceType of ['licence', 'penalty'] as const) {
      const count = counts.get(`${scope.dept.id}|${sourceType}`) ?? 0;
      const rng = o.root.fork(`records:${scope.dept.id}:${sourceType}`);
      const drafts = draftRecords({ scope, geo: o.pop.geo, pools, outsiders: o.pop.outsiders, sourceType, count, from: o.start, to: o.today, rng, calendar: o.calendar });
      for (const draft of drafts) {
        const r = beh.late ? draft.decision + rng.int(10, 30) : o.calendar.addWorkingDays(draft.decision, lagWorkingDays(rng), o.today);
        let report: number;
        let period: string;
        let reportedAt: number;
        const weekly = r >= o.weeklyStart;
        if (!weekly) {
          // One platform export per department and year keeps the demo to a few hundred batches.
          const { year } = quarterOf(r);
          period = `${year}`;
          report = r;
          reportedAt = Math.min(quarterStart(year + 1, 1) - 1, o.weeklyStart - 1);
        } else {
          if (beh.silent) continue;
          const base = beh.late ? r : draft.decision + (rng.chance(0.92) ? 1 : 8);
          const batch = batchDays.find((d) => d >= base);
          if (batch === undefined) continue; // not reported yet
          period = isoDate(batch);
          report = batch;
          reportedAt = batch;
        }
        const key = `${scope.dept.id}|${sourceType}|${period}`;
        let f = files.get(key);
        if (!f) {
          const stamp = weekly ? period.replaceAll('-', '') : period;
          const ext = beh.style.format === 'xlsx' ? 'xlsx' : 'csv';
          f = {
            scope, sourceType, weekly, period, reportedAt, rows: [], style: beh.style, format: beh.style.format,
            file: `${weekly ? `weekly/${period}` : `history/${period}`}/${scope.dept.id}-${sourceType}-${stamp}.${ext}`,
          };
          files.set(key, f);
        }
        f.rows.push({ draft, report });
      }
    }
  }
  return [...files.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** One platform export arrives as Parquet and one weekly batch as JSON Lines. */
function chooseSpecialFormats(files: readonly RecordFileDraft[], rng: Rng): void {
  const switchFormat = (f: RecordFileDraft | undefined, format: DemoFormat) => {
    if (!f) return;
    f.format = format;
    f.file = f.file.replace(/\.(csv|xlsx)$/, `.${format}`);
  };
  const bigHistory = files.filter((f) => !f.weekly && f.format === 'csv' && f.rows.length >= 20);
  const history = files.filter((f) => !f.weekly);
  const parquet = bigHistory.length > 0 ? rng.pick(bigHistory) : history.length > 0 ? rng.pick(history) : undefined;
  switchFormat(parquet, 'parquet');
  const jsonl = files.filter((f) => f.weekly && f.format === 'csv' && f.rows.length >= 5 && f.scope !== parquet?.scope);
  switchFormat(jsonl.length > 0 ? rng.pick(jsonl) : undefined, 'jsonl');
}

/**
 * The 双公示 files of a demo, in load order (by report date). Rows are spoiled, corrected,
 * rendered and duplicated file by file, each department's files in report order so that a
 * correction always re-submits a record of an earlier file.
 */
export function planRecordFiles(o: RecordPlanOptions): PlannedFile[] {
  const { scopes, behaviour } = departmentBehaviour(o);
  const drafts = placeRecords(o, scopes, behaviour);
  chooseSpecialFormats(drafts, o.root.fork('special-formats'));

  const byDeptThenDate = [...drafts].sort((a, b) =>
    a.scope.dept.id < b.scope.dept.id ? -1 : a.scope.dept.id > b.scope.dept.id ? 1
      : a.sourceType < b.sourceType ? -1 : a.sourceType > b.sourceType ? 1 : a.reportedAt - b.reportedAt);
  const correctable = new Map<string, RecordDraft[]>();
  const corrected = new Set<RecordDraft>();
  const weeklyBatches = new Map<string, number[]>();
  for (const f of byDeptThenDate) {
    if (!f.weekly) continue;
    const k = `${f.scope.dept.id}|${f.sourceType}`;
    weeklyBatches.set(k, [...(weeklyBatches.get(k) ?? []), f.reportedAt]);
  }
  const out: PlannedFile[] = [];
  let lastCorrectable: { f: RecordFileDraft; planned: PlannedFile; earlier: RecordDraft[] } | null = null;
  let totalCorrections = 0;

  for (const f of byDeptThenDate) {
    const rng = o.root.fork(`file:${f.file}`);
    const style = styleOf(f);
    const columns = columnsFor(getSourceType(f.sourceType), style, o.root.fork(`columns:${f.scope.dept.id}:${f.sourceType}`), !f.weekly);
    const rctx: RenderContext = { format: f.format, style, rng };
    const key = `${f.scope.dept.id}|${f.sourceType}`;
    const pool = correctable.get(key) ?? [];
    correctable.set(key, pool);

    f.rows.sort((a, b) => a.report - b.report || a.draft.decision - b.draft.decision);
    let rows: PlannedRow[] = [];
    const fresh: RecordDraft[] = [];
    for (const { draft, report } of f.rows) {
      let values = draft.values;
      let defect: Defect | null = null;
      if (rng.chance(INVALID_RATE)) {
        defect = pickDefect(rng, applicableDefects(draft, f.format));
        values = spoil(draft, defect, f.reportedAt, rng);
      } else {
        fresh.push(draft);
      }
      const withReport = f.weekly ? values : { ...values, [REPORTED_FIELD]: { d: report } };
      rows.push({ cells: renderRow(withReport, columns, rctx, TOUCH_RECORD), defect, duplicateOf: null, correction: false });
    }

    // Corrections come in some of each department's last three weekly batches.
    const recent = (weeklyBatches.get(key) ?? []).slice(-3);
    const available = pool.filter((d) => !corrected.has(d));
    if (f.weekly && recent.includes(f.reportedAt) && available.length > 0 && rng.chance(0.6)) {
      const n = Math.min(available.length, Math.floor(rows.length * CORRECTION_RATE + rng.next()));
      for (let k = 0; k < n; k++) {
        const original = rng.pick(available.filter((d) => !corrected.has(d)));
        corrected.add(original);
        const cells = renderRow(correct(original, rng), columns, rctx, TOUCH_RECORD);
        rows.splice(rng.int(0, rows.length), 0, { cells, defect: null, duplicateOf: null, correction: true });
        totalCorrections++;
      }
    }
    rows = addDuplicates(rows, DUPLICATE_RATE, rng);
    pool.push(...fresh);

    const title = `${f.scope.dept.nameZh}${typeZh(f.sourceType)}信息（${periodTitle(f)}）`;
    const planned: PlannedFile = {
      entry: {
        file: f.file, sourceType: f.sourceType, departmentId: f.scope.dept.id, reportedAt: isoDate(f.reportedAt), format: f.format,
        ...(f.format === 'csv' ? { encoding: style.encoding } : f.format === 'jsonl' ? { encoding: 'utf-8' as const } : {}),
        ...countEntry(rows),
      },
      columns, rows, layout: layoutFor(f.format, style, title, typeZh(f.sourceType), f.reportedAt),
    };
    out.push(planned);
    if (f.weekly && available.length > 0) lastCorrectable = { f, planned, earlier: available };
  }

  // Small demos still show one correction, so the correction path is always exercised.
  if (totalCorrections === 0 && lastCorrectable) {
    const { f, planned, earlier } = lastCorrectable;
    const rng = o.root.fork(`forced-correction:${f.file}`);
    const cells = renderRow(correct(rng.pick(earlier), rng), planned.columns, { format: f.format, style: styleOf(f), rng }, TOUCH_RECORD);
    planned.rows.push({ cells, defect: null, duplicateOf: null, correction: true });
    Object.assign(planned.entry, countEntry(planned.rows));
  }

  return out.sort((a, b) =>
    a.entry.reportedAt < b.entry.reportedAt ? -1 : a.entry.reportedAt > b.entry.reportedAt ? 1 : a.entry.file < b.entry.file ? -1 : 1);
}
