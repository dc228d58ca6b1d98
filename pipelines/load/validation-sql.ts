/**
 * Builds, from a source-type definition, the SQL that stages and checks a batch. Identifiers come
 * from the definitions only; file content never enters SQL text.
 * Reason codes are `<check>:<Chinese header>` (e.g. `missing:许可决定日期`); see lib/reasons.ts.
 *
 * Staging (`stageSql`) reads the source relation once into one temporary table, xy_chk, holding
 * each row as its core table will store it (cleaned, typed, ID numbers hashed and masked, area
 * codes resolved, content hash) plus `load_reasons` (why a row is rejected; [] for a blank line)
 * and `load_raw` (what the quarantine keeps). Cleaning guards are cheap tests, so a clean cell
 * costs little more than its copy; reasons and raw values are built only for failing rows. Rows
 * are numbered as the file numbers them (by position where the reader gives no row_no), and a
 * workbook read from several sheets numbers them per sheet (`sheet_no`, else 0).
 *
 * What needs the whole batch is settled on xy_chk afterwards (see ingest.ts): USCC check
 * characters (once per distinct code), natural keys repeated within the file, rows equal to the
 * current version. The accepted rows are then copied to the core table as they are.
 */
import type { FieldDef, RequiredWhenRule, SourceType } from '../sources/source-type.ts';
import { sqlString } from '../read/open-source.ts';
import { LONG_TERM_DATE } from '../../lib/dates.ts';
import { USCC_PLACEHOLDER, type UsccProblem } from '../../lib/uscc.ts';
import type { IdProblem } from '../../lib/id-number.ts';
import { normalizeCell } from '../../lib/text.ts';

const raw = (f: FieldDef) => `raw_${f.name}`;

/**
 * Free text keeps its punctuation; codes, dates and enumerations are half-width normalised. An
 * enumeration cell that already reads as one of its values (the usual case) is not rewritten.
 */
function clean(f: FieldDef, col: string): string {
  if (f.type === 'text') return f.docNumber ? `xy_doc_no(${col})` : `xy_clean_text(${col})`;
  if (f.type === 'uscc' || f.type === 'id_number') return `upper(xy_clean(${col}))`;
  if (f.type === 'enum' || f.type === 'enum_multi') {
    const known = [...(f.values ?? []), ...Object.keys(f.valueAliases ?? {})].filter((v) => normalizeCell(v) === v);
    if (known.length > 0) return `CASE WHEN ${isOneOf(col, known)} THEN ${col} ELSE xy_clean(${col}) END`;
  }
  return `xy_clean(${col})`;
}

function enumValue(f: FieldDef, x: string): string {
  const aliases = Object.entries(f.valueAliases ?? {});
  if (aliases.length === 0) return x;
  const whens = aliases.map(([from, to]) => `WHEN ${sqlString(from)} THEN ${sqlString(to)}`).join(' ');
  return `(CASE ${x} ${whens} ELSE ${x} END)`;
}

const list = (values: readonly string[]) => `[${values.map(sqlString).join(', ')}]`;
/**
 * `x` is one of `values` (NULL when x is NULL). Not `x IN (…)`: DuckDB rewrites a long IN list
 * into a join, which costs a pass over the batch per list.
 */
const isOneOf = (x: string, values: readonly string[]) => `list_contains(${list(values)}, ${x})`;

/**
 * Each field keeps its cleaned text (`raw_<f>`, what the quarantine shows) and, for dates,
 * months, amounts and counts, a typed value (`v_<f>`). Enumerations are mapped to their
 * standard value (an invalid value is kept as sent).
 */
