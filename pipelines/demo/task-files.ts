/**
 * The credit office's task ledger (工作台账) for the demo year: the tasks of the Zhangdian plan's
 * annex (重点及责任分工表) as this year's work points, each sub-task with its responsible unit
 * and deadline, reported monthly (月通报) and then weekly (周调度). The story: most sub-tasks
 * finish on time, a few late, two are overdue and still open. Pure, no I/O.
 */
import type { Department } from '../../warehouse/preset/preset-schema.ts';
import { dayNumber, isoDate, weekday } from './dates.ts';
import type { Values } from './records.ts';
import { type SourceFileSpec, type StoryContext, findDepartment, homeDistrict, monthsUntil, workingDayFrom } from './source-files.ts';

/** One sub-task: its task, the unit (by name pattern) and the deadline as month-day of the year ('' = ongoing). */
interface SubTask {
  taskNo: string;
  task: string;
  subNo: string;
  sub: string;
  unit: RegExp;
  deadline: string;
}

/** After 张店区社会信用体系建设工作重点及责任分工表 (../shared/seeds/000_e3cc3a0824c5aef8.txt, 附件). */
const TASKS: readonly SubTask[] = [
  { taskNo: '1', task: '搭建公共信用信息平台', subNo: '1.1', sub: '以“一网三库一平台”为基础完善信用信息归集、存储、应用全生命周期管理', unit: /发展和改革/, deadline: '12-31' },
  { taskNo: '1', task: '搭建公共信用信息平台', subNo: '1.2', sub: '推进平台与政务数据共享交换平台对接', unit: /大数据/, deadline: '06-30' },
  { taskNo: '2', task: '做好信用信息“双公示”工作', subNo: '2.1', sub: '行政许可、行政处罚信息作出决定之日起7个工作日内报送', unit: /行政审批/, deadline: '' },
  { taskNo: '2', task: '做好信用信息“双公示”工作', subNo: '2.2', sub: '行政处罚信息7个工作日内报送', unit: /市场监督/, deadline: '' },
  { taskNo: '3', task: '全面调动各单位加大信息归集力度', subNo: '3.1', sub: '提供社会保险费缴纳信息', unit: /人力资源/, deadline: '03-31' },
  { taskNo: '3', task: '全面调动各单位加大信息归集力度', subNo: '3.2', sub: '提供医疗保险参保缴费信息', unit: /医疗保障/, deadline: '03-31' },
  { taskNo: '3', task: '全面调动各单位加大信息归集力度', subNo: '3.3', sub: '提供执业医师资格证、护士执业资格证等信息', unit: /行政审批/, deadline: '04-30' },
  { taskNo: '4', task: '信用信息归集保障工作', subNo: '4.1', sub: '建立信息资源、信息共享、信息安全、工作督查四类保障制度', unit: /发展和改革/, deadline: '05-31' },
  { taskNo: '5', task: '联合奖惩', subNo: '5.1', sub: '对守信主体实施联合激励、对失信主体实施联合惩戒并反馈案例', unit: /财政/, deadline: '' },
  { taskNo: '6', task: '信用修复', subNo: '6.1', sub: '建立健全信用修复机制', unit: /发展和改革/, deadline: '04-30' },
  { taskNo: '7', task: '企业信用管理建设工作', subNo: '7.1', sub: '制定企业信用信息采集与管理办法', unit: /司法/, deadline: '07-31' },
  { taskNo: '7', task: '企业信用管理建设工作', subNo: '7.2', sub: '研究制定本行业信用监管办法并实施分级分类监管', unit: /市场监督/, deadline: '09-30' },
  { taskNo: '7', task: '企业信用管理建设工作', subNo: '7.3', sub: '建立建筑市场主体信用档案和信用评价制度', unit: /住房和城乡建设/, deadline: '08-31' },
  { taskNo: '8', task: '市场主体信用建设工作', subNo: '8.1', sub: '对诚信市场主体提供绿色通道、容缺办理等激励措施', unit: /行政审批/, deadline: '06-30' },
  { taskNo: '9', task: '诚信示范街区建设工作', subNo: '9.1', sub: '示范街区商户城市管理领域信用信息采集、报送', unit: /综合行政执法/, deadline: '05-31' },
  { taskNo: '9', task: '诚信示范街区建设工作', subNo: '9.2', sub: '提供示范街区商户近二年消防安全检查情况', unit: /消防救援/, deadline: '06-30' },
  { taskNo: '9', task: '诚信示范街区建设工作', subNo: '9.3', sub: '指导街区商户开展“诚信兴商”宣传', unit: /商务/, deadline: '10-31' },
  { taskNo: '10', task: '推动机关单位信用工作宣传', subNo: '10.1', sub: '制定宣传方案并组织开展信用进机关系列活动', unit: /宣传部/, deadline: '03-31' },
  { taskNo: '11', task: '召开红黑名单新闻发布会', subNo: '11.1', sub: '制定并发布“诚信红黑榜”评选机制', unit: /宣传部/, deadline: '09-30' },
  { taskNo: '12', task: '组织召开全区信用体系建设总结会', subNo: '12.1', sub: '提炼工作成效和典型案例，年底前召开总结会', unit: /发展和改革/, deadline: '12-31' },
  { taskNo: '13', task: '公职人员诚信建设工作', subNo: '13.1', sub: '建立公职人员信用信息数据库', unit: /组织部/, deadline: '08-31' },
  { taskNo: '13', task: '公职人员诚信建设工作', subNo: '13.2', sub: '开展公职人员诚信培训', unit: /人力资源/, deadline: '11-15' },
  { taskNo: '14', task: '推动个人诚信体系建设', subNo: '14.1', sub: '制定个人诚信积分（诚信分）管理实施方案', unit: /宣传部/, deadline: '06-30' },
  { taskNo: '14', task: '推动个人诚信体系建设', subNo: '14.2', sub: '制定本部门个人诚信积分激励措施实施细则', unit: /教育|文化和旅游/, deadline: '10-31' },
];

