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
  const index = headerIndex(def);
  const taken = new Set<string>();
  const ignored: string[] = [];
  const columns = cells.map((cell) => {
    if (cell === null || cell.trim() === '') return null;
    const field = index.get(normalizeHeader(cell));
    if (field === undefined || taken.has(field)) {
      ignored.push(cell);
      return null;
    }
    taken.add(field);
    return field;
  });
  const missingRequired = def.fields.filter((f) => f.required && !taken.has(f.name)).map((f) => f.headerZh);
  return { columns, ignored, missingRequired };
}

/**
 * The header row is the first of the leading rows that names at least `minHeaderMatches`
 * fields; null when none does (the file is not of this source type).
 */
export function findHeader(def: SourceType, rows: readonly (readonly (string | null)[])[], maxScan = 30): HeaderMapping | null {
  for (let i = 0; i < Math.min(rows.length, maxScan); i++) {
    const mapped = mapHeader(def, rows[i]!);
    const matches = mapped.columns.filter((c) => c !== null).length;
    if (matches >= def.minHeaderMatches) return { headerIndex: i, ...mapped };
  }
  return null;
}
