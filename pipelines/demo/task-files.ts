/**
 * The credit office's task ledger (工作台账): every sub-task of the preset's plan (tasks.csv) and
 * responsible unit, with the office's working deadline — the plan's own (12月15日) or, where the
 * plan only says 12月底, a month-end the office schedules — reported monthly (月通报) and then
 * weekly (周调度), a fresh ledger each year, the street offices' and towns' lines (各镇办) among
 * them. The story: most lines finish on time, some late, a
 * few stay open past their deadline, and one department never reports its lines at all (未报送).
 * Pure, no I/O.
 */
import { taskStreets } from '../../warehouse/preset/install-preset.ts';
import type { Department, PlanTask } from '../../warehouse/preset/preset-schema.ts';
import { dayNumber, isoDate, weekday } from './dates.ts';
import type { Values } from './records.ts';
import { type SourceFileSpec, type StoryContext, findDepartment, homeDistrict, monthsUntil } from './source-files.ts';

interface Course {
  t: PlanTask;
  /** The responsible department, or the plan's wording when it names none of the preset's. */
  unit: string;
  deadline: number | null;
  started: number;
  /** Day finished (null: still open at the end of the year). */
  done: number | null;
}

/** The department that never reports its lines: the one with most dated sub-tasks other than the office. */
function silentDepartment(ctx: StoryContext, office: Department): string | undefined {
  const counts = new Map<string, number>();
  for (const t of ctx.preset.tasks) {
    if (t.deadline === null) continue;
    for (const id of t.departmentIds) if (id !== office.id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/**
 * The office's working deadline for a plan deadline in `year`: a fixed date as it is, 12月底 as the
 * end of the month the office schedules (`month`), any other month-day as the plan says.
 */
function officeDeadline(plan: string | null, year: number, month: number): number | null {
  if (plan === null) return null;
  if (plan.length === 10) return dayNumber(plan);
  if (plan !== '12-31') return dayNumber(`${year}-${plan}`);
  return month === 12 ? dayNumber(`${year}-12-31`) : dayNumber(`${year}-${String(month + 1).padStart(2, '0')}-01`) - 1;
}

function courses(ctx: StoryContext, year: number, silent: string | undefined): Course[] {
  const names = new Map(ctx.preset.departments.map((d) => [d.id, d.nameZh]));
  const departments = unitCourses(ctx, ctx.root.fork(`tasks:${year}`), year,
    (t) => (t.departmentIds.length > 0 ? t.departmentIds.filter((id) => id !== silent).map((id) => names.get(id)!) : t.streets.length > 0 ? [] : [t.unitsZh]));
  // The street offices' and towns' lines (各镇办), drawn apart so that the departments' story stays as it was.
  const streets = unitCourses(ctx, ctx.root.fork(`tasks:${year}:streets`), year, (t) => taskStreets(ctx.preset, t).map((a) => a.nameZh));
  return [...departments, ...streets];
}

/** Each sub-task's lines for the units `unitsOf` names, and how each line goes. */
function unitCourses(ctx: StoryContext, rng: StoryContext['root'], year: number, unitsOf: (t: PlanTask) => string[]): Course[] {
  const list: Course[] = [];
  for (const t of ctx.preset.tasks) {
    for (const unit of unitsOf(t)) {
      const deadline = officeDeadline(t.deadline, year, rng.int(3, 12));
      const started = dayNumber(`${year}-01-01`) + rng.int(5, 60);
      list.push({ t, unit, deadline, started, done: null });
    }
  }
  // About one dated line in twelve stays open past its deadline, one in eight finishes late, the rest on time.
  for (const c of list) {
    if (c.deadline === null) continue;
    const draw = rng.next();
    if (draw < 1 / 12 && c.deadline < ctx.today - 20) continue;
    c.done = draw < 1 / 12 + 1 / 8 ? c.deadline + rng.int(5, 25) : Math.max(c.started + 10, c.deadline - rng.int(3, 60));
  }
  return list;
}

function row(c: Course, day: number): Values {
  const done = c.done !== null && c.done <= day;
  const status = done ? '已完成' : day < c.started ? '未启动' : c.deadline !== null && day > c.deadline ? '逾期未完成' : '推进中';
  const note = { 已完成: '已按要求完成', 未启动: '待启动', 推进中: '按计划推进中', 逾期未完成: '进度滞后，正在加快推进' }[status];
  return {
    task_no: c.t.taskNo, task: c.t.taskZh, subtask_no: c.t.subtaskNo, subtask: c.t.subtaskZh, responsible_unit: c.unit,
    deadline: c.deadline !== null ? { d: c.deadline } : null, status, completed_on: done ? { d: c.done! } : null,
    progress_note: note, reported_on: { d: day },
  };
}

/** The last working day on or before `day`. */
function lastWorkingDay(ctx: StoryContext, day: number): number {
  let d = day;
  while (!ctx.calendar.isWorkingDay(d)) d--;
  return d;
}

/** Each year's ledger: reported on the last working day of each month, then weekly (Fridays). */
export function planTaskFiles(ctx: StoryContext): SourceFileSpec[] {
  const home = homeDistrict(ctx);
  const office = findDepartment(ctx.preset, /发展和改革/, [home.code, ctx.pop.geo.city.code]);
  if (!office || ctx.preset.tasks.length === 0) return [];
  const silent = silentDepartment(ctx, office);
  const days: number[] = [];
  for (const m of monthsUntil(ctx.start, ctx.weeklyStart - 1)) {
    if (m.to === ctx.weeklyStart - 1 && m.to < dayNumber(`${isoDate(m.from).slice(0, 7)}-28`)) continue;
    days.push(lastWorkingDay(ctx, m.to));
  }
  for (let d = ctx.weeklyStart; d <= ctx.today; d++) if (weekday(d) === 5 && ctx.calendar.isWorkingDay(d)) days.push(d);
  const ledgers = new Map<number, Course[]>();
  return days.map((day) => {
    const year = Number(isoDate(day).slice(0, 4));
    const list = ledgers.get(year) ?? courses(ctx, year, silent);
    ledgers.set(year, list);
    return {
      sourceType: 'task-progress', departmentId: office.id, reportedAt: day, invalidRate: 0.01,
      rows: list.map((c) => row(c, day)),
      path: `${day >= ctx.weeklyStart ? `weekly/${isoDate(day)}` : `tasks/${isoDate(day).slice(0, 7)}`}/${office.id}-task-progress-${isoDate(day).replaceAll('-', '')}`,
      title: `${home.nameZh}社会信用体系建设重点任务推进台账（${isoDate(day)}）·工作台账`,
    };
  });
}
