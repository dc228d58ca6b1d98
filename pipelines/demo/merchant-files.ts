/**
 * The honest-business demonstration street (诚信经营示范街, 张店区水晶街 in the plan): its merchants'
 * credit archive each quarter with the four-colour class, consumer rating and votes, and the
 * monthly log of inspections, complaints and consumer ratings behind it. The story: the street
 * starts with black and yellow merchants and improves quarter by quarter, reaching no black
 * merchant and ≥ 95% blue-or-better but stopping just short of 50% red. Pure, no I/O.
 */
import type { Area } from '../../warehouse/preset/preset-schema.ts';
import { makeOrgCode, makeUscc } from './codes.ts';
import { personName, tradeName } from './names.ts';
import { divisionFor } from './population.ts';
import type { Values } from './records.ts';
import { type SourceFileSpec, type StoryContext, findDepartment, homeDistrict, monthsUntil, quartersUntil, workingDayFrom } from './source-files.ts';

const TRADES: readonly [string, string][] = [
  ['餐饮', '餐厅'], ['餐饮', '烧烤'], ['餐饮', '面馆'], ['零售', '超市'], ['零售', '水果店'], ['零售', '服装店'],
  ['服务', '理发店'], ['服务', '洗衣店'], ['零售', '眼镜店'], ['餐饮', '奶茶店'], ['零售', '茶叶店'], ['服务', '照相馆'],
];
const COLOURS = ['黑', '黄', '蓝', '红'] as const;

interface Merchant {
  name: string;
  uscc: string;
  address: string;
  trade: string;
  /** Colour rank 0 (black) … 3 (red) at the start, and its yearly drift upwards. */
  rank0: number;
  lift: number;
}

/** The street the demonstration is on: the plan's 马尚街道 if the preset has it, else the home district's first street. */
function demoStreet(ctx: StoryContext): Area | undefined {
  const home = homeDistrict(ctx);
  const streets = ctx.pop.geo.streetsOf.get(home.code) ?? [];
  return streets.find((s) => s.nameZh === '马尚街道') ?? streets[0];
}

function merchants(ctx: StoryContext, street: Area): Merchant[] {
  const rng = ctx.root.fork('merchants');
  const n = Math.max(24, Math.round(60 * Math.min(1, ctx.scale * 4)));
  const home = homeDistrict(ctx);
  const out: Merchant[] = [];
  const names = new Set<string>();
  for (let i = 0; i < n; i++) {
    const [trade, shop] = rng.pick(TRADES);
    let name = `水晶街${tradeName(rng)}${shop}`;
    while (names.has(name)) name = `水晶街${tradeName(rng)}${shop}`;
    names.add(name);
    const individual = rng.chance(0.55);
    const uscc = makeUscc(individual ? '92' : '91', divisionFor(ctx.pop.geo, home), makeOrgCode(rng, true));
    out.push({
      name: individual ? `${name}（${personName(rng, rng.chance(0.5))}）` : name, uscc,
      address: `${street.nameZh}水晶街${i + 1}号`, trade,
      rank0: rng.weighted([0, 1, 2, 3], [4, 14, 52, 30]), lift: rng.next(),
    });
  }
  return out;
}

/** Colour rank after `years` of the campaign: black and yellow move up first, red is hard-won. */
function rankAt(m: Merchant, years: number): number {
  let r = m.rank0;
  if (r === 0 && years >= 0.25) r = 1;
  if (r === 1 && years >= 0.25 + m.lift) r = 2;
  if (r === 2 && m.lift < 0.25 && years >= 0.5 + m.lift * 3) r = 3;
  return r;
}

