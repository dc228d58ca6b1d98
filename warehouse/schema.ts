/**
 * Row types of the tables that TypeScript code queries through Kysely. Bulk load SQL and the
 * core record tables (wide, defined by pipelines/sources) are handled in SQL directly.
 */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<string, string, string>;

export interface AreaTable {
  code: string;
  name_zh: string;
  name_en: string;
  level: 'city' | 'district' | 'street';
  kind: string;
  parent_code: string | null;
  district_code: string | null;
}

export interface DepartmentTable {
  id: string;
  name_zh: string;
  name_en: string;
  short_zh: string;
  area_code: string;
  uscc: string;
  category: string;
}

export interface BatchTable {
  id: number;
  file_name: string;
  content_hash: string;
  source_type: string;
  department_id: string;
  reported_at: string;
  format: string | null;
  encoding: string | null;
  header_row: number | null;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  rows_duplicate: number;
  rows_superseding: number;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: 'loaded' | 'failed';
  message: string | null;
  /** Of a workbook read from several sheets: their names in tab order (else null). */
  sheets: string[] | null;
  /** The street that sent the batch through the data desk (else null: a department's file). */
  street_code: string | null;
  /** A failed batch's reason as a code with its parameters (JSON of lib/file-problems.ts's FileProblem), else null. */
  problem: string | null;
}

export interface QuarantineTable {
  batch_id: number;
  row_no: number;
  reasons: string[];
  raw: string;
  /** Of a workbook read from several sheets: the row's sheet, 0-based in `meta.batch.sheets`. */
  sheet_no: number | null;
}

export interface IndicatorValueTable {
  indicator_id: string;
  period_type: 'week' | 'month';
  period_start: string;
  period_end: string;
  entity_type: 'city' | 'district' | 'street' | 'department';
  entity_id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  extras: string | null;
}

export interface PlanTargetTable {
  indicator_id: string;
  kind: 'baseline' | 'milestone';
  date: string;
  value: number;
}

export interface Database {
  'core.area': AreaTable;
  'core.department': DepartmentTable;
  'core.plan_target': PlanTargetTable;
  'meta.batch': BatchTable;
  'meta.quarantine': QuarantineTable;
  'mart.indicator_value': IndicatorValueTable;
}
