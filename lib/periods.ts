/**
 * Calendar periods as the marts count them: weeks start on Monday, quarters in January, April,
 * July and October. Pure; shared by the API (a scheme version starts on a period's first day)
 * and the dashboard (the default start of a new version).
 */

export type PeriodGrain = 'week' | 'month' | 'quarter' | 'year';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The first day of the `grain` period that contains `day`.
 * @example periodStart('quarter', '2026-11-25') // '2026-10-01'
 * @example periodStart('week', '2026-11-25') // '2026-11-23' (a Wednesday; its Monday)
 */
export function periodStart(grain: PeriodGrain, day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  switch (grain) {
    case 'year': return `${y}-01-01`;
    case 'quarter': return `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`;
    case 'month': return `${y}-${pad(m)}-01`;
    case 'week': {
      const d = new Date(`${day}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return d.toISOString().slice(0, 10);
    }
  }
}

/**
 * The first day of the period after the one containing `day`.
 * @example nextPeriodStart('month', '2026-12-15') // '2027-01-01'
 */
export function nextPeriodStart(grain: PeriodGrain, day: string): string {
  const start = new Date(`${periodStart(grain, day)}T00:00:00Z`);
  if (grain === 'week') start.setUTCDate(start.getUTCDate() + 7);
  else start.setUTCMonth(start.getUTCMonth() + (grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12));
  return start.toISOString().slice(0, 10);
}
