/**
 * Target trajectory and status of an indicator: linear between the plan's baseline and
 * milestones, the last milestone's value after it. Pure, no I/O.
 */

export interface PlanPoint {
  date: string;
  value: number;
}

export type Status = 'met' | 'on_track' | 'behind' | 'far_behind';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * Target expected on `date`: null before the first point when there is no baseline to start from.
 * @example trajectoryTarget([{ date: '2020-12-31', value: 1.2e8 }, { date: '2022-12-31', value: 4e8 }], '2021-12-31') // ≈ 2.6e8
 */
export function trajectoryTarget(points: readonly PlanPoint[], date: string, constant?: number): number | null {
  if (constant !== undefined) return constant;
  const sorted = [...points].sort((a, b) => a.date.localeCompare(b.date));
  const last = sorted.at(-1);
  if (!last) return null;
  if (date >= last.date) return last.value;
  for (let i = sorted.length - 1; i > 0; i--) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (date >= a.date) return a.value + ((b.value - a.value) * (day(date) - day(a.date))) / (day(b.date) - day(a.date));
  }
  return null;
}

/**
 * 达标 when the final target is reached; otherwise by value ÷ trajectory target against the
 * preset's thresholds (below `behind` → 滞后, below `farBehind` → 严重滞后). For an indicator
 * where less is better (black-listed merchants, handling days) the ratio is target ÷ value.
 * `due`: the final target's date has come (or the target is a standing one): there is no
 * trajectory left to be on, so a value short of it is 滞后 at best, never 进度正常.
 * @example statusOf(0.95, 1, 1, { behind: 0.9, farBehind: 0.75 }) // 'on_track'
 * @example statusOf(0.95, 1, 1, { behind: 0.9, farBehind: 0.75 }, 'up', true) // 'behind'
 */
export function statusOf(
  value: number | null,
  target: number | null,
  finalTarget: number | null,
  thresholds: { behind: number; farBehind: number },
  direction: 'up' | 'down' = 'up',
  due = false,
): Status | null {
  const status = trajectoryStatus(value, target, finalTarget, thresholds, direction);
  return due && status === 'on_track' ? 'behind' : status;
}

function trajectoryStatus(
  value: number | null,
  target: number | null,
  finalTarget: number | null,
  thresholds: { behind: number; farBehind: number },
  direction: 'up' | 'down',
): Status | null {
  if (value === null || target === null) return null;
  if (direction === 'down') {
    // Less is better: met at or under the target; otherwise how far over it, as a ratio target ÷ value.
    if (value <= target && (finalTarget === null || value <= finalTarget)) return 'met';
    if (value <= target) return 'on_track';
    if (target === 0) return 'far_behind';
    const ratio = target / value;
    if (ratio < thresholds.farBehind) return 'far_behind';
    if (ratio < thresholds.behind) return 'behind';
    return 'on_track';
  }
  if (target === 0) return null;
  if (finalTarget !== null && value >= finalTarget) return 'met';
  const ratio = value / target;
  if (ratio < thresholds.farBehind) return 'far_behind';
  if (ratio < thresholds.behind) return 'behind';
  return 'on_track';
}
