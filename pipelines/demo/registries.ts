/**
 * The subject registries (主体库) as departments send them: legal persons and individual
 * businesses by district, non-enterprise legal persons from the city, adults by street.
 * Pure, no I/O.
 */
import type { Department, Preset } from '../../warehouse/preset/preset-schema.ts';
import { getSourceType } from '../sources/index.ts';
import { corruptIdNumber, corruptUscc, makeIdNumber, makeOrgCode, makeUscc } from './codes.ts';
import { formatDate, isoDate } from './dates.ts';
import { columnsFor, type FileStyle, REGISTRY_STYLES } from './file-styles.ts';
import { type Defect, type PlannedFile, type PlannedRow, type RenderContext, addDuplicates, countEntry, layoutFor, pickDefect, renderRow } from './plan.ts';
import { type LegalSubject, type NaturalPerson, type Population, divisionFor } from './population.ts';
import type { Rng } from './prng.ts';
import type { Values } from './records.ts';

const REGISTRY_INVALID_RATE = 0.006;
const REGISTRY_DUPLICATE_RATE = 0.005;

function findDept(preset: Preset, areaCode: string, pattern: RegExp): Department | undefined {
  return preset.departments.find((d) => d.areaCode.slice(0, 6) === areaCode && pattern.test(d.nameZh));
}

/** The department that sends a registry: the area's own, else the city's, else the first city department. */
function registrySender(preset: Preset, cityCode: string, areaCode: string, patterns: readonly RegExp[]): Department {
  for (const code of [areaCode, cityCode]) {
    for (const p of patterns) {
      const d = findDept(preset, code, p);
      if (d) return d;
    }
  }
  const fallback = preset.departments.find((d) => d.areaCode === cityCode) ?? preset.departments[0];
  if (!fallback) throw new Error(`preset ${preset.id} has no departments`);
  return fallback;
}

const DEFECT_WEIGHTS_LEGAL: readonly (readonly [Defect, number])[] = [['bad_uscc', 3], ['missing_name', 2], ['unknown_area', 1], ['future_established', 1]];
const DEFECT_WEIGHTS_PERSON: readonly (readonly [Defect, number])[] = [['bad_id', 3], ['missing_name', 2], ['unknown_area', 1]];

export interface RegistryContext {
  preset: Preset;
  pop: Population;
  root: Rng;
  registryDay: number;
  personIds: Set<string>;
}

function subjectValues(s: LegalSubject, districtAs: 'code' | 'name'): Values {
  return {
    name: s.name,
    uscc: s.uscc,
    registered_type: s.registeredType,
    legal_rep: s.legalRep,
    established: { d: s.established },
    district_code: districtAs === 'code' ? s.district.code : s.district.nameZh,
    street_code: s.street?.nameZh ?? null,
    status: s.status,
    authority: s.authority,
  };
}

function planLegalRegistry(
  ctx: RegistryContext, file: string, subjects: readonly LegalSubject[], sender: Department, style: FileStyle,
  districtAs: 'code' | 'name' | 'mixed', title: string,
): PlannedFile {
  const rng = ctx.root.fork(`file:${file}`);
  const def = getSourceType('subject-legal');
  const columns = columnsFor(def, style, rng, false);
  const rctx: RenderContext = { format: style.format, style, rng };
  const sorted = [...subjects].sort((a, b) => a.established - b.established || (a.uscc < b.uscc ? -1 : 1));
  let rows: PlannedRow[] = sorted.map((s) => ({
    cells: renderRow(subjectValues(s, districtAs === 'mixed' ? (rng.chance(0.5) ? 'code' : 'name') : districtAs), columns, rctx, ['uscc', 'name', 'established']),
    defect: null, duplicateOf: null, correction: false,
  }));
  const nInvalid = Math.floor(rows.length * REGISTRY_INVALID_RATE + rng.next());
  const sample = sorted.length > 0 ? sorted : ctx.pop.subjects;
  for (let k = 0; k < nInvalid; k++) {
    const like = rng.pick(sample);
    const defect = pickDefect(rng, DEFECT_WEIGHTS_LEGAL);
    // A subject that is in no other file: its code never reappears.
    const uscc = makeUscc(like.prefix, divisionFor(ctx.pop.geo, like.district), makeOrgCode(rng, true));
    const v = subjectValues({ ...like, uscc, name: `${like.name.slice(0, 2)}${rng.pick(['宏远', '新华', '永兴', '德盛'])}${like.name.slice(2)}` }, districtAs === 'code' ? 'code' : 'name');
    if (defect === 'bad_uscc') v.uscc = corruptUscc(uscc, rng);
    else if (defect === 'missing_name') v.name = null;
    else if (defect === 'unknown_area') v.district_code = rng.chance(0.5) ? `${ctx.pop.geo.city.code.slice(0, 4)}99` : '未知区';
    else v.established = { d: ctx.registryDay + rng.int(3, 200) };
    const row: PlannedRow = { cells: renderRow(v, columns, rctx, ['uscc', 'name', 'established']), defect, duplicateOf: null, correction: false };
    rows.splice(rng.int(0, rows.length), 0, row);
  }
  rows = addDuplicates(rows, REGISTRY_DUPLICATE_RATE, rng);
  const format = style.format;
  return {
    entry: {
      file, sourceType: 'subject-legal', departmentId: sender.id, reportedAt: isoDate(ctx.registryDay), format,
      ...(format === 'csv' ? { encoding: style.encoding } : {}), ...countEntry(rows),
    },
    columns, rows, layout: layoutFor(format, style, title, '主体名录', ctx.registryDay),
  };
}

