/**
 * The Parquet lake (DESIGN §11), exported by the office while the server runs (the server holds
 * the warehouse file, so the CLI cannot read it then). The folder is the server's configuration
 * (XINYONG_LAKE), never a path from the request.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { lakeRecordTables } from '../../pipelines/sources/index.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import { exportLake, LakeError, lakeRecordRows, readLakeManifest, type LakeManifest } from '../../warehouse/lake.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import { appendAudit } from '../../warehouse/repositories/accounts.ts';
import { OFFICE } from '../auth/access.ts';

/** What the data desk shows of a lake: where, when, what snapshot, how many rows. */
function summary(dir: string, m: LakeManifest | null) {
  if (!m) return { dir, exported: null };
  return {
    dir,
    exported: {
      at: m.exportedAt, lastBatch: m.lastBatch, tables: m.tables.length,
      records: lakeRecordRows(m),
    },
  };
}

export function registerLakeRoutes(fastify: FastifyInstance, wh: Warehouse, preset: Preset, dir: string): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  let running: Promise<LakeManifest> | null = null;

  app.get('/api/lake', { config: { access: OFFICE }, schema: { summary: 'The Parquet lake: its folder on the server and its last export (when, the last batch in it, rows)' } },
    async () => summary(dir, readLakeManifest(dir)));

  app.post('/api/lake', {
    config: { access: OFFICE },
    schema: { summary: 'Export the warehouse as a Parquet lake (records partitioned by source, year and month; reference tables, marts, batches) into the server\'s lake folder, replacing the previous export when complete (audited)' },
  }, async (req, reply) => {
    if (running) return reply.status(409).send({ error: 'conflict', message: 'an export of the lake is already running; try again when it has finished' });
    const started = Date.now();
    running = exportLake(wh, dir, lakeRecordTables(), { preset: preset.id });
    try {
      const m = await running;
      const p = req.principal!;
      await appendAudit(wh, { userId: p.id, username: p.username, action: 'lake-export', target: dir,
        detail: { tables: m.tables.length, rows: m.tables.reduce((n, t) => n + t.rows, 0), lastBatch: m.lastBatch?.id ?? null, ms: Date.now() - started }, ip: req.ip });
      return summary(dir, m);
    } catch (err) {
      // The configured folder holds other files: the office needs to know which, to move them.
      if (err instanceof LakeError) return reply.status(409).send({ error: 'conflict', message: err.message });
      throw err;
    } finally {
      running = null;
    }
  });
}
