/**
 * The `xinyong` command: ingest files, load the demo, serve the dashboard. The composition
 * root: it wires pipelines, metrics and the API together; the layers do not know each other.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { loadConfig } from '../warehouse/config.ts';
import { openReady } from '../warehouse/bootstrap.ts';
import { ingestFile, IngestError, type BatchSummary } from '../pipelines/load/ingest.ts';
import { SOURCE_TYPES } from '../pipelines/sources/index.ts';
import { describeReason } from '../lib/reasons.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { openCurrent } from '../metrics/open.ts';
import { chinaDay } from '../lib/dates.ts';
import { createWorkingCalendar } from '../lib/working-days.ts';

/** A calendar day YYYY-MM-DD (2025-02-30 is refused, not passed on to fail in the warehouse). */
const isoDate = (v: string) => {
  if (!z.iso.date().safeParse(v).success) {
    throw new InvalidArgumentError(`expected a calendar day YYYY-MM-DD, got "${v}"`);
  }
  return v;
};

/** The day files were submitted: a calendar day, not after today (China), which would hide future decision dates. */
const reportedDay = (v: string) => {
  const today = chinaDay();
  if (isoDate(v) > today) throw new InvalidArgumentError(`${v} is after today (${today}): files cannot have been submitted then`);
  return v;
};

const program = new Command()
  .name('xinyong')
  .description('Xinyong social-credit analytics: load department files, compute indicators, serve the dashboard')
  .option('--db <path>', 'warehouse file (default: $XINYONG_DB or ./data/xinyong.duckdb)');

function config() {
  const cfg = loadConfig();
  const db = program.opts<{ db?: string }>().db;
  return db ? { ...cfg, XINYONG_DB: db } : cfg;
}

program
  .command('ingest')
  .description('load department files as batches (one transaction each)')
  .argument('<files...>', 'CSV (UTF-8, GBK or UTF-16), XLSX, XLS, Parquet or JSON Lines files')
  .requiredOption('--source <type>', `source type: ${Object.keys(SOURCE_TYPES).join(', ')}`)
  .requiredOption('--department <id>', 'submitting department id (see `xinyong departments`)')
  .option('--reported-at <date>', 'day the files were submitted (default today)', reportedDay)
  .option('--json', 'print the batch summaries as JSON')
  .action(async (files: string[], o: { source: string; department: string; reportedAt?: string; json?: boolean }) => {
    const summaries = await ingestMany(files.map((f) => ({ file: f, sourceType: o.source, departmentId: o.department, reportedAt: o.reportedAt })), !o.json);
    report(summaries, o.json);
  });

program
  .command('demo')
  .description('generate the demo data of the preset and load it through the real pipeline')
  .option('--scale <n>', 'size multiplier', (v) => Number(v), 1)
  .option('--seed <n>', 'random seed', (v) => Number(v), 20211)
  .option('--today <date>', "the demo's today (default: today)", isoDate)
  .option('--out <dir>', 'where to write the generated files', './data/demo')
  .option('--json', 'print the batch summaries as JSON')
  .action(async (o: { scale: number; seed: number; today?: string; out: string; json?: boolean }) => loadDemo(o, o.json));

