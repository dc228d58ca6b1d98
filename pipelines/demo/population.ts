/**
 * The demo's synthetic population: legal persons and individual businesses placed in the preset's
 * districts and streets, adults with ID numbers by street, and a few firms from other cities.
 * Pure, no I/O: the same preset, seed and scale give the same people and firms.
 */
import type { Area, Preset } from '../../warehouse/preset/preset-schema.ts';
import { birthDateForAge, makeIdNumber, makeOrgCode, makeUscc } from './codes.ts';
import { dayNumber } from './dates.ts';
import {
  NON_ENTERPRISE_TYPES,
  companyName,
  cooperativeName,
  individualBusinessName,
  outsideCompanyName,
  personName,
  publicBodyName,
  type NonEnterprisePrefix,
} from './names.ts';
import type { Rng } from './prng.ts';
import { REGISTERED_TYPES_91 } from './vocab.ts';

export interface Geography {
  city: Area;
  /** City name without 市, as firms write it (淄博). */
  cityShort: string;
  districts: Area[];
  streetsOf: Map<string, Area[]>;
  /** Street names that occur in more than one district (must be given by code where no district is named). */
  ambiguousStreetNames: Set<string>;
  /** Relative size of each district (share of subjects). */
  districtWeight: Map<string, number>;
  /** Relative size of each street within its district. */
  streetWeight: Map<string, number>;
  /** How likely a subject of an area is to get any record (the "low coverage" story), by street or district code. */
  coverage: Map<string, number>;
}

export type SubjectStatus = '存续' | '注销' | '吊销' | '迁出';

export interface LegalSubject {
  uscc: string;
  name: string;
  /** USCC type prefix: 91, 92, 93, 11, 12, 51, 52, 53. */
  prefix: string;
  registeredType: string;
  legalRep: string;
  established: number;
  status: SubjectStatus;
  district: Area;
  street: Area | null;
  authority: string;
  /** Relative chance of appearing in a licence or penalty. */
  activity: number;
  inRegistry: boolean;
}

export interface NaturalPerson {
  name: string;
  id: string;
  street: Area;
  district: Area;
}

export interface Population {
  geo: Geography;
  subjects: LegalSubject[];
  persons: NaturalPerson[];
  /** Firms registered in other cities that still get records here. */
  outsiders: LegalSubject[];
}

export function buildGeography(preset: Preset, rng: Rng): Geography {
  const city = preset.areas.find((a) => a.level === 'city');
  if (!city) throw new Error(`preset ${preset.id} has no city area`);
  const districts = preset.areas.filter((a) => a.level === 'district');
  if (districts.length === 0) throw new Error(`preset ${preset.id} has no districts`);
  const streetsOf = new Map<string, Area[]>();
  for (const d of districts) streetsOf.set(d.code, []);
  const nameCount = new Map<string, number>();
  for (const a of preset.areas) {
    if (a.level !== 'street' || a.parentCode === null) continue;
    streetsOf.get(a.parentCode)?.push(a);
    nameCount.set(a.nameZh, (nameCount.get(a.nameZh) ?? 0) + 1);
  }
  const ambiguousStreetNames = new Set([...nameCount].filter(([, n]) => n > 1).map(([name]) => name));

  const districtWeight = new Map<string, number>();
  const streetWeight = new Map<string, number>();
  const coverage = new Map<string, number>();
  for (const d of districts) {
    const streets = streetsOf.get(d.code)!;
    const base = d.kind === 'functional_zone' ? 2 : Math.max(streets.length, 2);
    districtWeight.set(d.code, base * (0.6 + 0.8 * rng.next()));
    for (const s of streets) {
      streetWeight.set(s.code, 0.5 + rng.next());
      // About one street in five is a laggard: its firms rarely appear in any record.
      coverage.set(s.code, rng.chance(0.2) ? 0.3 : 1);
    }
    coverage.set(d.code, 1);
  }
  // One ordinary district lags as a whole.
  const ordinary = districts.filter((d) => d.kind !== 'functional_zone' && (streetsOf.get(d.code)?.length ?? 0) > 0);
  if (ordinary.length > 1) coverage.set(rng.pick(ordinary).code, 0.5);
  const cityShort = city.nameZh.replace(/市$/, '');
  return { city, cityShort, districts, streetsOf, ambiguousStreetNames, districtWeight, streetWeight, coverage };
}

