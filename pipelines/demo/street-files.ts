/**
 * What the streets of the demo's home district report, through the credit office and the
 * publicity department: personal-credit-score registrations each month, publicity articles
 * (streets at least one a week, departments one or two a month), 2–3 pilot villages per street,
 * and monthly / quarterly / yearly 诚信之星. The story: most streets keep pace, two fall behind
 * on every count. Pure, no I/O.
 */
import type { Area, Department } from '../../warehouse/preset/preset-schema.ts';
import { addMonths, isoDate, weekday } from './dates.ts';
import { personName } from './names.ts';
import type { Values } from './records.ts';
import { type SourceFileSpec, type StoryContext, findDepartment, homeDistrict, monthsUntil, workingDayFrom } from './source-files.ts';

interface StreetPlan {
  street: Area;
  behind: boolean;
  adults: number;
  /** Share of adults registered when the demo's history starts, and by its last day. */
  startShare: number;
  endShare: number;
}

export interface StreetStory {
  district: Area;
  streets: StreetPlan[];
}

/** The home district's streets, two of them (not the first) behind. */
export function streetStory(ctx: StoryContext): StreetStory {
  const district = homeDistrict(ctx);
  const rng = ctx.root.fork('streets');
  const streets = ctx.pop.geo.streetsOf.get(district.code) ?? [];
  const behind = new Set(rng.shuffle(streets.slice(1).map((s) => s.code)).slice(0, 2));
  return {
    district,
    streets: streets.map((street) => {
      const r = rng.fork(street.code);
      const late = behind.has(street.code);
      return {
        street, behind: late, adults: r.int(15, 60) * 1000 + r.int(0, 999),
        startShare: late ? 0.05 + 0.05 * r.next() : 0.1 + 0.1 * r.next(),
        endShare: late ? 0.32 + 0.08 * r.next() : 0.7 + 0.25 * r.next(),
      };
    }),
  };
}

const monthlyReportDay = (ctx: StoryContext, monthEnd: number) => workingDayFrom(ctx, monthEnd + 3);

function registrationFiles(ctx: StoryContext, story: StreetStory, office: Department): SourceFileSpec[] {
  const out: SourceFileSpec[] = [];
  const span = ctx.today - ctx.start;
  for (const m of monthsUntil(ctx.start, ctx.today)) {
    const reportedAt = monthlyReportDay(ctx, m.to);
    if (m.to === ctx.today || reportedAt > ctx.today) continue;
    const rng = ctx.root.fork(`registrations:${m.label}`);
    const progress = (m.to - ctx.start) / span;
    const rows: Values[] = story.streets.map((s) => {
      const share = s.startShare + (s.endShare - s.startShare) * Math.sqrt(progress);
      const registered = Math.round(s.adults * share);
      return {
        district_code: story.district.nameZh, street_code: s.street.nameZh, as_of: { d: m.to }, adults: { n: s.adults },
        registered: { n: registered }, commitments: { n: Math.round(registered * (0.55 + 0.1 * rng.next())) },
      };
    });
    out.push({
      sourceType: 'street-registration', departmentId: office.id, reportedAt, rows, invalidRate: 0,
      path: `streets/${m.label}/${office.id}-street-registration-${m.label}`,
      title: `${story.district.nameZh}个人信用分注册情况统计表（截至${isoDate(m.to)}）·注册情况`,
    });
  }
  return out;
}

const TOPICS = ['诚信进社区', '信用修复政策解读', '“信用+”乡村治理', '诚信兴商宣传月', '3·15消费者权益日', '个人信用分激励措施',
  '失信被执行人曝光', '守信激励典型案例', '信用承诺签署活动', '诚信家庭评选', '网络诚信宣传日', '全国信用记录关爱日', '诚信经营示范街创建'];
const ACTIONS = ['开展', '举办', '启动', '召开', '扎实推进', '深入开展'];
const CHANNELS = ['信用淄博', '微信公众号', '区融媒体中心', '信用中国（山东淄博）', '今日头条号'];

