/**
 * Builds, from a source-type definition, the SQL that types and checks a staged batch in one
 * pass: each field's clean value and the list of reasons a row is rejected. Identifiers come
 * from the definitions only; file content never enters SQL text.
 * Reason codes are `<check>:<Chinese header>` (e.g. `missing:许可决定日期`); see reasons.ts.
 */
import type { FieldDef, RequiredWhenRule, SourceType } from '../sources/source-type.ts';
import { sqlString } from '../read/open-source.ts';

const raw = (f: FieldDef) => `raw_${f.name}`;

/** The staged columns: one `raw_<field>` per field, cleaned of full-width forms and blanks. */
export function stageColumns(def: SourceType, columns: readonly (string | null)[]): string[] {
  const byField = new Map<string, number>();
  columns.forEach((name, i) => name !== null && byField.set(name, i));
  return def.fields.map((f) => {
    const i = byField.get(f.name);
    return i === undefined ? `NULL::VARCHAR AS ${raw(f)}` : `xy_clean(c${i}) AS ${raw(f)}`;
  });
}

function enumValue(f: FieldDef, x: string): string {
  const aliases = Object.entries(f.valueAliases ?? {});
  if (aliases.length === 0) return x;
  const whens = aliases.map(([from, to]) => `WHEN ${sqlString(from)} THEN ${sqlString(to)}`).join(' ');
  return `(CASE ${x} ${whens} ELSE ${x} END)`;
}

const list = (values: readonly string[]) => `[${values.map(sqlString).join(', ')}]`;

/** Typed value expression of a field, reading `raw_<field>` and joined lookup columns. */
function typedValue(f: FieldDef): string {
  const r = raw(f);
  switch (f.type) {
    case 'text':
      return r;
    case 'date':
      return `xy_parse_date(${r})`;
    case 'amount':
      return `TRY_CAST(replace(${r}, ',', '') AS DECIMAL(18,6))`;
    case 'uscc':
      return `upper(${r})`;
    case 'enum':
      return enumValue(f, r);
    case 'enum_multi':
      return `array_to_string(list_transform(list_filter(regexp_split_to_array(${r}, '[;；,，、]'), x -> trim(x) <> ''), x -> ${enumValue(f, 'trim(x)')}), ';')`;
    case 'id_number':
      return `upper(${r})`;
    case 'area':
      return `area_${f.name}.code`;
  }
}

