/**
 * The supervision side of the demo: graded-supervision results (分级分类), the service halls'
 * credit-check log, credit-repair and objection cases, the disciplinary-measure base list and
 * each department's implementation of it. The story: market regulation grades firms on a
 * two-year cycle (some districts lag behind), the halls check credit every working day, most
 * repairs are decided within a week, and one department never reports its base-list work.
 * Pure, no I/O.
 */
import type { Department } from '../../warehouse/preset/preset-schema.ts';
import { isoDate, weekday } from './dates.ts';
import type { Rng } from './prng.ts';
import type { Values } from './records.ts';
import {
  type SourceFileSpec, type Span, type StoryContext, findDepartment, homeDistrict, liveSubjects, quartersUntil, workingDayFrom,
} from './source-files.ts';

const QUARTER_LAG = 10;

function quarterFile(ctx: StoryContext, dept: Department, sourceType: string, titleZh: string, q: Span, rows: Values[], reportedAt?: number): SourceFileSpec {
  return {
    sourceType, departmentId: dept.id, reportedAt: reportedAt ?? workingDayFrom(ctx, q.to + QUARTER_LAG), rows,
    path: `supervision/${q.label}/${dept.id}-${sourceType}-${q.label}`,
    title: `${dept.nameZh}${titleZh}（${q.label}）·${titleZh}`,
  };
}

/** Quarters whose file is sent by today. */
function sentQuarters(ctx: StoryContext): Span[] {
  return quartersUntil(ctx.start, ctx.today).filter((q) => workingDayFrom(ctx, q.to + QUARTER_LAG) <= ctx.today);
}

const GRADERS: readonly { pattern: RegExp; domain: string; scheme: 'abcd' | 'classes'; share: number }[] = [
  { pattern: /市场监督/, domain: '市场监管', scheme: 'abcd', share: 1 / 8 },
  { pattern: /住房和城乡建设/, domain: '建筑市场', scheme: 'classes', share: 1 / 40 },
  { pattern: /交通运输/, domain: '道路运输', scheme: 'classes', share: 1 / 60 },
  { pattern: /生态环境/, domain: '环境信用', scheme: 'abcd', share: 1 / 80 },
];

function gradedFiles(ctx: StoryContext): SourceFileSpec[] {
  const city = ctx.pop.geo.city.code;
  const home = homeDistrict(ctx);
  const out: SourceFileSpec[] = [];
  for (const g of GRADERS) {
    const dept = findDepartment(ctx.preset, g.pattern, [city, home.code]);
    if (!dept) continue;
    const firms = liveSubjects(ctx.pop).filter((s) => s.prefix !== '92');
    for (const q of sentQuarters(ctx)) {
      const rng = ctx.root.fork(`graded:${dept.id}:${q.label}`);
      const rows: Values[] = [];
      for (const s of firms) {
        // Areas with low record coverage are graded less often too: the districts that lag.
        const reach = ctx.pop.geo.coverage.get(s.street?.code ?? s.district.code) ?? ctx.pop.geo.coverage.get(s.district.code) ?? 1;
        if (!rng.chance(g.share * Math.min(1.2, reach * 1.1))) continue;
        const day = rng.int(q.from, q.to);
        const grade = g.scheme === 'abcd'
          ? rng.weighted(['A', 'B', 'C', 'D'], [30, 55, 12, 3])
          : rng.weighted(['守信', '轻微失信', '一般失信', '严重失信'], [70, 20, 8, 2]);
        rows.push({ subject_name: s.name, uscc: s.uscc, grade, domain: g.domain, evaluator: dept.nameZh, evaluated_on: { d: day }, valid_until: { d: day + 730 } });
      }
      if (rows.length > 0) out.push(quarterFile(ctx, dept, 'graded-supervision', '信用分级分类评价结果', q, rows));
    }
  }
  return out;
}

const MATTERS = ['企业开办', '食品经营许可', '建设工程施工许可', '政府采购', '招标投标', '人才引进', '评优评先', '公共资源交易', '社会救助', '不动产登记'];