function stagedExpression(f: FieldDef, r: string): { raw: string; typed: string | null } {
  const plain = `CASE WHEN contains(${r}, ',') THEN replace(${r}, ',', '') ELSE ${r} END`;
  switch (f.type) {
    case 'date':
      // The ISO form most systems export is cast directly; every other form goes to the parser. The
      // cast reads a one-digit day and ignores what follows ('2026-11-2O' is the 2nd): the last
      // character must be a digit.
      return { raw: r, typed: `CASE WHEN strlen(${r}) = 10 AND ${r} LIKE '____-__-__' AND ascii((${r})[10]) BETWEEN 48 AND 57 THEN TRY_CAST(${r} AS DATE)${
        f.longTerm ? ` WHEN ${r} = '长期' THEN DATE '${LONG_TERM_DATE}'` : ''} ELSE xy_parse_date(${r}) END` };
    case 'amount':
      return { raw: r, typed: `TRY_CAST(${plain} AS DECIMAL(18,6))` };
    case 'month':
      return { raw: r, typed: `xy_parse_month(${r})` };
    case 'count':
      // Whole numbers only: a cast alone would round 2.5 to 3.
      return { raw: r, typed: `CASE WHEN regexp_full_match(${plain}, '[0-9]+(\\.0+)?') THEN TRY_CAST(${plain} AS DECIMAL(38,2))::BIGINT END` };
    case 'enum':
      return { raw: enumValue(f, r), typed: null };
    case 'enum_multi': {
      const split = `array_to_string(list_transform(list_filter(regexp_split_to_array(${r}, '[;；,，、]'), x -> trim(x) <> ''), x -> ${enumValue(f, 'trim(x)')}), ';')`;
      // A single valid value, or valid values joined with ';' exactly, is already in its stored form.
      const values = f.values ?? [];
      return { raw: `CASE WHEN ${isOneOf(r, values)} THEN ${r} WHEN list_has_all(${list(values)}, string_split(${r}, ';')) THEN ${r} ELSE ${split} END`, typed: null };
    }
    default:
      return { raw: r, typed: null };
  }
}

const TYPED = new Set<FieldDef['type']>(['date', 'month', 'amount', 'count']);
/** Field types whose cells are normally ASCII without spaces. */
const CODE_LIKE = new Set<FieldDef['type']>(['uscc', 'id_number', 'date', 'amount', 'count']);

/** The staged column holding a field's value: v_<f> for dates and amounts, else raw_<f>. */
const stagedValue = (f: FieldDef): string => (TYPED.has(f.type) ? `v_${f.name}` : raw(f));

/** A code that is a valid resident ID number (GB 11643): a person's number where a USCC belongs. */
const idLike = (x: string) => `CASE WHEN regexp_full_match(${x}, '[0-9]{17}[0-9X]') THEN coalesce(xy_id_valid(${x}, DATE '2100-01-01'), false) ELSE false END`;
/** A USCC cell as the quarantine keeps it: masked when it holds an ID number. */
const usccKept = (x: string) => `CASE WHEN ${idLike(x)} THEN xy_mask_id(${x}) ELSE ${x} END`;

/** Keyed hash that replaces an ID number; the clear number is never stored. */
const idHash = (clear: string) => `CASE WHEN ${clear} IS NOT NULL THEN sha256(getvariable('xy_id_key') || ':' || ${clear}) END`;
const idMask = (clear: string) => `xy_mask_id(${clear})`;

/** Lookup of area codes and names per level; names used twice at a level are flagged. */
export const AREA_KEY_SQL = `CREATE OR REPLACE TEMP TABLE xy_area_key AS
  WITH k AS (
    SELECT code AS key, level, code, district_code, kind FROM core.area
    UNION ALL SELECT name_zh, level, code, district_code, kind FROM core.area
  )
  SELECT *, count(*) OVER (PARTITION BY key, level) > 1 AS ambiguous FROM k`;

/**
 * The value a field contributes to the checked row (alias x): area codes from their lookup and ID
 * numbers as their keyed hash (so neither the content hash nor the key carries a clear ID).
 */
function valueOf(f: FieldDef): string {
  if (f.type === 'area') return `x.a_${f.name}`;
  if (f.type === 'id_number') return `x.i_${f.name}`;
  return `x.${stagedValue(f)}`;
}

