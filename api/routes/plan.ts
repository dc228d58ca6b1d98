/**
 * The office's administration of plan data (DESIGN §6, §7 Admin): the targets of every
 * indicator, the assessment schemes' weights and rules, the plan's tasks, and the history of
 * edits. Each edit is validated against the preset, applied from its stated period (scoring) and
 * audited with what it changed (metrics/plan-admin.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createWorkingCalendar } from '../../lib/working-days.ts';
import { createPlanAdmin } from '../../metrics/plan-admin.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import { planEditSchema } from '../../warehouse/preset/plan-edits.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import { OFFICE } from '../auth/access.ts';

export function registerPlanRoutes(fastify: FastifyInstance, wh: Warehouse, preset: Preset): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const admin = createPlanAdmin(wh, preset, createWorkingCalendar(preset.calendar.years));

  app.get('/api/plan', { config: { access: OFFICE }, schema: { summary: 'Plan data in force: targets of every indicator, assessment scheme versions, plan tasks' } },
    async () => admin.data());

  app.get('/api/plan/edits', { config: { access: OFFICE }, schema: { summary: 'The office\'s edits of plan data, newest first, each with who, when, why, and whether it still applies' } },
    async () => ({ edits: await admin.history() }));

  app.post('/api/plan/edits', {
    config: { access: OFFICE },
    schema: {
      summary: 'Edit plan data: an indicator\'s targets, a new version of an assessment scheme from a stated period, or a plan sub-task added, changed or withdrawn (audited)',
      body: planEditSchema,
    },
  }, async (req, reply) => {
    const p = req.principal!;
    const edit = await admin.record(req.body, { userId: p.id, username: p.username, displayName: p.displayName, ip: req.ip });
    return reply.status(201).send({ edit });
  });
}
