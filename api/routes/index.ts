/**
 * API routes: each declares its query schema (zod) and response, and delegates to the metrics
 * repository. Bad parameters → 400, unknown ids → 404 (NotFoundError).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MetricsRepository } from '../../metrics/queries.ts';
import { NotFoundError } from '../../metrics/queries.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import { freshness, getBatch, listBatches, quarantineOf, rowsPerDepartmentWeek } from '../../warehouse/repositories/data-desk.ts';
import { quarantineWorkbook } from '../exports/quarantine-xlsx.ts';
import { SOURCE_TYPES } from '../../pipelines/sources/index.ts';
import { utcInstant, valueAsKnownAt } from '../../metrics/known-at.ts';
import type { Assessment, RuleScore } from '../../metrics/assessment.ts';
import type { Weekly } from '../../metrics/weekly.ts';
import { batchScope, departmentScope, EVERYONE, requireOwnBatch, requireOwnDepartment, requireRankingOf, requireRecordsOf, requireScorecardOf, redactMaskedIds, type Principal } from '../auth/access.ts';
import { RECORD_KINDS, RECORDS_OF, type Records } from '../../metrics/records.ts';

const isoDate = z.iso.date('must be a date YYYY-MM-DD');
const grain = z.enum(['week', 'month', 'quarter', 'year']).default('month');

/**
 * Scorecards and rankings are cached per data version (metrics/queries.ts); their JSON is kept
 * with them, so a repeated question costs neither a query nor a serialization.
 */
const serialized = new WeakMap<object, string>();
function sendJson(reply: FastifyReply, value: object): FastifyReply {
  let body = serialized.get(value);
  if (body === undefined) {
    body = JSON.stringify(value);
    serialized.set(value, body);
  }
  return reply.type('application/json; charset=utf-8').send(body);
}

/** A rule's score of another unit, as a department sees it: which rule and its weight only. */
const withheldRule = (r: RuleScore): RuleScore => ({ indicator: r.indicator, method: r.method, weight: r.weight, status: 'withheld', listed: false, points: null, deducted: null, value: null, target: null, violations: null });

