/**
 * Reads a preset folder (`presets/<id>/`: preset.json, areas.csv, departments.csv, indicators.json),
 * validates each record with preset-schema.ts and cross-checks the records against each other.
 * A broken preset fails with one PresetError listing every problem as `file:line: message`, so the
 * office editing a CSV sees all its mistakes at once. Reads files only; writes nothing.
 */
import { readFile, readdir, access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { usccProblem } from '../../lib/uscc.ts';
import {
  areaSchema,
  departmentSchema,
  indicatorSchema,
  scoringSchemeSchema,
  type ScoringScheme,
  planTaskSchema,
  type PlanTask,
  presetManifestSchema,
  PARENT_LEVEL,
  type Area,
  type Department,
  type IndicatorSpec,
  type Preset,
  type PresetManifest,
} from './preset-schema.ts';

/** `<repo>/presets`, where a preset id resolves to a folder. */
export const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

const FILES = {
  manifest: 'preset.json',
  areas: 'areas.csv',
  departments: 'departments.csv',
  indicators: 'indicators.json',
  scoring: 'scoring.json',
  tasks: 'tasks.csv',
} as const;

const AREA_COLUMNS = ['code', 'name_zh', 'name_en', 'level', 'kind', 'parent_code'] as const;
const DEPARTMENT_COLUMNS = ['id', 'name_zh', 'name_en', 'short_zh', 'area_code', 'uscc', 'category', 'duties'] as const;
const TASK_COLUMNS = ['task_no', 'subtask_no', 'task_zh', 'subtask_zh', 'department_ids', 'streets', 'units_zh', 'deadline'] as const;

/** Thrown when a preset is invalid; `problems` holds one `file:line: message` per problem. */
export class PresetError extends Error {
  readonly dir: string;
  readonly problems: readonly string[];
  constructor(dir: string, problems: readonly string[]) {
    super(`Preset ${dir} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PresetError';
    this.dir = dir;
    this.problems = problems;
  }
}

/**
 * The ids of the presets shipped in `<repo>/presets` (folders holding a preset.json), sorted.
 * @example await listPresets() // ['zaozhuang-hitech', 'zibo']
 */
export async function listPresets(): Promise<string[]> {
  const entries = await readdir(PRESETS_DIR, { withFileTypes: true });
  const ids: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const hasManifest = await access(path.join(PRESETS_DIR, e.name, FILES.manifest)).then(
      () => true,
      () => false,
    );
    if (hasManifest) ids.push(e.name);
  }
  return ids.sort();
}

/**
 * Loads and validates a preset, given its id (resolved in `<repo>/presets`) or a folder path.
 * @example const zibo = await loadPreset('zibo'); zibo.areas.filter((a) => a.parentCode === '370303').length // 13
 * @throws PresetError listing every problem found
 */
export async function loadPreset(idOrDir: string): Promise<Preset> {
  const byId = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(idOrDir);
  const dir = byId ? path.join(PRESETS_DIR, idOrDir) : path.resolve(idOrDir);
  const problems: string[] = [];
  if (byId && !(await listPresets()).includes(idOrDir)) {
    throw new PresetError(dir, [`no preset "${idOrDir}" in ${PRESETS_DIR} (known: ${(await listPresets()).join(', ')})`]);
  }

  const manifest = await loadManifest(dir, problems);
  if (manifest && byId && manifest.id !== idOrDir) {
    problems.push(`${FILES.manifest}: id "${manifest.id}" does not match its folder "${idOrDir}"`);
  }
  const { areas, listedCodes } = await loadAreas(dir, problems);
  const departments = await loadDepartments(dir, problems);
  const before = problems.length;
  const indicators = await loadIndicators(dir, problems);
  const indicatorsValid = problems.length === before;
  const scoring = await loadScoring(dir, problems);
  const tasks = await loadTasks(dir, problems);

  checkAreaTree(areas, listedCodes, manifest?.cityCode ?? null, problems);
  checkDepartments(departments, listedCodes, problems);
  checkUnique(tasks, (t) => t.value.subtaskNo, 'sub-task number', FILES.tasks, problems);
  const taskNames = new Map<string, string>();
  for (const { value: t, line } of tasks) {
    const name = taskNames.get(t.taskNo) ?? t.taskZh;
    taskNames.set(t.taskNo, name);
    if (name !== t.taskZh) problems.push(`${FILES.tasks}:${line}: task_zh: task ${t.taskNo} is named "${name}" on an earlier line`);
  }
  const departmentIds = new Set(departments.map((d) => d.value.id));
  for (const [code, id] of Object.entries(manifest?.streetReportsTo ?? {})) {
    if (listedCodes && !listedCodes.has(code)) problems.push(`${FILES.manifest}: streetReportsTo: area ${code} is not in ${FILES.areas}`);
    if (!departmentIds.has(id)) problems.push(`${FILES.manifest}: streetReportsTo: unknown department "${id}" (for ${code})`);
  }
  const levels = new Map(areas.map((a) => [a.value.code, a.value.level]));
  for (const { value: t, line } of tasks) {
    for (const id of t.departmentIds) if (!departmentIds.has(id)) problems.push(`${FILES.tasks}:${line}: department_ids: unknown department "${id}"`);
    for (const code of t.streets) {
      const level = levels.get(code);
      if (level !== 'district' && level !== 'street') problems.push(`${FILES.tasks}:${line}: streets: ${code} is ${level ? `a ${level}` : 'not in areas.csv'}, not a district or a street`);
    }
  }
  checkUnique(indicators, (t) => t.value.id, 'indicator id', FILES.indicators, problems);
  checkUnique(scoring, (t) => `${t.value.id} from ${t.value.effectiveFrom}`, 'scheme version', FILES.scoring, problems);
  // Rules are checked against the catalog only when the catalog itself is sound.
  if (indicatorsValid) checkScoring(scoring, indicators.map((r) => r.value), problems);

  if (problems.length > 0 || !manifest) throw new PresetError(dir, problems);
  return {
    ...manifest,
    areas: areas.map((r) => r.value),
    departments: departments.map((r) => r.value),
    indicators: indicators.map((r) => r.value),
    scoring: scoring.map((r) => r.value),
    tasks: tasks.map((r) => r.value),
  };
}

/** tasks.csv is optional: a preset without it lists no plan tasks. */
async function loadTasks(dir: string, problems: string[]): Promise<Located<PlanTask>[]> {
  const exists = await readFile(path.join(dir, FILES.tasks)).then(() => true, () => false);
  if (!exists) return [];
  const rows = await readCsv(dir, FILES.tasks, TASK_COLUMNS, problems);
  return validateRows(rows, FILES.tasks, planTaskSchema, problems, (r) => ({
    taskNo: r.task_no,
    subtaskNo: r.subtask_no,
    taskZh: r.task_zh,
    subtaskZh: r.subtask_zh,
    departmentIds: r.department_ids.split(';').map((x) => x.trim()).filter((x) => x !== ''),
    streets: r.streets.split(';').map((x) => x.trim()).filter((x) => x !== ''),
    unitsZh: r.units_zh,
    deadline: r.deadline === '' ? null : r.deadline,
  }));
}

/** Each rule names an indicator computed for the scheme's entities and grain, once per scheme version. */
function checkScoring(schemes: readonly Located<ScoringScheme>[], indicators: readonly IndicatorSpec[], problems: string[]): void {
  for (const { value: s, line } of schemes) {
    for (const p of scoringProblems(s, indicators)) problems.push(`${FILES.scoring}:${line}: ${p}`);
  }
}

/**
 * What is wrong with a scheme version's rules against the catalog (empty: nothing).
 * @example scoringProblems(scheme, preset.indicators) // ['"x" is not computed for street by month']
 */
export function scoringProblems(s: ScoringScheme, indicators: readonly IndicatorSpec[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of s.rules) {
    const def = indicators.find((d) => d.id === r.indicator);
    if (!def) problems.push(`scheme "${s.id}" scores unknown indicator "${r.indicator}"`);
    else if (!def.entityTypes.includes(s.entityType) || !def.grains.includes(s.grain)) {
      problems.push(`"${r.indicator}" is not computed for ${s.entityType} by ${s.grain}`);
    } else if (def.measure.kind === 'not-collected') problems.push(`"${r.indicator}" is not collected`);
    if (seen.has(r.indicator)) problems.push(`scheme "${s.id}" scores "${r.indicator}" twice`);
    seen.add(r.indicator);
  }
  return problems;
}

/** scoring.json is optional: a preset without it has no assessment schemes. */
async function loadScoring(dir: string, problems: string[]): Promise<Located<ScoringScheme>[]> {
  const exists = await readFile(path.join(dir, FILES.scoring)).then(() => true, () => false);
  if (!exists) return [];
  const json = await readJson(dir, FILES.scoring, problems);
  if (!json) return [];
  if (!Array.isArray(json.data)) {
    problems.push(`${FILES.scoring}:1: must be an array of scheme versions`);
    return [];
  }
  const out: Located<ScoringScheme>[] = [];
  json.data.forEach((item: unknown, i) => {
    const parsed = scoringSchemeSchema.safeParse(item);
    if (parsed.success) out.push({ value: parsed.data, line: json.lines.get(String(i)) ?? 1 });
    else reportJsonIssues(FILES.scoring, parsed.error, json.lines, problems, [i]);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Files

/** A validated record and the line it came from, for messages about it. */
interface Located<T> {
  value: T;
  line: number;
}

async function readText(dir: string, file: string, problems: string[]): Promise<string | null> {
  try {
    return (await readFile(path.join(dir, file), 'utf8')).replace(/^\uFEFF/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push(`${file}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${String(e)})`}`);
    return null;
  }
}

