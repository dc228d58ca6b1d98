/**
 * Files of the source types beyond the registries and 双公示 templates, planned generically from
 * their definitions: a department's export style, a few rows spoiled in ways the definition
 * rejects (missing required value, impossible or future date, value outside the code list, bad
 * USCC / ID / count, unknown area), a few exact duplicates. What the rows say is the business of
 * the story modules (credit-files.ts, supervision-files.ts, street-files.ts, merchant-files.ts).
 * Pure, no I/O.
 */
import { getSourceType } from '../sources/index.ts';
import type { FieldDef, SourceType } from '../sources/source-type.ts';
import { corruptIdNumber, corruptUscc } from './codes.ts';
import type { Area, Department, Preset } from '../../warehouse/preset/preset-schema.ts';
import { addMonths, dayNumber, isoDate, quarterOf, quarterStart } from './dates.ts';
import { columnsFor, RECORD_STYLES, type FileStyle } from './file-styles.ts';
import { type Defect, type PlannedFile, type PlannedRow, type RenderContext, addDuplicates, countEntry, layoutFor, renderRow } from './plan.ts';
import type { RecordPlanOptions } from './double-publicity.ts';
import type { LegalSubject, Population } from './population.ts';
import type { Rng } from './prng.ts';
import type { Value, Values } from './records.ts';
import { BAD_DATES } from './vocab.ts';

/** One file a department sends: its rows as clean values keyed by field name. */
export interface SourceFileSpec {
  sourceType: string;
  departmentId: string;
  /** Day number the file is submitted. */
  reportedAt: number;
  /** Path relative to the demo folder, without extension (the style decides .csv or .xlsx). */
  path: string;
  /** Title row of an .xlsx, then '·' and the sheet's name. */
  title: string;
  rows: Values[];
  /** Spoil rows at this rate (default 1.5%); 0 for small hand-kept lists. */
  invalidRate?: number;
}

const DEFAULT_INVALID_RATE = 0.015;
const DUPLICATE_RATE = 0.005;
const BAD_ENUM_VALUES = ['待定', '不详', '见附件', '其它情况'] as const;
const BAD_COUNTS = ['若干', '-3', '约100', '12.5'] as const;
const UNKNOWN_AREAS = ['幸福街道', '未知区', '370399999'] as const;

type Spoil = { defect: Defect; apply: (v: Values, rng: Rng, reportedAt: number) => void };

const present = (v: Value | undefined): boolean => v !== null && v !== undefined && v !== '';

/** Every way a row of this definition can be spoiled, given its clean values. */
function spoils(def: SourceType, values: Values): Spoil[] {
  const out: Spoil[] = [];
  for (const f of def.fields) {
    const has = present(values[f.name]);
    if (f.required && has) out.push({ defect: 'missing_required', apply: (v) => void (v[f.name] = null) });
    if (!has) continue;
    switch (f.type) {
      case 'date':
        out.push({ defect: 'bad_date', apply: (v, rng) => void (v[f.name] = { raw: rng.pick(BAD_DATES) }) });
        if (f.notFuture) out.push({ defect: 'future_date', apply: (v, rng, at) => void (v[f.name] = { d: at + rng.int(3, 60) }) });
        break;
      case 'month':
        if (f.notFuture) out.push({ defect: 'future_date', apply: (v, rng, at) => void (v[f.name] = { m: at + rng.int(40, 90) }) });
        break;
      case 'enum':
        out.push({ defect: 'bad_enum', apply: (v, rng) => void (v[f.name] = rng.pick(BAD_ENUM_VALUES)) });
        break;
      case 'count':
        out.push({ defect: 'bad_count', apply: (v, rng) => void (v[f.name] = rng.pick(BAD_COUNTS)) });
        break;
      case 'uscc':
        out.push({ defect: 'bad_uscc', apply: (v, rng) => void (v[f.name] = corruptUscc(String(v[f.name]), rng)) });
        break;
      case 'id_number':
        out.push({ defect: 'bad_id', apply: (v, rng) => void (v[f.name] = corruptIdNumber(String(v[f.name]), rng)) });
        break;
      case 'area':
        out.push({ defect: 'unknown_area', apply: (v, rng) => void (v[f.name] = rng.pick(UNKNOWN_AREAS)) });
        break;
      default:
        break;
    }
  }
  return out;
}

/** Fields a typist's full-width slip may touch: the first code, required text and date. */
function touchFields(def: SourceType): [string, string, string] {
  const first = (p: (f: FieldDef) => boolean) => def.fields.find(p)?.name ?? '';
  return [first((f) => f.type === 'uscc'), first((f) => f.type === 'text' && f.required === true), first((f) => f.type === 'date')];
}

/** Each department keeps one export style for everything it sends (CSV or .xlsx). */
export function styleOfDepartment(departmentId: string, root: Rng): FileStyle {
  return root.fork(`source-style:${departmentId}`).pick(RECORD_STYLES);
}

