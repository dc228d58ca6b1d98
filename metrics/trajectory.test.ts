import { describe, expect, it } from 'vitest';
import { statusOf, trajectoryTarget } from './trajectory.ts';

const volume = [
  { date: '2020-12-31', value: 120_000_000 },
  { date: '2022-12-31', value: 400_000_000 },
  { date: '2025-12-31', value: 600_000_000 },
];

describe('trajectoryTarget', () => {
  it('is linear between the plan points', () => {
    // 2021-12-31 is 365 of the 730 days from baseline to the 2022 milestone.
    expect(trajectoryTarget(volume, '2021-12-31')).toBeCloseTo(120e6 + 280e6 * (365 / 730), 0);
    expect(trajectoryTarget(volume, '2022-12-31')).toBe(400_000_000);
  });
  it('holds the last milestone after it and is null before the first point', () => {
    expect(trajectoryTarget(volume, '2026-10-31')).toBe(600_000_000);
    expect(trajectoryTarget(volume, '2019-01-01')).toBeNull();
    expect(trajectoryTarget([{ date: '2025-12-31', value: 1 }], '2024-06-30')).toBeNull();
  });
  it('uses a constant target when the plan states one', () => {
    expect(trajectoryTarget([], '2025-03-31', 1)).toBe(1);
  });
});

describe('statusOf', () => {
  const t = { behind: 0.9, farBehind: 0.75 };
  it('grades value against trajectory', () => {
    expect(statusOf(1, 0.9, 1, t)).toBe('met');
    expect(statusOf(0.95, 1, 1, t)).toBe('on_track');
    expect(statusOf(0.8, 1, 1, t)).toBe('behind');
    expect(statusOf(0.5, 1, 1, t)).toBe('far_behind');
    expect(statusOf(null, 1, 1, t)).toBeNull();
    expect(statusOf(0.5, null, 1, t)).toBeNull();
  });

  it('has no 进度正常 once the target\'s date has come or the target is a standing one: short of it is 滞后', () => {
    expect(statusOf(0.962, 1, 1, t, 'up', true)).toBe('behind');
    expect(statusOf(1, 1, 1, t, 'up', true)).toBe('met');
    expect(statusOf(0.5, 1, 1, t, 'up', true)).toBe('far_behind');
    // Less is better: over a standing ceiling is behind; at or under it, met.
    expect(statusOf(10.5, 10, 10, t, 'down', true)).toBe('behind');
    expect(statusOf(9, 10, 10, t, 'down', true)).toBe('met');
  });
});