async function loadManifest(dir: string, problems: string[]): Promise<PresetManifest | null> {
  const json = await readJson(dir, FILES.manifest, problems);
  if (!json) return null;
  const parsed = presetManifestSchema.safeParse(json.data);
  if (!parsed.success) {
    reportJsonIssues(FILES.manifest, parsed.error, json.lines, problems);
    return null;
  }
  return parsed.data;
}

async function loadIndicators(dir: string, problems: string[]): Promise<Located<IndicatorSpec>[]> {
  const json = await readJson(dir, FILES.indicators, problems);
  if (!json) return [];
  if (!Array.isArray(json.data)) {
    problems.push(`${FILES.indicators}:1: must be an array of indicators`);
    return [];
  }
  const out: Located<IndicatorSpec>[] = [];
  json.data.forEach((item: unknown, i) => {
    const parsed = indicatorSchema.safeParse(item);
    if (parsed.success) out.push({ value: parsed.data, line: json.lines.get(String(i)) ?? 1 });
    else reportJsonIssues(FILES.indicators, parsed.error, json.lines, problems, [i]);
  });
  return out;
}

/**
 * The valid area rows, and every code listed in the file (valid row or not) so that references
 * to a broken row are not reported twice; null when the file itself could not be read.
 */
async function loadAreas(
  dir: string,
  problems: string[],
): Promise<{ areas: Located<Area>[]; listedCodes: Set<string> | null }> {
  const before = problems.length;
  const rows = await readCsv(dir, FILES.areas, AREA_COLUMNS, problems);
  const unreadable = rows.length === 0 && problems.length > before;
  const listedCodes = unreadable ? null : new Set(rows.map((r) => r.value.code));
  const areas = validateRows(rows, FILES.areas, areaSchema, problems, (r) => ({
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    level: r.level,
    kind: r.kind,
    parentCode: r.parent_code === '' ? null : r.parent_code,
  }));
  return { areas, listedCodes };
}