function creditCheckFiles(ctx: StoryContext): SourceFileSpec[] {
  const city = ctx.pop.geo.city;
  const home = homeDistrict(ctx);
  const out: SourceFileSpec[] = [];
  for (const [area, perDay] of [[home, 9], [city, 6]] as const) {
    const dept = findDepartment(ctx.preset, /行政审批/, [area.code]);
    if (!dept) continue;
    const hall = `${area.nameZh}政务服务中心`;
    const firms = liveSubjects(ctx.pop, area.level === 'district' ? area : undefined);
    const persons = ctx.pop.persons.filter((p) => area.level !== 'district' || p.district.code === area.code);
    let serial = 0;
    const draft = (from: number, to: number, rng: Rng): Values[] => {
      const rows: Values[] = [];
      for (let d = from; d <= to; d++) {
        if (!ctx.calendar.isWorkingDay(d)) continue;
        // At least one query a working day on average, even in a tiny demo.
        const n = Math.floor(Math.max(1, perDay * ctx.scale) * (0.5 + rng.next()) + rng.next());
        for (let i = 0; i < n; i++) {
          const person = rng.chance(0.3) && persons.length > 0 ? rng.pick(persons) : null;
          const firm = person ? null : rng.pick(firms);
          rows.push({
            log_id: `HC${dept.id.replace('-', '').toUpperCase()}${isoDate(d).replaceAll('-', '')}${String(++serial).padStart(6, '0')}`,
            queried_on: { d }, hall, district_code: area.level === 'district' ? area.nameZh : null, querying_unit: dept.nameZh,
            matter: rng.pick(MATTERS), subject_name: person?.name ?? firm!.name, uscc: firm?.uscc ?? null, id_number: person?.id ?? null,
            measure: rng.weighted(['无记录', '守信激励', '提示', '失信惩戒', '其他'], [70, 18, 7, 4, 1]),
          });
        }
      }
      return rows;
    };
    // Quarterly exports up to the weekly period, then a file every Monday for the week before.
    for (const q of quartersUntil(ctx.start, ctx.weeklyStart - 1)) {
      const to = Math.min(q.to, ctx.weeklyStart - 1);
      const reportedAt = Math.min(workingDayFrom(ctx, to + QUARTER_LAG), ctx.weeklyStart);
      const rows = draft(q.from, to, ctx.root.fork(`checks:${dept.id}:${q.label}`));
      if (rows.length > 0) out.push(quarterFile(ctx, dept, 'credit-check', '信用核查应用记录', { ...q, to }, rows, reportedAt));
    }
    for (let d = ctx.weeklyStart; d <= ctx.today; d++) {
      if (weekday(d) !== 1) continue;
      const from = Math.max(d - 7, ctx.weeklyStart);
      const rows = draft(from, d - 1, ctx.root.fork(`checks:${dept.id}:${isoDate(d)}`));
      if (rows.length === 0) continue;
      out.push({
        sourceType: 'credit-check', departmentId: dept.id, reportedAt: d, rows,
        path: `weekly/${isoDate(d)}/${dept.id}-credit-check-${isoDate(d).replaceAll('-', '')}`,
        title: `${dept.nameZh}信用核查应用记录（${isoDate(from)}至${isoDate(d - 1)}）·信用核查`,
      });
    }
  }
  return out;
}

interface RepairCase {
  values: Values;
  received: number;
  decided: number;
}

function repairFiles(ctx: StoryContext): SourceFileSpec[] {
  const home = homeDistrict(ctx);
  const dept = findDepartment(ctx.preset, /发展和改革/, [home.code, ctx.pop.geo.city.code]);
  if (!dept) return [];
  const rng = ctx.root.fork('repair');
  const firms = liveSubjects(ctx.pop, home);
  const cases: RepairCase[] = [];
  const perMonth = Math.max(1, 14 * ctx.scale);
  let serial = 0;
  for (let d = ctx.start; d <= ctx.today; d++) {
    if (!ctx.calendar.isWorkingDay(d) || !rng.chance(perMonth / 21)) continue;
    const objection = rng.chance(0.15);
    // Most cases are decided within a week; a slow tenth takes three to five weeks.
    const days = rng.chance(0.9) ? rng.int(2, 7) : rng.int(15, 25);
    let decided = d;
    for (let k = 0; k < days; k++) decided = workingDayFrom(ctx, decided + 1);
    const s = rng.pick(firms);
    const year = isoDate(d).slice(0, 4);
    cases.push({
      received: d, decided,
      values: {
        case_no: `${objection ? 'YY' : 'XF'}${year}${String(++serial).padStart(4, '0')}`, kind: objection ? '异议' : '信用修复',
        subject_name: s.name, uscc: s.uscc, record_ref: `${rng.pick(['张市监罚', '张综执罚', '张环罚', '张税罚'])}〔${Number(year) - 1}〕${rng.int(1, 300)}号`,
        received_on: { d }, handling_unit: dept.nameZh,
        outcome: objection ? (rng.chance(0.3) ? '异议成立' : '异议不成立') : (rng.chance(0.85) ? '准予修复' : '不予修复'),
      },
    });
  }
  const out: SourceFileSpec[] = [];
  let previous = -Infinity;
  for (const q of sentQuarters(ctx)) {
    const reportedAt = workingDayFrom(ctx, q.to + QUARTER_LAG);
    // A quarter's file lists the cases received in it and the earlier ones decided since the last file.
    const rows = cases.filter((c) => (c.received >= q.from && c.received <= q.to) || (c.received < q.from && c.decided > previous && c.decided <= reportedAt))
      .map((c) => (c.decided <= reportedAt
        ? { ...c.values, decided_on: { d: c.decided } }
        : { ...c.values, outcome: '办理中', decided_on: null }));
    previous = reportedAt;
    if (rows.length > 0) out.push(quarterFile(ctx, dept, 'credit-repair', '信用修复与异议办理情况', q, rows, reportedAt));
  }
  return out;
}

