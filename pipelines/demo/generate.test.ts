/**
 * The demo generator: reproducible to the byte, and every file holds what the manifest says —
 * row counts, the rows meant to be invalid (and only those, judged by the source definitions),
 * exact duplicates and corrections.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../lib/working-days.ts';
import { parseDate } from '../../lib/dates.ts';
import { isValidIdNumber } from '../../lib/id-number.ts';
import { normalizeCell } from '../../lib/text.ts';
import { USCC_PLACEHOLDER, isValidUscc } from '../../lib/uscc.ts';
import { findHeader } from '../read/header-map.ts';
import { getSourceType } from '../sources/index.ts';
import type { SourceType } from '../sources/source-type.ts';
import { loadPreset } from '../../warehouse/preset/load-preset.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import { type DemoFileEntry, type DemoManifest, type DemoPlan, generateDemo, planDemo, writeBenchCsv } from './generate.ts';
import { appliesBaseList } from './supervision-files.ts';

const TODAY = '2026-11-25';
const SCALE = 0.05;

type RawCell = string | number | Date | null;

/** RFC 4180 CSV, enough for the demo's files. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function readCsv(file: string, entry: DemoFileEntry): Promise<string[][]> {
  const buf = await readFile(file);
  let text = entry.encoding === 'gbk' ? iconv.decode(buf, 'gbk') : buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseCsv(text);
}

/** All rows of the first sheet, empty rows included, cells as ExcelJS gives them. */
async function readXlsx(file: string): Promise<{ rows: RawCell[][]; merges: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const rows: RawCell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: RawCell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v === null || v === undefined ? null : v instanceof Date || typeof v === 'number' || typeof v === 'string' ? v : String(v));
    }
    rows.push(cells);
  }
  const merges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
  return { rows, merges };
}