function ruleCondition(rule: RequiredWhenRule, byName: Map<string, FieldDef>): string {
  const w = rule.when;
  const v = valueOf(byName.get(w.field)!);
  if ('in' in w) return isOneOf(v, w.in);
  if ('contains' in w) return `contains(coalesce(${v}, ''), ${sqlString(w.contains)})`;
  return `${v} = ${sqlString(w.equals)}`;
}

/**
 * A code cell holding a number in scientific notation (3.70303E+17): Excel stored the column as
 * numbers and lost the digits past the fifteenth. Cheap test first; '+' is in no valid code.
 */
const sciNumber = (r: string) => `CASE WHEN contains(${r}, '+') THEN regexp_full_match(${r}, '[0-9](\\.[0-9]+)?E\\+[0-9]+') ELSE false END`;

/** The error values a formula cell shows in Excel and WPS, as a workbook or a CSV saved from one carries them. */
const EXCEL_ERRORS = ['#N/A', '#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!'];

interface Check {
  /** True when the row fails (NULL counts as passing). */
  fails: string;
  /**
   * The reason of a failing row; or, for a check whose reason names the fault, the SQL giving it
   * and every reason it can give, in order.
   */
  reason: string | { sql: string; all: string[] };
}

const reasonOf = (code: string, f: FieldDef) => `${code}:${f.headerZh}`;

/** The district field a street field is held against, if the type has one. */
const districtOf = (def: SourceType, street: FieldDef) => def.fields.find((d) => d.type === 'area' && d.areaLevel === 'district' && d !== street);

/** The faults xy_id_problem and xy_uscc_problem name (migration 028), in the order they are tested. */
const ID_PROBLEMS: readonly IdProblem[] = ['length', 'format', 'birth_date', 'checksum'];
const USCC_PROBLEMS: readonly UsccProblem[] = ['length', 'alphabet', 'checksum'];

/**
 * The row-local checks in reason order; USCC check characters are checked per distinct code later.
 * `ownStreet`: the file comes from a street office (variable xy_own_street), whose rows must be
 * its own street's; `ownUnit`: from a department's own account, whose rows must not name another
 * department of the preset as their 数据来源单位 (variable xy_department).
 */
