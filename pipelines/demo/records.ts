/**
 * Drafts the 双公示 records (licences and penalties) one department decides: subject, decision
 * date, document number and content, as field values keyed by the source types' field names.
 * Pure, no I/O. How the records are then batched, spoiled and written is generate.ts's business.
 */
import type { Area, Department } from '../../warehouse/preset/preset-schema.ts';
import { type DemoCalendar, addMonths, dayNumber, formatDate } from './dates.ts';
import type { Geography, LegalSubject, NaturalPerson, Population } from './population.ts';
import { type Rng, weightedPicker } from './prng.ts';
import type { DepartmentRole, LicenceItem, Violation } from './vocab.ts';

/**
 * A planned field value: text, a date (day number), a month (any day number in it), a number
 * (amounts in 万元, counts), a literal that should have been a date but is not (deliberately
 * broken), or empty.
 */
export type Value = string | { d: number } | { m: number } | { n: number } | { raw: string } | null;
export type Values = Record<string, Value>;

export type RecordSourceType = 'licence' | 'penalty';

export interface RecordDraft {
  sourceType: RecordSourceType;
  dept: Department;
  decision: number;
  values: Values;
  /** The subject is a natural person (ID number instead of USCC). */
  person: boolean;
  /** Fine in yuan when the penalty includes 罚款. */
  fineYuan: number | null;
  licenceItem: LicenceItem | null;
  violation: Violation | null;
}

export interface DepartmentScope {
  dept: Department;
  role: DepartmentRole;
  /** The district the department reports for, or null for a city-level department. */
  district: Area | null;
}

const LONG_TERM = dayNumber('2099-12-31');
const FINE_STEPS = [50, 100, 200, 300, 500, 800, 1_000, 1_500, 2_000, 3_000, 5_000, 8_000, 10_000, 15_000, 20_000, 30_000, 50_000, 80_000, 100_000, 150_000, 200_000, 300_000, 500_000, 800_000, 1_000_000];

/** Yuan to the template's 万元, without binary noise (5000 → 0.5). */
export const toWanYuan = (yuan: number): number => Number((yuan / 10_000).toFixed(6));

function yuanText(yuan: number): string {
  return yuan >= 10_000 && yuan % 10_000 === 0 ? `${yuan / 10_000}万元` : `${yuan}元`;
}

/** A round fine within the violation's range, smaller amounts more likely. */
export function drawFine(rng: Rng, range: readonly [number, number]): number {
  const steps = FINE_STEPS.filter((s) => s >= range[0] && s <= range[1]);
  if (steps.length === 0) return range[0];
  return steps[Math.floor(rng.next() ** 1.7 * steps.length)]!;
}

/** A different fine for a corrected record. */
export function otherFine(rng: Rng, range: readonly [number, number], old: number): number {
  for (let i = 0; i < 10; i++) {
    const f = drawFine(rng, range);
    if (f !== old) return f;
  }
  return old + 100;
}

/** 处罚内容 from the penalty kinds, e.g. 警告，并处罚款人民币5000元. */
export function penaltyContent(kinds: readonly string[], fineYuan: number | null, confiscatedYuan: number | null, detentionDays: number): string {
  const parts: string[] = [];
  for (const k of kinds) {
    switch (k) {
      case '罚款':
        parts.push(`${kinds.length > 1 && parts.length > 0 ? '并处' : ''}罚款人民币${yuanText(fineYuan ?? 0)}`);
        break;
      case '没收违法所得':
        parts.push(`没收违法所得人民币${yuanText(confiscatedYuan ?? 0)}`);
        break;
      case '行政拘留':
        parts.push(`行政拘留${detentionDays}日`);
        break;
      case '其他':
        parts.push('责令限期改正');
        break;
      default:
        parts.push(k);
    }
  }
  return parts.join('，');
}

interface Pools {
  subjects: (rng: Rng) => LegalSubject;
  persons: ((rng: Rng) => NaturalPerson) | null;
}

/** Weighted subject pickers per area, built once and shared by the departments of that area. */
export class SubjectPools {
  private readonly cache = new Map<string, Pools>();
  constructor(private readonly pop: Population) {}

  forDistrict(district: Area | null): Pools {
    const key = district?.code ?? '*';
    let pools = this.cache.get(key);
    if (!pools) {
      const registered = this.pop.subjects.filter((s) => district === null || s.district.code === district.code);
      const people = this.pop.persons.filter((p) => district === null || p.district.code === district.code);
      pools = registered.length === 0 && district !== null
        ? this.forDistrict(null)
        : {
            subjects: weightedPicker(registered, (s) => s.activity),
            persons: people.length > 0 ? weightedPicker(people, () => 1) : this.forDistrict(null).persons,
          };
      this.cache.set(key, pools);
    }
    return pools;
  }
}

function subjectCategory(prefix: string): string {
  return prefix === '92' ? '个体工商户' : '法人及非法人组织';
}

/** Decisions fall mostly, not only, on working days. */
function decisionDay(rng: Rng, from: number, to: number, calendar: DemoCalendar): number {
  let d = rng.int(from, to);
  for (let i = 0; i < 4 && !calendar.isWorkingDay(d) && rng.chance(0.85); i++) d = rng.int(from, to);
  return d;
}