/** Data rows of any demo file as header-mapped raw cells. */
async function readTable(dir: string, entry: DemoFileEntry, def: SourceType): Promise<{ header: string[]; rows: RawCell[][] }> {
  const file = path.join(dir, entry.file);
  if (entry.format === 'csv') {
    const all = await readCsv(file, entry);
    return { header: all[0]!, rows: all.slice(1) };
  }
  if (entry.format === 'xlsx') {
    const { rows } = await readXlsx(file);
    const found = findHeader(def, rows.map((r) => r.map((c) => (c === null ? null : String(c)))));
    if (!found) throw new Error(`${entry.file}: no header`);
    return { header: rows[found.headerIndex]!.map((c) => String(c ?? '')), rows: rows.slice(found.headerIndex + 1) };
  }
  if (entry.format === 'jsonl') {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
    const objs = lines.map((l) => JSON.parse(l) as Record<string, string | number | null>);
    const header = Object.keys(objs[0] ?? {});
    return { header, rows: objs.map((o) => header.map((h) => o[h] ?? null)) };
  }
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    const reader = await con.runAndReadAll(`SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
    const header = reader.columnNames();
    const rows = reader.getRows().map((r) => r.map((v) => (v === null ? null : typeof v === 'number' ? v : String(v))));
    return { header, rows };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

function cellText(v: RawCell): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return normalizeCell(String(v));
}

/**
 * Why a row is invalid by the source definition (empty when valid): an independent reading of
 * the rules the loader enforces, for checking the manifest's invalidRows.
 */
function rowProblems(def: SourceType, columns: readonly (string | null)[], row: readonly RawCell[], reportedAt: string, preset: Preset): string[] {
  const raw = new Map<string, RawCell>();
  columns.forEach((f, i) => f && raw.set(f, row[i] ?? null));
  const typed = new Map<string, string | null>();
  const problems: string[] = [];
  const areaKey = (level: string, key: string) =>
    preset.areas.filter((a) => a.level === level && (a.code === key || a.nameZh === key));
  for (const f of def.fields) {
    const v = raw.get(f.name) ?? null;
    const text = cellText(v);
    if (text === null) {
      typed.set(f.name, null);
      if (f.required) problems.push(`missing:${f.name}`);
      continue;
    }
    const alias = (x: string) => f.valueAliases?.[x] ?? x;
    switch (f.type) {
      case 'date': {
        const p = parseDate(typeof v === 'string' ? v : (v as number | Date));
        if ('error' in p) problems.push(`date:${f.name}`);
        else if (f.notFuture && p.date > reportedAt) problems.push(`future:${f.name}`);
        break;
      }
      case 'month': {
        const m = /^(\d{4})(?:[-/年.]?)(\d{1,2})月?$/.exec(text);
        const p = m ? null : parseDate(typeof v === 'string' ? v : (v as number | Date));
        const first = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-01` : p && !('error' in p) ? `${p.date.slice(0, 7)}-01` : null;
        if (first === null || (m && (Number(m[2]) < 1 || Number(m[2]) > 12))) problems.push(`date:${f.name}`);
        else if (f.notFuture && first > reportedAt) problems.push(`future:${f.name}`);
        break;
      }
      case 'count': {
        if (!/^\d+(\.0+)?$/.test(text.replaceAll(',', ''))) problems.push(`count:${f.name}`);
        break;
      }
      case 'amount': {
        const n = Number(text.replaceAll(',', ''));
        if (Number.isNaN(n)) problems.push(`amount:${f.name}`);
        else if (n < 0) problems.push(`negative:${f.name}`);
        break;
      }
      case 'uscc':
        if (!(f.placeholder && text.toUpperCase() === USCC_PLACEHOLDER) && !isValidUscc(text.toUpperCase())) problems.push(`uscc:${f.name}`);
        break;
      case 'enum':
        typed.set(f.name, alias(text));
        if (!f.values!.includes(alias(text))) problems.push(`enum:${f.name}`);
        continue;
      case 'enum_multi': {
        const parts = text.split(/[;；,，、]/).map((x) => x.trim()).filter((x) => x !== '').map(alias);
        typed.set(f.name, parts.join(';'));
        if (parts.length === 0 || parts.some((x) => !f.values!.includes(x))) problems.push(`enum:${f.name}`);
        continue;
      }
      case 'area': {
        const hits = areaKey(f.areaLevel ?? 'district', text);
        if (hits.length === 0) problems.push(`area:${f.name}`);
        break;
      }
      default:
        break;
    }
    typed.set(f.name, text);
  }
  for (const f of def.fields.filter((x) => x.type === 'id_number')) {
    const id = typed.get(f.name);
    const idType = f.idTypeField ? (typed.get(f.idTypeField) ?? '身份证') : '身份证';
    if (id && idType === '身份证' && !isValidIdNumber(id.toUpperCase(), reportedAt)) problems.push(`id:${f.name}`);
  }
  for (const rule of def.rules) {
    const then = def.fields.find((x) => x.name === rule.then)!;
    if (then.required) continue;
    const w = rule.when;
    const v = typed.get(w.field) ?? null;
    const holds = 'in' in w ? v !== null && w.in.includes(v) : 'contains' in w ? (v ?? '').includes(w.contains) : v === w.equals;
    if (holds && typed.get(rule.then) == null) problems.push(`rule:${rule.id}`);
  }
  return problems;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(path.relative(dir, path.join(e.parentPath, e.name)));
  }
  return out.sort();
}

