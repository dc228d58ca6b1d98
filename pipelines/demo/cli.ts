/**
 * Command line for the demo data: `tsx pipelines/demo/cli.ts generate --out data/demo` writes the
 * demo files and manifest; `bench-csv --out /tmp/x.csv --rows 5000000` writes one large CSV.
 */
import { Command } from 'commander';
import { loadPreset } from '../../warehouse/preset/load-preset.ts';
import { generateDemo, writeBenchCsv } from './generate.ts';

const todayIso = () => new Date().toISOString().slice(0, 10);

const program = new Command('demo').description('Synthetic department files for demos and benchmarks');

program
  .command('generate')
  .requiredOption('--out <dir>', 'output folder')
  .option('--preset <id>', 'preset id or folder', 'zibo')
  .option('--scale <n>', 'size multiplier', '1')
  .option('--seed <n>', 'random seed', '20211')
  .option('--today <date>', 'the demo\'s "now" (YYYY-MM-DD)', todayIso())
  .action(async (o: { out: string; preset: string; scale: string; seed: string; today: string }) => {
    const t0 = performance.now();
    const m = await generateDemo({ preset: await loadPreset(o.preset), outDir: o.out, scale: Number(o.scale), seed: Number(o.seed), today: o.today });
    const sum = (k: 'rows' | 'invalidRows' | 'exactDuplicates' | 'corrections') => m.files.reduce((a, f) => a + f[k], 0);
    console.log(`${m.files.length} files, ${sum('rows')} rows (${sum('invalidRows')} invalid, ${sum('exactDuplicates')} duplicates, ${sum('corrections')} corrections) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

program
  .command('bench-csv')
  .requiredOption('--out <file>', 'output CSV')
  .option('--rows <n>', 'data rows', '5000000')
  .option('--type <type>', 'penalty or licence', 'penalty')
  .option('--preset <id>', 'preset id or folder', 'zibo')
  .option('--seed <n>', 'random seed', '20211')
  .option('--today <date>', 'last decision date (YYYY-MM-DD)', todayIso())
  .action(async (o: { out: string; rows: string; type: string; preset: string; seed: string; today: string }) => {
    if (o.type !== 'penalty' && o.type !== 'licence') throw new Error(`--type must be penalty or licence, got ${o.type}`);
    const t0 = performance.now();
    const r = await writeBenchCsv({ out: o.out, rows: Number(o.rows), seed: Number(o.seed), today: o.today, preset: await loadPreset(o.preset), sourceType: o.type });
    console.log(`${r.rows} rows (${r.invalidRows} invalid), ${(r.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

await program.parseAsync();
