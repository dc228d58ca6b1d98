/**
 * Demo data: writes the files departments would send for a preset — subject registries, 双公示
 * licences and penalties, and every other source type (credit records, supervision, street
 * reports, the task ledger, the demonstration street) — in messy real-world shapes (GBK, BOMs,
 * title rows, variant headers, mixed dates, full-width characters, invalid rows, duplicates,
 * corrections), plus a manifest saying what each file holds and in which order to load it.
 * Same inputs, byte-identical files.
 *
 * @example await generateDemo({ preset: await loadPreset('zibo'), outDir: 'data/demo', today: '2026-11-25' })
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dayNumber, demoCalendar } from './dates.ts';
import { planRecordFiles } from './double-publicity.ts';
import { type DemoManifest, type DemoOptions, type DemoPlan, toColumns } from './plan.ts';
import { buildPopulation } from './population.ts';
import { Rng } from './prng.ts';
import { planRegistries } from './registries.ts';
import { writeTable } from './writers.ts';
import { planCreditFiles } from './credit-files.ts';
import { planMerchantFiles } from './merchant-files.ts';
import { type StoryContext, planSourceFile } from './source-files.ts';
import { planStreetFiles } from './street-files.ts';
import { planSupervisionFiles } from './supervision-files.ts';
import { planTaskFiles } from './task-files.ts';

export { writeBenchCsv, type BenchCsvOptions, type BenchCsvResult } from './bench-csv.ts';
export type {
  Defect, DemoFileEntry, DemoFormat, DemoManifest, DemoOptions, DemoPlan, DemoSourceType, PlannedFile, PlannedRow,
} from './plan.ts';

const HISTORY_START = '2025-01-01';
/** The last four weeks arrive as weekly files; older records as yearly platform exports. */
const WEEKLY_DAYS = 28;

/**
 * Everything the demo will write, without writing it: the files' rows and the manifest.
 * @example planDemo({ preset, outDir: '', scale: 0.05, today: '2026-11-25' }).manifest.files.length
 */
export function planDemo(opts: DemoOptions): DemoPlan {
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? 20211;
  if (!(scale > 0)) throw new Error(`scale must be positive, got ${scale}`);
  const { preset } = opts;
  const today = dayNumber(opts.today);
  const start = dayNumber(HISTORY_START);
  if (today < start + WEEKLY_DAYS + 30) throw new Error(`today (${opts.today}) must be at least ${WEEKLY_DAYS + 30} days after ${HISTORY_START}`);
  const root = new Rng(seed);
  const calendar = demoCalendar(preset.calendar.years);
  // Registries are a snapshot taken on the last working day before today.
  let registryDay = today - 1;
  while (!calendar.isWorkingDay(registryDay)) registryDay--;

  const pop = buildPopulation({ preset, rng: root.fork('population'), scale, today: opts.today, registryDay });
  const registries = planRegistries({ preset, pop, root: root.fork('registry-files'), registryDay, personIds: new Set(pop.persons.map((p) => p.id)) });
  const weeklyStart = today - (WEEKLY_DAYS - 1);
  const records = planRecordFiles({ preset, pop, root, calendar, scale, start, today, weeklyStart });
  const story: StoryContext = { preset, pop, root: root.fork('sources'), calendar, scale, start, today, weeklyStart };
  const others = [
    ...planCreditFiles(story), ...planSupervisionFiles(story), ...planStreetFiles(story), ...planTaskFiles(story), ...planMerchantFiles(story),
  ].map((spec) => planSourceFile(spec, story.root));
  // Registries first; then every other file by the day it is sent.
  const byReport = [...records, ...others].sort((a, b) =>
    a.entry.reportedAt < b.entry.reportedAt ? -1 : a.entry.reportedAt > b.entry.reportedAt ? 1 : a.entry.file < b.entry.file ? -1 : a.entry.file > b.entry.file ? 1 : 0);
  const files = [...registries, ...byReport];
  return {
    manifest: { preset: preset.id, seed, scale, today: opts.today, files: files.map((f) => f.entry) },
    files,
  };
}

/**
 * Writes the demo files and `manifest.json` into `outDir` and returns the manifest.
 * @example const m = await generateDemo({ preset, outDir: '/tmp/demo', scale: 0.05, today: '2026-11-25' })
 */
export async function generateDemo(opts: DemoOptions): Promise<DemoManifest> {
  const plan = planDemo(opts);
  await writePlan(plan, opts.outDir);
  return plan.manifest;
}

/** Writes a plan's files and manifest. */
export async function writePlan(plan: DemoPlan, outDir: string): Promise<void> {
  for (const f of plan.files) {
    const target = path.join(outDir, f.entry.file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeTable(target, toColumns(f.columns), f.rows.map((r) => r.cells), f.layout);
  }
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(plan.manifest, null, 2)}\n`);
}