interface Course {
  t: SubTask;
  unit: Department;
  deadline: number | null;
  started: number;
  /** Day finished (null: still open at the end of the year). */
  done: number | null;
}

function courses(ctx: StoryContext, year: number): Course[] {
  const home = homeDistrict(ctx);
  const rng = ctx.root.fork(`tasks:${year}`);
  const list: Course[] = [];
  for (const t of TASKS) {
    const unit = findDepartment(ctx.preset, t.unit, [home.code]);
    if (!unit) continue;
    const deadline = t.deadline ? dayNumber(`${year}-${t.deadline}`) : null;
    const started = dayNumber(`${year}-01-01`) + rng.int(5, 60);
    list.push({ t, unit, deadline, started, done: null });
  }
  // Two sub-tasks with a passed deadline stay open; a few more finish late; the rest on time.
  const dated = rng.shuffle(list.filter((c) => c.deadline !== null && c.deadline < ctx.today - 20));
  const overdue = new Set(dated.slice(0, 2));
  const late = new Set(dated.slice(2, 5));
  for (const c of list) {
    if (c.deadline === null || overdue.has(c)) continue;
    c.done = late.has(c) ? c.deadline + rng.int(5, 25) : Math.max(c.started + 10, c.deadline - rng.int(3, 60));
  }
  return list;
}

function row(c: Course, day: number): Values {
  const done = c.done !== null && c.done <= day;
  const status = done ? '已完成' : day < c.started ? '未启动' : c.deadline !== null && day > c.deadline ? '逾期未完成' : '推进中';
  const note = { 已完成: '已按要求完成', 未启动: '待启动', 推进中: '按计划推进中', 逾期未完成: '进度滞后，正在加快推进' }[status];
  return {
    task_no: c.t.taskNo, task: c.t.task, subtask_no: c.t.subNo, subtask: c.t.sub, responsible_unit: c.unit.nameZh,
    deadline: c.deadline !== null ? { d: c.deadline } : null, status, completed_on: done ? { d: c.done! } : null,
    progress_note: note, reported_on: { d: day },
  };
}

/** The ledger of the year that `today` falls in: monthly reports, then weekly ones (Fridays). */
export function planTaskFiles(ctx: StoryContext): SourceFileSpec[] {
  const home = homeDistrict(ctx);
  const office = findDepartment(ctx.preset, /发展和改革/, [home.code, ctx.pop.geo.city.code]);
  if (!office) return [];
  const year = Number(isoDate(ctx.today).slice(0, 4));
  const list = courses(ctx, year);
  const days: number[] = [];
  for (const m of monthsUntil(Math.max(ctx.start, dayNumber(`${year}-01-01`)), ctx.weeklyStart - 1)) {
    const day = workingDayFrom(ctx, m.to - 4 > m.from ? m.to - 4 : m.to);
    if (day < ctx.weeklyStart) days.push(day);
  }
  for (let d = ctx.weeklyStart; d <= ctx.today; d++) if (weekday(d) === 5 && ctx.calendar.isWorkingDay(d)) days.push(d);
  return days.map((day) => ({
    sourceType: 'task-progress', departmentId: office.id, reportedAt: day, invalidRate: 0.01,
    rows: list.map((c) => row(c, day)),
    path: `${day >= ctx.weeklyStart ? `weekly/${isoDate(day)}` : `tasks/${isoDate(day).slice(0, 7)}`}/${office.id}-task-progress-${isoDate(day).replaceAll('-', '')}`,
    title: `${home.nameZh}社会信用体系建设重点任务推进台账（${isoDate(day)}）·工作台账`,
  }));
}