export function registerRoutes(fastify: FastifyInstance, repo: MetricsRepository, wh: Warehouse, assessment: Assessment, weekly: Weekly, records: Records): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/health', { config: { access: 'public' }, schema: { summary: 'Liveness' } }, async () => ({ ok: true }));

  app.get('/api/meta', { config: { access: EVERYONE }, schema: { summary: 'Preset, data freshness and the latest periods' } }, async () => {
    const meta = await repo.meta();
    const city = await repo.entity('city', meta.preset.cityCode);
    return { ...meta, city: { id: city.id, nameZh: city.nameZh, nameEn: city.nameEn } };
  });

  // What a department's file of each type must hold: the reference behind every reason code.
  app.get('/api/source-types', { config: { access: EVERYONE }, schema: { summary: 'Source types: headers, aliases, types, required fields, code lists, natural key' } }, async () => ({
    sourceTypes: Object.values(SOURCE_TYPES).map((d) => ({
      id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, naturalKey: d.naturalKey, creditRecord: d.creditRecord !== undefined, reportedByStreets: d.reportedByStreets === true,
      fields: d.fields.map((f) => ({
        name: f.name, headerZh: f.headerZh, code: f.code ?? null, aliases: f.aliases ?? [], type: f.type, required: f.required === true,
        values: f.values ?? null, areaLevel: f.areaLevel ?? null,
      })),
      rules: d.rules.map((r) => ({ id: r.id, when: r.when, then: r.then })),
    })),
  }));

  // The preset's areas and departments, for pickers and filters (names only, no records).
  app.get('/api/entities', { config: { access: EVERYONE }, schema: { summary: 'Areas (city, districts, streets) and departments of the preset' } }, async () => ({
    areas: repo.areas(),
    departments: repo.departments(),
  }));

  app.get('/api/indicators', { config: { access: EVERYONE }, schema: { summary: 'Indicator catalog' } }, async () => ({ indicators: await repo.catalog() }));

  // Leaders and the office open any scorecard; a department or street user its own.
  app.get('/api/scorecard', { config: { access: EVERYONE },
    schema: {
      summary: 'Scorecard of one entity for one period',
      querystring: z.object({
        entityType: z.enum(['city', 'district', 'street', 'department']),
        entityId: z.string().min(1).max(64),
        period: grain,
        at: isoDate.optional(),
        /** How many periods of history each indicator's series carries (up to the period shown). */
        series: z.coerce.number().int().min(1).max(120).default(12),
      }),
    },
  }, async (req, reply) => {
    requireScorecardOf(req.principal!, req.query.entityType, req.query.entityId);
    return sendJson(reply, await repo.scorecard(req.query.entityType, req.query.entityId, req.query.period, req.query.at, req.query.series));
  });

  app.get('/api/indicator-value', { config: { access: EVERYONE },
    schema: {
      summary: 'One indicator value, now or as it was known at an earlier instant (reproduces a published figure)',
      querystring: z.object({
        indicator: z.string().min(1).max(64),
        entityType: z.enum(['city', 'district', 'street', 'department']),
        entityId: z.string().min(1).max(64),
        period: grain,
        at: isoDate,
        knownAt: z.string().refine((v) => utcInstant(v) !== null, 'must be an ISO 8601 date or instant').optional(),
      }),
    },
  }, async (req) => {
    const q = req.query;
    requireScorecardOf(req.principal!, q.entityType, q.entityId);
    if (!repo.indicator(q.indicator)) throw new NotFoundError(`unknown indicator "${q.indicator}"`);
    const knownAt = q.knownAt ?? new Date().toISOString();
    const v = await valueAsKnownAt(wh, { indicatorId: q.indicator, entityType: q.entityType, entityId: q.entityId, grain: q.period, at: q.at, knownAt });
    if (!v) throw new NotFoundError(`no ${q.period} value of "${q.indicator}" for ${q.entityType} "${q.entityId}" at ${q.at} as known at ${knownAt}`);
    return { indicator: q.indicator, entityType: q.entityType, entityId: q.entityId, ...v };
  });

  app.get('/api/records', { config: { access: EVERYONE },
    schema: {
      summary: 'The records behind a figure: late or missing 双公示 reports, or overdue plan sub-tasks, of an entity in a period (office: any; a department or street: its own)',
      querystring: z.object({
        indicator: z.string().min(1).max(64),
        entityType: z.enum(['city', 'district', 'street', 'department']),
        entityId: z.string().min(1).max(64),
        period: grain,
        at: isoDate.optional(),
        kind: z.enum(RECORD_KINDS).optional(),
      }),
    },
  }, async (req) => {
    const q = req.query;
    requireRecordsOf(req.principal!, q.entityType, q.entityId);
    const def = repo.indicator(q.indicator);
    if (!def) throw new NotFoundError(`unknown indicator "${q.indicator}"`);
    const kinds = RECORDS_OF[q.indicator];
    if (!kinds) throw new NotFoundError(`no records are listed behind "${q.indicator}" (records are listed for ${Object.keys(RECORDS_OF).join(', ')})`);
    if (!def.entityTypes.includes(q.entityType)) throw new NotFoundError(`"${q.indicator}" is not computed for ${q.entityType} (only ${def.entityTypes.join(', ')})`);
    if (q.kind && !kinds.includes(q.kind)) throw Object.assign(new Error(`kind: "${q.indicator}" lists ${kinds.join(' or ')} records, not ${q.kind}`), { statusCode: 400 });
    const entity = await repo.entity(q.entityType, q.entityId);
    const period = await repo.period(q.period, q.at);
    const lists = await Promise.all((q.kind ? [q.kind] : kinds).map((k) => records.list(k, q.entityType, q.entityId, period)));
    return { indicator: q.indicator, entity, period, lists };
  });

  app.get('/api/assessments', { config: { access: EVERYONE }, schema: { summary: 'Assessment schemes and their versions (who changed what, from when, why)' } },
    async () => ({ schemes: assessment.schemes() }));

  // Scores and ranks (aggregates): for the roles a scheme ranks; the records behind a deduction
  // for the office, and for a department its own.
  app.get('/api/assessment', {
    config: { access: ['leader', 'office', 'department'] },
    schema: {
      summary: 'Composite assessment scores and ranking for a period, by the scheme version in force',
      querystring: z.object({ scheme: z.string().min(1).max(64), at: isoDate.optional() }),
    },
  }, async (req) => {
    const result = await assessment.assessment(req.query.scheme, req.query.at);
    // A department sees every unit's score and rank, and the detail behind them (each rule's
    // points, values and violations) of its own only (DESIGN §2: "all rankings (scores only)").
    const p = req.principal!;
    if (p.role !== 'department') return result;
    return { ...result, rows: result.rows.map((r) => (r.entityId === p.departmentId ? { ...r, withheld: false } : { ...r, withheld: true, rules: r.rules.map(withheldRule) })) };
  });

  app.get('/api/assessment/records', {
    config: { access: ['office', 'department'] },
    schema: {
      summary: 'The records behind a per-violation deduction of one department',
      querystring: z.object({ scheme: z.string().min(1).max(64), entityId: z.string().min(1).max(64), indicator: z.string().min(1).max(64), at: isoDate.optional() }),
    },
  }, async (req) => {
    requireOwnDepartment(req.principal!, req.query.entityId);
    return assessment.deductionRecords(req.query.scheme, req.query.entityId, req.query.indicator, req.query.at);
  });

  app.get('/api/rankings', {
    config: { access: EVERYONE },
    schema: {
      summary: 'Ranking of districts, streets or departments on one indicator',
      querystring: z.object({
        indicator: z.string().min(1).max(64),
        entityType: z.enum(['district', 'street', 'department']),
        period: grain,
        at: isoDate.optional(),
      }),
    },
  }, async (req, reply) => {
    const p = req.principal!;
    requireRankingOf(p, req.query.entityType);
    const result = await repo.ranking(req.query.indicator, req.query.entityType, req.query.period, req.query.at);
    // A department or street sees every ranking's scores, but the counts behind them only for
    // itself (DESIGN §2: "all rankings (scores only)"; its own scorecard in full).
    const own = p.role === 'department' ? p.departmentId : p.role === 'street' ? p.streetCode : undefined;
    if (own === undefined) return sendJson(reply, result);
    return { ...result, rows: result.rows.map((r) => (r.entityId === own ? r : { ...r, numerator: null, denominator: null })) };
  });

  app.get('/api/weekly', {
    config: { access: ['leader', 'office'] },
    schema: {
      summary: 'Weekly scheduling (周调度): records loaded by department, late/missing 双公示, overdue tasks, indicators that fell behind, silent departments',
      querystring: z.object({ at: isoDate.optional() }),
    },
  }, async (req) => weekly.week(req.query.at));

  // The data desk: batches, rejected rows and freshness are the office's, and each department's own.

  const DATA_DESK = ['office', 'department'] as const;
  // A street office sees the batches it sent itself.
  const BATCHES = ['office', 'department', 'street'] as const;
  app.get('/api/batches', {
    config: { access: BATCHES },
    schema: {
      summary: 'Loaded and failed batches, newest first (a department\'s own; those a street sent), optionally of one department or source type',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(1000).default(50),
        departmentId: z.string().min(1).max(64).optional(),
        sourceType: z.string().min(1).max(64).refine((v) => v in SOURCE_TYPES, 'unknown source type (see /api/source-types)').optional(),
      }),
    },
  }, async (req) => {
    const q = req.query;
    const p = req.principal!;
    if (q.departmentId) requireOwnDepartment(p, q.departmentId);
    return { batches: await listBatches(wh, q.limit, q.departmentId ? { departmentId: q.departmentId } : batchScope(p), q.sourceType ?? null) };
  });

  const batchParams = z.object({ id: z.coerce.number().int().min(1) });
  const batchOr404 = async (id: number, p: Principal) => {
    const batch = await getBatch(wh, id);
    if (!batch) throw new NotFoundError(`unknown batch ${id}`);
    requireOwnBatch(p, batch);
    return batch;
  };

  app.get('/api/batches/:id', { config: { access: BATCHES }, schema: { summary: 'One batch', params: batchParams } }, async (req) => batchOr404(req.params.id, req.principal!));

  app.get('/api/batches/:id/quarantine', {
    config: { access: BATCHES },
    schema: { summary: 'Rows of a batch that failed validation, with every reason', params: batchParams },
  }, async (req) => {
    const batch = await batchOr404(req.params.id, req.principal!);
    return { batch, rows: redactMaskedIds(req.principal!, await quarantineOf(wh, batch.id)) };
  });

  app.get('/api/batches/:id/quarantine.xlsx', {
    config: { access: BATCHES },
    schema: { summary: 'The rejected rows of a batch as Excel, reasons in Chinese', params: batchParams },
  }, async (req, reply) => {
    const batch = await batchOr404(req.params.id, req.principal!);
    const body = await quarantineWorkbook(batch, redactMaskedIds(req.principal!, await quarantineOf(wh, batch.id)));
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="batch-${batch.id}-quarantine.xlsx"; filename*=UTF-8''${encodeURIComponent(`批次${batch.id}-未通过校验.xlsx`)}`)
      .send(body);
  });

  app.get('/api/data-desk/freshness', {
    config: { access: DATA_DESK },
    schema: { summary: 'Last report per source type and department, and days since', querystring: z.object({ at: isoDate.optional() }) },
  }, async (req) => ({ freshness: await freshness(wh, req.query.at, departmentScope(req.principal!)) }));

  app.get('/api/data-desk/weekly-rows', {
    config: { access: DATA_DESK },
    schema: {
      summary: 'Rows each department submitted per week',
      querystring: z.object({ weeks: z.coerce.number().int().min(1).max(104).default(8), at: isoDate.optional() }),
    },
  }, async (req) => ({ rows: await rowsPerDepartmentWeek(wh, req.query.weeks, req.query.at, departmentScope(req.principal!)) }));
}
