/**
 * Uploads (data desk): a department sends a file for its own department — the office for any, a
 * street office its own street's reports (filed under the department that receives them,
 * preset.json streetReportsTo) — and it loads as one batch through the same pipeline as the
 * inbox and the CLI, marts refreshed in the batch's transaction. The file is kept beside the
 * warehouse (uploads/), so nothing sent is lost; the answer is the batch summary with every
 * rejection reason counted, and where to fetch the rejected rows.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { chinaDay } from '../../lib/dates.ts';
import { createWorkingCalendar } from '../../lib/working-days.ts';
import { refreshMarts } from '../../metrics/refresh.ts';
import { detectSourceType } from '../../pipelines/inbox/inbox.ts';
import { ingestFile, IngestError, recordUnrecognised } from '../../pipelines/load/ingest.ts';
import { SOURCE_TYPES } from '../../pipelines/sources/index.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import { appendAudit } from '../../warehouse/repositories/accounts.ts';
import { requireOwnDepartment } from '../auth/access.ts';
import { UserInputError } from '../auth/users.ts';

/**
 * The department that receives a street's own reports: its district's entry in the preset's
 * streetReportsTo, else the city's (null: none named).
 */
export function streetReceiver(preset: Preset, street: string): string | null {
  const district = preset.areas.find((a) => a.code === street)?.parentCode;
  const to = preset.streetReportsTo ?? {};
  return (district ? to[district] : undefined) ?? to[preset.cityCode] ?? null;
}

/** The largest file an upload takes. */
export const UPLOAD_LIMIT_BYTES = 512 * 1024 * 1024;

/** Where uploaded files are kept: `uploads/` beside the warehouse. */
export const uploadsRoot = (wh: Warehouse): string =>
  (wh.file === ':memory:' ? path.join(tmpdir(), 'xinyong-uploads') : path.join(path.dirname(path.resolve(wh.file)), 'uploads'));

export function registerUploadRoutes(app: FastifyInstance, wh: Warehouse, preset: Preset, idKey: string): void {
  const calendar = createWorkingCalendar(preset.calendar.years);
  const root = uploadsRoot(wh);

  app.post('/api/uploads', {
    config: { access: ['office', 'department', 'street'] },
    schema: {
      summary: 'Upload a file (multipart: file; sourceType, optional — detected from the header; departmentId, for the office; reportedAt, optional) and load it as one batch',
    },
  }, async (req, reply) => {
    const p = req.principal!;
    if (!req.isMultipart()) throw new UserInputError('send the file as multipart/form-data in a field named "file"');
    const fields: Record<string, string> = {};
    let saved: { file: string; name: string } | null = null;
    for await (const part of req.parts({ limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        const name = path.basename(part.filename || 'upload').replace(/[\\/\0]/g, '_') || 'upload';
        const dir = path.join(root, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`);
        await mkdir(dir, { recursive: true });
        const file = path.join(dir, name);
        await pipeline(part.file, createWriteStream(file));
        if (part.file.truncated) throw Object.assign(new Error(`the file is larger than ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB; split it or use the inbox`), { statusCode: 413 });
        saved = { file, name };
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
    if (!saved) throw new UserInputError('no file in the upload (a multipart field named "file")');
    const street = p.role === 'street' ? p.streetCode! : undefined;
    const departmentId = street ? streetReceiver(preset, street) : fields.departmentId || (p.role === 'department' ? p.departmentId! : '');
    if (!departmentId) throw new UserInputError(street ? 'this preset names no department that receives street reports (preset.json streetReportsTo); send the file to the district\'s credit office' : 'say which department the file is from (departmentId)');
    if (!street) requireOwnDepartment(p, departmentId);
    if (fields.sourceType && !(fields.sourceType in SOURCE_TYPES)) throw new UserInputError(`unknown source type "${fields.sourceType}" (see /api/source-types)`);
    // A department's or street's file is dated the day it arrives: an earlier date would count
    // its late records as on time. The office may date a file it received earlier.
    const ownAccount = p.role !== 'office';
    if (ownAccount && fields.reportedAt && fields.reportedAt !== chinaDay()) {
      throw new UserInputError(`reportedAt: only the credit office dates a file; a ${p.role}'s file is dated the day it arrives (${chinaDay()})`);
    }
    try {
      const sourceType = fields.sourceType || await detectSourceType(wh, saved.file).catch(async (err: unknown) => {
        // No type recognised it: a failed batch all the same, listed with why.
        if (!(err instanceof IngestError)) throw err;
        const summary = await recordUnrecognised(wh, saved.file, err, { departmentId, street, reportedAt: fields.reportedAt || undefined });
        throw new IngestError(err.message, { ...summary, file: saved.name }, err.problem);
      });
      const summary = await ingestFile(wh, saved.file, {
        sourceType, departmentId, street, ownAccount, reportedAt: fields.reportedAt || undefined, idKey,
        afterLoad: (conn, batchId) => refreshMarts(conn, calendar, { batchId }),
      });
      await appendAudit(wh, {
        userId: p.id, username: p.username, ip: req.ip, action: 'upload', target: `batch:${summary.batchId}`,
        detail: { file: saved.name, sourceType, departmentId, street, status: summary.status, rowsRead: summary.rowsRead, rowsLoaded: summary.rowsLoaded, rowsQuarantined: summary.rowsQuarantined },
      });
      return reply.status(summary.status === 'loaded' ? 201 : 422).send({ summary, quarantine: `/api/batches/${summary.batchId}/quarantine` });
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      await appendAudit(wh, { userId: p.id, username: p.username, ip: req.ip, action: 'upload', detail: { file: saved.name, departmentId, status: 'rejected', message: err.message } });
      return reply.status(err.summary ? 422 : 400).send({ error: 'bad_request', message: err.message, problem: err.problem ?? null, summary: err.summary ?? null });
    }
  });
}
