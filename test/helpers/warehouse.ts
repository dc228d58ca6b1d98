/** Test helpers: a fresh warehouse file in a temp dir with the zibo preset installed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openReady } from '../../warehouse/bootstrap.ts';
import { ingestFile, type IngestOptions } from '../../pipelines/load/ingest.ts';
import { refreshMarts } from '../../metrics/refresh.ts';
import type { Warehouse } from '../../warehouse/connection.ts';

export const ID_KEY = 'test-only-key-0123456789abcdef';
export const fixture = (name: string) => path.join(import.meta.dirname, '..', 'fixtures', name);

export async function tempWarehouse() {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinyong-test-'));
  const file = path.join(dir, 'wh.duckdb');
  const { wh, preset } = await openReady(file, 'zibo');
  return {
    dir, file, wh, preset,
    ingest: (f: string, o: Omit<IngestOptions, 'idKey'>) => ingestFile(wh, f, { idKey: ID_KEY, afterLoad: (c) => refreshMarts(c), ...o }),
    dispose: () => {
      try {
        wh.close();
      } catch {
        // already closed by the test
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of every core, meta.quarantine and mart table, for before/after comparisons. */
export async function snapshot(wh: Warehouse): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['core.subject', 'core.licence', 'core.penalty', 'core.person', 'meta.quarantine', 'mart.double_publicity_fact', 'mart.indicator_value']) {
    const [r] = await wh.all<{ n: number; h: string }>(`SELECT count(*) AS n, coalesce(sum(hash(t)), 0)::VARCHAR AS h FROM ${t} t`);
    out[`${t}.rows`] = r!.n;
    out[`${t}.hash`] = Number(BigInt(r!.h) % 1_000_000_007n);
  }
  return out;
}
