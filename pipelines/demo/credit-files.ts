/**
 * The other credit records of the demo: red and black lists, credit commitments and their
 * fulfilment, tax-credit grades, social-insurance / housing-fund / utility payments and court
 * records, each sent by the unit that holds them, quarterly or yearly. The story: most subjects
 * pay and keep their word; a few are listed, fall behind on payments or lose in court.
 * Pure, no I/O.
 */
import type { Department } from '../../warehouse/preset/preset-schema.ts';
import { isoDate } from './dates.ts';
import type { LegalSubject, NaturalPerson } from './population.ts';
import type { Rng } from './prng.ts';
import type { Values } from './records.ts';
import {
  type SourceFileSpec, type StoryContext, findDepartment, homeDistrict, liveSubjects, quartersUntil, workingDayFrom,
} from './source-files.ts';

/** Days after a quarter's end when its file is sent. */
const QUARTER_LAG = 12;

const subjectValues = (s: LegalSubject): Values => ({ subject_name: s.name, uscc: s.uscc, id_number: null });
const personValues = (p: NaturalPerson): Values => ({ subject_name: p.name, uscc: null, id_number: p.id });

/** Files for each quarter (sent after it ends, if by today) of rows drafted per quarter. */
function quarterly(
  ctx: StoryContext, dept: Department, sourceType: string, titleZh: string,
  draft: (q: { label: string; from: number; to: number }, rng: Rng) => Values[],
): SourceFileSpec[] {
  const out: SourceFileSpec[] = [];
  for (const q of quartersUntil(ctx.start, ctx.today)) {
    const reportedAt = workingDayFrom(ctx, q.to + QUARTER_LAG);
    if (reportedAt > ctx.today) continue;
    const rows = draft(q, ctx.root.fork(`${sourceType}:${dept.id}:${q.label}`));
    if (rows.length === 0) continue;
    out.push({
      sourceType, departmentId: dept.id, reportedAt, rows,
      path: `credit/${q.label}/${dept.id}-${sourceType}-${q.label}`,
      title: `${dept.nameZh}${titleZh}（${q.label.replace('Q', '年第')}季度）·${titleZh}`,
    });
  }
  return out;
}

function listFiles(ctx: StoryContext): SourceFileSpec[] {
  const city = ctx.pop.geo.city.code;
  const home = homeDistrict(ctx);
  const out: SourceFileSpec[] = [];
  const alive = liveSubjects(ctx.pop);
  const court = findDepartment(ctx.preset, /法院/, [home.code, city]);
  const labour = findDepartment(ctx.preset, /人力资源/, [city, home.code]);
  const market = findDepartment(ctx.preset, /市场监督/, [city, home.code]);
  let serial = 0;
  const draftList = (listType: string, listName: string, unit: Department, perQuarter: number, personShare: number, reason: () => string) =>
    (q: { label: string; from: number; to: number }, rng: Rng): Values[] => {
      const n = Math.max(1, Math.round(perQuarter * ctx.scale * (0.6 + 0.8 * rng.next())));
      const rows: Values[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < n; i++) {
        const person = rng.chance(personShare);
        const who = person ? personValues(rng.pick(ctx.pop.persons)) : subjectValues(rng.pick(alive));
        if (seen.has(String(who.subject_name))) continue;
        seen.add(String(who.subject_name));
        const listed = rng.int(q.from, q.to);
        // Some black-listed subjects are removed after a repair, months later.
        const removed = listType !== '红名单' && rng.chance(0.15) ? listed + rng.int(60, 240) : null;
        rows.push({
          list_type: listType, list_name: listName, ...who,
          decision_no: `${unit.shortZh}认〔${isoDate(listed).slice(0, 4)}〕${++serial}号`,
          listing_unit: unit.nameZh, reason: reason(), listed_on: { d: listed },
          removed_on: removed !== null && removed <= q.to + QUARTER_LAG ? { d: removed } : null,
        });
      }
      return rows;
    };
  if (court) {
    out.push(...quarterly(ctx, court, 'credit-list', '失信被执行人名单',
      draftList('黑名单', '失信被执行人', court, 40, 0.45, () => '有履行能力而拒不履行生效法律文书确定义务')));
  }
  if (labour) {
    out.push(...quarterly(ctx, labour, 'credit-list', '拖欠农民工工资失信联合惩戒对象名单',
      draftList('黑名单', '拖欠农民工工资失信联合惩戒对象名单', labour, 6, 0, () => '拖欠农民工工资数额较大')));
  }
  if (market) {
    out.push(...quarterly(ctx, market, 'credit-list', '守信激励与重点关注名单', (q, rng) => [
      ...draftList('红名单', '守合同重信用企业', market, 25, 0, () => '连续两年守合同重信用')(q, rng),
      ...draftList('重点关注名单', '市场监督管理严重违法失信名单', market, 8, 0, () => '提交虚假材料取得登记')(q, rng.fork('watch')),
    ]));
  }
  return out;
}