async function loadDepartments(dir: string, problems: string[]): Promise<Located<Department>[]> {
  const rows = await readCsv(dir, FILES.departments, DEPARTMENT_COLUMNS, problems);
  return validateRows(rows, FILES.departments, departmentSchema, problems, (r) => ({
    id: r.id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    shortZh: r.short_zh,
    areaCode: r.area_code,
    uscc: r.uscc,
    category: r.category,
    duties: r.duties === '' ? [] : r.duties.split(';').map((d) => d.trim()),
  }));
}

function validateRows<C extends string, T>(
  rows: Located<Record<C, string>>[],
  file: string,
  schema: z.ZodType<T>,
  problems: string[],
  toRecord: (row: Record<C, string>) => unknown,
): Located<T>[] {
  const out: Located<T>[] = [];
  for (const row of rows) {
    const parsed = schema.safeParse(toRecord(row.value));
    if (parsed.success) {
      out.push({ value: parsed.data, line: row.line });
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = typeof issue.path[0] === 'string' ? toColumn(issue.path[0]) : '';
      problems.push(`${file}:${row.line}: ${field ? `${field}: ` : ''}${issue.message}`);
    }
  }
  return out;
}

const toColumn = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// ---------------------------------------------------------------------------------------------
// CSV: plain comma-separated fields, no quoting (names never contain commas); a UTF-8 BOM and
// \r\n line ends, as Excel writes them, are accepted.