interface Publisher {
  name: string;
  street: Area | null;
  /** Articles per week. */
  rate: number;
}

function articleFiles(ctx: StoryContext, story: StreetStory, sender: Department): SourceFileSpec[] {
  const departments = ctx.preset.departments.filter((d) => d.areaCode.slice(0, 6) === story.district.code);
  const rng = ctx.root.fork('articles');
  const publishers: Publisher[] = [
    ...story.streets.map((s) => ({ name: `${s.street.nameZh}${s.street.kind === 'town' ? '人民政府' : '办事处'}`, street: s.street, rate: s.behind ? 0.45 : 1.1 + 0.5 * rng.next() })),
    // Departments publish 1–2 a month; a few hardly ever.
    ...departments.map((d) => ({ name: d.nameZh, street: null, rate: rng.chance(0.2) ? 0.08 : 0.3 + 0.15 * rng.next() })),
  ];
  const articles: Values[] = [];
  const seen = new Set<string>();
  for (const p of publishers) {
    const r = rng.fork(p.name);
    for (let d = ctx.start; d <= ctx.today; d++) {
      if (!ctx.calendar.isWorkingDay(d) || !r.chance(p.rate / 5)) continue;
      const who = p.street ? p.street.nameZh : p.name.replace(/^.*?区/, '区');
      let title = `${who}${r.pick(ACTIONS)}“${r.pick(TOPICS)}”主题活动`;
      while (seen.has(`${p.name}|${d}|${title}`)) title += '（续）';
      seen.add(`${p.name}|${d}|${title}`);
      articles.push({
        publisher: p.name, district_code: story.district.nameZh, street_code: p.street?.nameZh ?? null, published_on: { d }, title,
        channel: r.pick(CHANNELS), url: r.chance(0.6) ? `https://xy.example.gov.cn/news/${isoDate(d).replaceAll('-', '')}/${articles.length + 1}.html` : null,
      });
    }
  }
  const day = (v: Values) => (v.published_on as { d: number }).d;
  const out: SourceFileSpec[] = [];
  // Monthly compilations before the weekly period, then a file every Monday for the week before.
  for (const m of monthsUntil(ctx.start, ctx.weeklyStart - 1)) {
    const to = Math.min(m.to, ctx.weeklyStart - 1);
    const rows = articles.filter((a) => day(a) >= m.from && day(a) <= to);
    const reportedAt = Math.min(monthlyReportDay(ctx, to), ctx.weeklyStart);
    if (rows.length > 0) {
      out.push({
        sourceType: 'publicity-article', departmentId: sender.id, reportedAt, rows,
        path: `streets/${m.label}/${sender.id}-publicity-article-${m.label}`, title: `${story.district.nameZh}信用宣传信息发布统计（${m.label}）·信息发布`,
      });
    }
  }
  for (let d = ctx.weeklyStart; d <= ctx.today; d++) {
    if (weekday(d) !== 1) continue;
    const from = Math.max(d - 7, ctx.weeklyStart);
    const rows = articles.filter((a) => day(a) >= from && day(a) < d);
    if (rows.length > 0) {
      out.push({
        sourceType: 'publicity-article', departmentId: sender.id, reportedAt: d, rows,
        path: `weekly/${isoDate(d)}/${sender.id}-publicity-article-${isoDate(d).replaceAll('-', '')}`,
        title: `${story.district.nameZh}信用宣传信息发布统计（${isoDate(from)}至${isoDate(d - 1)}）·信息发布`,
      });
    }
  }
  return out;
}

const VILLAGE_SUFFIXES = ['东村', '西村', '南村', '北村', '社区', '新村', '花园社区', '和平社区', '福园社区'];
const MODELS = ['信用+党建', '信用+文明实践', '信用+社会治理', '信用+美丽乡村', '信用+志愿服务'];