export interface DraftOptions {
  scope: DepartmentScope;
  geo: Geography;
  pools: SubjectPools;
  outsiders: readonly LegalSubject[];
  sourceType: RecordSourceType;
  count: number;
  from: number;
  to: number;
  rng: Rng;
  calendar: DemoCalendar;
}

/** Drafts `count` records of one department, sorted by decision date, numbered per year. */
export function draftRecords(o: DraftOptions): RecordDraft[] {
  const { scope, rng, sourceType } = o;
  const { role, dept } = scope;
  const pools = o.pools.forDistrict(scope.district);
  const items: readonly (LicenceItem | Violation)[] = sourceType === 'licence' ? role.licences : role.violations;
  if (items.length === 0 || o.count <= 0) return [];
  const orgItems = items.filter((i) => i.holders !== 'person');
  const personItems = items.filter((i) => i.holders !== 'org');

  const days: number[] = [];
  for (let i = 0; i < o.count; i++) days.push(decisionDay(rng, o.from, o.to, o.calendar));
  days.sort((a, b) => a - b);

  const cityAbbr = o.geo.city.nameZh.slice(0, 1);
  const docPrefix = `${cityAbbr}${scope.district ? scope.district.nameZh.slice(0, 1) : ''}${role.abbr}`;
  const seqByYear = new Map<number, number>();
  const drafts: RecordDraft[] = [];

  for (let decision of days) {
    const asPerson = personItems.length > 0 && pools.persons !== null && (orgItems.length === 0 || rng.chance(role.personShare));
    const pool = asPerson ? personItems : orgItems;
    const item = rng.weighted(pool, pool.map((i) => i.weight));
    const values: Values = {};
    if (asPerson) {
      const p = pools.persons!(rng);
      values.subject_name = p.name;
      values.subject_category = '自然人';
      values.subject_id_type = '身份证';
      values.subject_id = p.id;
    } else {
      let s = rng.chance(0.03) ? rng.pick(o.outsiders) : pools.subjects(rng);
      for (let i = 0; i < 5 && s.established > decision; i++) s = pools.subjects(rng);
      if (s.established > decision) decision = Math.min(o.to, s.established + rng.int(0, 20));
      values.subject_name = s.name;
      values.subject_category = subjectCategory(s.prefix);
      values.subject_uscc = s.uscc;
      values.legal_rep = s.legalRep;
    }
    const year = Number(formatDate(decision, 'iso').slice(0, 4));
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);

    let fineYuan: number | null = null;
    if (sourceType === 'licence') {
      const li = item as LicenceItem;
      values.doc_name = li.docName;
      values.doc_no = `${docPrefix}${li.abbr}〔${year}〕${seq}号`;
      values.licence_category = li.category;
      values.certificate_name = li.certName || null;
      values.licence_no = li.noPrefix ? `${li.noPrefix}${(scope.district ?? o.geo.city).code}${year}${String(seq).padStart(5, '0')}` : null;
      values.content = rng.pick(li.contents);
      values.decision_date = { d: decision };
      values.valid_from = { d: decision };
      values.valid_to = li.years > 0 ? { d: addMonths(decision, li.years * 12) - 1 } : li.certName ? { d: LONG_TERM } : null;
      values.status = '1';
      values.remark = li.years === 0 && li.certName ? '长期有效' : null;
    } else {
      const vi = item as Violation;
      const kinds = rng.weighted(vi.kinds.map((k) => k[0]), vi.kinds.map((k) => k[1])).split(';');
      fineYuan = kinds.includes('罚款') ? drawFine(rng, vi.fine) : null;
      const confiscated = kinds.includes('没收违法所得') ? rng.int(10, 2_000) * 10 : null;
      const factDay = decision - rng.int(10, 90);
      values.doc_no = `${docPrefix}罚〔${year}〕${seq}号`;
      values.violation_type = vi.type;
      values.violation_facts = `经查，当事人于${formatDate(factDay, 'zh')}${vi.fact}。`;
      values.legal_basis = vi.basis;
      values.penalty_types = kinds.join(';');
      values.content = penaltyContent(kinds, fineYuan, confiscated, rng.int(3, 10));
      values.fine_amount = fineYuan === null ? null : { n: toWanYuan(fineYuan) };
      values.confiscated_amount = confiscated === null ? null : { n: toWanYuan(confiscated) };
      values.decision_date = { d: decision };
      const serious = (fineYuan ?? 0) >= 10_000 || kinds.some((k) => k.startsWith('责令') || k === '行政拘留');
      values.valid_until = { d: addMonths(decision, 12) };
      values.publicity_until = { d: addMonths(decision, serious ? 12 : 3) };
    }
    values.authority_name = dept.nameZh;
    values.authority_uscc = dept.uscc;
    values.source_unit_name = dept.nameZh;
    values.source_unit_uscc = dept.uscc;
    drafts.push({
      sourceType, dept, decision, values, person: asPerson, fineYuan,
      licenceItem: sourceType === 'licence' ? (item as LicenceItem) : null,
      violation: sourceType === 'penalty' ? (item as Violation) : null,
    });
  }
  return drafts;
}