/** The division code to write in an ID number or USCC: a functional zone borrows a real district's code. */
export function divisionFor(geo: Geography, district: Area): string {
  if (district.kind !== 'functional_zone') return district.code;
  const real = geo.districts.filter((d) => d.kind !== 'functional_zone');
  if (real.length === 0) return district.code;
  // Stable choice: the real district whose code is numerically nearest to the zone's.
  return real.reduce((best, d) => (Math.abs(Number(d.code) - Number(district.code)) < Math.abs(Number(best.code) - Number(district.code)) ? d : best)).code;
}

function pickDistrict(geo: Geography, rng: Rng): Area {
  return rng.weighted(geo.districts, geo.districts.map((d) => geo.districtWeight.get(d.code)!));
}

function pickStreet(geo: Geography, district: Area, rng: Rng): Area | null {
  const streets = geo.streetsOf.get(district.code)!;
  if (streets.length === 0) return null;
  return rng.weighted(streets, streets.map((s) => geo.streetWeight.get(s.code)!));
}

const ENTERPRISE_PREFIXES = ['91', '92', '93'] as const;
const ENTERPRISE_WEIGHTS = [0.7, 0.255, 0.01];
const NON_ENTERPRISE_WEIGHTS: Record<NonEnterprisePrefix, number> = { '11': 0.25, '12': 0.4, '51': 0.12, '52': 0.2, '53': 0.03 };
/** The USCC reform: organisation codes issued from then on look like MA…. */
const REFORM_DAY = dayNumber('2015-10-01');

function establishedDay(rng: Rng, prefix: string, registryDay: number): number {
  if (prefix.startsWith('1') || prefix.startsWith('5')) return rng.int(dayNumber('1985-01-01'), dayNumber('2021-12-31'));
  if (rng.chance(0.86)) {
    const from = dayNumber('1998-01-01');
    const to = dayNumber('2024-12-31');
    return from + Math.floor((to - from) * rng.next() ** 0.6);
  }
  return rng.int(dayNumber('2025-01-01'), registryDay);
}

function statusOf(rng: Rng): SubjectStatus {
  return rng.weighted(['存续', '注销', '吊销', '迁出'] as const, [0.86, 0.08, 0.035, 0.025]);
}

interface SubjectDraftContext {
  geo: Geography;
  rng: Rng;
  usccs: Set<string>;
  names: Set<string>;
  registryDay: number;
}

function uniqueUscc(ctx: SubjectDraftContext, prefix: string, division: string, established: number): string {
  for (;;) {
    const code = makeUscc(prefix, division, makeOrgCode(ctx.rng, established >= REFORM_DAY || ctx.rng.chance(0.1)));
    if (!ctx.usccs.has(code)) {
      ctx.usccs.add(code);
      return code;
    }
  }
}

function uniqueName(ctx: SubjectDraftContext, make: () => string): string {
  for (let i = 0; ; i++) {
    const name = make();
    if (!ctx.names.has(name) || i > 20) {
      ctx.names.add(name);
      return name;
    }
  }
}

/** One registry subject of the given type prefix, placed in `district` (or a weighted pick). */
export function draftSubject(ctx: SubjectDraftContext, prefix: string, district?: Area): LegalSubject {
  const { geo, rng } = ctx;
  const d = district ?? pickDistrict(geo, rng);
  const street = pickStreet(geo, d, rng);
  const established = establishedDay(rng, prefix, ctx.registryDay);
  const legalRep = personName(rng, rng.chance(0.72));
  const division = divisionFor(geo, d);
  const place = `${geo.city.nameZh}${d.nameZh}`;
  let name: string;
  let registeredType: string;
  let authority = `${place}行政审批服务局`;
  let activity = 1;
  switch (prefix) {
    case '91':
      name = uniqueName(ctx, () => companyName(rng, geo.cityShort, d.nameZh));
      registeredType = rng.pick(REGISTERED_TYPES_91);
      break;
    case '92':
      name = uniqueName(ctx, () => individualBusinessName(rng, d.nameZh, legalRep));
      registeredType = '个体工商户';
      activity = 0.8;
      break;
    case '93':
      name = uniqueName(ctx, () => cooperativeName(rng, d.nameZh, street?.nameZh ?? d.nameZh));
      registeredType = '农民专业合作社';
      activity = 0.5;
      break;
    default: {
      const p = prefix as NonEnterprisePrefix;
      name = uniqueName(ctx, () => publicBodyName(rng, p, geo.city.nameZh, d.nameZh, street?.nameZh ?? null));
      registeredType = NON_ENTERPRISE_TYPES[p];
      authority = prefix.startsWith('5') ? `${place}民政局` : `中共${place}委机构编制委员会办公室`;
      activity = 0.3;
    }
  }
  const status = prefix.startsWith('1') ? '存续' : statusOf(rng);
  const cover = (street ? geo.coverage.get(street.code)! : 1) * geo.coverage.get(d.code)!;
  // A heavy tail: most firms appear rarely, a few appear often.
  activity *= (-Math.log(1 - rng.next())) ** 1.6 * cover * (status === '存续' ? 1 : 0.3);
  const uscc = uniqueUscc(ctx, prefix, division, established);
  return { uscc, name, prefix, registeredType, legalRep, established, status, district: d, street, authority, activity, inRegistry: true };
}