function rowChecks(def: SourceType, hasOverflow: boolean, { ownStreet = false, ownUnit = false } = {}): Check[] {
  const checks: Check[] = [];
  const byName = new Map(def.fields.map((f) => [f.name, f]));
  for (const f of def.fields) {
    const r = `x.${raw(f)}`;
    const v = valueOf(f);
    if (f.required) checks.push({ fails: `${r} IS NULL`, reason: reasonOf('missing', f) });
    switch (f.type) {
      case 'date':
      case 'month': {
        // A broken formula where a date belongs (a VLOOKUP that found nothing) is named as such.
        const formula = `prefix(${r}, '#') AND ${isOneOf(r, EXCEL_ERRORS)}`;
        checks.push({ fails: `${r} IS NOT NULL AND ${v} IS NULL AND ${formula}`, reason: reasonOf('formula_error', f) });
        checks.push({ fails: `${r} IS NOT NULL AND ${v} IS NULL AND NOT (${formula})`, reason: reasonOf('date_invalid', f) });
        if (f.notFuture) checks.push({ fails: `${v} > getvariable('xy_reported_at')`, reason: reasonOf('date_in_future', f) });
        // A year typed wrong (1024, 0024 from 24/3/5): no credit record or registration is that old.
        if (f.type === 'date') checks.push({ fails: `${v} < DATE '1900-01-01'`, reason: reasonOf('date_too_early', f) });
        break;
      }
      case 'amount':
        checks.push({ fails: `${r} IS NOT NULL AND ${v} IS NULL`, reason: reasonOf('amount_invalid', f) });
        checks.push({ fails: `${v} < 0`, reason: reasonOf('amount_negative', f) });
        break;
      case 'count':
        checks.push({ fails: `(${r} IS NOT NULL AND ${v} IS NULL) OR ${v} < 0`, reason: reasonOf('count_invalid', f) });
        break;
      case 'enum': {
        const other = f.otherPrefix ? ` AND NOT (prefix(${v}, ${sqlString(f.otherPrefix)}) AND length(${v}) > ${f.otherPrefix.length})` : '';
        checks.push({ fails: `${v} IS NOT NULL AND NOT ${isOneOf(v, f.values ?? [])}${other}`, reason: reasonOf('enum_invalid', f) });
        break;
      }
      case 'enum_multi':
        // The list test runs only on cells that are not a single valid value (CASE evaluates lazily).
        checks.push({
          fails: `CASE WHEN ${v} IS NOT NULL AND NOT ${isOneOf(v, f.values ?? [])} THEN ${v} = '' OR len(list_filter(string_split(${v}, ';'), y -> NOT list_contains(${list(f.values ?? [])}, y))) > 0 END`,
          reason: reasonOf('enum_invalid', f),
        });
        break;
      case 'id_number': {
        const typeField = f.idTypeField ? byName.get(f.idTypeField) : undefined;
        const applies = typeField ? `coalesce(${valueOf(typeField)}, '身份证') = '身份证'` : 'true';
        checks.push({ fails: sciNumber(r), reason: reasonOf('number_format', f) });
        checks.push({
          fails: `CASE WHEN ${r} IS NOT NULL AND ${applies} AND NOT ${sciNumber(r)} THEN NOT xy_id_valid(${r}, getvariable('xy_reported_at')) END`,
          reason: {
            sql: `'id_' || xy_id_problem(${r}, getvariable('xy_reported_at')) || ${sqlString(`:${f.headerZh}`)}`,
            all: ID_PROBLEMS.map((p) => reasonOf(`id_${p}`, f)),
          },
        });
        break;
      }
      case 'area': {
        checks.push({ fails: `${r} IS NOT NULL AND ${v} IS NULL`, reason: reasonOf('area_unknown', f) });
        if (ownStreet && f.name === 'street_code') {
          // A street's own file names its street on every row; an unknown one is named as such above.
          if (!f.required) checks.push({ fails: `${r} IS NULL`, reason: reasonOf('missing', f) });
          checks.push({ fails: `${v} <> getvariable('xy_own_street')`, reason: reasonOf('street_not_own', f) });
        }
        // A street of another district than the row's: the street and district figures would disagree.
        const district = f.areaLevel === 'street' ? districtOf(def, f) : undefined;
        if (district) checks.push({ fails: `x.ad_${f.name} <> ${valueOf(district)}`, reason: reasonOf('area_mismatch', f) });
        break;
      }
      case 'uscc':
        // Its check character is tested per distinct code later (usccSql), past such cells.
        checks.push({ fails: sciNumber(r), reason: reasonOf('number_format', f) });
        // A department's account sends its own records: another department's would replace that department's versions.
        if (ownUnit && f.name === 'source_unit_uscc') {
          checks.push({ fails: `${v} IN (SELECT uscc FROM core.department WHERE id <> getvariable('xy_department') AND uscc IS NOT NULL)`, reason: reasonOf('unit_not_own', f) });
        }
        break;
      case 'text':
        // A street's own file names its street as the unit on every row; a department's own
        // account names no other department and no street (a file of the office names anyone).
        if (ownStreet && f.unitName) checks.push({ fails: `${v} <> getvariable('xy_own_street_name')`, reason: reasonOf('street_not_own', f) });
        if (ownUnit && f.unitName) {
          checks.push({
            fails: `getvariable('xy_own_street') IS NULL AND (${v} IN (SELECT name_zh FROM core.department WHERE id <> getvariable('xy_department')) OR ${v} IN (SELECT name_zh FROM core.area WHERE level = 'street'))`,
            reason: reasonOf('unit_not_own', f),
          });
        }
        // Excel's error values (a VLOOKUP that found nothing) read as text; other types already fail their own check.
        checks.push({ fails: `CASE WHEN prefix(${r}, '#') THEN ${isOneOf(r, EXCEL_ERRORS)} END`, reason: reasonOf('formula_error', f) });
        break;
    }
  }
  for (const rule of def.rules) {
    const then = byName.get(rule.then)!;
    if (then.required) continue;
    checks.push({ fails: `${ruleCondition(rule, byName)} AND x.${raw(then)} IS NULL`, reason: reasonOf('missing', then) });
  }
  if (hasOverflow) checks.push({ fails: 'x.overflow IS NOT NULL', reason: 'extra_cells' });
  return checks;
}

