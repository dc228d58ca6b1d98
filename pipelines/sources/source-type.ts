/**
 * The shape of a source type: what a department's file must contain and how it is checked.
 * Adding a source type means adding one definition of this shape; the loader reads only this.
 * Pure data, no I/O.
 */

export type FieldType =
  | 'text'
  | 'date'
  | 'month' // a calendar month (2025-03, 2025年3月, 202503 or any day in it), stored as its first day
  | 'amount' // non-negative decimal
  | 'count' // non-negative whole number
  | 'uscc' // 统一社会信用代码, check character verified
  | 'id_number' // 居民身份证号码 when the row's id type says so; stored only as keyed hash + mask
  | 'enum'
  | 'enum_multi' // several enumeration values joined with ';'
  | 'area'; // an area of the preset, given by division code or by name

export interface FieldDef {
  /** Column name in staging and core (snake_case). */
  name: string;
  /** Header of the national template (or the most common header). */
  headerZh: string;
  /** Field code of the national template (XK_* / CF_*), when there is one. */
  code?: string;
  /** Other spellings seen in departments' exports. */
  aliases?: string[];
  type: FieldType;
  required?: boolean;
  /** Allowed values (for enum / enum_multi); keys of `valueAliases` map onto them. */
  values?: readonly string[];
  valueAliases?: Record<string, string>;
  /** For `area`: which level of the preset's tree the value must name. */
  areaLevel?: 'district' | 'street';
  /** For `date`: reject dates after the batch's report date. */
  notFuture?: boolean;
  /**
   * For `uscc`: the template's placeholder 00000000000000000X is accepted (an individual business
   * without a code writes it, and then its 工商注册号). Any other code field rejects it.
   */
  placeholder?: boolean;
  /** For `enum`: a value naming its own kind after this prefix is valid as sent (证件类型 其他-军官证). */
  otherPrefix?: string;
  /** For `date` (an end of validity): the word 长期 means no expiry, stored as the template's 2099-12-31. */
  longTerm?: boolean;
  /**
   * For `text`: a document number (文号), compared as a key: brackets around its year read as
   * 〔〕, full-width characters as half-width, spaces dropped (migration 022, xy_doc_no).
   */
  docNumber?: boolean;
  /** For `id_number`: the field holding the ID type; the check applies when it says 身份证. */
  idTypeField?: string;
  /**
   * For `text`: the field names the unit the row is about (责任单位). In a street office's own
   * file it is the street's name: filled in when the column is absent, and a row naming another
   * unit is rejected (street_not_own). From a department's own account, a row naming another
   * department of the preset or a street is rejected (unit_not_own).
   */
  unitName?: boolean;
}

/** A rule across fields: `then` is required when `when` holds. */
export interface RequiredWhenRule {
  kind: 'required_when';
  id: string;
  when:
    | { field: string; in: readonly string[] }
    | { field: string; contains: string }
    | { field: string; equals: string };
  then: string;
}

/**
 * How a source type's rows count as credit records (record volume, coverage): the day a record
 * belongs to and the fields naming its subject.
 */
export interface CreditRecordRole {
  dateField: string;
  usccField?: string;
  idField?: string;
}

export interface SourceType {
  id: string;
  nameZh: string;
  nameEn: string;
  /** core table the clean rows go to (schema-qualified). */
  table: string;
  fields: readonly FieldDef[];
  rules: readonly RequiredWhenRule[];
  /** Fields whose values identify a record across resubmissions. */
  naturalKey: readonly string[];
  /** Minimum number of recognised headers for a row to count as the header row. */
  minHeaderMatches: number;
  /** Present when each row is a credit record counted in record volume and coverage. */
  creditRecord?: CreditRecordRole;
  /** The date a row is about (decision, query, report …), which places it in a period. */
  eventDate?: string;
  /** A street office may send it itself, of its own street only (field `street_code`, or a `unitName` field). */
  reportedByStreets?: boolean;
}

/** A yes/no column, as systems write it. */
export const YES_NO = ['是', '否'] as const;
export const YES_NO_ALIASES: Record<string, string> = { Y: '是', N: '否', '1': '是', '0': '否', 有: '是', 无: '否' };
