/**
 * The shape of a demo plan (files, rows, the manifest) and how planned values become cells in a
 * given file style. Pure, no I/O: writers.ts puts the cells on disk.
 */
import { toFullWidth } from './codes.ts';
import { DATE_STYLES, excelSerial, formatDate, formatMonth, isoDate } from './dates.ts';
import { type FileStyle, type PlannedColumn, VALUE_VARIANTS } from './file-styles.ts';
import type { Rng } from './prng.ts';
import type { Value, Values } from './records.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import type { Cell, Column, FileLayout } from './writers.ts';

export type DemoSourceType = string;
export type DemoFormat = 'csv' | 'xlsx' | 'jsonl' | 'parquet';

export interface DemoFileEntry {
  /** Path relative to the output folder. */
  file: string;
  sourceType: DemoSourceType;
  departmentId: string;
  /** YYYY-MM-DD the batch was submitted. */
  reportedAt: string;
  format: DemoFormat;
  encoding?: 'utf-8' | 'gbk';
  /** Data rows written (header and title rows not counted). */
  rows: number;
  /** Rows deliberately made invalid, one defect each. */
  invalidRows: number;
  /** Rows repeating an earlier row of the same file byte for byte. */
  exactDuplicates: number;
  /** Rows re-submitting an earlier document number with changed content. */
  corrections: number;
}

export interface DemoManifest {
  preset: string;
  seed: number;
  scale: number;
  today: string;
  /** In load order: registries first, then by reportedAt. */
  files: DemoFileEntry[];
}

export interface DemoOptions {
  preset: Preset;
  outDir: string;
  /** Multiplies the counts of subjects, persons and records (1 ≈ 20k firms, 30k persons, 60k records). */
  scale?: number;
  seed?: number;
  /** The demo's "now" (YYYY-MM-DD): nothing is decided or reported after it. */
  today: string;
}

/** Why a planned row is invalid; exported for tests that check each defect is really one. */
export type Defect =
  | 'bad_uscc' | 'bad_id' | 'missing_name' | 'missing_date' | 'future_date' | 'bad_date'
  | 'bad_licence_category' | 'bad_penalty_kind' | 'negative_fine' | 'fine_missing'
  | 'unknown_area' | 'future_established'
  // Generic defects of the other source types (see source-files.ts).
  | 'missing_required' | 'bad_enum' | 'bad_count';

export interface PlannedRow {
  cells: Cell[];
  defect: Defect | null;
  /** Index of the row this one repeats byte for byte. */
  duplicateOf: number | null;
  correction: boolean;
}

export interface PlannedFile {
  entry: DemoFileEntry;
  columns: PlannedColumn[];
  rows: PlannedRow[];
  layout: FileLayout;
}

export interface DemoPlan {
  manifest: DemoManifest;
  files: PlannedFile[];
}

// ---------------------------------------------------------------------------------------------
// Rendering planned values into cells

export interface RenderContext {
  format: DemoFormat;
  style: FileStyle;
  rng: Rng;
}

function dateStyleFor(ctx: RenderContext): (typeof DATE_STYLES)[number] {
  return ctx.style.dates === 'mixed' ? ctx.rng.pick(DATE_STYLES) : ctx.style.dates;
}

function renderValue(v: Value, field: string, ctx: RenderContext): Cell {
  if (v === null) return null;
  if (typeof v === 'string') {
    const variants = ctx.style.valueAliases ? VALUE_VARIANTS[field]?.[v] : undefined;
    // A department's system writes one variant; use the first, the later ones for a few rows.
    if (variants) return ctx.rng.chance(0.85) ? variants[0]! : ctx.rng.pick(variants);
    return v;
  }
  if ('raw' in v) return v.raw;
  if ('m' in v) return formatMonth(v.m, ctx.format === 'csv' || ctx.format === 'xlsx' ? dateStyleFor(ctx) : 'iso');
  if ('n' in v) {
    if (ctx.format === 'csv') return ctx.style.amountFixed ? v.n.toFixed(4) : String(v.n);
    return v.n;
  }
  switch (ctx.format) {
    case 'parquet':
      return { date: v.d };
    case 'jsonl':
      return isoDate(v.d);
    case 'xlsx':
      if (ctx.style.xlsxDates === 'date') return { date: v.d };
      if (ctx.style.xlsxDates === 'serial') return excelSerial(v.d);
      return formatDate(v.d, dateStyleFor(ctx));
    case 'csv':
      return formatDate(v.d, dateStyleFor(ctx));
  }
}