/**
 * Every reason a row of this type can carry, in the order the quarantine lists them (field
 * order, then rules, extra cells and repeated keys).
 */
export function reasonOrder(def: SourceType): string[] {
  const order = rowChecks(def, true, { ownStreet: def.reportedByStreets, ownUnit: true }).flatMap((c) => (typeof c.reason === 'string' ? [c.reason] : c.reason.all));
  for (const f of def.fields.filter((g) => g.type === 'uscc')) {
    // After the field's own checks, where the per-row check used to put it.
    const own = order.findLastIndex((r) => r.endsWith(`:${f.headerZh}`));
    order.splice(own + 1, 0, reasonOf('uscc_is_id', f), ...USCC_PROBLEMS.map((p) => reasonOf(`uscc_${p}`, f)));
  }
  return [...new Set([...order, 'key_repeated_in_file'])];
}

/**
 * Hash of a record's content (128 bits from two differently ordered 64-bit hashes), excluding
 * its report date: a resubmission of the same record is not a change.
 */
function contentHash(def: SourceType): string {
  const cols = def.fields.filter((f) => f.name !== 'reported_date').map(valueOf);
  return `(hash(${cols.join(', ')})::UHUGEINT << 64) + hash(${[...cols].reverse().join(', ')})::UHUGEINT`;
}

/** Original values by Chinese header (cleaned), with ID numbers masked so none is kept in clear. */
function rawJson(def: SourceType, present: ReadonlySet<string>, hasOverflow: boolean): string {
  const pairs = def.fields.filter((f) => present.has(f.name)).flatMap((f) => {
    const v = f.type === 'id_number' ? idMask(`x.${raw(f)}`) : f.type === 'uscc' ? usccKept(`x.${raw(f)}`) : `x.${raw(f)}`;
    return [sqlString(f.headerZh), v];
  });
  // Cells beyond the header's last column, kept so that a rejected row loses nothing.
  if (hasOverflow) pairs.push(sqlString('(多余单元格)'), 'x.overflow');
  return `json_object(${pairs.join(', ')})`;
}

/**
 * The same, from a staged row of xy_chk (alias t): for rows rejected after staging (USCC check
 * character, repeated key), whose values are already cleaned and typed.
 */
export function rawJsonFromStaged(def: SourceType, present: ReadonlySet<string>): string {
  const shown = (f: FieldDef) => {
    const x = `t.${f.name}`;
    if (f.type === 'id_number') return `${x}_masked`;
    if (f.type === 'uscc') return usccKept(x);
    // An amount as written (0.5), not as stored (0.500000).
    if (f.type === 'amount') return `regexp_replace(${x}::VARCHAR, '\\.?0+$', '')`;
    return `${x}::VARCHAR`;
  };
  const pairs = def.fields.filter((f) => present.has(f.name)).flatMap((f) => [sqlString(f.headerZh), shown(f)]);
  return `json_object(${pairs.join(', ')})`;
}