function planPersonRegistry(
  ctx: RegistryContext, file: string, persons: readonly NaturalPerson[], sender: Department, style: FileStyle, streetAs: 'code' | 'name', title: string,
): PlannedFile {
  const rng = ctx.root.fork(`file:${file}`);
  const def = getSourceType('subject-person');
  const columns = columnsFor(def, style, rng, false);
  const rctx: RenderContext = { format: style.format, style, rng };
  const ambiguous = ctx.pop.geo.ambiguousStreetNames;
  const streetValue = (p: NaturalPerson) => (streetAs === 'code' || ambiguous.has(p.street.nameZh) ? p.street.code : p.street.nameZh);
  const sorted = [...persons].sort((a, b) => (a.street.code < b.street.code ? -1 : a.street.code > b.street.code ? 1 : a.id < b.id ? -1 : 1));
  let rows: PlannedRow[] = sorted.map((p) => ({
    cells: renderRow({ name: p.name, id_number: p.id, street_code: streetValue(p) }, columns, rctx, ['id_number', 'name', 'id_number']),
    defect: null, duplicateOf: null, correction: false,
  }));
  const nInvalid = Math.floor(rows.length * REGISTRY_INVALID_RATE + rng.next());
  for (let k = 0; k < nInvalid && sorted.length > 0; k++) {
    const like = rng.pick(sorted);
    const defect = pickDefect(rng, DEFECT_WEIGHTS_PERSON);
    // A person in no other row: a sequence number nobody of that birth date and place has.
    let id: string;
    do {
      id = makeIdNumber(like.id.slice(0, 6), `${like.id.slice(6, 10)}-${like.id.slice(10, 12)}-${like.id.slice(12, 14)}`, rng.int(0, 999));
    } while (ctx.personIds.has(id));
    ctx.personIds.add(id);
    const v: Values = { name: like.name, id_number: id, street_code: streetValue(like) };
    if (defect === 'bad_id') v.id_number = corruptIdNumber(id, rng);
    else if (defect === 'missing_name') v.name = null;
    else v.street_code = rng.chance(0.5) ? `${like.street.code.slice(0, 6)}999` : '幸福街道';
    rows.splice(rng.int(0, rows.length), 0, { cells: renderRow(v, columns, rctx, ['id_number', 'name', 'id_number']), defect, duplicateOf: null, correction: false });
  }
  rows = addDuplicates(rows, REGISTRY_DUPLICATE_RATE, rng);
  return {
    entry: {
      file, sourceType: 'subject-person', departmentId: sender.id, reportedAt: isoDate(ctx.registryDay), format: style.format,
      ...(style.format === 'csv' ? { encoding: style.encoding } : {}), ...countEntry(rows),
    },
    columns, rows, layout: layoutFor(style.format, style, title, '人员名单', ctx.registryDay),
  };
}

export function planRegistries(ctx: RegistryContext): PlannedFile[] {
  const { preset, pop } = ctx;
  const geo = pop.geo;
  const cityCode = geo.city.code;
  const rng = ctx.root.fork('registries');
  const styles = rng.shuffle([...REGISTRY_STYLES]);
  const market = [/市场监督管理|市场监管/, /行政审批/];
  const files: PlannedFile[] = [];
  const asOf = formatDate(ctx.registryDay, 'zh');

  geo.districts.forEach((d, i) => {
    const subjects = pop.subjects.filter((s) => s.district.code === d.code && ['91', '92', '93'].includes(s.prefix));
    if (subjects.length === 0) return;
    const sender = registrySender(preset, cityCode, d.code, market);
    const style = styles[i % styles.length]!;
    const ext = style.format === 'xlsx' ? 'xlsx' : 'csv';
    files.push(planLegalRegistry(ctx, `registry/subject-legal-${d.code}.${ext}`, subjects, sender, style, i % 2 === 0 ? 'code' : 'name', `${d.nameZh}市场主体名录（截至${asOf}）`));
  });

  const nonEnterprise = pop.subjects.filter((s) => !['91', '92', '93'].includes(s.prefix));
  if (nonEnterprise.length > 0) {
    const sender = registrySender(preset, cityCode, cityCode, [/发展和改革/, /机构编制|编办/, /大数据/]);
    files.push(planLegalRegistry(ctx, 'registry/subject-legal-non-enterprise.csv', nonEnterprise, sender, { ...REGISTRY_STYLES[0]!, bom: true }, 'mixed', ''));
  }

  geo.districts.forEach((d, i) => {
    const persons = pop.persons.filter((p) => p.district.code === d.code);
    if (persons.length === 0) return;
    const sender = registrySender(preset, cityCode, d.code, [/公安/, /大数据/]);
    const style = i === 1 ? REGISTRY_STYLES[1]! : i % 3 === 2 ? REGISTRY_STYLES[2]! : REGISTRY_STYLES[0]!;
    const ext = style.format === 'xlsx' ? 'xlsx' : 'csv';
    files.push(planPersonRegistry(ctx, `registry/subject-person-${d.code}.${ext}`, persons, sender, style, i % 2 === 0 ? 'name' : 'code', `${d.nameZh}常住成年人口名单（截至${asOf}）`));
  });
  return files;
}
