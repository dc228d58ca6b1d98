/**
 * The task ledger (工作台账) as a board: every plan sub-task of a unit with its latest status, and
 * a form's way to report progress without a spreadsheet. A department or street office reads and
 * updates its own lines; the office and leaders read everyone's, and the office updates for a unit
 * it names. An update is one ledger line loaded as a batch through the same pipeline as a file
 * (validation, quarantine, history, mart refresh), kept as a file beside the uploads and audited.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chinaDay } from '../../lib/dates.ts';
import { createWorkingCalendar } from '../../lib/working-days.ts';
import { refreshMarts } from '../../metrics/refresh.ts';
import type { Records } from '../../metrics/records.ts';
import { ingestFile } from '../../pipelines/load/ingest.ts';
import { taskLedgerWorkbook } from '../exports/task-ledger-xlsx.ts';
import { TASK_STATUS, taskProgress } from '../../pipelines/sources/task-progress.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import { taskStreets } from '../../warehouse/preset/install-preset.ts';
import { isoDate, type Preset } from '../../warehouse/preset/preset-schema.ts';
import { appendAudit } from '../../warehouse/repositories/accounts.ts';
import { ForbiddenError, type Principal } from '../auth/access.ts';
import { UserInputError } from '../auth/users.ts';
import { streetReceiver, uploadsRoot } from './uploads.ts';

const unitQuery = { departmentId: z.string().min(1).max(64).optional(), streetCode: z.string().regex(/^\d{9}$/, 'must be a street code').optional() };

/** A unit of the plan: a department of the preset or a street office or town. */
type Unit = { type: 'department'; id: string; nameZh: string } | { type: 'street'; id: string; nameZh: string };

/** A CSV cell, quoted. */
const cell = (v: string | null | undefined) => `"${(v ?? '').replaceAll('"', '""')}"`;