/** Items of the national disciplinary-measure base list, with the departments that apply them. */
const BASE_LIST: readonly { measure: string; category: string; target: string; basis: string; responsible: RegExp; responsibleZh: string }[] = [
  { measure: '限制参加政府采购活动', category: '减损权益或增加义务', target: '严重失信主体', basis: '《中华人民共和国政府采购法》第二十二条', responsible: /财政/, responsibleZh: '财政部门' },
  { measure: '限制高消费', category: '减损权益或增加义务', target: '失信被执行人', basis: '《最高人民法院关于限制被执行人高消费及有关消费的若干规定》', responsible: /法院/, responsibleZh: '人民法院' },
  { measure: '限制担任法定代表人或负责人', category: '减损权益或增加义务', target: '严重违法失信企业负责人', basis: '《企业信息公示暂行条例》', responsible: /市场监督/, responsibleZh: '市场监管部门' },
  { measure: '列入严重违法失信名单', category: '减损权益或增加义务', target: '严重违法失信企业', basis: '《市场监督管理严重违法失信名单管理办法》', responsible: /市场监督/, responsibleZh: '市场监管部门' },
  { measure: '降低纳税信用级别', category: '减损权益或增加义务', target: '重大税收违法失信主体', basis: '《纳税信用管理办法》', responsible: /税务/, responsibleZh: '税务部门' },
  { measure: '限制领用发票', category: '减损权益或增加义务', target: '重大税收违法失信主体', basis: '《中华人民共和国发票管理办法》', responsible: /税务/, responsibleZh: '税务部门' },
  { measure: '不适用告知承诺制', category: '管理措施', target: '严重失信主体', basis: '《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》', responsible: /行政审批/, responsibleZh: '行政审批部门' },
  { measure: '行政审批中从严审查', category: '管理措施', target: '严重失信主体', basis: '《优化营商环境条例》第五十三条', responsible: /行政审批/, responsibleZh: '行政审批部门' },
  { measure: '列为重点监管对象，提高抽查比例和频次', category: '管理措施', target: '严重失信主体', basis: '《优化营商环境条例》第五十三条', responsible: /市场监督|综合行政执法|生态环境|应急管理/, responsibleZh: '各行业主管部门' },
  { measure: '取消评优评先资格', category: '管理措施', target: '严重失信主体', basis: '《关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见》', responsible: /人力资源|教育|发展和改革/, responsibleZh: '相关主管部门' },
  { measure: '限制申请财政性资金项目', category: '减损权益或增加义务', target: '严重失信主体', basis: '《中华人民共和国预算法》', responsible: /财政|发展和改革|工业和信息化/, responsibleZh: '项目主管部门' },
  { measure: '限制参与工程建设项目招标投标', category: '减损权益或增加义务', target: '严重失信主体', basis: '《中华人民共和国招标投标法实施条例》', responsible: /住房和城乡建设|交通运输|水利/, responsibleZh: '工程建设主管部门' },
  { measure: '拖欠农民工工资纳入失信联合惩戒对象名单', category: '减损权益或增加义务', target: '拖欠农民工工资的用人单位', basis: '《保障农民工工资支付条例》第四十八条', responsible: /人力资源/, responsibleZh: '人力资源社会保障部门' },
  { measure: '限制取得道路运输经营许可', category: '减损权益或增加义务', target: '严重失信主体', basis: '《中华人民共和国道路运输条例》', responsible: /交通运输/, responsibleZh: '交通运输部门' },
  { measure: '暂停或取消相关资质', category: '减损权益或增加义务', target: '严重失信主体', basis: '《建筑业企业资质管理规定》', responsible: /住房和城乡建设/, responsibleZh: '住房城乡建设部门' },
  { measure: '金融机构审慎授信', category: '市场性社会性措施', target: '严重失信主体', basis: '《征信业管理条例》', responsible: /地方金融/, responsibleZh: '金融管理部门' },
  { measure: '行业协会商会自律惩戒', category: '市场性社会性措施', target: '会员企业', basis: '《关于加快推进行业协会商会诚信自律建设工作的意见》', responsible: /民政/, responsibleZh: '行业协会商会登记管理部门' },
  { measure: '依法依规公开失信信息', category: '管理措施', target: '失信主体', basis: '《政府信息公开条例》', responsible: /发展和改革/, responsibleZh: '社会信用体系建设牵头部门' },
];

