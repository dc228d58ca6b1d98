/**
 * The demo's files of every source type load through the real pipeline with exactly the invalid
 * rows the manifest announces — no row rejected that was meant to be good, none kept that was
 * meant to be bad — and every source type lands in its core table and the marts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoFileEntry, type DemoManifest } from '../pipelines/demo/generate.ts';
import { ingestFile, type BatchSummary } from '../pipelines/load/ingest.ts';
import { getSourceType, SOURCE_TYPES } from '../pipelines/sources/index.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { ID_KEY, tempWarehouse } from './helpers/warehouse.ts';
import { declareDemoZeroReports, DEMO_ZERO_REPORT_NOTE, idleMonths } from '../pipelines/demo/zero-reports.ts';

type T = Awaited<ReturnType<typeof tempWarehouse>>;
let t: T;
let dir: string;
let manifest: DemoManifest;
const loaded: { entry: DemoFileEntry; summary: BatchSummary }[] = [];

/** Registries, then of every other source type its first, middle and last file, in load order. */
function sample(files: readonly DemoFileEntry[]): DemoFileEntry[] {
  const pick = new Set<DemoFileEntry>();
  const byType = new Map<string, DemoFileEntry[]>();
  for (const f of files) byType.set(f.sourceType, [...(byType.get(f.sourceType) ?? []), f]);
  for (const [type, list] of byType) {
    if (type.startsWith('subject-')) list.forEach((f) => pick.add(f));
    else [list[0]!, list[Math.floor(list.length / 2)]!, list.at(-1)!].forEach((f) => pick.add(f));
  }
  return files.filter((f) => pick.has(f));
}

beforeAll(async () => {
  t = await tempWarehouse();
  dir = mkdtempSync(path.join(tmpdir(), 'xinyong-demo-load-'));
  manifest = await generateDemo({ preset: t.preset, outDir: dir, scale: 0.03, today: '2026-11-25' });
  for (const entry of sample(manifest.files)) {
    const summary = await ingestFile(t.wh, path.join(dir, entry.file), {
      idKey: ID_KEY, sourceType: entry.sourceType, departmentId: entry.departmentId, reportedAt: entry.reportedAt,
    });
    loaded.push({ entry, summary });
  }
  const conn = await t.wh.connect();
  try {
    await refreshMarts(conn);
  } finally {
    conn.closeSync();
  }
}, 300_000);

afterAll(() => {
  t.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo, loaded', () => {
  it('declares the months without decisions as zero reports, all but one, which stays 未报送', async () => {
    const idle = await idleMonths(t.wh, t.preset, '2026-11-25');
    const all = [...idle].flatMap(([d, months]) => months.map((m) => `${d}:${m}`));
    expect(all.length).toBeGreaterThan(1);
    const { declared, forgotten } = await declareDemoZeroReports(t.wh, t.preset, '2026-11-25');
    expect(declared).toBe(all.length - 1);
    const stored = await t.wh.all<{ k: string; note: string }>(`SELECT department_id || ':' || strftime(month, '%Y-%m') AS k, note FROM core.zero_report ORDER BY k`);
    expect(stored.map((r) => r.k)).toEqual(all.filter((k) => k !== `${forgotten!.departmentId}:${forgotten!.month}`).sort());
    expect(new Set(stored.map((r) => r.note))).toEqual(new Set([DEMO_ZERO_REPORT_NOTE]));
    // Every month declared is one without a decision, ended, of a department that owes 双公示.
    for (const k of stored.map((r) => r.k)) {
      const [d, m] = k.split(':') as [string, string];
      expect(t.preset.departments.find((x) => x.id === d)!.duties, k).toContain('double-publicity');
      expect(m < '2026-11', k).toBe(true);
    }
    // Declaring again adds nothing.
    expect((await declareDemoZeroReports(t.wh, t.preset, '2026-11-25')).declared).toBe(0);
  });

  it('holds every source type the pipelines accept', () => {
    expect(new Set(manifest.files.map((f) => f.sourceType))).toEqual(new Set(Object.keys(SOURCE_TYPES)));
  });

  it('quarantines exactly the rows meant to be invalid, and loses none', () => {
    for (const { entry, summary } of loaded) {
      expect(summary.status, entry.file).toBe('loaded');
      expect(summary.rowsRead, entry.file).toBe(entry.rows);
      expect(summary.rowsQuarantined, `${entry.file}: ${JSON.stringify(summary.reasons)}`).toBe(entry.invalidRows);
      expect(summary.rowsLoaded + summary.rowsDuplicate, entry.file).toBe(entry.rows - entry.invalidRows);
      // Rows repeated within the file, plus records re-sent unchanged from an earlier file.
      expect(summary.rowsDuplicate, entry.file).toBeGreaterThanOrEqual(entry.exactDuplicates);
    }
  });

  it('fills every core table and counts other credit records in the record volume', async () => {
    for (const def of Object.values(SOURCE_TYPES)) {
      const [r] = await t.wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${def.table}`);
      expect(r!.n, def.table).toBeGreaterThan(0);
    }
    const kinds = await t.wh.all<{ kind: string }>('SELECT DISTINCT kind FROM mart.record_fact ORDER BY kind');
    const creditTypes = Object.values(SOURCE_TYPES).filter((d) => d.creditRecord).map((d) => d.id).sort();
    expect(kinds.map((k) => k.kind)).toEqual(creditTypes);
    expect(getSourceType('payment').creditRecord).toBeDefined();
  });
});
