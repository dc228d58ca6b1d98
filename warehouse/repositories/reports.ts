/**
 * Published reports and drafts (meta.report): stored with their content and files, listed
 * without them. A published report is only ever inserted, never updated: its figures and files
 * stay as they were at publication.
 */
import { blobValue, type DuckDBBlobValue } from '@duckdb/node-api';
import type { Warehouse } from '../connection.ts';

export type ReportKind = 'weekly' | 'bulletin';

export interface ReportMeta {
  id: number;
  kind: ReportKind;
  status: 'draft' | 'published';
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  version: number | null;
  number: string;
  title: string;
  newestBatch: number | null;
  dataAsOf: string | null;
  names: string[];
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  origin: 'office' | 'schedule';
  pdfBytes: number;
  xlsxBytes: number;
}

export interface NewReport {
  kind: ReportKind;
  status: 'draft' | 'published';
  period: { start: string; end: string; label: string };
  number: string;
  title: string;
  content: unknown;
  newestBatch: number | null;
  dataAsOf: string | null;
  names: string[];
  pdf: Uint8Array;
  xlsx: Uint8Array;
  /** The copy for readers beyond the office, when it differs (record-level lists left out). */
  distributed: { pdf: Uint8Array; xlsx: Uint8Array } | null;
  createdBy: number | null;
  createdByName: string | null;
  origin: 'office' | 'schedule';
}

const COLUMNS = `id, kind, status, period_start::VARCHAR AS "periodStart", period_end::VARCHAR AS "periodEnd", period_label AS "periodLabel",
  version, number, title, newest_batch AS "newestBatch", data_as_of AS "dataAsOf", names, created_by AS "createdBy",
  created_by_name AS "createdByName", strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS "createdAt", origin,
  octet_length(pdf)::INTEGER AS "pdfBytes", octet_length(xlsx)::INTEGER AS "xlsxBytes"`;

/**
 * Stores a report; a published one gets the next version of its kind and period. Runs in the
 * caller's exclusive turn (the version is read, then written).
 */
export async function insertReport(wh: Warehouse, r: NewReport): Promise<ReportMeta> {
  const [row] = await wh.all<ReportMeta>(
    `INSERT INTO meta.report (kind, status, period_start, period_end, period_label, version, number, title, content, newest_batch, data_as_of,
       names, pdf, xlsx, created_by, created_by_name, created_at, origin, distributed_pdf, distributed_xlsx)
     VALUES ($1, $2, $3::DATE, $4::DATE, $5,
       CASE WHEN $2 = 'published' THEN 1 + (SELECT coalesce(max(version), 0) FROM meta.report WHERE kind = $1 AND period_start = $3::DATE AND status = 'published') END,
       $6, $7, $8::JSON, $9, $10, list_filter(string_split($11, ','), x -> x <> ''), $12, $13, $14, $15, (now() AT TIME ZONE 'UTC'), $16, $17, $18)
     RETURNING ${COLUMNS}`,
    [r.kind, r.status, r.period.start, r.period.end, r.period.label, r.number, r.title, JSON.stringify(r.content), r.newestBatch, r.dataAsOf,
      r.names.join(','), blobValue(r.pdf), blobValue(r.xlsx), r.createdBy, r.createdByName, r.origin,
      r.distributed ? blobValue(r.distributed.pdf) : null, r.distributed ? blobValue(r.distributed.xlsx) : null]);
  return row!;
}

/**
 * Reports newest first, without content or files; `names` limits to those naming any of them. A
 * draft published since (its kind and period have a version stored after it) is not listed: the
 * published version replaces it (it stays readable by id).
 */
export async function listReports(wh: Warehouse, filter: { kind?: ReportKind; status?: 'draft' | 'published'; naming?: string[] } = {}): Promise<ReportMeta[]> {
  const where: string[] = [`NOT (status = 'draft' AND EXISTS (SELECT 1 FROM meta.report p
    WHERE p.kind = meta.report.kind AND p.period_start = meta.report.period_start AND p.status = 'published' AND p.id > meta.report.id))`];
  const params: string[] = [];
  if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
  if (filter.status) where.push(`status = $${params.push(filter.status)}`);
  if (filter.naming) where.push(`len(list_intersect(names, string_split($${params.push(filter.naming.join(','))}, ','))) > 0`);
  return wh.all<ReportMeta>(`SELECT ${COLUMNS} FROM meta.report ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY period_start DESC, kind, status DESC, version DESC NULLS LAST, id DESC`, params);
}

export async function getReport(wh: Warehouse, id: number): Promise<(ReportMeta & { content: unknown }) | null> {
  const [row] = await wh.all<ReportMeta & { content: string }>(`SELECT ${COLUMNS}, content::VARCHAR AS content FROM meta.report WHERE id = $1`, [id]);
  return row ? { ...row, content: JSON.parse(row.content) } : null;
}

/**
 * A report's stored PDF or workbook, byte for byte as published: the office's, or the copy
 * distributed beyond it (null when none was stored).
 */
export async function reportFile(wh: Warehouse, id: number, format: 'pdf' | 'xlsx', copy: 'office' | 'distributed' = 'office'): Promise<Buffer | null> {
  const conn = await wh.connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT ${copy === 'office' ? format : `distributed_${format}`} FROM meta.report WHERE id = $1`, [id]);
    const value = reader.getRows()[0]?.[0] as DuckDBBlobValue | undefined;
    return value ? Buffer.from(value.bytes) : null;
  } finally {
    conn.closeSync();
  }
}

/** The 文号 a period's bulletin carries: its first publication's, or the year's next number. */
export async function bulletinNumber(wh: Warehouse, periodStart: string, prefix: string, year: number): Promise<string> {
  const [same] = await wh.all<{ number: string }>(
    `SELECT number FROM meta.report WHERE kind = 'bulletin' AND status = 'published' AND period_start = $1::DATE ORDER BY version LIMIT 1`, [periodStart]);
  if (same) return same.number;
  const [n] = await wh.all<{ n: number }>(
    `SELECT count(DISTINCT period_start)::INTEGER AS n FROM meta.report WHERE kind = 'bulletin' AND status = 'published' AND number LIKE $1`,
    [`%〔${year}〕%`]);
  return `${prefix}〔${year}〕${n!.n + 1}号`;
}
