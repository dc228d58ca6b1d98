/**
 * Reports (DESIGN §8): the weekly scheduling sheet and the monthly bulletin — previewed live by
 * the office, published (frozen, versioned, audited), and downloaded as stored in PDF and Excel.
 * Leaders read every published report; a department or street user the published reports that
 * name it. Beyond the office, a report is read in its distributed copy: the weekly sheet without
 * its record-level lists (document numbers, 相对人 names). The print page reads its report through
 * a print token (see api/exports/report-pdf.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../metrics/queries.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import { appendAudit } from '../../warehouse/repositories/accounts.ts';
import { listReports, type ReportMeta } from '../../warehouse/repositories/reports.ts';
import { ALL_ROLES, ForbiddenError, OFFICE, type Principal } from '../auth/access.ts';
import type { PdfRenderer } from '../exports/report-pdf.ts';
import type { ReportService } from '../reports/service.ts';

const kind = z.enum(['weekly', 'bulletin']);
const at = z.iso.date('must be a date YYYY-MM-DD').optional();
const format = z.enum(['pdf', 'xlsx']);
const TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** The ids a user's reports must name to be theirs: its department, or its street (null: every report). */
function ownNames(p: Principal): string[] | null {
  if (p.role === 'office' || p.role === 'leader') return null;
  return [p.role === 'department' ? p.departmentId! : p.streetCode!];
}

function mayRead(p: Principal, r: ReportMeta): void {
  if (r.status === 'draft' && p.role !== 'office') throw new ForbiddenError('drafts are for the credit office; other roles see published reports');
  const own = ownNames(p);
  if (own && !r.names.some((n) => own.includes(n))) {
    throw new ForbiddenError(`a ${p.role} user sees the published reports that name its own ${p.role} (${own[0]}), and report ${r.id} does not`);
  }
}

function sendFile(reply: FastifyReply, bytes: Buffer, fmt: 'pdf' | 'xlsx', ascii: string, name: string) {
  return reply
    .header('content-type', TYPES[fmt])
    .header('content-disposition', `attachment; filename="${ascii}.${fmt}"; filename*=UTF-8''${encodeURIComponent(`${name}.${fmt}`)}`)
    .send(bytes);
}

export function registerReportRoutes(fastify: FastifyInstance, wh: Warehouse, reports: ReportService, pdf: PdfRenderer): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const who = (req: FastifyRequest) => ({ userId: req.principal?.id ?? null, username: req.principal?.username ?? null, displayName: req.principal?.displayName ?? null, ip: req.ip });

  app.get('/api/reports', {
    config: { access: ALL_ROLES },
    schema: { summary: 'Published reports (and, for the office, drafts), newest period first; a department or street user those that name it', querystring: z.object({ kind: kind.optional() }) },
  }, async (req) => {
    const p = req.principal!;
    const own = ownNames(p);
    return { reports: await listReports(wh, { kind: req.query.kind, status: p.role === 'office' ? undefined : 'published', naming: own ?? undefined }) };
  });

  app.get('/api/reports/preview', {
    config: { access: OFFICE },
    schema: { summary: 'A report as it would be published now (live figures)', querystring: z.object({ kind, at }) },
  }, async (req) => reports.preview(req.query.kind, req.query.at));

  app.get('/api/reports/preview/:format', {
    config: { access: OFFICE },
    schema: { summary: 'The live preview as PDF or Excel, to check before publishing', params: z.object({ format }), querystring: z.object({ kind, at }) },
  }, async (req, reply) => {
    const { kind: k, at: day } = req.query;
    const bytes = await reports.previewFile(k, day, req.params.format);
    return sendFile(reply, bytes, req.params.format, `${k}-preview`, k === 'bulletin' ? '月通报-预览' : '周调度表-预览');
  });

  app.post('/api/reports', {
    config: { access: OFFICE },
    schema: { summary: 'Publish a report for the period containing `at` (default: the latest that has ended): frozen, versioned, audited', body: z.object({ kind, at }) },
  }, async (req, reply) => reply.status(201).send({ report: await reports.publish(req.body.kind, req.body.at, who(req)) }));

  const idParams = z.object({ id: z.coerce.number().int().min(1) });

  app.get('/api/reports/:id', {
    config: { access: ALL_ROLES },
    schema: { summary: 'A stored report: its frozen content, heading and metadata', params: idParams },
  }, async (req) => {
    const r = await reports.stored(req.params.id);
    if (!r) throw new NotFoundError(`unknown report ${req.params.id}`);
    mayRead(req.principal!, r);
    return { report: { ...r, content: reports.readable(r.content, req.principal!.role === 'office') } };
  });

  app.get('/api/reports/:id/:format', {
    config: { access: ALL_ROLES },
    schema: { summary: 'A stored report\'s PDF or Excel file, byte for byte as published (audited)', params: idParams.extend({ format }) },
  }, async (req, reply) => {
    const r = await reports.stored(req.params.id);
    if (!r) throw new NotFoundError(`unknown report ${req.params.id}`);
    mayRead(req.principal!, r);
    const bytes = await reports.file(r, req.params.format, req.principal!.role === 'office');
    await appendAudit(wh, { ...who(req), action: 'report-export', target: `report:${r.id}`, detail: { format: req.params.format } });
    const name = `${r.kind === 'bulletin' ? '月通报' : '周调度表'}-${r.periodLabel}${r.version ? `-第${r.version}版` : '-草稿'}`;
    return sendFile(reply, bytes, req.params.format, `${r.kind}-${r.periodStart}-${r.version ?? 'draft'}`, name);
  });

  app.get('/api/reports/print/:token', {
    config: { access: 'public' },
    schema: { summary: 'The report behind a print token (the print page Chromium prints; tokens last two minutes)', params: z.object({ token: z.string().regex(/^[0-9a-f]{48}$/) }) },
  }, async (req) => {
    const job = pdf.job(req.params.token);
    if (!job) throw new NotFoundError('unknown or expired print token');
    return job;
  });
}