async function loadDemo(o: { scale: number; seed: number; today?: string; out: string }, json?: boolean): Promise<void> {
    const cfg = config();
    const { generateDemo } = await import('../pipelines/demo/generate.ts');
    const { loadPreset } = await import('../warehouse/preset/load-preset.ts');
    const preset = await loadPreset(cfg.XINYONG_PRESET);
    const today = o.today ?? chinaDay();
    if (!json) console.log(`generating ${preset.nameZh} demo data (scale ${o.scale}, seed ${o.seed}, today ${today}) into ${o.out}`);
    const manifest = await generateDemo({ preset, outDir: o.out, scale: o.scale, seed: o.seed, today });
    const jobs = manifest.files.map((f: { file: string; sourceType: string; departmentId: string; reportedAt: string }) => ({ file: path.join(o.out, f.file), sourceType: f.sourceType, departmentId: f.departmentId, reportedAt: f.reportedAt }));
    report(await ingestMany(jobs, !json), json);
    // One user per role to sign in with (README).
    const { ensureDemoUsers, DEMO_PASSWORD } = await import('../api/auth/users.ts');
    const { wh } = await openCurrent(cfg.XINYONG_DB, cfg.XINYONG_PRESET);
    try {
      const created = await ensureDemoUsers(wh, preset);
      if (!json && created.length > 0) console.log(`demo users (password ${DEMO_PASSWORD}): ${created.map((u) => `${u.username} (${u.role})`).join(', ')}`);
      // Months without decisions declared as a diligent department does (零报送), one left 未报送.
      const { declareDemoZeroReports } = await import('../pipelines/demo/zero-reports.ts');
      const z = await declareDemoZeroReports(wh, preset, today);
      if (!json) console.log(`zero reports (零报送): ${z.declared} declared${z.forgotten ? `; ${z.forgotten.departmentId} left ${z.forgotten.month} undeclared (未报送)` : ''}`);
    } finally {
      wh.close();
    }
}

program
  .command('departments')
  .description('list the departments of the installed preset, with what each owes (duties: 双公示, base list)')
  .action(async () => {
    const cfg = config();
    const { wh, preset } = await openReady(cfg.XINYONG_DB, cfg.XINYONG_PRESET);
    const rows = await wh.all<{ id: string; name_zh: string; area_code: string }>('SELECT id, name_zh, area_code FROM core.department ORDER BY id');
    wh.close();
    const duties = new Map(preset.departments.map((d) => [d.id, d.duties.join(', ')]));
    const t = new Table({ head: ['id', '名称', 'area', 'duties'] });
    for (const r of rows) t.push([r.id, r.name_zh, r.area_code, duties.get(r.id) ?? '']);
    console.log(t.toString());
  });

program
  .command('lake')
  .description('export the warehouse as a Parquet lake: records by source, year and month; reference tables, marts, batches')
  .argument('[dir]', 'folder of the lake (default: $XINYONG_LAKE or `lake` beside the warehouse); a previous lake there is replaced')
  .option('--json', 'print the manifest as JSON')
  .action(async (dir: string | undefined, o: { json?: boolean }) => {
    const cfg = config();
    const { exportLake, lakeRecordRows } = await import('../warehouse/lake.ts');
    const { lakeRecordTables } = await import('../pipelines/sources/index.ts');
    const { lakeDir } = await import('../warehouse/config.ts');
    const { WarehouseLockedError } = await import('../warehouse/connection.ts');
    const target = path.resolve(dir ?? lakeDir(cfg));
    let ready;
    try {
      ready = await openReady(cfg.XINYONG_DB, cfg.XINYONG_PRESET);
    } catch (err) {
      // The server holds the file: it exports itself (the data desk, or POST /api/lake).
      if (err instanceof WarehouseLockedError) throw new Error(`${err.message}; while the server runs, the office exports the lake from the data desk (POST /api/lake)`);
      throw err;
    }
    try {
      const m = await exportLake(ready.wh, target, lakeRecordTables(), { preset: ready.preset.id });
      if (o.json) {
        console.log(JSON.stringify(m, null, 2));
        return;
      }
      const t = new Table({ head: ['path', 'rows'] });
      for (const x of m.tables) t.push([x.path, x.rows]);
      console.log(t.toString());
      console.log(`lake written to ${target}: ${lakeRecordRows(m)} record rows in ${m.tables.length} tables, up to batch ${m.lastBatch?.id ?? '—'}`);
    } finally {
      ready.wh.close();
    }
  });