/** Core columns and the expressions filling them from the checked row (alias x). */
function coreColumns(def: SourceType): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  const add = (n: string, v: string) => (names.push(n), values.push(v));
  for (const f of def.fields) {
    if (f.type === 'id_number') {
      add(`${f.name}_hash`, `x.i_${f.name}`);
      add(`${f.name}_masked`, idMask(`x.${raw(f)}`));
    } else if (f.name === 'reported_date') {
      // A row's own report date (上报日期, of platform exports) counts unless the file came through
      // a department's own account (variable xy_row_report_dates false): then the day it arrived.
      add('reported_date', `coalesce(CASE WHEN getvariable('xy_row_report_dates') THEN x.v_reported_date END, getvariable('xy_reported_at'))`);
    } else if (f.type === 'area') {
      add(f.name, `x.a_${f.name}`);
    } else {
      add(f.name, `x.${stagedValue(f)}`);
    }
  }
  if (def.table === 'core.subject') {
    add('category', `CASE WHEN left(x.raw_uscc, 2) IN ('91', '93') THEN 'enterprise' WHEN left(x.raw_uscc, 2) = '92' THEN 'individual_business' ELSE 'non_enterprise' END`);
  }
  if (def.table === 'core.person') {
    add('birth_date', `try_strptime(substr(x.raw_id_number, 7, 8), '%Y%m%d')::DATE`);
    add('district_code', `(SELECT district_code FROM core.area WHERE code = x.a_street_code)`);
  }
  return { names, values };
}

export interface LoadSource {
  /** The field each column c0…cN of the relation holds (null: not a field of this type). */
  columns: readonly (string | null)[];
  relation: string;
  /** Null when the relation has its own row_no; otherwise a row's number is its position plus this. */
  rowNoOffset: number | null;
  /** Whether the relation has a cN+1 column with the cells beyond the header. */
  hasOverflow: boolean;
  /** Whether the relation has a `sheet_no` column (a workbook read from several sheets); else every row is sheet 0. */
  hasSheetNo?: boolean;
  /**
   * The file comes from a street office: its rows must be of the street in variable
   * xy_own_street, which a file without a street column is taken to be.
   */
  ownStreet?: boolean;
  /** The file comes from a department's own account: its rows are its own records (rowChecks). */
  ownUnit?: boolean;
}

