/**
 * API routes: each declares its query schema (zod) and response, and delegates to the metrics
 * repository. Bad parameters → 400, unknown ids → 404 (NotFoundError).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MetricsRepository } from '../../metrics/queries.ts';

const isoDate = z.iso.date('must be a date YYYY-MM-DD');
const grain = z.enum(['week', 'month']).default('month');

export function registerRoutes(fastify: FastifyInstance, repo: MetricsRepository): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/health', { schema: { summary: 'Liveness' } }, async () => ({ ok: true }));

  app.get('/api/meta', { schema: { summary: 'Preset, data freshness and the latest periods' } }, async () => {
    const meta = await repo.meta();
    const city = await repo.entity('city', meta.preset.cityCode);
    return { ...meta, city: { id: city.id, nameZh: city.nameZh, nameEn: city.nameEn } };
  });

  app.get('/api/indicators', { schema: { summary: 'Indicator catalog' } }, async () => ({ indicators: await repo.catalog() }));

  app.get('/api/scorecard', {
    schema: {
      summary: 'Scorecard of one entity for one period',
      querystring: z.object({
        entityType: z.enum(['city', 'district', 'street', 'department']),
        entityId: z.string().min(1).max(64),
        period: grain,
        at: isoDate.optional(),
      }),
    },
  }, async (req) => repo.scorecard(req.query.entityType, req.query.entityId, req.query.period, req.query.at));

  app.get('/api/rankings', {
    schema: {
      summary: 'Ranking of districts, streets or departments on one indicator',
      querystring: z.object({
        indicator: z.string().min(1).max(64),
        entityType: z.enum(['district', 'street', 'department']),
        period: grain,
        at: isoDate.optional(),
      }),
    },
  }, async (req) => repo.ranking(req.query.indicator, req.query.entityType, req.query.period, req.query.at));

  app.get('/api/batches', {
    schema: { summary: 'Loaded and failed batches, newest first', querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }) },
  }, async (req) => ({ batches: await repo.batches(req.query.limit) }));
}