/** The planned file: header in the department's style, rows rendered, spoiled and duplicated. */
export function planSourceFile(spec: SourceFileSpec, root: Rng): PlannedFile {
  const def = getSourceType(spec.sourceType);
  const style = styleOfDepartment(spec.departmentId, root);
  const rng = root.fork(`source-file:${spec.path}`);
  const columns = columnsFor(def, style, root.fork(`source-columns:${spec.departmentId}:${spec.sourceType}`), false);
  const format = style.format;
  const ctx: RenderContext = { format, style, rng };
  const touch = touchFields(def);
  const rate = spec.invalidRate ?? DEFAULT_INVALID_RATE;
  let rows: PlannedRow[] = spec.rows.map((values) => {
    const options = rate > 0 && rng.chance(rate) ? spoils(def, values) : [];
    if (options.length === 0) return { cells: renderRow(values, columns, ctx, touch), defect: null, duplicateOf: null, correction: false };
    const spoil = rng.pick(options);
    const spoiled = { ...values };
    spoil.apply(spoiled, rng, spec.reportedAt);
    return { cells: renderRow(spoiled, columns, ctx, touch), defect: spoil.defect, duplicateOf: null, correction: false };
  });
  rows = addDuplicates(rows, DUPLICATE_RATE, rng);
  const file = `${spec.path}.${format === 'xlsx' ? 'xlsx' : 'csv'}`;
  const [title, sheet] = spec.title.split('·') as [string, string | undefined];
  return {
    entry: {
      file, sourceType: spec.sourceType, departmentId: spec.departmentId, reportedAt: isoDate(spec.reportedAt), format,
      ...(format === 'csv' ? { encoding: style.encoding } : {}),
      ...countEntry(rows),
    },
    columns, rows, layout: layoutFor(format, style, title, (sheet ?? title).slice(0, 31), spec.reportedAt),
  };
}

// ---------------------------------------------------------------------------------------------
// What the story modules share

/** What a story module plans from: the same inputs as the 双公示 files. */
export type StoryContext = RecordPlanOptions;

/** The first department matching a pattern, looked for in each area in turn. */
export function findDepartment(preset: Preset, pattern: RegExp, areaCodes: readonly string[]): Department | undefined {
  for (const code of areaCodes) {
    const d = preset.departments.find((x) => x.areaCode.slice(0, 6) === code && pattern.test(x.nameZh));
    if (d) return d;
  }
  return undefined;
}

/** The district whose departments the preset lists (the demo's district-level story happens there). */
export function homeDistrict(ctx: StoryContext): Area {
  const counts = new Map<string, number>();
  for (const d of ctx.preset.departments) counts.set(d.areaCode.slice(0, 6), (counts.get(d.areaCode.slice(0, 6)) ?? 0) + 1);
  const ranked = [...ctx.pop.geo.districts].sort((a, b) => (counts.get(b.code) ?? 0) - (counts.get(a.code) ?? 0));
  return ranked[0]!;
}

export interface Span {
  label: string;
  from: number;
  to: number;
}

/** Calendar quarters from `start` that have ended by `today`, plus the running one up to `today`. */
export function quartersUntil(start: number, today: number): Span[] {
  const out: Span[] = [];
  let { year, quarter } = quarterOf(start);
  for (;;) {
    const from = quarterStart(year, quarter);
    if (from > today) break;
    const next = quarter === 4 ? quarterStart(year + 1, 1) : quarterStart(year, quarter + 1);
    out.push({ label: `${year}Q${quarter}`, from: Math.max(from, start), to: Math.min(next - 1, today) });
    quarter = quarter === 4 ? 1 : quarter + 1;
    if (quarter === 1) year++;
  }
  return out;
}

/** Months from `start` to `today`, the running one included. */
export function monthsUntil(start: number, today: number): Span[] {
  const out: Span[] = [];
  let from = dayNumber(`${isoDate(start).slice(0, 7)}-01`);
  while (from <= today) {
    const next = addMonths(from, 1);
    out.push({ label: isoDate(from).slice(0, 7), from, to: Math.min(next - 1, today) });
    from = next;
  }
  return out;
}

/**
 * The first working day on or after `day`; past `today` just a day after it (the demo never
 * asks the calendar about days after its today, which may not be covered yet).
 */
export function workingDayFrom(ctx: StoryContext, day: number): number {
  let d = day;
  while (d <= ctx.today && !ctx.calendar.isWorkingDay(d)) d++;
  return d <= ctx.today ? d : Math.max(d, ctx.today + 1);
}

/** Enterprises and other legal subjects of the registry, alive, optionally of one district. */
export function liveSubjects(pop: Population, district?: Area): LegalSubject[] {
  return pop.subjects.filter((s) => s.inRegistry && s.status === '存续' && (!district || s.district.code === district.code));
}