function commitmentFiles(ctx: StoryContext): SourceFileSpec[] {
  const home = homeDistrict(ctx);
  const city = ctx.pop.geo.city.code;
  const out: SourceFileSpec[] = [];
  const MATTERS: readonly [string, string, string][] = [
    ['审批替代型', '食品经营', '食品经营许可证明事项告知承诺'],
    ['审批替代型', '建筑施工', '建筑工程施工许可告知承诺'],
    ['容缺受理型', '市场准入', '企业开办容缺受理承诺'],
    ['审批替代型', '道路运输', '道路货物运输经营许可告知承诺'],
    ['行业自律型', '物业服务', '物业服务行业自律承诺'],
    ['信用修复型', '信用修复', '行政处罚信息信用修复承诺'],
    ['主动公示型', '诚信经营', '诚信经营主动公示承诺'],
  ];
  for (const [areaCode, perQuarter] of [[home.code, 220], [city, 120]] as const) {
    const dept = findDepartment(ctx.preset, /行政审批/, [areaCode]);
    if (!dept) continue;
    const pool = liveSubjects(ctx.pop, areaCode === city ? undefined : home);
    let serial = 0;
    out.push(...quarterly(ctx, dept, 'credit-commitment', '信用承诺及履约情况', (q, rng) => {
      const n = Math.max(1, Math.round(perQuarter * ctx.scale * (0.8 + 0.4 * rng.next())));
      return Array.from({ length: n }, () => {
        const [type, domain, matter] = rng.pick(MATTERS);
        const signed = rng.int(q.from, q.to);
        const checkedAt = signed + rng.int(30, 120);
        const checked = checkedAt <= q.to + QUARTER_LAG - 1;
        return {
          commitment_no: `CN${dept.id.toUpperCase().replace('-', '')}${isoDate(signed).slice(0, 4)}${String(++serial).padStart(5, '0')}`,
          ...subjectValues(rng.pick(pool)), commitment_type: type, domain, matter, signed_on: { d: signed },
          accepting_unit: dept.nameZh,
          fulfilment: checked ? (rng.chance(0.96) ? '已履约' : '未履约') : '履约中',
          checked_on: checked ? { d: checkedAt } : null,
        };
      });
    }));
  }
  return out;
}

function taxGradeFiles(ctx: StoryContext): SourceFileSpec[] {
  const dept = findDepartment(ctx.preset, /税务/, [ctx.pop.geo.city.code, homeDistrict(ctx).code]);
  if (!dept) return [];
  const out: SourceFileSpec[] = [];
  const firms = liveSubjects(ctx.pop).filter((s) => s.prefix === '91' || s.prefix === '93');
  const startYear = Number(isoDate(ctx.start).slice(0, 4));
  const endYear = Number(isoDate(ctx.today).slice(0, 4));
  // Grades of a tax year are published in April of the next.
  for (let year = startYear - 1; year < endYear; year++) {
    const published = workingDayFrom(ctx, Math.max(ctx.start, Date.UTC(year + 1, 3, 20) / 86_400_000));
    if (published > ctx.today) continue;
    const rng = ctx.root.fork(`tax-grade:${year}`);
    const rows: Values[] = firms.filter((s) => s.established < published - 365 && rng.chance(0.6)).map((s) => ({
      subject_name: s.name, uscc: s.uscc, tax_year: { n: year },
      grade: rng.weighted(['A', 'B', 'M', 'C', 'D'], [12, 55, 20, 8, 5]),
      assessed_on: { d: published - rng.int(5, 15) }, tax_office: dept.nameZh,
    }));
    out.push({
      sourceType: 'tax-grade', departmentId: dept.id, reportedAt: published, rows,
      path: `credit/${year + 1}/${dept.id}-tax-grade-${year}`, title: `${dept.nameZh}纳税信用评价结果（${year}年度）·纳税信用等级`,
    });
  }
  return out;
}

const PAYMENT_SENDERS: readonly { kind: string; pattern: RegExp; prefix: string; perMonth: number }[] = [
  { kind: '社会保险', pattern: /人力资源/, prefix: 'SB', perMonth: 160 },
  { kind: '住房公积金', pattern: /住房和城乡建设/, prefix: 'GJJ', perMonth: 90 },
  { kind: '电费', pattern: /发展和改革/, prefix: '0301', perMonth: 120 },
  { kind: '燃气费', pattern: /发展和改革/, prefix: '0702', perMonth: 60 },
];

