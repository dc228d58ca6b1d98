/** Test helpers: a fresh warehouse file in a temp dir with the zibo preset installed. */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openReady } from '../../warehouse/bootstrap.ts';
import { ingestFile, type IngestOptions } from '../../pipelines/load/ingest.ts';
import { refreshMarts } from '../../metrics/refresh.ts';
import { usccCheckChar } from '../../lib/uscc.ts';
import type { Warehouse } from '../../warehouse/connection.ts';

export const ID_KEY = 'test-only-key-0123456789abcdef';
export const fixture = (name: string) => path.join(import.meta.dirname, '..', 'fixtures', name);

export async function tempWarehouse() {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinyong-test-'));
  const file = path.join(dir, 'wh.duckdb');
  const { wh, preset } = await openReady(file, 'zibo');
  return {
    dir, file, wh, preset,
    ingest: (f: string, o: Omit<IngestOptions, 'idKey'>) => ingestFile(wh, f, { idKey: ID_KEY, afterLoad: (c, batchId) => refreshMarts(c, undefined, { batchId }), ...o }),
    /** Loads without refreshing the marts, for tests about core tables only. */
    load: (f: string, o: Omit<IngestOptions, 'idKey'>) => ingestFile(wh, f, { idKey: ID_KEY, ...o }),
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

/** A large licence CSV in the national template: `rows` valid records with distinct codes. */
export async function writeLicenceCsv(file: string, rows: number, codePrefix = 'MA'): Promise<void> {
  const out = createWriteStream(file);
  out.write('行政相对人名称,行政相对人类别,统一社会信用代码,行政许可决定文书名称,行政许可决定文书号,许可类别,许可内容,许可决定日期,许可机关,许可机关统一社会信用代码,数据来源单位,数据来源单位统一社会信用代码\n');
  for (let i = 0; i < rows; i++) {
    const first17 = `91370303${codePrefix}${String(i).padStart(7, '0')}`;
    const line = `企业${i},法人及非法人组织,${first17}${usccCheckChar(first17)},许可决定书,张审批〔2025〕${codePrefix}${i}号,普通,食品经营许可,2025-03-${String(1 + (i % 12)).padStart(2, '0')},淄博市张店区行政审批服务局,11370303990303253P,淄博市张店区行政审批服务局,11370303990303253P\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}
