/**
 * Scheduled ingestion from drop folders: `<root>/inbox/<department>/<file>` is loaded as a batch
 * of that department (source type recognised from its header row), then moved to
 * `<root>/done/<department>/` or `<root>/failed/<department>/` with a report beside it.
 * One pass per call; the caller (the server, which owns the warehouse) schedules the passes.
 */
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { chinaDay } from '../../lib/dates.ts';
import { describeFileProblem, type FileProblem } from '../../lib/file-problems.ts';
import { describeReason } from '../../lib/reasons.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import { ingestFile, IngestError, type BatchSummary } from '../load/ingest.ts';
import { bestSourceType } from '../read/header-map.ts';
import { leadingRows } from '../read/open-source.ts';
import { UnreadableFileError } from '../read/sniff.ts';
import { SOURCE_TYPES, type SourceType } from '../sources/index.ts';

export interface InboxOptions {
  idKey: string;
  /** Runs in each batch's transaction (e.g. the mart refresh). */
  afterLoad?: (conn: DuckDBConnection, batchId: number) => Promise<void>;
  /** Files younger than this may still be being copied in; they wait for the next pass. */
  settleMs?: number;
  now?: () => Date;
}

export interface InboxResult {
  department: string;
  file: string;
  outcome: 'done' | 'failed';
  movedTo: string;
  summary: BatchSummary | null;
  message: string | null;
}

const isHidden = (name: string) => name.startsWith('.') || name.startsWith('~$') || /\.(part|tmp|crdownload)$/i.test(name);

/**
 * The source type whose definition names the most columns of the file's header row.
 * @example await detectSourceType(wh, 'xk.csv') // 'licence'
 */
export async function detectSourceType(wh: Warehouse, file: string): Promise<string> {
  const conn = await wh.connect();
  let blocks: (string | null)[][][];
  try {
    blocks = await leadingRows(conn, file);
  } catch (err) {
    // Whatever fails to read (a malformed JSON line, a broken Parquet file) is this file's error.
    if (err instanceof UnreadableFileError) throw new IngestError(err.message, undefined, err.problem);
    throw new IngestError(`${path.basename(file)}: ${(err as Error).message}`);
  } finally {
    conn.closeSync();
  }
  let best: { def: SourceType; matched: number } | null = null;
  for (const rows of blocks) {
    const found = bestSourceType(Object.values(SOURCE_TYPES), rows);
    if (found && (!best || found.matched > best.matched)) best = found;
  }
  if (!best) throw new IngestError(`${path.basename(file)}: no known source type recognises its header row`, undefined, { code: 'no_source_type' });
  return best.def.id;
}

/**
 * Loads every settled file in the inbox once.
 * @example await processInbox(wh, './data', { idKey })
 */
export async function processInbox(wh: Warehouse, root: string, opts: InboxOptions): Promise<InboxResult[]> {
  const inbox = path.join(root, 'inbox');
  mkdirSync(inbox, { recursive: true });
  const now = opts.now ?? (() => new Date());
  const settleMs = opts.settleMs ?? 2000;
  const departments = new Set((await wh.all<{ id: string }>('SELECT id FROM core.department')).map((d) => d.id));
  const results: InboxResult[] = [];
  for (const department of readdirSync(inbox).sort()) {
    const dir = path.join(inbox, department);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const st = statSync(file);
      if (!st.isFile() || isHidden(name) || now().getTime() - st.mtimeMs < settleMs) continue;
      results.push(await processFile(wh, root, department, file, departments.has(department), opts, now()));
    }
  }
  return results;
}

async function processFile(
  wh: Warehouse, root: string, department: string, file: string, knownDepartment: boolean, opts: InboxOptions, at: Date,
): Promise<InboxResult> {
  const reportedAt = chinaDay(at);
  let summary: BatchSummary | null = null;
  let message: string | null = null;
  let problem: FileProblem | null = null;
  try {
    if (!knownDepartment) throw new IngestError(`unknown department "${department}": the inbox folder must be named after a department id`);
    const sourceType = await detectSourceType(wh, file);
    summary = await ingestFile(wh, file, { sourceType, departmentId: department, reportedAt, idKey: opts.idKey, afterLoad: opts.afterLoad });
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    summary = err.summary ?? null;
    message = err.message;
    problem = err.problem ?? null;
  }
  const outcome = summary?.status === 'loaded' ? 'done' : 'failed';
  const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const targetDir = path.join(root, outcome, department);
  mkdirSync(targetDir, { recursive: true });
  const movedTo = path.join(targetDir, `${stamp}-${path.basename(file)}`);
  renameSync(file, movedTo);
  const report = {
    file: path.basename(file), department, outcome, at: at.toISOString(), message,
    // Why the file was refused, in Chinese, where the loader named the problem.
    messageZh: problem && describeFileProblem(problem, 'zh', (id) => (id in SOURCE_TYPES ? SOURCE_TYPES[id]!.nameZh : id)),
    summary: summary && {
      ...summary,
      reasonsZh: Object.fromEntries(Object.entries(summary.reasons).map(([code, n]) => [describeReason(code), n])),
    },
  };
  writeFileSync(`${movedTo}.report.json`, `${JSON.stringify(report, null, 2)}\n`);
  return { department, file: path.basename(file), outcome, movedTo, summary, message };
}
