/**
 * The HTTP server: the JSON API under /api (validated with zod, documented at /api/docs) and
 * the SvelteKit dashboard mounted in the same process. Route handlers call the metrics
 * repository; they hold no SQL.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { lakeDir, type Config } from '../warehouse/config.ts';
import { openCurrent } from '../metrics/open.ts';
import type { Warehouse } from '../warehouse/connection.ts';
import type { Preset } from '../warehouse/preset/preset-schema.ts';
import { createMetricsRepository, NotFoundError } from '../metrics/queries.ts';
import { registerRoutes } from './routes/index.ts';
import { createAssessment } from '../metrics/assessment.ts';
import { createWeekly } from '../metrics/weekly.ts';
import { registerAuth, type RouteAccess } from './auth/plugin.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerPlanRoutes } from './routes/plan.ts';
import { registerLakeRoutes } from './routes/lake.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerZeroReportRoutes } from './routes/zero-reports.ts';
import { createRecords } from '../metrics/records.ts';
import { registerUploadRoutes } from './routes/uploads.ts';
import multipart from '@fastify/multipart';
import { createPdfRenderer } from './exports/report-pdf.ts';
import { createReportService, type ReportService } from './reports/service.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { startReportSchedule } from './reports/schedule.ts';
import { createWorkingCalendar } from '../lib/working-days.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declares (the route × role audit reads it). */
    routeAccess: RouteAccess[];
    /** The weekly sheet and monthly bulletin: preview, publish, drafts (the schedule and benches use it). */
    reports: ReportService;
    /** Reads the current data version's values into memory (scorecards and rankings answer from there). */
    warm: () => Promise<void>;
  }
}

const ERROR_CODES: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 415: 'unsupported_media_type', 429: 'too_many_requests', 503: 'unavailable' };

const DASHBOARD_HANDLER = fileURLToPath(new URL('../dashboard/build/handler.js', import.meta.url));

export interface ServerOptions {
  wh: Warehouse;
  preset: Preset;
  /** Key for the CSRF cookie and tokens (default: random, valid until the process ends). */
  secret?: string;
  /** Mark cookies Secure: serving over HTTPS (or behind a proxy that terminates it). */
  secureCookies?: boolean;
  /** Key of the ID-number hash for uploaded files (default: random, for a throwaway warehouse). */
  idKey?: string;
  /** Folder of the Parquet lake the office exports (default: `lake` beside the warehouse file). */
  lakeDir?: string;
  /** Mount the built dashboard (default: when dashboard/build exists). */
  dashboard?: boolean;
  logger?: boolean;
}