async function readCsv<C extends string>(
  dir: string,
  file: string,
  columns: readonly C[],
  problems: string[],
): Promise<Located<Record<C, string>>[]> {
  const content = await readText(dir, file, problems);
  if (content === null) return [];
  const lines = content.split(/\r\n|\n|\r/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const missing = columns.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(columns as readonly string[]).includes(h));
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (missing.length || unknown.length || repeated.length) {
    const parts = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unknown.length ? `unknown ${unknown.join(', ')}` : '',
      repeated.length ? `repeated ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    problems.push(`${file}:1: header must have the columns ${columns.join(',')} (${parts.join('; ')})`);
    return [];
  }
  const rows: Located<Record<C, string>>[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (i === 0 || raw.trim() === '') return;
    if (raw.includes('"')) {
      problems.push(`${file}:${line}: quotes are not supported; fields are plain text without commas`);
      return;
    }
    const fields = raw.split(',').map((f) => f.trim());
    if (fields.length !== header.length) {
      problems.push(`${file}:${line}: expected ${header.length} fields, found ${fields.length} (is there a comma inside a field?)`);
      return;
    }
    const record = {} as Record<C, string>;
    header.forEach((h, j) => (record[h as C] = fields[j]!));
    rows.push({ value: record, line });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// JSON with line numbers: JSON.parse for the data, plus a small scan of the (already valid) text
// that records the line where each value starts, keyed by its path ("3/milestones/0/value").

async function readJson(
  dir: string,
  file: string,
  problems: string[],
): Promise<{ data: unknown; lines: Map<string, number> } | null> {
  const content = await readText(dir, file, problems);
  if (content === null) return null;
  try {
    const data: unknown = JSON.parse(content);
    return { data, lines: jsonValueLines(content) };
  } catch (e) {
    problems.push(`${file}: invalid JSON (${(e as Error).message})`);
    return null;
  }
}

function jsonValueLines(src: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skipSpace = () => {
    for (; i < src.length; i++) {
      const c = src[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const readString = (): string => {
    const start = i;
    for (i++; src[i] !== '"'; i++) if (src[i] === '\\') i++;
    i++;
    return JSON.parse(src.slice(start, i)) as string;
  };
  const child = (p: string, key: string) => (p === '' ? key : `${p}/${key}`);
  const readValue = (p: string): void => {
    skipSpace();
    lines.set(p, line);
    const c = src[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (src[i] === close) {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        skipSpace();
        if (c === '{') {
          const key = readString();
          skipSpace();
          i++; // ':'
          readValue(child(p, key));
        } else {
          readValue(child(p, String(n)));
        }
        skipSpace();
        if (src[i++] !== ',') return; // consumed the closing bracket
      }
    }
    if (c === '"') {
      readString();
      return;
    }
    while (i < src.length && !/[\s,\]}]/.test(src[i]!)) i++;
  };
  readValue('');
  return lines;
}

function reportJsonIssues(
  file: string,
  error: z.ZodError,
  lines: Map<string, number>,
  problems: string[],
  prefix: (string | number)[] = [],
): void {
  for (const issue of error.issues) {
    const segments = [...prefix, ...issue.path].map(String);
    let line: number | undefined;
    for (let n = segments.length; n >= 0 && line === undefined; n--) line = lines.get(segments.slice(0, n).join('/'));
    const shown = segments.map((s, k) => (/^\d+$/.test(s) ? `[${s}]` : k === 0 ? s : `.${s}`)).join('');
    problems.push(`${file}:${line ?? 1}: ${shown ? `${shown}: ` : ''}${issue.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-checks

function checkUnique<T>(
  rows: Located<T>[],
  key: (r: Located<T>) => string,
  what: string,
  file: string,
  problems: string[],
): void {
  const first = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    const seen = first.get(k);
    if (seen === undefined) first.set(k, r.line);
    else problems.push(`${file}:${r.line}: duplicate ${what} ${k} (first on line ${seen})`);
  }
}

function checkAreaTree(
  areas: Located<Area>[],
  listedCodes: Set<string> | null,
  cityCode: string | null,
  problems: string[],
): void {
  const file = FILES.areas;
  checkUnique(areas, (r) => r.value.code, 'code', file, problems);
  const byCode = new Map<string, Located<Area>>();
  for (const r of areas) if (!byCode.has(r.value.code)) byCode.set(r.value.code, r);

  const city = cityCode === null ? undefined : byCode.get(cityCode);
  if (cityCode !== null && listedCodes !== null && !listedCodes.has(cityCode)) {
    problems.push(`${file}: no city row with code ${cityCode} (the cityCode of ${FILES.manifest})`);
  } else if (city && city.value.level !== 'city') {
    problems.push(`${file}:${city.line}: ${cityCode} is the cityCode of ${FILES.manifest} but has level ${city.value.level}`);
  }
  const cityPrefix = cityCode?.slice(0, 4);

  for (const { value: a, line } of areas) {
    const expected = PARENT_LEVEL[a.level];
    if (expected === null) {
      if (a.parentCode !== null) problems.push(`${file}:${line}: the city ${a.code} must have no parent_code`);
      if (cityCode !== null && a.code !== cityCode) {
        problems.push(`${file}:${line}: city ${a.code} is not the preset's city ${cityCode}`);
      }
      continue;
    }
    if (a.parentCode === null) {
      problems.push(`${file}:${line}: ${a.level} ${a.code} ${a.nameZh} needs a parent_code`);
      continue;
    }
    const parent = byCode.get(a.parentCode)?.value;
    if (!parent) {
      // A listed but invalid parent has its own message already.
      if (!listedCodes?.has(a.parentCode)) {
        problems.push(`${file}:${line}: parent_code ${a.parentCode} of ${a.code} ${a.nameZh} is not in ${file}`);
      }
      continue;
    }
    if (parent.level !== expected) {
      problems.push(
        `${file}:${line}: a ${a.level} must sit under a ${expected}, but parent ${parent.code} ${parent.nameZh} is a ${parent.level}`,
      );
      continue;
    }
    if (a.level === 'district' && cityPrefix !== undefined && !a.code.startsWith(cityPrefix)) {
      problems.push(`${file}:${line}: ${a.code} ${a.nameZh} does not start with the city's prefix ${cityPrefix}`);
    }
    // Streets carry their district's code; a functional zone's own code is made up, so its streets cannot.
    if (a.level === 'street' && parent.kind !== 'functional_zone' && !a.code.startsWith(parent.code)) {
      problems.push(`${file}:${line}: street code ${a.code} ${a.nameZh} does not start with its parent's code ${parent.code}`);
    }
  }
}

function checkDepartments(
  departments: Located<Department>[],
  listedCodes: Set<string> | null,
  problems: string[],
): void {
  const file = FILES.departments;
  checkUnique(departments, (r) => r.value.id, 'id', file, problems);
  checkUnique(departments, (r) => r.value.uscc, 'uscc', file, problems);
  // Rankings show short names side by side, so they must differ within an area.
  checkUnique(departments, (r) => `${r.value.areaCode}/${r.value.shortZh}`, 'short_zh in area', file, problems);
  for (const { value: d, line } of departments) {
    if (listedCodes && !listedCodes.has(d.areaCode)) problems.push(`${file}:${line}: area_code ${d.areaCode} of ${d.id} is not in ${FILES.areas}`);
    const bad = usccProblem(d.uscc);
    if (bad) problems.push(`${file}:${line}: uscc ${d.uscc} of ${d.id} is not a valid USCC (${bad})`);
  }
}