program
  .command('start')
  .description('first run: build the dashboard and load the demo preset; then serve')
  .action(async () => {
    const cfg = config();
    const { existsSync } = await import('node:fs');
    const { execSync } = await import('node:child_process');
    if (!existsSync(new URL('../dashboard/build/handler.js', import.meta.url))) {
      console.log('building the dashboard…');
      execSync('npm run build', { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
    }
    if (!existsSync(cfg.XINYONG_DB) || !(await hasIndicators(cfg.XINYONG_DB, cfg.XINYONG_PRESET))) {
      // A first start interrupted before its last batch left no marts: load the demo again
      // (files already loaded come back as duplicates and change nothing).
      console.log(`creating the warehouse ${cfg.XINYONG_DB} with the ${cfg.XINYONG_PRESET} demo data…`);
      await loadDemo({ scale: 1, seed: 20211, out: './data/demo' }, false);
    }
    // Report PDFs need Debian's Chromium and CJK fonts; installing them takes minutes, and the
    // dashboard serves meanwhile without them.
    const { advice, aptRunner, missingPackages } = await import('../scripts/system-packages.ts');
    const missing = missingPackages('start');
    if (missing.length > 0 && aptRunner() === null) {
      console.log(`report PDFs will wait for Chromium — ${advice(missing)}`);
    } else if (missing.length > 0) {
      const { spawn } = await import('node:child_process');
      console.log('report PDFs wait for Chromium and CJK fonts: installing them in the background');
      const script = fileURLToPath(new URL('../scripts/system-packages.ts', import.meta.url));
      spawn(process.execPath, ['--import', import.meta.resolve('tsx'), script, 'start'], { stdio: 'inherit' }).unref();
    }
    await serve(cfg);
  });

program
  .command('serve')
  .description('serve the API and the dashboard')
  .action(async () => serve(config()));

/** Serves the API and dashboard and, in the same process (the single writer), the inbox. */
async function serve(cfg: ReturnType<typeof config>): Promise<void> {
  const { startServer } = await import('../api/server.ts');
  const { processInbox } = await import('../pipelines/inbox/inbox.ts');
  const root = cfg.XINYONG_INBOX ?? path.dirname(path.resolve(cfg.XINYONG_DB));
  await startServer(cfg, (wh, preset) => {
    if (cfg.XINYONG_INBOX_INTERVAL === 0) return async () => undefined;
    const calendar = createWorkingCalendar(preset.calendar.years);
    // One pass at a time: a tick that finds a pass still running is skipped.
    let pass: Promise<void> | null = null;
    const run = () => {
      pass ??= processInbox(wh, root, { idKey: cfg.idKey, afterLoad: (conn, batchId) => refreshMarts(conn, calendar, { batchId }) })
        .then((results) => {
          for (const r of results) console.log(`inbox: ${r.department}/${r.file} → ${r.outcome}${r.message ? ` (${r.message})` : ''}`);
        })
        .catch((err: Error) => console.error(`inbox: ${err.message}`))
        .finally(() => {
          pass = null;
        });
    };
    const timer = setInterval(run, cfg.XINYONG_INBOX_INTERVAL * 1000);
    run();
    console.log(`inbox: watching ${path.join(root, 'inbox')}/<department>/ every ${cfg.XINYONG_INBOX_INTERVAL} s`);
    return async () => {
      clearInterval(timer);
      await pass;
    };
  });
}

async function hasIndicators(db: string, presetId: string): Promise<boolean> {
  const { wh } = await openCurrent(db, presetId);
  try {
    const [row] = await wh.all<{ n: number }>('SELECT count(*) AS n FROM mart.indicator_value');
    return (row?.n ?? 0) > 0;
  } finally {
    wh.close();
  }
}

interface Job {
  file: string;
  sourceType: string;
  departmentId: string;
  reportedAt?: string;
}

/**
 * Loads files one batch each; the marts are rebuilt inside the last batch's transaction, so
 * the dashboard moves from the state before the command to the state after it.
 */
async function ingestMany(jobs: Job[], showProgress: boolean): Promise<BatchSummary[]> {
  const cfg = config();
  const { wh, preset } = await openCurrent(cfg.XINYONG_DB, cfg.XINYONG_PRESET);
  const calendar = createWorkingCalendar(preset.calendar.years);
  const bar = showProgress && process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: '{bar} {value}/{total} files | {file} {phase}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(jobs.length, 0, { file: '', phase: '' });
  const summaries: BatchSummary[] = [];
  let refreshed = false;
  try {
    for (const [i, job] of jobs.entries()) {
      const last = i === jobs.length - 1;
      try {
        const s = await ingestFile(wh, job.file, {
          ...job,
          idKey: cfg.idKey,
          afterLoad: last ? async (conn) => { await refreshMarts(conn, calendar); refreshed = true; } : undefined,
          onProgress: (phase, detail) => bar?.update(i, { file: path.basename(job.file), phase: detail ? `${phase} ${detail}` : phase }),
        });
        summaries.push(s);
      } catch (err) {
        if (!(err instanceof IngestError)) throw err;
        // Rejected before a batch began (no such file, unknown department): reported, and the
        // remaining files still load.
        summaries.push(err.summary ?? failedBeforeBatch(job, err.message));
      }
      bar?.update(i + 1);
      // Without a terminal (CI, logs), a line every 50 files instead of the bar.
      if (showProgress && !bar && ((i + 1) % 50 === 0 || i === jobs.length - 1)) {
        const failed = summaries.filter((s) => s.status === 'failed').length;
        console.error(`processed ${i + 1}/${jobs.length} files${failed ? `, ${failed} failed` : ''}`);
      }
    }
    if (!refreshed && summaries.some((s) => s.status === 'loaded')) {
      const conn = await wh.connect();
      await conn.run('BEGIN TRANSACTION');
      await refreshMarts(conn, calendar);
      await conn.run('COMMIT');
      conn.closeSync();
    }
  } finally {
    bar?.stop();
    wh.close();
  }
  return summaries;
}

function failedBeforeBatch(job: Job, message: string): BatchSummary {
  return {
    batchId: 0, file: path.basename(job.file), sourceType: job.sourceType, departmentId: job.departmentId, status: 'failed',
    format: null, encoding: null, headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, rowsDuplicate: 0,
    rowsSuperseding: 0, reasons: {}, ignoredHeaders: [], ignoredSheets: [], sheetsRead: [], missingColumns: [], repeatedHeaders: [], footerRows: [], message, ms: 0,
  };
}

function report(summaries: BatchSummary[], json?: boolean): void {
  if (json) {
    // A file refused before its batch began has no batch: null, not 0.
    console.log(JSON.stringify(summaries.map((s) => (s.batchId === 0 ? { ...s, batchId: null } : s)), null, 2));
  } else {
    const t = new Table({ head: ['batch', 'file', 'status', 'read', 'loaded', 'quarantined', 'duplicate', 'corrections', 'ms'] });
    // Many files (the demo): one line of totals, and the failed files.
    const shown = summaries.length > 20 ? summaries.filter((s) => s.status === 'failed') : summaries;
    for (const s of shown) {
      t.push([s.batchId || '—', s.file, s.status, s.rowsRead, s.rowsLoaded, s.rowsQuarantined, s.rowsDuplicate, s.rowsSuperseding, s.ms]);
    }
    if (shown !== summaries) {
      const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsQuarantined' | 'rowsDuplicate' | 'rowsSuperseding' | 'ms') => summaries.reduce((n, s) => n + s[k], 0);
      t.push(['', `${summaries.length} files`, `${summaries.filter((s) => s.status === 'loaded').length} loaded`, sum('rowsRead'), sum('rowsLoaded'),
        sum('rowsQuarantined'), sum('rowsDuplicate'), sum('rowsSuperseding'), sum('ms')]);
    }
    console.log(t.toString());
    const reasons = new Map<string, number>();
    for (const s of summaries) for (const [r, n] of Object.entries(s.reasons)) reasons.set(r, (reasons.get(r) ?? 0) + n);
    if (reasons.size > 0) {
      const rt = new Table({ head: ['reason', '说明', 'rows'] });
      for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1])) rt.push([r, describeReason(r), n]);
      console.log(rt.toString());
    }
    // What a loaded file had that was not read (columns no field takes, other worksheets).
    for (const s of shown.filter((x) => x.status === 'loaded' && x.message)) console.log(`ℹ ${s.file}: ${s.message}`);
    for (const s of summaries.filter((x) => x.status === "failed")) console.error(`✗ ${s.message?.startsWith(s.file) ? s.message : `${s.file}: ${s.message}`}`);
  }
  if (summaries.some((s) => s.status === 'failed')) process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------