function paymentFiles(ctx: StoryContext): SourceFileSpec[] {
  const city = ctx.pop.geo.city.code;
  const home = homeDistrict(ctx);
  const alive = liveSubjects(ctx.pop);
  const byDept = new Map<string, { dept: Department; senders: typeof PAYMENT_SENDERS[number][] }>();
  for (const s of PAYMENT_SENDERS) {
    const dept = findDepartment(ctx.preset, s.pattern, [city, home.code]);
    if (!dept) continue;
    const e = byDept.get(dept.id) ?? { dept, senders: [] };
    e.senders.push(s);
    byDept.set(dept.id, e);
  }
  const out: SourceFileSpec[] = [];
  for (const { dept, senders } of byDept.values()) {
    // A fixed set of accounts per kind; a few of them fall behind now and then.
    const accounts = senders.map((s) => {
      const rng = ctx.root.fork(`accounts:${s.kind}`);
      const n = Math.max(3, Math.round(s.perMonth * ctx.scale));
      const holders = rng.shuffle([...alive]).slice(0, n);
      return holders.map((h, i) => ({
        sender: s, holder: h, account: `${s.prefix}${String(100_000 + i * 7).padStart(6, '0')}`,
        due: Math.round((s.kind === '社会保险' ? 2_000 : 200) * (1 + rng.next() * 20)), arrears: rng.chance(0.06),
      }));
    }).flat();
    out.push(...quarterly(ctx, dept, 'payment', '缴费信息', (q, rng) => {
      const rows: Values[] = [];
      const months = new Set<number>();
      for (let d = q.from; d <= q.to; d++) if (isoDate(d).endsWith('-01') || d === q.from) months.add(d);
      for (const m of months) {
        for (const a of accounts) {
          const overdue = a.arrears && rng.chance(0.5);
          rows.push({
            kind: a.sender.kind, account_no: a.account, ...subjectValues(a.holder), billing_month: { m },
            status: overdue ? '欠缴' : '正常缴纳', amount_due: { n: a.due }, amount_overdue: overdue ? { n: a.due } : null,
          });
        }
      }
      return rows;
    }));
  }
  return out;
}

function judicialFiles(ctx: StoryContext): SourceFileSpec[] {
  const home = homeDistrict(ctx);
  const court = findDepartment(ctx.preset, /法院/, [home.code, ctx.pop.geo.city.code]);
  if (!court) return [];
  const firms = liveSubjects(ctx.pop, home);
  const persons = ctx.pop.persons.filter((p) => p.district.code === home.code);
  const courtCode = `鲁${home.code.slice(2, 6)}`;
  const serial = new Map<string, number>();
  return quarterly(ctx, court, 'judicial', '司法信息', (q, rng) => {
    const n = Math.max(2, Math.round(70 * ctx.scale * (0.8 + 0.4 * rng.next())));
    const rows: Values[] = [];
    for (let i = 0; i < n; i++) {
      const caseType = rng.weighted(['民事', '执行', '行政', '刑事'], [55, 35, 6, 4]);
      const decided = rng.int(q.from, q.to);
      const year = isoDate(decided).slice(0, 4);
      const tag = { 民事: '民初', 执行: '执', 行政: '行初', 刑事: '刑初' }[caseType]!;
      const no = (serial.get(tag + year) ?? 0) + 1;
      serial.set(tag + year, no);
      const caseNo = `（${year}）${courtCode}${tag}${no}号`;
      const person = persons.length > 0 && (caseType === '刑事' || rng.chance(0.4));
      const party = person ? personValues(rng.pick(persons)) : subjectValues(rng.pick(firms.length > 0 ? firms : liveSubjects(ctx.pop)));
      const role = caseType === '执行' ? '被执行人' : caseType === '刑事' ? '被告' : rng.pick(['原告', '被告']);
      rows.push({
        case_no: caseNo, court: court.nameZh, case_type: caseType, ...party, party_role: role,
        filed_on: { d: decided - rng.int(20, 150) }, decided_on: { d: decided },
        amount: caseType === '刑事' ? null : { n: Number((rng.next() * 80 + 0.5).toFixed(2)) },
        dishonest: caseType === '执行' && rng.chance(0.2) ? '是' : '否',
      });
      // A civil case has a second party: the other side, a firm.
      if (caseType === '民事' && firms.length > 1) {
        const other = rng.pick(firms);
        if (other.name !== party.subject_name) {
          rows.push({ ...rows.at(-1)!, ...subjectValues(other), party_role: role === '原告' ? '被告' : '原告', dishonest: '否' });
        }
      }
    }
    return rows;
  });
}

/** Every other-credit-record file of the demo. */
export function planCreditFiles(ctx: StoryContext): SourceFileSpec[] {
  return [...listFiles(ctx), ...commitmentFiles(ctx), ...taxGradeFiles(ctx), ...paymentFiles(ctx), ...judicialFiles(ctx)];
}