/** Writes some codes, dates or names with full-width characters, as input methods do. */
function fullWidthTouch(cells: Cell[], columns: readonly PlannedColumn[], ctx: RenderContext, codeField: string, nameField: string, dateField: string): void {
  if (ctx.style.fullWidthRate === 0 || !ctx.rng.chance(ctx.style.fullWidthRate)) return;
  const at = (f: string) => columns.findIndex((c) => c.field === f);
  const target = ctx.rng.pick(['code', 'name', 'date'] as const);
  const field = target === 'code' ? codeField : target === 'name' ? nameField : dateField;
  const i = at(field);
  const v = i < 0 ? null : cells[i];
  if (typeof v !== 'string' || v === '') return;
  cells[i] = target === 'name' ? (ctx.rng.chance(0.5) ? `\u3000${v}` : `${v}\u3000`) : toFullWidth(v);
}

export function renderRow(values: Values, columns: readonly PlannedColumn[], ctx: RenderContext, touch: [string, string, string]): Cell[] {
  const cells = columns.map((c) => renderValue(values[c.field] ?? null, c.field, ctx));
  fullWidthTouch(cells, columns, ctx, ...touch);
  return cells;
}

/** Inserts exact copies of some clean rows at later positions. */
export function addDuplicates(rows: PlannedRow[], rate: number, rng: Rng): PlannedRow[] {
  const n = Math.floor(rows.length * rate + rng.next());
  const clean = rows.map((r, i) => (r.defect === null && !r.correction ? i : -1)).filter((i) => i >= 0);
  if (n === 0 || clean.length === 0) return rows;
  const copies = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const original = rng.pick(clean);
    const after = rng.int(original, rows.length - 1);
    copies.set(after, [...(copies.get(after) ?? []), original]);
  }
  const out: PlannedRow[] = [];
  const newIndex = new Map<number, number>();
  rows.forEach((r, i) => {
    newIndex.set(i, out.length);
    out.push(r);
    for (const original of copies.get(i) ?? []) {
      out.push({ cells: rows[original]!.cells, defect: null, duplicateOf: newIndex.get(original)!, correction: false });
    }
  });
  return out;
}

export function countEntry(rows: readonly PlannedRow[]): Pick<DemoFileEntry, 'rows' | 'invalidRows' | 'exactDuplicates' | 'corrections'> {
  return {
    rows: rows.length,
    invalidRows: rows.filter((r) => r.defect !== null).length,
    exactDuplicates: rows.filter((r) => r.duplicateOf !== null).length,
    corrections: rows.filter((r) => r.correction).length,
  };
}

export function layoutFor(format: DemoFormat, style: FileStyle, title: string, sheetName: string, day: number): FileLayout {
  switch (format) {
    case 'csv':
      return { format: 'csv', encoding: style.encoding, bom: style.bom, eol: style.eol, quoteAll: style.quoteAll };
    case 'xlsx':
      return { format: 'xlsx', title, sheetName, createdDay: day };
    case 'jsonl':
      return { format: 'jsonl' };
    case 'parquet':
      return { format: 'parquet' };
  }
}

export const toColumns = (cols: readonly PlannedColumn[]): Column[] => cols.map((c) => ({ header: c.header, kind: c.kind }));

export function pickDefect(rng: Rng, list: readonly (readonly [Defect, number])[]): Defect {
  return rng.weighted(list.map((d) => d[0]), list.map((d) => d[1]));
}
