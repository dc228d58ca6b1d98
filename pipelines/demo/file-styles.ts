/**
 * How departments' exports differ: encoding, BOM, header spelling, date writing, full-width
 * characters. Each department keeps one style for all its files, as a real export tool would.
 * Pure data and helpers, no I/O.
 */
import type { FieldDef, SourceType } from '../sources/source-type.ts';
import type { DateStyle } from './dates.ts';
import type { Rng } from './prng.ts';
import type { ColumnKind } from './writers.ts';

export interface FileStyle {
  name: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'gbk';
  bom: boolean;
  eol: '\n' | '\r\n';
  quoteAll: boolean;
  /** Header row: the template's Chinese names, variant spellings (aliases) or the XK_/CF_ codes. */
  headers: 'standard' | 'alias' | 'code';
  /** How text dates are written; 'mixed' varies from cell to cell. */
  dates: DateStyle | 'mixed';
  /** In .xlsx: real date cells, bare serial numbers, or text. */
  xlsxDates: 'date' | 'serial' | 'text';
  /** Share of rows with a full-width code, date or padded name. */
  fullWidthRate: number;
  /** Writes accepted value variants (法人, 个体户, 有效, 居民身份证 …) instead of the standard ones. */
  valueAliases: boolean;
  /** Headers with full-width parentheses, as typed in Chinese Excel. */
  fullWidthParens: boolean;
  /** Amounts with four decimals (0.5000) as some systems export them. */
  amountFixed: boolean;
  /** Required columns marked with a leading '*', as in the template spreadsheet. */
  requiredMark: boolean;
}

const base: FileStyle = {
  name: 'csv', format: 'csv', encoding: 'utf-8', bom: false, eol: '\n', quoteAll: false, headers: 'standard', dates: 'iso',
  xlsxDates: 'date', fullWidthRate: 0, valueAliases: false, fullWidthParens: false, amountFixed: false, requiredMark: false,
};

/** Styles of 双公示 files; about half are UTF-8 CSV with Chinese headers. */
export const RECORD_STYLES: readonly FileStyle[] = [
  { ...base, name: 'csv-utf8' },
  { ...base, name: 'csv-utf8-bom', bom: true, eol: '\r\n', dates: 'slash' },
  { ...base, name: 'xlsx-dates', format: 'xlsx', xlsxDates: 'date' },
  { ...base, name: 'csv-gbk', encoding: 'gbk', eol: '\r\n', dates: 'zh', fullWidthParens: true, amountFixed: true },
  { ...base, name: 'csv-utf8-alias', bom: true, headers: 'alias', dates: 'mixed', fullWidthRate: 0.03, valueAliases: true },
  { ...base, name: 'csv-codes', headers: 'code', dates: 'compact', quoteAll: true },
  { ...base, name: 'csv-utf8-mixed', dates: 'mixed' },
  { ...base, name: 'xlsx-text', format: 'xlsx', xlsxDates: 'text', dates: 'slash', valueAliases: true },
  { ...base, name: 'csv-gbk-alias', encoding: 'gbk', eol: '\r\n', headers: 'alias', dates: 'slash', fullWidthRate: 0.03 },
  { ...base, name: 'csv-utf8-bom-fw', bom: true, fullWidthRate: 0.02, quoteAll: true },
  { ...base, name: 'xlsx-serial', format: 'xlsx', xlsxDates: 'serial', fullWidthParens: true, requiredMark: true },
  { ...base, name: 'csv-utf8-zh', dates: 'zh', eol: '\r\n' },
];

/** Styles of registry (主体库) files. */
export const REGISTRY_STYLES: readonly FileStyle[] = [
  { ...base, name: 'csv-utf8', dates: 'iso' },
  { ...base, name: 'xlsx-dates', format: 'xlsx', xlsxDates: 'date' },
  { ...base, name: 'csv-gbk-alias', encoding: 'gbk', eol: '\r\n', headers: 'alias', dates: 'slash', valueAliases: true },
  { ...base, name: 'csv-utf8-bom-alias', bom: true, headers: 'alias', dates: 'mixed', fullWidthRate: 0.02, valueAliases: true },
  { ...base, name: 'csv-utf8-zh', dates: 'zh', eol: '\r\n' },
];

/** Optional columns that departments with their own header spellings tend to leave out. */
const OFTEN_OMITTED = new Set(['subject_org_code', 'subject_tax_no', 'subject_institution_no', 'subject_social_org_no']);

export interface PlannedColumn {
  /** Field name of the source type. */
  field: string;
  header: string;
  kind: ColumnKind;
}

/** The per-record report date (上报日期) that only exports of the provincial platform carry. */
export const REPORTED_FIELD = 'reported_date';

const kindOf = (f: FieldDef): ColumnKind => (f.type === 'date' ? 'date' : f.type === 'amount' || f.type === 'count' ? 'amount' : 'text');

/**
 * The header row a department with this style writes for a source type. `rng` chooses among
 * alias spellings, so a department's choice is fixed by its own stream.
 */
export function columnsFor(def: SourceType, style: FileStyle, rng: Rng, withReported: boolean): PlannedColumn[] {
  const cols: PlannedColumn[] = [];
  let reported: PlannedColumn | null = null;
  for (const f of def.fields) {
    if (f.name === REPORTED_FIELD && !withReported) continue;
    let header = f.headerZh;
    if (style.headers === 'code' && f.code) header = f.code;
    if (style.headers === 'alias') {
      if (OFTEN_OMITTED.has(f.name)) continue;
      if (f.aliases && f.aliases.length > 0 && rng.chance(0.6)) header = rng.pick(f.aliases);
    }
    if (style.fullWidthParens) header = header.replaceAll('(', '（').replaceAll(')', '）');
    if (style.requiredMark && f.required) header = `*${header}`;
    const col = { field: f.name, header, kind: kindOf(f) };
    // The platform appends its report date after the template's columns.
    if (f.name === REPORTED_FIELD) reported = col;
    else cols.push(col);
  }
  if (reported) cols.push(reported);
  return cols;
}

/** Accepted variants of standard values, as some systems write them. */
export const VALUE_VARIANTS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  subject_category: { 法人及非法人组织: ['法人', '法人及其他组织'], 个体工商户: ['个体户'], 自然人: ['个人'] },
  subject_id_type: { 身份证: ['居民身份证'] },
  status: { '1': ['有效'], 存续: ['在业', '开业', '存续(在营、开业、在册)'], 正常缴纳: ['正常', '已缴'], 欠缴: ['欠费'], 推进中: ['进行中'], 已完成: ['完成'] },
  list_type: { 红名单: ['红榜', '守信红名单'], 黑名单: ['失信黑名单'] },
  kind: { 社会保险: ['社保'], 住房公积金: ['公积金'], 燃气费: ['燃气'], 检查: ['执法检查'], 投诉: ['消费投诉'] },
  fulfilment: { 已履约: ['履约'], 未履约: ['违约'] },
  colour: { 红: ['红牌'], 蓝: ['蓝牌'], 黄: ['黄牌'], 黑: ['黑牌'] },
  commitment_type: { 审批替代型: ['告知承诺'] },
  case_type: { 民事: ['民事案件'], 执行: ['执行案件'] },
};