/** Division codes of other cities for firms registered elsewhere (Jinan, Qingdao, Weifang, Linyi …). */
const OTHER_DIVISIONS = ['370102', '370103', '370104', '370105', '370112', '370202', '370203', '370211', '370702', '370705', '371302', '370502'];

export interface PopulationOptions {
  preset: Preset;
  rng: Rng;
  scale: number;
  today: string;
  registryDay: number;
}

export function buildPopulation({ preset, rng, scale, today, registryDay }: PopulationOptions): Population {
  const geo = buildGeography(preset, rng.fork('geography'));
  const ctx: SubjectDraftContext = { geo, rng: rng.fork('subjects'), usccs: new Set(), names: new Set(), registryDay };

  const total = Math.max(40, Math.round(20_000 * scale));
  const nonEnterprise = Math.max(5, Math.round(total * 0.035));
  const subjects: LegalSubject[] = [];
  for (let i = 0; i < total - nonEnterprise; i++) {
    subjects.push(draftSubject(ctx, ctx.rng.weighted(ENTERPRISE_PREFIXES, ENTERPRISE_WEIGHTS)));
  }
  const nePrefixes = Object.keys(NON_ENTERPRISE_WEIGHTS) as NonEnterprisePrefix[];
  for (let i = 0; i < nonEnterprise; i++) {
    subjects.push(draftSubject(ctx, ctx.rng.weighted(nePrefixes, nePrefixes.map((p) => NON_ENTERPRISE_WEIGHTS[p]))));
  }

  const cityPrefix = geo.city.code.slice(0, 4);
  const otherDivisions = OTHER_DIVISIONS.filter((c) => !c.startsWith(cityPrefix));
  const outsiders: LegalSubject[] = [];
  const outsiderCount = Math.max(10, Math.round(total * 0.03));
  const orng = rng.fork('outsiders');
  for (let i = 0; i < outsiderCount; i++) {
    const prefix = orng.chance(0.85) ? '91' : '92';
    const established = orng.int(dayNumber('2005-01-01'), dayNumber('2024-12-31'));
    const legalRep = personName(orng, orng.chance(0.7));
    const name = prefix === '91'
      ? outsideCompanyName(orng, orng.pick(['济南', '青岛', '潍坊', '临沂', '东营', '滨州']))
      : `${legalRep}${orng.pick(['建材经营部', '物流服务部', '装修队'])}`;
    const uscc = uniqueUscc({ ...ctx, rng: orng }, prefix, orng.pick(otherDivisions), established);
    outsiders.push({
      uscc, name, prefix, registeredType: prefix === '91' ? '有限责任公司(自然人投资或控股)' : '个体工商户', legalRep, established,
      status: '存续', district: geo.city, street: null, authority: '', activity: 1, inRegistry: false,
    });
  }

  const prng = rng.fork('persons');
  const allStreets = geo.districts.flatMap((d) => geo.streetsOf.get(d.code)!);
  if (allStreets.length === 0) throw new Error(`preset ${preset.id} has no streets for the natural-person registry`);
  const streetW = allStreets.map((s) => geo.streetWeight.get(s.code)! * geo.districtWeight.get(s.parentCode!)! / geo.streetsOf.get(s.parentCode!)!.length);
  const districtByCode = new Map(geo.districts.map((d) => [d.code, d]));
  const ids = new Set<string>();
  const persons: NaturalPerson[] = [];
  const personCount = Math.max(30, Math.round(30_000 * scale));
  for (let i = 0; i < personCount; i++) {
    const street = prng.weighted(allStreets, streetW);
    const district = districtByCode.get(street.parentCode!)!;
    const male = prng.chance(0.5);
    const birth = birthDateForAge(prng, today, 18, prng.chance(0.85) ? 70 : 95);
    let id: string;
    do {
      const seq = prng.int(0, 499) * 2 + (male ? 1 : 0);
      id = makeIdNumber(divisionFor(geo, district), birth, seq);
    } while (ids.has(id));
    ids.add(id);
    persons.push({ name: personName(prng, male), id, street, district });
  }
  return { geo, subjects, persons, outsiders };
}