function ruleCondition(rule: RequiredWhenRule): string {
  const w = rule.when;
  const v = `v_${w.field}`;
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
    const r = raw(f);
    const v = `v_${f.name}`;
    if (f.required) checks.push(`CASE WHEN ${r} IS NULL THEN ${reason('missing', f)} END`);
    switch (f.type) {
      case 'date':
        checks.push(`CASE WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN ${reason('date_invalid', f)} END`);
        if (f.notFuture) checks.push(`CASE WHEN ${v} > getvariable('xy_reported_at') THEN ${reason('date_in_future', f)} END`);
        break;
      case 'amount':
        checks.push(`CASE WHEN ${r} IS NOT NULL AND ${v} IS NULL THEN ${reason('amount_invalid', f)} END`);
        checks.push(`CASE WHEN ${v} < 0 THEN ${reason('amount_negative', f)} END`);
        break;
      case 'uscc':
        checks.push(`CASE WHEN ${v} IS NOT NULL AND ${v} <> '00000000000000000X' AND NOT coalesce(ok_${f.name}, false) THEN ${reason('uscc_invalid', f)} END`);
        break;
      case 'enum':
        checks.push(`CASE WHEN ${v} IS NOT NULL AND ${v} NOT IN (${(f.values ?? []).map(sqlString).join(', ')}) THEN ${reason('enum_invalid', f)} END`);
        break;
      case 'enum_multi':
        checks.push(`CASE WHEN ${r} IS NOT NULL AND (${v} = '' OR len(list_filter(string_split(${v}, ';'), x -> NOT list_contains(${list(f.values ?? [])}, x))) > 0) THEN ${reason('enum_invalid', f)} END`);
        break;
      case 'id_number': {
        const typeField = f.idTypeField ? byName.get(f.idTypeField) : undefined;
        const applies = typeField ? `coalesce(v_${typeField.name}, '身份证') = '身份证'` : 'true';
        checks.push(`CASE WHEN ${v} IS NOT NULL AND ${applies} AND NOT xy_id_valid(${v}, getvariable('xy_reported_at')) THEN ${reason('id_invalid', f)} END`);
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
    checks.push(`CASE WHEN ${ruleCondition(rule)} AND ${raw(then)} IS NULL THEN ${reason('missing', then)} END`);
  }
  return checks;
}

/** Distinct USCCs of the batch with their check result: one check per distinct code. */
export function usccCheckSql(def: SourceType): string | null {
  const fields = def.fields.filter((f) => f.type === 'uscc');
  if (fields.length === 0) return null;
  const union = fields.map((f) => `SELECT DISTINCT upper(${raw(f)}) AS code FROM xy_stg WHERE ${raw(f)} IS NOT NULL`).join(' UNION ');
  return `CREATE OR REPLACE TEMP TABLE xy_uscc AS SELECT code, xy_uscc_valid(code) AS ok FROM (${union})`;
}

/**
 * The checked batch: row_no, `v_<field>` typed values, `reasons`, and the overflow flag.
 * Expects temp tables xy_stg (staged), xy_uscc (code check) and xy_area_key (area lookup), and
 * the variable xy_reported_at.
 */
export function checkSql(def: SourceType, hasOverflow: boolean): string {
  const joins: string[] = [];
  const inner: string[] = ['s.*'];
  for (const f of def.fields) {
    if (f.type === 'uscc') {
      joins.push(`LEFT JOIN xy_uscc AS uscc_${f.name} ON uscc_${f.name}.code = upper(s.${raw(f)})`);
      inner.push(`uscc_${f.name}.ok AS ok_${f.name}`);
    }
    if (f.type === 'area') {
      const districtField = def.fields.find((d) => d.type === 'area' && d.areaLevel === 'district' && d !== f);
      // A street name used in two districts resolves only with the row's district.
      const districtMatch = f.areaLevel === 'street' && districtField
        ? ` AND (NOT area_${f.name}.ambiguous OR area_${f.name}.district_code = area_${districtField.name}.code)`
        : ` AND NOT area_${f.name}.ambiguous`;
      joins.push(`LEFT JOIN xy_area_key AS area_${f.name} ON area_${f.name}.key = s.${raw(f)} AND area_${f.name}.level = ${sqlString(f.areaLevel ?? 'district')}${districtMatch}`);
    }
    inner.push(`${typedValue(f)} AS v_${f.name}`);
  }
  const checks = [...reasonChecks(def), ...(hasOverflow ? [`CASE WHEN overflow IS NOT NULL THEN 'extra_cells' END`] : [])];
  const typedCols = def.fields.map((f) => `v_${f.name}`).join(', ');
  return `CREATE OR REPLACE TEMP TABLE xy_chk AS
    SELECT row_no, ${typedCols}, list_filter([${checks.join(',\n      ')}], x -> x IS NOT NULL) AS reasons
    FROM (SELECT ${inner.join(', ')} FROM xy_stg AS s ${joins.join(' ')})`;
}

/** Lookup of area codes and names per level; names used twice at a level are flagged. */
export const AREA_KEY_SQL = `CREATE OR REPLACE TEMP TABLE xy_area_key AS
  WITH k AS (
    SELECT code AS key, level, code, district_code FROM core.area
    UNION ALL SELECT name_zh, level, code, district_code FROM core.area
  )
  SELECT *, count(*) OVER (PARTITION BY key, level) > 1 AS ambiguous FROM k`;
