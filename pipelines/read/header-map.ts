/**
 * Finds the header row of a department's sheet (title rows may sit above it) and maps its
 * columns onto a source type's fields by Chinese header, template code or alias.
 * Pure, no I/O.
 */
import { normalizeHeader } from '../../lib/text.ts';
import type { SourceType } from '../sources/source-type.ts';

export interface HeaderMapping {
  /** 0-based index of the header row among the rows given. */
  headerIndex: number;
  /** Field name per column (null for columns no field claims). */
  columns: (string | null)[];
  /** Headers that matched no field: reported to the user, not loaded. */
  ignored: string[];
  /** Required fields with no column. */
  missingRequired: string[];
}

/** Lookup from normalised header text to field name, built once per source type. */
export function headerIndex(def: SourceType): Map<string, string> {
  const index = new Map<string, string>();
  for (const f of def.fields) {
    for (const h of [f.headerZh, f.code, f.name, ...(f.aliases ?? [])]) {
      if (h === undefined) continue;
      const key = normalizeHeader(h);
      if (!index.has(key)) index.set(key, f.name);
    }
  }
  return index;
}

/**
 * Maps one row of header cells; the first column claiming a field wins, later duplicates are
 * ignored (and reported).
 * @example mapHeader(licence, ['行政相对人名称', 'XK_WSH']).columns // ['subject_name', 'doc_no']
 */
export function mapHeader(def: SourceType, cells: readonly (string | null)[]): Omit<HeaderMapping, 'headerIndex'> {
  return mapColumns(def, cells.map((cell) => (cell === null || cell.trim() === '' ? [] : [cell])), cells);
}

/** Per column, the first candidate heading that names a field not yet claimed wins. */
function mapColumns(def: SourceType, candidates: readonly string[][], shown: readonly (string | null)[]): Omit<HeaderMapping, 'headerIndex'> {
  const index = headerIndex(def);
  const taken = new Set<string>();
  const ignored: string[] = [];
  const columns = candidates.map((options, c) => {
    if (options.length === 0) return null;
    for (const h of options) {
      const field = index.get(normalizeHeader(h));
      if (field !== undefined && !taken.has(field)) {
        taken.add(field);
        return field;
      }
    }
    ignored.push(shown[c] ?? options[0]!);
    return null;
  });
  const missingRequired = def.fields.filter((f) => f.required && !taken.has(f.name)).map((f) => f.headerZh);
  return { columns, ignored, missingRequired };
}

const mappedCount = (m: Omit<HeaderMapping, 'headerIndex'>): number => m.columns.filter((c) => c !== null).length;

/**
 * The header row is the first of the leading rows that names at least `minHeaderMatches`
 * fields; null when none does (the file is not of this source type). A second header row
 * beneath it is read with it (see `withSubHeader`); the data then starts below that.
 */
export function findHeader(def: SourceType, rows: readonly (readonly (string | null)[])[], maxScan = 30): HeaderMapping | null {
  for (let i = 0; i < Math.min(rows.length, maxScan); i++) {
    const mapped = mapHeader(def, rows[i]!);
    const matches = mappedCount(mapped);
    if (matches < def.minHeaderMatches) continue;
    const next = rows[i + 1];
    const two = next ? withSubHeader(def, rows[i]!, next, mapped) : null;
    return two ? { headerIndex: i + 1, ...two } : { headerIndex: i, ...mapped };
  }
  return null;
}

/**
 * Of `types`, the one whose header row names the most columns of these leading rows (the first
 * on a tie), with how many it names; null when none finds its header.
 * @example bestSourceType(Object.values(SOURCE_TYPES), rows) // { def: licence, matched: 14 }
 */
export function bestSourceType(types: readonly SourceType[], rows: readonly (readonly (string | null)[])[]): { def: SourceType; matched: number } | null {
  let best: { def: SourceType; matched: number } | null = null;
  for (const def of types) {
    const mapping = findHeader(def, rows);
    const matched = mapping ? mappedCount(mapping) : 0;
    if (mapping && (!best || matched > best.matched)) best = { def, matched };
  }
  return best;
}

/**
 * Another of `types` whose header names more columns of these leading rows than `mapping` (the
 * requested type's header) does, with both counts, when the requested type's header also lacks
 * some of its required fields; else null. A licence file read as penalties finds a header through
 * the subject and 数据来源单位 columns, and lacks the penalty's document number, class and date.
 * A file with every required field is its type's even if another type names more of its columns
 * (a natural-person registry also names 诚信之星's 姓名, 区县, 街道, 社区).
 * @example betterFit(Object.values(SOURCE_TYPES), penalty, rows, mapping) // { def: licence, matched: 14, own: 7 }
 */
export function betterFit(
  types: readonly SourceType[], def: SourceType, rows: readonly (readonly (string | null)[])[], mapping: Omit<HeaderMapping, 'headerIndex'>,
): { def: SourceType; matched: number; own: number } | null {
  if (mapping.missingRequired.length === 0) return null;
  const best = bestSourceType(types, rows);
  const own = mappedCount(mapping);
  return best !== null && best.def.id !== def.id && best.matched > own ? { ...best, own } : null;
}

/**
 * Reads a second header row under `top`: sub-headings under a merged group heading (行政相对人代码
 * over 统一社会信用代码, 工商注册号 …; 法定代表人 over 证件类型, 证件号码), or the template's codes
 * under its Chinese names. A merged heading's text sits in its first cell only, so it spans the
 * empty cells to its right. Per column the group heading joined with the sub-heading is tried
 * first (法定代表人 + 证件类型 is 法定代表人证件类型), then the sub-heading, then the top cell.
 * Null when `sub` is not a header row: none or under half of its cells name a field (alone or
 * under their group heading), or reading it maps no more fields than `top` alone and changes
 * what its named cells map to (a code or units row maps the same fields).
 */
function withSubHeader(
  def: SourceType, top: readonly (string | null)[], sub: readonly (string | null)[], topOnly: Omit<HeaderMapping, 'headerIndex'>,
): Omit<HeaderMapping, 'headerIndex'> | null {
  const index = headerIndex(def);
  const names = (h: string) => index.has(normalizeHeader(h));
  const text = (cell: string | null | undefined) => (cell === null || cell === undefined || cell.trim() === '' ? null : cell);
  const candidates: string[][] = [];
  const shown: (string | null)[] = [];
  let group: string | null = null;
  let filled = 0;
  const named: number[] = [];
  for (let c = 0; c < Math.max(top.length, sub.length); c++) {
    const t = text(top[c]);
    const s = text(sub[c]);
    if (t !== null) group = t;
    const options: string[] = [];
    if (s !== null) {
      filled++;
      if (group !== null) options.push(group + s);
      options.push(s);
      if (options.some(names)) named.push(c);
    }
    if (t !== null) options.push(t);
    candidates.push(options);
    shown.push(s !== null && group !== null ? `${group}/${s}` : (s ?? t));
  }
  if (named.length === 0 || named.length * 2 < filled) return null;
  const two = mapColumns(def, candidates, shown);
  const adds = mappedCount(two) > mappedCount(topOnly);
  return adds || named.every((c) => two.columns[c] === topOnly.columns[c]) ? two : null;
}