const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('generateDemo', () => {
  let preset: Preset;
  let dirA: string;
  let dirB: string;
  let manifest: DemoManifest;
  let plan: DemoPlan;

  beforeAll(async () => {
    preset = await loadPreset('zibo');
    dirA = await mkdtemp(path.join(tmpdir(), 'xinyong-demo-a-'));
    dirB = await mkdtemp(path.join(tmpdir(), 'xinyong-demo-b-'));
    manifest = await generateDemo({ preset, outDir: dirA, scale: SCALE, today: TODAY });
    await generateDemo({ preset, outDir: dirB, scale: SCALE, today: TODAY });
    plan = planDemo({ preset, outDir: dirA, scale: SCALE, today: TODAY });
  });

  afterAll(async () => {
    await rm(dirA, { recursive: true, force: true });
    await rm(dirB, { recursive: true, force: true });
  });

  it('is reproducible to the byte', async () => {
    const a = await listFiles(dirA);
    expect(await listFiles(dirB)).toEqual(a);
    for (const f of a) expect(await sha(path.join(dirB, f)), f).toBe(await sha(path.join(dirA, f)));
    expect(plan.manifest).toEqual(manifest);
  });

  it('lists every file once, registries first, then by report date', async () => {
    expect(await listFiles(dirA)).toEqual([...manifest.files.map((f) => f.file), 'manifest.json'].sort());
    const kinds = manifest.files.map((f) => (f.sourceType.startsWith('subject') ? 0 : 1));
    expect(kinds).toEqual([...kinds].sort());
    const records = manifest.files.filter((f) => !f.sourceType.startsWith('subject')).map((f) => f.reportedAt);
    expect(records).toEqual([...records].sort());
    expect(records.every((d) => d <= TODAY)).toBe(true);
  });

  it('sends every format the loaders accept', () => {
    const kinds = new Set(manifest.files.map((f) => `${f.format}/${f.encoding ?? ''}`));
    for (const k of ['csv/utf-8', 'csv/gbk', 'xlsx/', 'jsonl/utf-8', 'parquet/']) expect(kinds, k).toContain(k);
    expect(manifest.files.filter((f) => f.format === 'parquet')).toHaveLength(1);
    expect(manifest.files.filter((f) => f.format === 'jsonl')).toHaveLength(1);
    expect(manifest.files.some((f) => f.sourceType === 'subject-person')).toBe(true);
    expect(manifest.files.reduce((n, f) => n + f.corrections, 0)).toBeGreaterThan(0);
  });

  it('writes as many data rows as the manifest says, each recognised by its source definition', async () => {
    for (const [i, entry] of manifest.files.entries()) {
      const def = getSourceType(entry.sourceType);
      const { header, rows } = await readTable(dirA, entry, def);
      expect(rows.length, entry.file).toBe(entry.rows);
      const mapping = findHeader(def, [header]);
      expect(mapping?.missingRequired, entry.file).toEqual([]);
      expect(mapping?.ignored, entry.file).toEqual([]);
      // History exports carry the per-record report date; weekly batches do not.
      const hasReported = mapping!.columns.includes('reported_date');
      expect(hasReported, entry.file).toBe(entry.file.startsWith('history/'));
      expect(plan.files[i]!.rows.length).toBe(entry.rows);
    }
  });

  it('writes CSV cells exactly as planned, in UTF-8 and GBK', async () => {
    for (const [i, entry] of manifest.files.entries()) {
      if (entry.format !== 'csv') continue;
      const rows = (await readCsv(path.join(dirA, entry.file), entry)).slice(1);
      const planned = plan.files[i]!.rows;
      rows.forEach((r, k) => expect(r, `${entry.file} row ${k + 1}`).toEqual(planned[k]!.cells.map((c) => (c === null ? '' : String(c)))));
    }
  });

  it('writes valid USCCs and ID numbers wherever a row is not meant to be invalid', async () => {
    let checked = 0;
    for (const [i, entry] of manifest.files.entries()) {
      if (entry.format !== 'csv') continue;
      const def = getSourceType(entry.sourceType);
      const all = await readCsv(path.join(dirA, entry.file), entry);
      const mapping = findHeader(def, [all[0]!])!;
      const codeCols = mapping.columns.flatMap((f, c) => (f && def.fields.find((x) => x.name === f)!.type === 'uscc' ? [c] : []));
      const idCol = mapping.columns.findIndex((f) => f === 'subject_id' || f === 'id_number');
      all.slice(1).forEach((row, k) => {
        const defect = plan.files[i]!.rows[k]!.defect;
        for (const c of codeCols) {
          const code = normalizeCell(row[c]);
          if (code === null) continue;
          const ok = isValidUscc(code);
          const subjectCode = mapping.columns[c] === 'subject_uscc' || mapping.columns[c] === 'uscc';
          expect(ok, `${entry.file} row ${k + 1}: ${code}`).toBe(!(defect === 'bad_uscc' && subjectCode));
          checked++;
        }
        const id = idCol >= 0 ? normalizeCell(row[idCol]) : null;
        if (id !== null) {
          expect(isValidIdNumber(id, entry.reportedAt), `${entry.file} row ${k + 1}: ${id}`).toBe(defect !== 'bad_id');
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('has invalid rows exactly where the manifest counts them', async () => {
    for (const [i, entry] of manifest.files.entries()) {
      const def = getSourceType(entry.sourceType);
      const { header, rows } = await readTable(dirA, entry, def);
      const columns = findHeader(def, [header])!.columns;
      let invalid = 0;
      rows.forEach((row, k) => {
        const problems = rowProblems(def, columns, row, entry.reportedAt, preset);
        const defect = plan.files[i]!.rows[k]!.defect;
        expect(problems.length > 0, `${entry.file} row ${k + 1} (${defect ?? 'valid'}): ${problems.join(', ')}`).toBe(defect !== null);
        if (problems.length > 0) invalid++;
      });
      expect(invalid, entry.file).toBe(entry.invalidRows);
    }
    const rows = manifest.files.reduce((n, f) => n + f.rows, 0);
    const invalid = manifest.files.reduce((n, f) => n + f.invalidRows, 0);
    expect(invalid / rows).toBeGreaterThan(0.005);
    expect(invalid / rows).toBeLessThan(0.04);
  });

  it('repeats rows byte for byte exactly as often as the manifest says', async () => {
    for (const entry of manifest.files) {
      if (entry.format !== 'csv') continue;
      const buf = await readFile(path.join(dirA, entry.file));
      const text = entry.encoding === 'gbk' ? iconv.decode(buf, 'gbk') : buf.toString('utf8');
      const lines = text.split(/\r?\n/).slice(1).filter((l) => l !== '');
      expect(lines.length - new Set(lines).size, entry.file).toBe(entry.exactDuplicates);
    }
  });

  it('corrects earlier records of the same department with changed content', async () => {
    const seen = new Map<string, string>();
    let corrections = 0;
    for (const [i, entry] of manifest.files.entries()) {
      if (entry.sourceType !== 'licence' && entry.sourceType !== 'penalty') continue;
      const def = getSourceType(entry.sourceType);
      const { header, rows } = await readTable(dirA, entry, def);
      const mapping = findHeader(def, [header])!;
      const col = (f: string) => mapping.columns.indexOf(f);
      const inFile = new Map<string, string>();
      rows.forEach((row, k) => {
        const planned = plan.files[i]!.rows[k]!;
        if (planned.defect !== null || planned.duplicateOf !== null) return;
        const key = `${cellText(row[col('doc_no')]!)}|${cellText(row[col('source_unit_uscc')]!)}`;
        const content = `${cellText(row[col('content')]!)}|${col('fine_amount') >= 0 ? cellText(row[col('fine_amount')]!) : ''}`;
        if (planned.correction) {
          expect(seen.has(key), `${entry.file} row ${k + 1} corrects an earlier record`).toBe(true);
          expect(content).not.toBe(seen.get(key));
          corrections++;
        } else {
          expect(seen.has(key) || inFile.has(key), `${entry.file} row ${k + 1}: ${key} is new`).toBe(false);
        }
        inFile.set(key, content);
      });
      for (const [k, v] of inFile) seen.set(k, v);
    }
    expect(corrections).toBe(manifest.files.reduce((n, f) => n + f.corrections, 0));
  });

  it('puts a merged title and a blank row above the header of every .xlsx', async () => {
    const xlsx = manifest.files.filter((f) => f.format === 'xlsx');
    expect(xlsx.length).toBeGreaterThan(0);
    for (const entry of xlsx) {
      const { rows, merges } = await readXlsx(path.join(dirA, entry.file));
      expect(String(rows[0]![0]), entry.file).toMatch(/（.+）$/);
      expect(merges.some((m) => m.startsWith('A1:'))).toBe(true);
      expect(rows[1]!.every((c) => c === null), entry.file).toBe(true);
      const found = findHeader(getSourceType(entry.sourceType), rows.map((r) => r.map((c) => (c === null ? null : String(c)))));
      expect(found?.headerIndex, entry.file).toBe(2);
    }
  });

  it('tells the timeliness story: most on time, a few departments habitually late, one fallen silent', async () => {
    const weekly = manifest.files.filter((f) => f.file.startsWith('weekly/'));
    const history = manifest.files.filter((f) => f.file.startsWith('history/'));
    const senders = [...new Set(history.map((f) => f.departmentId))];
    const silent = senders.filter((d) => !weekly.some((f) => f.departmentId === d));
    // The departments that send 双公示 are those the preset says owe it, so a silent one is
    // assessed as 未报送 rather than left out.
    expect(senders.sort()).toEqual(preset.departments.filter((d) => d.duties.includes('double-publicity')).map((d) => d.id).sort());
    // At small scales quiet departments may also have nothing to send in six weeks.
    expect(silent.length).toBeGreaterThanOrEqual(1);
    for (const f of weekly) expect([1, 5]).toContain(new Date(`${f.reportedAt}T00:00:00Z`).getUTCDay());

    // Share of history rows reported after the 7-working-day deadline, per department.
    const calendar = createWorkingCalendar(preset.calendar.years);
    const late = new Map<string, [number, number]>();
    for (const entry of history) {
      const def = getSourceType(entry.sourceType);
      const { header, rows } = await readTable(dirA, entry, def);
      const columns = findHeader(def, [header])!.columns;
      const decided = columns.indexOf('decision_date');
      const reported = columns.indexOf('reported_date');
      for (const row of rows) {
        const d = parseDate(row[decided] as string | number | Date | null);
        const r = parseDate(row[reported] as string | number | Date | null);
        if (!('date' in d) || !('date' in r) || d.date > r.date) continue;
        const c = late.get(entry.departmentId) ?? [0, 0];
        c[1]++;
        if (r.date > calendar.dueDate(d.date)) c[0]++;
        late.set(entry.departmentId, c);
      }
    }
    const shares = [...late.values()].filter(([, n]) => n >= 20).map(([l, n]) => l / n);
    expect(shares.filter((s) => s > 0.6).length).toBeGreaterThanOrEqual(2);
    expect(shares.filter((s) => s < 0.2).length).toBeGreaterThan(shares.length / 2);
  });

  /** The values of one field in a planned file, standard spellings restored. */
  const valuesOf = (file: DemoPlan['files'][number], field: string): (string | number | null)[] => {
    const def = getSourceType(file.entry.sourceType).fields.find((f) => f.name === field)!;
    const i = file.columns.findIndex((c) => c.field === field);
    return file.rows.map((r) => {
      const c = r.cells[i];
      if (c === null || c === undefined || typeof c === 'object') return null;
      return typeof c === 'string' ? (def.valueAliases?.[c] ?? c) : c;
    });
  };
  const lastOf = (type: string) => plan.files.filter((f) => f.entry.sourceType === type).at(-1)!;

  it('tells the street story: two streets lag on registrations, the rest are well on the way', () => {
    const last = lastOf('street-registration');
    const adults = valuesOf(last, 'adults').map(Number);
    const shares = valuesOf(last, 'registered').map((r, i) => Number(r) / adults[i]!);
    expect(shares.filter((x) => x < 0.45)).toHaveLength(2);
    expect(shares.filter((x) => x >= 0.6)).toHaveLength(shares.length - 2);
  });

  it('tells the task story: the plan\'s lines, most done, some overdue, one department never reporting', () => {
    const last = lastOf('task-progress');
    const statuses = valuesOf(last, 'status');
    expect(statuses.filter((x) => x === '逾期未完成').length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((x) => x === '已完成').length).toBeGreaterThan(statuses.filter((x) => x !== '已完成').length);
    // One department never reports; every other responsible unit reports each of its sub-tasks.
    const units = new Set(valuesOf(last, 'responsible_unit'));
    const silent = preset.departments.filter((d) => preset.tasks.some((t) => t.departmentIds.includes(d.id)) && !units.has(d.nameZh));
    expect(silent).toHaveLength(1);
    const reported = preset.tasks.filter((t) => t.departmentIds.length === 0 || t.departmentIds.some((id) => id !== silent[0]!.id));
    expect(new Set(valuesOf(last, 'subtask_no'))).toEqual(new Set(reported.map((t) => t.subtaskNo)));
  });

  it('tells the demonstration-street story: black merchants gone, blue or better ≥ 95%, red growing', () => {
    const archives = plan.files.filter((f) => f.entry.sourceType === 'merchant');
    const share = (f: (typeof archives)[number], colours: string[]) => {
      const v = valuesOf(f, 'colour').filter((c) => c !== null);
      return v.filter((c) => colours.includes(String(c))).length / v.length;
    };
    const first = archives[0]!;
    const last = archives.at(-1)!;
    expect(share(last, ['黑'])).toBe(0);
    expect(share(last, ['红', '蓝'])).toBeGreaterThanOrEqual(0.95);
    expect(share(last, ['红'])).toBeGreaterThan(share(first, ['红']));
    expect(share(first, ['黑', '黄'])).toBeGreaterThan(0);
  });

  it('has one department that never reports its disciplinary base-list work; the others report every half year', () => {
    const files = manifest.files.filter((f) => f.sourceType === 'discipline-implementation');
    const reporting = new Set(files.map((f) => f.departmentId));
    const area = preset.departments.find((d) => reporting.has(d.id))!.areaCode;
    const duty = preset.departments.filter((d) => d.areaCode === area && appliesBaseList(d.nameZh));
    expect(duty.filter((d) => !reporting.has(d.id))).toHaveLength(1);
    // The preset names the same departments as owing base-list reports, so the silent one is
    // assessed as 未报送 rather than left out.
    expect(preset.departments.filter((d) => d.duties.includes('base-list')).map((d) => d.id)).toEqual(duty.map((d) => d.id));
    const rounds = new Set(files.map((f) => f.reportedAt));
    expect(files).toHaveLength(reporting.size * rounds.size);
  });

  it('draws 双公示 subjects mostly from the registry, some from other cities, some natural persons', async () => {
    const registered = new Set<string>();
    let persons = 0;
    let outsiders = 0;
    let total = 0;
    for (const entry of manifest.files) {
      const def = getSourceType(entry.sourceType);
      const { header, rows } = await readTable(dirA, entry, def);
      const columns = findHeader(def, [header])!.columns;
      if (entry.sourceType === 'subject-legal') {
        for (const row of rows) registered.add(cellText(row[columns.indexOf('uscc')]!) ?? '');
        continue;
      }
      if (entry.sourceType !== 'licence' && entry.sourceType !== 'penalty') continue;
      for (const row of rows) {
        total++;
        const code = cellText(row[columns.indexOf('subject_uscc')]!);
        if (code === null) persons++;
        else if (!registered.has(code) && isValidUscc(code)) outsiders++;
      }
    }
    expect(persons / total).toBeGreaterThan(0.02);
    expect(persons / total).toBeLessThan(0.1);
    expect(outsiders / total).toBeGreaterThan(0.01);
    expect(outsiders / total).toBeLessThan(0.06);
  });
});

describe('writeBenchCsv', () => {
  it('writes the requested rows in the national template with about 1% invalid', async () => {
    const preset = await loadPreset('zibo');
    const dir = await mkdtemp(path.join(tmpdir(), 'xinyong-bench-'));
    try {
      const out = path.join(dir, 'bench.csv');
      const r = await writeBenchCsv({ out, rows: 20_000, today: TODAY, preset });
      const all = parseCsv(await readFile(out, 'utf8'));
      expect(all.length - 1).toBe(20_000);
      const def = getSourceType('penalty');
      const mapping = findHeader(def, [all[0]!])!;
      expect(mapping.missingRequired).toEqual([]);
      const invalid = all.slice(1).filter((row) => rowProblems(def, mapping.columns, row, TODAY, preset).length > 0).length;
      expect(invalid).toBe(r.invalidRows);
      expect(invalid / 20_000).toBeGreaterThan(0.005);
      expect(invalid / 20_000).toBeLessThan(0.02);
      const again = path.join(dir, 'again.csv');
      await writeBenchCsv({ out: again, rows: 20_000, today: TODAY, preset });
      expect(await sha(again)).toBe(await sha(out));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