export function planMerchantFiles(ctx: StoryContext): SourceFileSpec[] {
  const street = demoStreet(ctx);
  const home = homeDistrict(ctx);
  const market = findDepartment(ctx.preset, /市场监督/, [home.code, ctx.pop.geo.city.code]);
  if (!street || !market) return [];
  const list = merchants(ctx, street);
  const enforcement = findDepartment(ctx.preset, /综合行政执法/, [home.code]) ?? market;
  const out: SourceFileSpec[] = [];
  const votes = new Map<string, number>();
  for (const q of quartersUntil(ctx.start, ctx.today)) {
    const reportedAt = workingDayFrom(ctx, q.to + 5);
    if (q.to === ctx.today || reportedAt > ctx.today) continue;
    const rng = ctx.root.fork(`merchant-archive:${q.label}`);
    const years = (q.to - ctx.start) / 365;
    const rows: Values[] = list.map((m) => {
      const rank = rankAt(m, years);
      const v = (votes.get(m.uscc) ?? 0) + rng.int(0, 40) + rank * 10;
      votes.set(m.uscc, v);
      const rating = Math.min(5, 3 + rank * 0.5 + rng.next() * 0.5);
      return {
        merchant_name: m.name, uscc: m.uscc, street_code: street.nameZh, address: m.address, business_type: m.trade,
        colour: COLOURS[rank]!, classed_on: { d: q.to }, score: { n: Math.round(55 + rank * 12 + rng.next() * 8) },
        rating: { n: Number(rating.toFixed(1)) }, votes: { n: v }, model_shop: null,
      };
    });
    // Ten model shops are chosen among the red merchants by score and votes, once a year from the second year.
    if (years >= 1) {
      const red = rows.filter((r) => r.colour === '红').sort((a, b) => (b.votes as { n: number }).n - (a.votes as { n: number }).n);
      const chosen = new Set(red.slice(0, 10).map((r) => r.uscc));
      for (const r of rows) r.model_shop = chosen.has(r.uscc) ? '是' : '否';
    }
    out.push({
      sourceType: 'merchant', departmentId: market.id, reportedAt, rows,
      path: `merchants/${q.label}/${market.id}-merchant-${q.label}`, title: `诚信经营示范街商户信用档案（${q.label}）·商户档案`,
    });
  }
  let serial = 0;
  for (const mo of monthsUntil(ctx.start, ctx.today)) {
    const reportedAt = workingDayFrom(ctx, mo.to + 3);
    if (mo.to === ctx.today || reportedAt > ctx.today) continue;
    const rng = ctx.root.fork(`merchant-events:${mo.label}`);
    const years = (mo.to - ctx.start) / 365;
    const inspections: Values[] = [];
    const others: Values[] = [];
    for (const m of list) {
      const rank = rankAt(m, years);
      const day = () => rng.int(mo.from, mo.to);
      const base = { merchant_name: m.name, uscc: m.uscc, problem_found: null, resolved: null, rating: null };
      if (rng.chance(rank <= 1 ? 0.5 : 0.12)) {
        inspections.push({ ...base, event_no: `JC${mo.label.replace('-', '')}${String(++serial).padStart(4, '0')}`, kind: '检查', occurred_on: { d: day() },
          unit: enforcement.nameZh, content: rng.pick(['明码标价检查', '食品安全检查', '消防安全检查', '占道经营巡查']), problem_found: rng.chance(rank <= 1 ? 0.6 : 0.1) ? '是' : '否' });
      }
      if (rng.chance(rank <= 1 ? 0.25 : 0.03)) {
        others.push({ ...base, event_no: `TS${mo.label.replace('-', '')}${String(++serial).padStart(4, '0')}`, kind: '投诉', occurred_on: { d: day() },
          unit: market.nameZh, content: rng.pick(['缺斤少两', '价格欺诈', '服务态度差', '商品质量问题']), resolved: rng.chance(0.85) ? '是' : '否' });
      }
      const ratings = rng.int(0, 3);
      for (let k = 0; k < ratings; k++) {
        others.push({ ...base, event_no: `PJ${mo.label.replace('-', '')}${String(++serial).padStart(4, '0')}`, kind: '评价', occurred_on: { d: day() },
          unit: null, content: rng.pick(['服务热情', '价格公道', '一般', '环境整洁', '上菜慢']), rating: { n: Math.min(5, rng.int(2 + rank, 5)) } });
      }
    }
    if (inspections.length > 0) {
      out.push({ sourceType: 'merchant-event', departmentId: enforcement.id, reportedAt, rows: inspections,
        path: `merchants/${mo.label}/${enforcement.id}-merchant-event-${mo.label}`, title: `诚信经营示范街检查记录（${mo.label}）·检查记录` });
    }
    if (others.length > 0) {
      out.push({ sourceType: 'merchant-event', departmentId: market.id, reportedAt, rows: others,
        path: `merchants/${mo.label}/${market.id}-merchant-event-${mo.label}`, title: `诚信经营示范街投诉与消费者评价（${mo.label}）·投诉评价` });
    }
  }
  return out;
}