/** The staging statements: xy_chk from the source relation, rows numbered (see the module comment). */
export function stageSql(def: SourceType, src: LoadSource): string[] {
  const byField = new Map<string, number>();
  src.columns.forEach((name, i) => name !== null && byField.set(name, i));
  // 1. cleaned text per field, blank-line flag, overflow
  const cleaned: string[] = [src.rowNoOffset === null ? 'row_no' : '0 AS row_no', src.hasSheetNo ? 'sheet_no' : '0::SMALLINT AS sheet_no'];
  // 2. enumerations mapped, dates and amounts typed
  const staged: string[] = ['row_no', 'sheet_no'];
  // Code-like cells (codes, dates, amounts) are ASCII without spaces in almost every row: one test
  // over the row's code cells decides whether any of them needs cleaning at all.
  const codeCells = def.fields.filter((f) => CODE_LIKE.has(f.type) && byField.has(f.name)).map((f) => `c${byField.get(f.name)}`);
  const codesOk = codeCells.length === 0 ? null : `(strlen(g) = length(g) AND NOT (contains(g, ' ') OR contains(g, chr(1) || chr(1))
      OR prefix(g, chr(1)) OR suffix(g, chr(1)) OR contains(g, chr(9)) OR contains(g, chr(10)) OR contains(g, chr(13)) OR contains(g, chr(12)) OR contains(g, chr(11))))`;
  for (const f of def.fields) {
    const i = byField.get(f.name);
    // A street's own file without a street column is all its street's.
    const absent = !src.ownStreet ? 'NULL::VARCHAR'
      : f.name === 'street_code' ? `getvariable('xy_own_street')` : f.unitName ? `getvariable('xy_own_street_name')` : 'NULL::VARCHAR';
    const full = i === undefined ? absent : clean(f, `c${i}`);
    const fast = i !== undefined && codesOk !== null && CODE_LIKE.has(f.type)
      // nullif: a lone empty cell leaves no trace in the row test (concat_ws of '' alone is '').
      ? `CASE WHEN codes_ok THEN ${f.type === 'uscc' || f.type === 'id_number' ? `upper(nullif(c${i}, ''))` : `nullif(c${i}, '')`} ELSE ${full} END`
      : full;
    cleaned.push(`${fast} AS ${raw(f)}`);
    const s = stagedExpression(f, raw(f));
    staged.push(s.raw === raw(f) ? raw(f) : `${s.raw} AS ${raw(f)}`);
    if (s.typed !== null) staged.push(`${s.typed} AS v_${f.name}`);
  }
  const cellIdx = [...byField.values()];
  if (src.hasOverflow) {
    cleaned.push(`c${src.columns.length} AS overflow`);
    staged.push('overflow');
    cellIdx.push(src.columns.length);
  }
  // A blank line has no cell at all (tested on the raw cells, so no cleaning runs twice; the
  // full test only when the first cell is empty).
  const [first, ...rest] = cellIdx;
  cleaned.push(first === undefined ? 'true AS blank'
    : `CASE WHEN c${first} IS NOT NULL THEN false ELSE ${[first, ...rest].map((i) => `c${i} IS NULL`).join(' AND ')} END AS blank`);
  staged.push('blank');
  const relation = codesOk === null ? src.relation
    : `(SELECT *, ${codesOk} AS codes_ok FROM (SELECT *, concat_ws(chr(1), ${codeCells.join(', ')}) AS g FROM ${src.relation}))`;

  // 3. area codes resolved, ID numbers hashed
  const resolved: string[] = ['x.*'];
  const joins: string[] = [];
  for (const f of def.fields) {
    if (f.type === 'id_number') resolved.push(`${idHash(`x.${raw(f)}`)} AS i_${f.name}`);
    if (f.type === 'area') {
      const districtField = districtOf(def, f);
      // A street name used in two districts resolves only with the row's district.
      const districtMatch = f.areaLevel === 'street' && districtField
        ? ` AND (NOT area_${f.name}.ambiguous OR area_${f.name}.district_code = area_${districtField.name}.code)`
        : ` AND NOT area_${f.name}.ambiguous`;
      joins.push(`LEFT JOIN xy_area_key AS area_${f.name} ON area_${f.name}.key = x.${raw(f)} AND area_${f.name}.level = ${sqlString(f.areaLevel ?? 'district')}${districtMatch}`);
      resolved.push(`area_${f.name}.code AS a_${f.name}`);
      // The street's district, to hold against the row's (a functional zone's rows may name the
      // streets of the administrative district it lies in).
      if (f.areaLevel === 'street' && districtField) resolved.push(`CASE WHEN area_${districtField.name}.kind <> 'functional_zone' THEN area_${f.name}.district_code END AS ad_${f.name}`);
    }
  }

  // 4. checks and content hash
  const checks = rowChecks(def, src.hasOverflow, { ownStreet: src.ownStreet, ownUnit: src.ownUnit });
  const bad = `coalesce(${checks.length ? checks.map((c) => `(${c.fails})`).join(' OR ') : 'false'}, false)`;
  const reasons = `list_filter([${checks.map((c) => `CASE WHEN ${c.fails} THEN ${typeof c.reason === 'string' ? sqlString(c.reason) : c.reason.sql} END`).join(', ')}], r -> r IS NOT NULL)`;
  const present = new Set([...byField.keys()]);
  // Row numbers by position need an order-preserving plan, which a join is not (it may reorder
  // rows within a chunk): with area lookups the staged rows are numbered in xy_stg first.
  const stagedRows = `SELECT ${staged.join(', ')} FROM (SELECT ${cleaned.join(', ')} FROM ${relation})`;
  const statements: string[] = [];
  let input = stagedRows;
  if (joins.length > 0) {
    statements.push(`CREATE OR REPLACE TEMP TABLE xy_stg AS ${stagedRows}`);
    input = src.rowNoOffset === null ? 'SELECT * FROM xy_stg'
      : `SELECT * REPLACE ((rowid + ${src.rowNoOffset})::INTEGER AS row_no) FROM xy_stg`;
  }
  const checked = `SELECT x.*, ${bad} AS bad, ${contentHash(def)} AS h FROM (
      SELECT ${resolved.join(', ')} FROM (${input}) x ${joins.join(' ')}
    ) x`;
  const { names, values } = coreColumns(def);
  statements.push(`CREATE OR REPLACE TEMP TABLE xy_chk AS
    SELECT ${values.map((v, i) => `${v} AS ${names[i]}`).join(', ')}, x.row_no, x.sheet_no, x.h AS content_hash, false AS duplicate,
      CASE WHEN x.blank THEN []::VARCHAR[] WHEN x.bad THEN ${reasons} END AS load_reasons,
      CASE WHEN x.blank THEN NULL WHEN x.bad THEN ${rawJson(def, present, src.hasOverflow)} END AS load_raw
    FROM (${checked}) x`);
  if (joins.length === 0 && src.rowNoOffset !== null) statements.push(`UPDATE xy_chk SET row_no = (rowid + ${src.rowNoOffset})::INTEGER`);
  return statements;
}