// Accounts

const users = program.command('user').description('accounts: create the first office user, list users, reset a password');

users
  .command('add')
  .description('create a user (the password from $XINYONG_NEW_PASSWORD, standard input, or a prompt)')
  .argument('<username>', '3–32 letters, digits, dot, underscore or hyphen')
  .requiredOption('--role <role>', 'leader | office | department | street')
  .option('--department <id>', 'the department a department user acts for')
  .option('--street <code>', 'the street a street user acts for')
  .option('--name <text>', 'display name (default: the username)')
  .action(async (username: string, o: { role: string; department?: string; street?: string; name?: string }) => {
    const { addUser } = await import('../api/auth/users.ts');
    const password = await newPassword();
    const cfg = config();
    const { wh, preset } = await openCurrent(cfg.XINYONG_DB, cfg.XINYONG_PRESET);
    try {
      const user = await addUser(wh, preset, {
        username, displayName: o.name ?? username, role: o.role as 'office', departmentId: o.department ?? null, streetCode: o.street ?? null, password,
      }, { userId: null, username: `cli:${process.env.USER ?? 'unknown'}` });
      console.log(`created ${user.role} user "${user.username}" (id ${user.id})${user.departmentId ? ` for ${user.departmentId}` : ''}${user.streetCode ? ` for ${user.streetCode}` : ''}`);
    } finally {
      wh.close();
    }
  });

