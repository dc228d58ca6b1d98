/**
 * Builds, from a source-type definition, the SQL that stages, types and checks a batch.
 * Identifiers come from the definitions only; file content never enters SQL text.
 * Reason codes are `<check>:<Chinese header>` (e.g. `missing:许可决定日期`); see lib/reasons.ts.
 *
 * Tables, in order (all temporary, one set per load connection):
 * - xy_stg: per field `raw_<f>` (cleaned text) and, for dates and amounts, `v_<f>`, in file order;
 * - xy_uscc: each distinct USCC of the batch with its check result (checked once, not per row);
 * - xy_chk: row_no, reasons, content hash `h`, the natural key and resolved area codes.
 */
import type { FieldDef, RequiredWhenRule, SourceType } from '../sources/source-type.ts';
import { sqlString } from '../read/open-source.ts';

const raw = (f: FieldDef) => `raw_${f.name}`;

/** Free text keeps its punctuation; codes, dates and enumerations are half-width normalised. */
function clean(f: FieldDef, col: string): string {
  if (f.type === 'text') return `xy_clean_text(${col})`;
  if (f.type === 'uscc' || f.type === 'id_number') return `upper(xy_clean(${col}))`;
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
 * Staging keeps one text column per field (`raw_<f>`, what quarantine shows) and a second, typed
 * column (`v_<f>`) only for dates and amounts: every stored column costs as much as a check.
 * Enumerations are stored mapped to their standard value (an invalid value is kept as sent).
 */
function stagedExpression(f: FieldDef, r: string): { raw: string; typed: string | null } {
  switch (f.type) {
    case 'date':
      return { raw: r, typed: `xy_parse_date(${r})` };
    case 'amount':
      return { raw: r, typed: `TRY_CAST(replace(${r}, ',', '') AS DECIMAL(18,6))` };
    case 'month':
      return { raw: r, typed: `xy_parse_month(${r})` };
    case 'count':
      // Whole numbers only: a cast alone would round 2.5 to 3.
      return { raw: r, typed: `CASE WHEN regexp_full_match(replace(${r}, ',', ''), '[0-9]+(\\.0+)?') THEN TRY_CAST(replace(${r}, ',', '') AS DECIMAL(38,2))::BIGINT END` };
    case 'enum':
      return { raw: enumValue(f, r), typed: null };
    case 'enum_multi':
      return {
        raw: `array_to_string(list_transform(list_filter(regexp_split_to_array(${r}, '[;；,，、]'), x -> trim(x) <> ''), x -> ${enumValue(f, 'trim(x)')}), ';')`,
        typed: null,
      };
    default:
      return { raw: r, typed: null };
  }
}

const TYPED = new Set<FieldDef['type']>(['date', 'month', 'amount', 'count']);

/** The column of xy_s holding a field's value: v_<f> for dates and amounts, else raw_<f>. */
export const stagedValue = (f: FieldDef): string => (TYPED.has(f.type) ? `v_${f.name}` : raw(f));

/**
 * The staging statement: one pass over the source relation. `rowNo` is either the relation's
 * own row_no column or null (then the row number is the position plus an offset, see xy_s).
 */
export function stageSql(def: SourceType, columns: readonly (string | null)[], relation: string, hasRowNo: boolean, hasOverflow: boolean): string {
  const byField = new Map<string, number>();
  columns.forEach((name, i) => name !== null && byField.set(name, i));
  const inner: string[] = hasRowNo ? ['row_no'] : [];
  const outer: string[] = hasRowNo ? ['row_no'] : [];
  for (const f of def.fields) {
    const i = byField.get(f.name);
    inner.push(i === undefined ? `NULL::VARCHAR AS ${raw(f)}` : `${clean(f, `c${i}`)} AS ${raw(f)}`);
    const staged = stagedExpression(f, raw(f));
    outer.push(staged.raw === raw(f) ? raw(f) : `${staged.raw} AS ${raw(f)}`);
    if (staged.typed !== null) outer.push(`${staged.typed} AS v_${f.name}`);
  }
  if (hasOverflow) {
    inner.push(`c${columns.length} AS overflow`);
    outer.push('overflow');
  }
  // A blank line has no cell at all (tested on the raw cells, so no cleaning runs twice).
  const cells = [...byField.values()].map((i) => `c${i} IS NULL`);
  if (hasOverflow) cells.push(`c${columns.length} IS NULL`);
  inner.push(`(${cells.length ? cells.join(' AND ') : 'true'}) AS blank`);
  outer.push('blank');
  return `CREATE OR REPLACE TEMP TABLE xy_stg AS SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${relation})`;
}

/** xy_s: the staged rows with their row number, blank rows left out. */
export function stageViewSql(rowNoOffset: number | null): string {
  const rowNo = rowNoOffset === null ? '' : `(rowid + ${rowNoOffset})::INTEGER AS row_no, `;
  return `CREATE OR REPLACE TEMP VIEW xy_s AS SELECT ${rowNo}* FROM xy_stg WHERE NOT blank`;
}

/** Distinct USCCs of the batch with their check result: one check per distinct code. */
export function usccCheckSql(def: SourceType): string | null {
  const fields = def.fields.filter((f) => f.type === 'uscc');
  if (fields.length === 0) return null;
  const union = fields.map((f) => `SELECT DISTINCT ${raw(f)} AS code FROM xy_stg WHERE ${raw(f)} IS NOT NULL`).join(' UNION ');
  return `CREATE OR REPLACE TEMP TABLE xy_uscc AS SELECT code, xy_uscc_valid(code) AS ok FROM (${union})`;
}

/** Lookup of area codes and names per level; names used twice at a level are flagged. */
export const AREA_KEY_SQL = `CREATE OR REPLACE TEMP TABLE xy_area_key AS
  WITH k AS (
    SELECT code AS key, level, code, district_code FROM core.area
    UNION ALL SELECT name_zh, level, code, district_code FROM core.area
  )
  SELECT *, count(*) OVER (PARTITION BY key, level) > 1 AS ambiguous FROM k`;

/** Keyed hash that replaces an ID number; the clear number never leaves the load's temp tables. */
export const idHash = (clear: string) => `CASE WHEN ${clear} IS NOT NULL THEN sha256(getvariable('xy_id_key') || ':' || ${clear}) END`;

/**
 * The value a field contributes to the checked row: area codes come from their join and ID
 * numbers as their keyed hash (so neither the content hash nor the key carries a clear ID).
 */
function valueOf(f: FieldDef): string {
  if (f.type === 'area') return `area_${f.name}.code`;
  if (f.type === 'id_number') return idHash(`s.${raw(f)}`);
  return `s.${stagedValue(f)}`;
}

function ruleCondition(rule: RequiredWhenRule, byName: Map<string, FieldDef>): string {
  const w = rule.when;
  const v = valueOf(byName.get(w.field)!);
  if ('in' in w) return `${v} IN (${w.in.map(sqlString).join(', ')})`;
  if ('contains' in w) return `contains(coalesce(${v}, ''), ${sqlString(w.contains)})`;
  return `${v} = ${sqlString(w.equals)}`;
}

/** Reason expressions (each NULL when the check passes). */
function reasonChecks(def: SourceType): string[] {
  const checks: string[] = [];
  const reason = (code: string, f: FieldDef) => sqlString(`${code}:${f.headerZh}`);
  const byName = new Map(def.fields.map((f) => [f.name, f]));
  for (const f of def.fields) {
    const r = `s.${raw(f)}`;
    const v = valueOf(f);
    if (f.required) checks.push(`CASE WHEN ${r} IS NULL THEN ${reason('missing', f)} END`);
    switch (f.type) {
      case 'date':
      case 'month':
        checks.push(`CASE WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN ${reason('date_invalid', f)} END`);
        if (f.notFuture) checks.push(`CASE WHEN ${v} > getvariable('xy_reported_at') THEN ${reason('date_in_future', f)} END`);
        break;
      case 'amount':
        checks.push(`CASE WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN ${reason('amount_invalid', f)} END`);
        checks.push(`CASE WHEN ${v} < 0 THEN ${reason('amount_negative', f)} END`);
        break;
      case 'count':
        checks.push(`CASE WHEN (${r} IS NOT NULL AND ${v} IS NULL) OR ${v} < 0 THEN ${reason('count_invalid', f)} END`);
        break;
      case 'uscc':
        checks.push(`CASE WHEN ${v} IS NOT NULL AND ${v} <> '00000000000000000X' AND NOT coalesce(uscc_${f.name}.ok, false) THEN ${reason('uscc_invalid', f)} END`);
        break;
      case 'enum':
        checks.push(`CASE WHEN ${v} IS NOT NULL AND ${v} NOT IN (${(f.values ?? []).map(sqlString).join(', ')}) THEN ${reason('enum_invalid', f)} END`);
        break;
      case 'enum_multi':
        checks.push(`CASE WHEN ${r} IS NOT NULL AND (${v} = '' OR len(list_filter(string_split(${v}, ';'), x -> NOT list_contains(${list(f.values ?? [])}, x))) > 0) THEN ${reason('enum_invalid', f)} END`);
        break;
      case 'id_number': {
        const typeField = f.idTypeField ? byName.get(f.idTypeField) : undefined;
        const applies = typeField ? `coalesce(${valueOf(typeField)}, '身份证') = '身份证'` : 'true';
        checks.push(`CASE WHEN ${r} IS NOT NULL AND ${applies} AND NOT xy_id_valid(${r}, getvariable('xy_reported_at')) THEN ${reason('id_invalid', f)} END`);
        break;
      }
      case 'area':
        checks.push(`CASE WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN ${reason('area_unknown', f)} END`);
        break;
      case 'text':
        break;
    }
  }
  for (const rule of def.rules) {
    const then = byName.get(rule.then)!;
    if (then.required) continue;
    checks.push(`CASE WHEN ${ruleCondition(rule, byName)} AND s.${raw(then)} IS NULL THEN ${reason('missing', then)} END`);
  }
  return checks;
}

/**
 * Hash of a record's content (128 bits from two differently ordered 64-bit hashes), excluding
 * its report date: a resubmission of the same record is not a change.
 */
function contentHash(def: SourceType): string {
  const cols = def.fields.filter((f) => f.name !== 'reported_date').map(valueOf);
  return `(hash(${cols.join(', ')})::UHUGEINT << 64) + hash(${[...cols].reverse().join(', ')})::UHUGEINT`;
}

/** The checked batch: row_no, reasons, content hash h, natural key k_<field>, area codes a_<field>. */
export function checkSql(def: SourceType, hasOverflow: boolean): string {
  const joins: string[] = [];
  for (const f of def.fields) {
    if (f.type === 'uscc') joins.push(`LEFT JOIN xy_uscc AS uscc_${f.name} ON uscc_${f.name}.code = s.${raw(f)}`);
    if (f.type === 'area') {
      const districtField = def.fields.find((d) => d.type === 'area' && d.areaLevel === 'district' && d !== f);
      // A street name used in two districts resolves only with the row's district.
      const districtMatch = f.areaLevel === 'street' && districtField
        ? ` AND (NOT area_${f.name}.ambiguous OR area_${f.name}.district_code = area_${districtField.name}.code)`
        : ` AND NOT area_${f.name}.ambiguous`;
      joins.push(`LEFT JOIN xy_area_key AS area_${f.name} ON area_${f.name}.key = s.${raw(f)} AND area_${f.name}.level = ${sqlString(f.areaLevel ?? 'district')}${districtMatch}`);
    }
  }
  const checks = [...reasonChecks(def), ...(hasOverflow ? [`CASE WHEN s.overflow IS NOT NULL THEN 'extra_cells' END`] : [])];
  const keys = def.naturalKey.map((k) => `${valueOf(def.fields.find((f) => f.name === k)!)} AS k_${k}`);
  const areas = def.fields.filter((f) => f.type === 'area').map((f) => `area_${f.name}.code AS a_${f.name}`);
  return `CREATE OR REPLACE TEMP TABLE xy_chk AS
    SELECT s.row_no, list_filter([${checks.join(',\n      ')}], x -> x IS NOT NULL) AS reasons,
      ${contentHash(def)} AS h, ${[...keys, ...areas].join(', ')}
    FROM xy_s AS s ${joins.join(' ')}`;
}
