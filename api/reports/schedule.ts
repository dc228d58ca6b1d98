/**
 * Drafts on a schedule (DESIGN §8): the weekly sheet for the week just ended, every Monday at
 * 08:00, and the bulletin for the month just ended, on the 3rd working day of the month by the
 * official calendar (调休 included) — as the preset's `reports.schedule` says, in China time. A
 * tick each minute drafts whatever slot has passed without a report for its period, so a server
 * that was down at 08:00 catches up when it starts. The office reviews the draft and publishes.
 */
import { addDays, CHINA_UTC_OFFSET_MS } from '../../lib/dates.ts';
import { nextPeriodStart, periodStart } from '../../lib/periods.ts';
import type { WorkingCalendar } from '../../lib/working-days.ts';
import { NotFoundError } from '../../metrics/queries.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import type { ReportKind } from '../../warehouse/repositories/reports.ts';
import type { ReportService } from './service.ts';

type Schedule = NonNullable<Preset['reports']>['schedule'];

/** China time (UTC+8, no daylight saving) as 'YYYY-MM-DD' and 'HH:MM'. */
function chinaClock(now: Date): { day: string; time: string } {
  const iso = new Date(now.getTime() + CHINA_UTC_OFFSET_MS).toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export interface Slot {
  kind: ReportKind;
  /** The slot's day and time (China time). */
  day: string;
  time: string;
  /** First day of the period the draft covers. */
  periodStart: string;
}

/** The N-th working day of the month that contains `day`. */
export function nthWorkingDay(calendar: WorkingCalendar, day: string, n: number): string {
  return calendar.addWorkingDays(addDays(periodStart('month', day), -1), n);
}

/**
 * The latest slot of each report at or before `now`, and the period it drafts. Pure.
 * @example latestSlots(new Date('2026-11-30T00:30:00Z'), calendar, schedule) // weekly: Monday 2026-11-30 08:00, week of 2026-11-23
 */
export function latestSlots(now: Date, calendar: WorkingCalendar, schedule: Schedule): Slot[] {
  const { day, time } = chinaClock(now);
  // Weekly: this week's slot day, or last week's when it has not come yet.
  let weekly = addDays(periodStart('week', day), schedule.weekly.weekday - 1);
  if (weekly > day || (weekly === day && time < schedule.weekly.time)) weekly = addDays(weekly, -7);
  // Bulletin: this month's N-th working day, or last month's.
  let bulletin = nthWorkingDay(calendar, day, schedule.bulletin.workingDay);
  if (bulletin > day || (bulletin === day && time < schedule.bulletin.time)) bulletin = nthWorkingDay(calendar, addDays(periodStart('month', day), -1), schedule.bulletin.workingDay);
  return [
    // The last complete week before the slot's day.
    { kind: 'weekly', day: weekly, time: schedule.weekly.time, periodStart: periodStart('week', addDays(weekly, -1)) },
    // The month before the slot's month.
    { kind: 'bulletin', day: bulletin, time: schedule.bulletin.time, periodStart: periodStart('month', addDays(periodStart('month', bulletin), -1)) },
  ];
}

/**
 * Starts the minute tick; returns a function that stops it. `now` is for tests.
 * @example const stop = startReportSchedule(wh, preset, reports, calendar);
 */
export function startReportSchedule(wh: Warehouse, preset: Preset, reports: ReportService, calendar: WorkingCalendar, now: () => Date = () => new Date()) {
  const schedule = preset.reports?.schedule;
  if (!schedule) return { tick: async (): Promise<number[]> => [], stop: () => undefined };
  let running: Promise<number[]> | null = null;
  // A failure is logged when it first happens, not at every tick that meets it again.
  const failures = new Map<string, string>();

  /** Drafts every passed slot whose period has no report yet; the ids drafted. */
  async function tick(): Promise<number[]> {
    const drafted: number[] = [];
    for (const slot of latestSlots(now(), calendar, schedule!)) {
      const [have] = await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM meta.report WHERE kind = $1 AND period_start = $2::DATE`, [slot.kind, slot.periodStart]);
      if (have!.n > 0) continue;
      // The period's last day: the draft covers the period containing it, if the data has it.
      const last = addDays(nextPeriodStart(slot.kind === 'weekly' ? 'week' : 'month', slot.periodStart), -1);
      const key = `${slot.kind} ${slot.periodStart}`;
      try {
        drafted.push((await reports.draft(slot.kind, last)).id);
        failures.delete(key);
      } catch (err) {
        const message = (err as Error).message;
        // The same failure again, up to the numbers in it (a browser's pid changes every launch).
        const kind = message.replace(/\d+/g, '#');
        if (err instanceof NotFoundError || failures.get(key) === kind) continue;
        failures.set(key, kind);
        console.error(`scheduled ${slot.kind} draft for ${slot.periodStart} failed (retried every minute): ${message}`);
      }
    }
    return drafted;
  }

  const run = () => {
    running ??= tick().catch((err: Error) => {
      console.error(`report schedule: ${err.message}`);
      return [];
    }).finally(() => (running = null));
  };
  const timer = setInterval(run, 60_000);
  // Slots that passed while the server was down, shortly after it starts listening.
  const catchUp = setTimeout(run, 5_000);
  timer.unref();
  catchUp.unref();
  return {
    tick,
    stop: () => {
      clearInterval(timer);
      clearTimeout(catchUp);
    },
  };
}