/**
 * @example const app = await buildServer({ wh, preset }); await app.listen({ port: 3000 });
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const secureCookies = opts.secureCookies ?? false;
  const routeAccess = await registerAuth(app, { wh: opts.wh, secret: opts.secret ?? randomBytes(32).toString('hex'), secureCookies });
  app.decorate('routeAccess', routeAccess);

  await app.register(swagger, {
    openapi: { info: { title: 'Xinyong API', description: 'Social-credit-system indicators, scorecards, rankings and batches', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((err: Error & { validation?: unknown; statusCode?: number }, _req, reply) => {
    if (err instanceof NotFoundError) return reply.status(404).send({ error: 'not_found', message: err.message });
    if (err.validation) return reply.status(400).send({ error: 'bad_request', message: err.message });
    if (err.statusCode && (err.statusCode < 500 || err.statusCode === 503)) return reply.status(err.statusCode).send({ error: ERROR_CODES[err.statusCode] ?? 'bad_request', message: err.message });
    app.log.error(err);
    return reply.status(500).send({ error: 'internal', message: 'internal error' });
  });

  const repo = createMetricsRepository(opts.wh, opts.preset);
  app.decorate('warm', () => repo.warm());
  await app.register(multipart);
  registerAuthRoutes(app, opts.wh, opts.preset, secureCookies);
  const idKey = opts.idKey ?? randomBytes(32).toString('hex');
  registerUploadRoutes(app, opts.wh, opts.preset, idKey);
  registerPlanRoutes(app, opts.wh, opts.preset);
  registerZeroReportRoutes(app, opts.wh, opts.preset);
  registerLakeRoutes(app, opts.wh, opts.preset, opts.lakeDir ?? lakeDir({ XINYONG_DB: opts.wh.file }));
  const assessment = createAssessment(opts.wh, opts.preset, repo.period);
  const weekly = createWeekly(opts.wh, opts.preset, repo);
  const records = createRecords(opts.wh);
  registerRoutes(app, repo, opts.wh, assessment, weekly, records);
  registerTaskRoutes(app, opts.wh, opts.preset, idKey, records);
  // Reports print the dashboard's print page of this very server.
  const pdf = createPdfRenderer(() => {
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server is not listening: reports print its own print page');
    const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  });
  app.addHook('onClose', () => pdf.close());
  const reports = createReportService({ wh: opts.wh, preset: opts.preset, repo, assessment, weekly, records, pdf });
  app.decorate('reports', reports);
  registerReportRoutes(app, opts.wh, reports, pdf);
  app.get('/api/*', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) =>
    reply.status(404).send({ error: 'not_found', message: `no API route ${req.url}` }));

  if (opts.dashboard ?? existsSync(DASHBOARD_HANDLER)) await mountDashboard(app);
  return app;
}

async function mountDashboard(app: FastifyInstance): Promise<void> {
  const { handler } = (await import(DASHBOARD_HANDLER)) as {
    handler: (req: unknown, res: unknown, next: () => void) => void;
  };
  // Server-side rendering reaches the API in-process instead of over the network.
  (globalThis as Record<symbol, unknown>)[Symbol.for('xinyong.dashboard.apiFetch')] = async (request: Request) => {
    const url = new URL(request.url);
    const res = await app.inject({
      method: request.method as 'GET', url: url.pathname + url.search, headers: Object.fromEntries(request.headers),
      payload: request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer()),
    });
    // Cookies the API sets (the CSRF secret) go on to the browser through SvelteKit.
    const headers = new Headers({ 'content-type': String(res.headers['content-type'] ?? 'application/json') });
    for (const c of [res.headers['set-cookie'] ?? []].flat()) headers.append('set-cookie', String(c));
    return new Response(res.body, { status: res.statusCode, headers });
  };
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    schema: { hide: true },
    handler: (req, reply) => {
      reply.hijack();
      handler(req.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end('Not found');
      });
    },
  });
}

/**
 * Opens the warehouse and listens. This process is the warehouse's single writer: loads run
 * inside it (`background`, e.g. the inbox poller) on their own connections and transactions,
 * so API readers see the data before or after a batch, never part of one.
 */
export async function startServer(
  cfg: Config,
  background?: (wh: Warehouse, preset: Preset) => () => Promise<void>,
): Promise<FastifyInstance> {
  const { wh, preset } = await openCurrent(cfg.XINYONG_DB, cfg.XINYONG_PRESET);
  const secret = createHmac('sha256', cfg.idKey).update('xinyong session and CSRF cookies').digest('hex');
  const app = await buildServer({ wh, preset, logger: false, secret, secureCookies: cfg.XINYONG_SECURE_COOKIES, idKey: cfg.idKey, lakeDir: lakeDir(cfg) });
  const stopBackground = background?.(wh, preset);
  const schedule = startReportSchedule(wh, preset, app.reports, createWorkingCalendar(preset.calendar.years));
  // The values in memory at start and again after every load, before the next questions come.
  let warmed = -1;
  const warming = setInterval(() => {
    if (wh.version === warmed) return;
    warmed = wh.version;
    void app.warm().catch((err: Error) => console.error(`reading the values into memory: ${err.message}`));
  }, 1_000);
  warming.unref();
  // Hooks go in before listen(): Fastify refuses them afterwards.
  app.addHook('onClose', async () => {
    clearInterval(warming);
    schedule.stop();
    await stopBackground?.();
    wh.close();
  });
  const address = await app.listen({ port: cfg.PORT, host: cfg.HOST });
  console.log(`Xinyong (${preset.nameZh}) serving ${address.replace('127.0.0.1', 'localhost')}  — API docs: ${address}/api/docs`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void app.close().then(() => process.exit(0)));
  return app;
}