export function registerTaskRoutes(fastify: FastifyInstance, wh: Warehouse, preset: Preset, idKey: string, records: Records): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const calendar = createWorkingCalendar(preset.calendar.years);
  const root = uploadsRoot(wh);

  /** The unit a request is about: a department's or street's own; the office and leaders name one, or none for all. */
  const unitOf = (p: Principal, q: { departmentId?: string; streetCode?: string }): Unit | null => {
    if (q.departmentId && q.streetCode) throw new UserInputError('name a department or a street, not both');
    if ((p.role === 'department' && (q.streetCode || (q.departmentId && q.departmentId !== p.departmentId)))
      || (p.role === 'street' && (q.departmentId || (q.streetCode && q.streetCode !== p.streetCode)))) {
      throw new ForbiddenError(`a ${p.role} account sees and reports its own tasks only`);
    }
    const departmentId = p.role === 'department' ? p.departmentId! : q.departmentId;
    const streetCode = p.role === 'street' ? p.streetCode! : q.streetCode;
    if (departmentId) {
      const d = preset.departments.find((x) => x.id === departmentId);
      if (!d) throw Object.assign(new Error(`unknown department "${departmentId}"`), { statusCode: 404 });
      return { type: 'department', id: d.id, nameZh: d.nameZh };
    }
    if (streetCode) {
      const a = preset.areas.find((x) => x.code === streetCode && x.level === 'street');
      if (!a) throw Object.assign(new Error(`unknown street "${streetCode}"`), { statusCode: 404 });
      return { type: 'street', id: a.code, nameZh: a.nameZh };
    }
    return null;
  };

  /** The board a request asks for: the unit's lines (every unit's for none) as of `at` (default today). */
  const board = async (p: Principal, q: { at?: string; departmentId?: string; streetCode?: string }) => {
    const unit = unitOf(p, q);
    const asOf = q.at ?? chinaDay();
    const lines = unit === null ? await records.taskLines('city', preset.cityCode, asOf) : await records.taskLines(unit.type, unit.id, asOf);
    return { asOf, unit, lines };
  };

  app.get('/api/tasks', {
    config: { access: ['leader', 'office', 'department', 'street'] },
    schema: {
      summary: 'The task ledger as of a day (default today): every plan sub-task of each responsible unit with its latest status, 未报送 when never reported, and whether it is overdue (a department or street: its own; the office and leaders: all, or the unit named)',
      querystring: z.object({ at: isoDate.optional(), ...unitQuery }),
    },
  }, async (req) => board(req.principal!, req.query));

  app.get('/api/tasks.xlsx', {
    config: { access: ['leader', 'office', 'department', 'street'] },
    schema: {
      summary: 'The task board as the ledger workbook (工作台账) in the template\'s columns: filled in, it uploads as a ledger (audited as an export)',
      querystring: z.object({ at: isoDate.optional(), ...unitQuery }),
    },
  }, async (req, reply) => {
    const p = req.principal!;
    const { unit, asOf, lines } = await board(p, req.query);
    const unitZh = unit?.nameZh ?? preset.nameZh;
    const body = await taskLedgerWorkbook(lines, unitZh, asOf);
    await appendAudit(wh, { userId: p.id, username: p.username, ip: req.ip, action: 'task-ledger-export', target: unit ? `${unit.type}:${unit.id}` : null, detail: { asOf, lines: lines.length } });
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="task-ledger-${asOf}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${unitZh}工作台账-${asOf}.xlsx`)}`)
      .send(body);
  });

  app.post('/api/tasks/progress', {
    config: { access: ['office', 'department', 'street'] },
    schema: {
      summary: 'Report the progress of one plan sub-task of a unit (its own for a department or street; the office names the unit): one ledger line, dated today, loaded as a batch (audited)',
      body: z.object({
        subtaskNo: z.string().regex(/^\d+\.\d+$/, 'must be a sub-task number like 3.1'),
        status: z.enum(TASK_STATUS),
        completedOn: isoDate.optional(),
        note: z.string().max(500).optional(),
        ...unitQuery,
      }),
    },
  }, async (req, reply) => {
    const p = req.principal!;
    const b = req.body;
    const unit = unitOf(p, b);
    if (unit === null) throw new UserInputError('departmentId or streetCode: the credit office reports for a unit it names');
    const task = preset.tasks.find((t) => t.subtaskNo === b.subtaskNo);
    if (!task) throw Object.assign(new Error(`no plan sub-task ${b.subtaskNo}`), { statusCode: 404 });
    const owns = unit.type === 'department' ? task.departmentIds.includes(unit.id) : taskStreets(preset, task).some((a) => a.code === unit.id);
    if (!owns) throw new UserInputError(`sub-task ${b.subtaskNo} is not ${unit.nameZh}'s in the plan`);
    const today = chinaDay();
    if (b.status === '已完成' && !b.completedOn) throw new UserInputError('completedOn: a finished sub-task needs the day it was finished');
    if (b.status !== '已完成' && b.completedOn) throw new UserInputError(`completedOn: only a finished sub-task has a completion day (status is ${b.status})`);
    if (b.completedOn && b.completedOn > today) throw new UserInputError(`completedOn: ${b.completedOn} is after today (${today})`);

    // One ledger line in the template's columns, loaded as a street's or department's own file.
    const header = ['task_no', 'task', 'subtask_no', 'subtask', 'responsible_unit', 'status', 'completed_on', 'progress_note', 'reported_on']
      .map((name) => taskProgress.fields.find((f) => f.name === name)!.headerZh);
    const line = [task.taskNo, task.taskZh, task.subtaskNo, task.subtaskZh, unit.nameZh, b.status, b.completedOn ?? '', b.note?.trim() ?? '', today];
    const dir = path.join(root, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `工作台账-${unit.nameZh}-${task.subtaskNo}.csv`);
    await writeFile(file, `${header.map(cell).join(',')}\n${line.map(cell).join(',')}\n`);
    const street = unit.type === 'street' ? unit.id : undefined;
    const departmentId = unit.type === 'department' ? unit.id : streetReceiver(preset, unit.id);
    if (!departmentId) throw new UserInputError('this preset names no department that receives street reports (preset.json streetReportsTo)');
    const summary = await ingestFile(wh, file, {
      sourceType: taskProgress.id, departmentId, street, ownAccount: p.role !== 'office', reportedAt: today, idKey,
      afterLoad: (conn, batchId) => refreshMarts(conn, calendar, { batchId }),
    });
    await appendAudit(wh, {
      userId: p.id, username: p.username, ip: req.ip, action: 'task-progress', target: `batch:${summary.batchId}`,
      detail: { unit: unit.id, subtaskNo: b.subtaskNo, status: b.status, completedOn: b.completedOn ?? null, rowsLoaded: summary.rowsLoaded, reasons: summary.reasons },
    });
    if (summary.rowsLoaded + summary.rowsDuplicate === 0) {
      return reply.status(422).send({ error: 'unprocessable', message: `the line was not loaded: ${Object.keys(summary.reasons).join(', ')}`, summary });
    }
    const [updated] = (await records.taskLines(unit.type, unit.id, today)).filter((l) => l.subtaskNo === b.subtaskNo);
    return reply.status(201).send({ summary, line: updated ?? null });
  });
}