/** Whether a department applies any item of the base list (by its name). */
export const appliesBaseList = (nameZh: string): boolean => BASE_LIST.some((b) => b.responsible.test(nameZh));

function disciplineFiles(ctx: StoryContext): SourceFileSpec[] {
  const city = ctx.pop.geo.city.code;
  const home = homeDistrict(ctx);
  const owner = findDepartment(ctx.preset, /发展和改革/, [city, home.code]);
  if (!owner) return [];
  const listDay = workingDayFrom(ctx, ctx.start + 14);
  const items = BASE_LIST.map((b, i) => ({ ...b, itemNo: String(i + 1) }));
  const out: SourceFileSpec[] = [{
    sourceType: 'discipline-item', departmentId: owner.id, reportedAt: listDay, invalidRate: 0,
    path: `supervision/base-list/${owner.id}-discipline-item`, title: '全国失信惩戒措施基础清单（2024年版）·基础清单',
    rows: items.map((b) => ({ item_no: b.itemNo, measure: b.measure, category: b.category, target: b.target, basis: b.basis, responsible: b.responsibleZh, list_version: '2024年版' })),
  }];
  // Each district department reports its items every half year; one never does, two lag.
  const rng = ctx.root.fork('discipline');
  const departments = ctx.preset.departments.filter((d) => d.areaCode.slice(0, 6) === home.code && appliesBaseList(d.nameZh));
  const order = rng.shuffle([...departments]);
  const silent = order[0];
  const lagging = new Set(order.slice(1, 3).map((d) => d.id));
  const rounds = [];
  for (let year = Number(isoDate(ctx.start).slice(0, 4)); ; year++) {
    const july = workingDayFrom(ctx, Date.UTC(year, 6, 10) / 86_400_000);
    const january = workingDayFrom(ctx, Date.UTC(year + 1, 0, 10) / 86_400_000);
    if (july > ctx.today) break;
    rounds.push(july);
    if (january <= ctx.today) rounds.push(january);
  }
  for (const dept of departments) {
    if (dept === silent) continue;
    rounds.forEach((day, round) => {
      const r = ctx.root.fork(`discipline:${dept.id}:${round}`);
      const mine = items.filter((b) => b.responsible.test(dept.nameZh));
      const maturity = (round + 1) / rounds.length;
      const rows: Values[] = mine.map((b) => {
        const done = r.chance(lagging.has(dept.id) ? 0.3 + 0.4 * maturity : 0.7 + 0.3 * maturity);
        const status = done ? '已落实' : r.chance(0.6) ? '部分落实' : '未落实';
        return {
          item_no: b.itemNo, measure: b.measure, implementing_unit: dept.nameZh, status,
          embedded: status === '已落实' && r.chance(0.7) ? '是' : '否',
          cases: { n: status === '未落实' ? 0 : r.int(0, 40) }, reported_on: { d: day }, note: status === '部分落实' ? '业务系统嵌入中' : null,
        };
      });
      out.push({
        sourceType: 'discipline-implementation', departmentId: dept.id, reportedAt: day, rows,
        path: `supervision/base-list/${isoDate(day)}/${dept.id}-discipline-implementation`,
        title: `${dept.nameZh}失信惩戒措施落实情况（${isoDate(day)}）·落实情况`,
      });
    });
  }
  return out;
}

/** Every supervision file of the demo. */
export function planSupervisionFiles(ctx: StoryContext): SourceFileSpec[] {
  return [...gradedFiles(ctx), ...creditCheckFiles(ctx), ...repairFiles(ctx), ...disciplineFiles(ctx)];
}
