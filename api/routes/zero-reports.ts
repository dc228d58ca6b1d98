/**
 * Zero reports (零报送): a department declares a month in which it decided no licence and no
 * penalty, so its 双公示 rules under `noData: zero` score full points instead of 未报送
 * (metrics/zero-reports.ts). A department declares and withdraws for itself, the office for any
 * department; both audited.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Warehouse } from '../../warehouse/connection.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import { appendAudit } from '../../warehouse/repositories/accounts.ts';
import { createZeroReports, ZERO_REPORT_DUTIES, ZeroReportError } from '../../metrics/zero-reports.ts';
import { departmentScope, requireOwnDepartment, type Principal } from '../auth/access.ts';
import { UserInputError } from '../auth/users.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');
const duty = z.enum(ZERO_REPORT_DUTIES);
const DECLARERS = ['office', 'department'] as const;

export function registerZeroReportRoutes(fastify: FastifyInstance, wh: Warehouse, preset: Preset): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const zeroReports = createZeroReports(wh, preset);

  /** The department a request acts for: a department user's own; the office names one. */
  const actingFor = (p: Principal, departmentId: string | undefined): string => {
    const own = departmentScope(p);
    if (own === null && !departmentId) throw new UserInputError('departmentId: the credit office declares for a department it names');
    const id = departmentId ?? own!;
    requireOwnDepartment(p, id);
    return id;
  };

  app.get('/api/zero-reports', {
    config: { access: DECLARERS },
    schema: {
      summary: 'Zero reports (零报送) declared, newest month first: a department sees its own, the office every department\'s',
      querystring: z.object({ departmentId: z.string().min(1).max(64).optional(), from: month.optional(), to: month.optional() }),
    },
  }, async (req) => {
    const own = departmentScope(req.principal!);
    if (own !== null && req.query.departmentId && req.query.departmentId !== own) requireOwnDepartment(req.principal!, req.query.departmentId);
    return { zeroReports: await zeroReports.list({ departmentId: own ?? req.query.departmentId ?? null, from: req.query.from, to: req.query.to }) };
  });

  app.post('/api/zero-reports', {
    config: { access: DECLARERS },
    schema: {
      summary: 'Declare a month empty under a duty (双公示: no licence and no penalty decided); refused while the month runs or when it has records (audited)',
      body: z.object({ duty, month, departmentId: z.string().min(1).max(64).optional(), note: z.string().max(200).optional() }),
    },
  }, async (req, reply) => {
    const p = req.principal!;
    const departmentId = actingFor(p, req.body.departmentId);
    let declared;
    try {
      declared = await zeroReports.declare({ departmentId, duty: req.body.duty, month: req.body.month, note: req.body.note, by: p.username });
    } catch (err) {
      if (!(err instanceof ZeroReportError)) throw err;
      return reply.status(err.statusCode).send({ error: err.statusCode === 409 ? 'conflict' : 'bad_request', message: err.message, code: err.code, count: err.count ?? null });
    }
    const { report, created } = declared;
    if (created) await appendAudit(wh, { userId: p.id, username: p.username, action: 'zero-report', target: `${departmentId}:${req.body.duty}:${req.body.month}`, detail: { note: report.note }, ip: req.ip });
    return { zeroReport: report, created };
  });

  app.delete('/api/zero-reports', {
    config: { access: DECLARERS },
    schema: {
      summary: 'Withdraw a zero report (audited)',
      querystring: z.object({ duty, month, departmentId: z.string().min(1).max(64).optional() }),
    },
  }, async (req, reply) => {
    const p = req.principal!;
    const departmentId = actingFor(p, req.query.departmentId);
    if (!(await zeroReports.withdraw({ departmentId, duty: req.query.duty, month: req.query.month }))) {
      return reply.status(404).send({ error: 'not_found', message: `no zero report of ${departmentId} for ${req.query.duty} in ${req.query.month}` });
    }
    await appendAudit(wh, { userId: p.id, username: p.username, action: 'zero-report-withdrawn', target: `${departmentId}:${req.query.duty}:${req.query.month}`, ip: req.ip });
    return { withdrawn: true };
  });
}