/** The columns xy_chk shares with the core table, in core order. */
export function coreColumnNames(def: SourceType): string[] {
  return coreColumns(def).names;
}

/** The core columns holding a source type's natural key (ID numbers by their hash). */
export function keyColumns(def: SourceType): string[] {
  return def.naturalKey.map((k) => (def.fields.find((f) => f.name === k)?.type === 'id_number' ? `${k}_hash` : k));
}

/**
 * USCC check characters, once per distinct code of the batch: `xy_bad_uscc` gets the invalid
 * codes, then the rows holding one are rejected (or get the reason added) by `reject`, in order. Null when the type
 * has no USCC field.
 */
export function usccSql(def: SourceType, present: ReadonlySet<string>): { codes: string[]; reject: string[] } | null {
  const fields = def.fields.filter((f) => f.type === 'uscc');
  if (fields.length === 0) return null;
  const union = fields.map((f) => `SELECT DISTINCT ${f.name} AS code FROM xy_chk WHERE ${f.name} IS NOT NULL`).join(' UNION ');
  const bad = (f: FieldDef, where = '') => `(t.${f.name} IN (SELECT code FROM xy_bad_uscc${where})${f.placeholder ? ` AND t.${f.name} <> '${USCC_PLACEHOLDER}'` : ''})`;
  return {
    // Two statements: in one, the optimiser pushes the check below the DISTINCT, onto every row.
    codes: [
      `CREATE OR REPLACE TEMP TABLE xy_uscc_code AS ${union}`,
      // A person's ID number typed into the code column is named as such (even when, by chance,
      // it passes the code's check character), and never kept in clear.
      `CREATE OR REPLACE TEMP TABLE xy_bad_uscc AS SELECT code, ${idLike('code')} AS is_id, xy_uscc_problem(code) AS problem FROM xy_uscc_code
       WHERE NOT ${sciNumber('code')} AND (NOT coalesce(xy_uscc_valid(code), false) OR ${idLike('code')})`,
    ],
    // The rows holding an invalid code are found first, one semi-join per field: the update's
    // own condition would test every row of the batch against every field.
    reject: [`CREATE OR REPLACE TEMP TABLE xy_bad_uscc_row AS ${fields.map((f) => `SELECT rowid AS rid FROM xy_chk WHERE ${f.name} IN (SELECT code FROM xy_bad_uscc)`).join(' UNION ')}`,
      `UPDATE xy_chk t SET
       load_reasons = coalesce(t.load_reasons, []) || list_filter([${fields.map((f) => `CASE WHEN ${bad(f, ' WHERE is_id')} THEN ${sqlString(reasonOf('uscc_is_id', f))} ${
         USCC_PROBLEMS.map((p) => `WHEN ${bad(f, ` WHERE problem = '${p}'`)} THEN ${sqlString(reasonOf(`uscc_${p}`, f))}`).join(' ')} END`).join(', ')}], r -> r IS NOT NULL),
       load_raw = coalesce(t.load_raw, ${rawJsonFromStaged(def, present)})
     WHERE t.rowid IN (SELECT rid FROM xy_bad_uscc_row) AND (t.load_reasons IS NULL OR len(t.load_reasons) > 0) AND (${fields.map((f) => bad(f)).join(' OR ')})`],
  };
}