users
  .command('list')
  .description('list the users')
  .action(async () => {
    const { listUsers } = await import('../warehouse/repositories/accounts.ts');
    const cfg = config();
    const { wh } = await openCurrent(cfg.XINYONG_DB, cfg.XINYONG_PRESET);
    try {
      const t = new Table({ head: ['id', 'username', '名称', 'role', 'binding', 'disabled'] });
      for (const u of await listUsers(wh)) t.push([u.id, u.username, u.displayName, u.role, u.departmentId ?? u.streetCode ?? '', u.disabled ? 'yes' : '']);
      console.log(t.toString());
    } finally {
      wh.close();
    }
  });

users
  .command('password')
  .description("set a user's password (ends its sessions)")
  .argument('<username>')
  .action(async (username: string) => {
    const { findLogin, setPassword, deleteSessionsOf, appendAudit } = await import('../warehouse/repositories/accounts.ts');
    const { hashPassword } = await import('../api/auth/passwords.ts');
    const password = await newPassword();
    const cfg = config();
    const { wh } = await openCurrent(cfg.XINYONG_DB, cfg.XINYONG_PRESET);
    try {
      const user = await findLogin(wh, username);
      if (!user) throw new Error(`no user "${username}" (see \`xinyong user list\`)`);
      await setPassword(wh, user.id, await hashPassword(password));
      await deleteSessionsOf(wh, user.id);
      await appendAudit(wh, { userId: null, username: `cli:${process.env.USER ?? 'unknown'}`, action: 'password-reset', target: `user:${user.id}` });
      console.log(`password of "${username}" set; its sessions ended`);
    } finally {
      wh.close();
    }
  });

/** A new password from $XINYONG_NEW_PASSWORD, else piped standard input, else typed twice unseen; checked against the policy. */
async function newPassword(): Promise<string> {
  const { passwordSchema } = await import('../api/auth/passwords.ts');
  let password = process.env.XINYONG_NEW_PASSWORD;
  if (password === undefined && !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  }
  if (password === undefined) {
    const first = await promptHidden('new password: ');
    if ((await promptHidden('again: ')) !== first) throw new Error('the two passwords differ');
    password = first;
  }
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) throw new Error(checked.error.issues.map((i) => i.message).join('; '));
  return checked.data;
}

async function promptHidden(question: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const { Writable } = await import('node:stream');
  let muted = false;
  const output = new Writable({ write: (chunk, _enc, done) => { if (!muted) process.stdout.write(chunk); done(); } });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

program.parseAsync().catch((err: unknown) => {
  const e = err as Error;
  // The message is for the user; the stack only when asked for (XINYONG_DEBUG=1).
  console.error(`xinyong: ${process.env.XINYONG_DEBUG ? (e.stack ?? e.message) : e.message}`);
  process.exit(2);
});