function villageFiles(ctx: StoryContext, story: StreetStory, office: Department): SourceFileSpec[] {
  const rng = ctx.root.fork('villages');
  const designated = workingDayFrom(ctx, ctx.start + 60);
  const review = workingDayFrom(ctx, addMonths(ctx.start, 14));
  const villages = story.streets.flatMap((s) => {
    const n = s.behind ? 1 : rng.int(2, 3);
    const stem = s.street.nameZh.replace(/(街道|镇)$/, '');
    return rng.shuffle([...VILLAGE_SUFFIXES]).slice(0, n).map((suffix) => ({ s, name: `${stem}${suffix}`, model: rng.pick(MODELS), day: designated - rng.int(0, 20), fate: rng.next() }));
  });
  const file = (day: number, label: string, status: (v: (typeof villages)[number]) => string): SourceFileSpec => ({
    sourceType: 'pilot-village', departmentId: office.id, reportedAt: day, invalidRate: 0,
    path: `streets/villages/${office.id}-pilot-village-${label}`, title: `${story.district.nameZh}信用试点村居名单（${label}）·试点村居`,
    rows: villages.map((v) => ({ district_code: story.district.nameZh, street_code: v.s.street.nameZh, village: v.name, model: v.model, designated_on: { d: v.day }, status: status(v) })),
  });
  const out = [file(designated, isoDate(designated), () => '创建中')];
  if (review <= ctx.today) out.push(file(review, isoDate(review), (v) => (v.fate < 0.8 ? '已验收' : v.fate < 0.95 ? '创建中' : '已撤销')));
  return out;
}

const DEEDS = ['拾金不昧', '诚信经营二十年', '主动偿还欠款', '义务调解邻里纠纷', '按时履约守信', '带头签署信用承诺书', '热心志愿服务', '如实申报不隐瞒'];

function starFiles(ctx: StoryContext, story: StreetStory, office: Department): SourceFileSpec[] {
  const out: SourceFileSpec[] = [];
  for (const m of monthsUntil(ctx.start, ctx.today)) {
    const reportedAt = monthlyReportDay(ctx, m.to);
    if (m.to === ctx.today || reportedAt > ctx.today) continue;
    const rng = ctx.root.fork(`stars:${m.label}`);
    const month = Number(m.label.slice(5, 7));
    const year = m.label.slice(0, 4);
    const rows: Values[] = [];
    for (const s of story.streets) {
      const award = (kind: string, label: string, n: number) => {
        const names = new Set<string>();
        while (names.size < n) names.add(personName(rng, rng.chance(0.5)));
        for (const name of names) {
          rows.push({
            district_code: story.district.nameZh, street_code: s.street.nameZh, period_kind: kind, period_label: label, person_name: name,
            village: `${s.street.nameZh.replace(/(街道|镇)$/, '')}${rng.pick(VILLAGE_SUFFIXES)}`, deed: rng.pick(DEEDS),
            awarded_on: { d: workingDayFrom(ctx, m.to + 1) },
          });
        }
      };
      if (!s.behind || rng.chance(0.4)) award('月度', `${year}年${month}月`, rng.int(1, 2));
      if (month % 3 === 0 && (!s.behind || rng.chance(0.5))) award('季度', `${year}年第${month / 3}季度`, 1);
      if (month === 12) award('年度', `${year}年度`, 2);
    }
    out.push({
      sourceType: 'honesty-star', departmentId: office.id, reportedAt, rows,
      path: `streets/${m.label}/${office.id}-honesty-star-${m.label}`, title: `${story.district.nameZh}诚信之星评选结果（${m.label}）·诚信之星`,
    });
  }
  return out;
}

/** Every street-report file of the demo. */
export function planStreetFiles(ctx: StoryContext): SourceFileSpec[] {
  const story = streetStory(ctx);
  if (story.streets.length === 0) return [];
  const office = findDepartment(ctx.preset, /发展和改革/, [story.district.code, ctx.pop.geo.city.code]);
  if (!office) return [];
  const publicity = findDepartment(ctx.preset, /宣传部/, [story.district.code]) ?? office;
  return [...registrationFiles(ctx, story, office), ...articleFiles(ctx, story, publicity), ...villageFiles(ctx, story, office), ...starFiles(ctx, story, office)];
}

