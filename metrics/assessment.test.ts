import { describe, expect, it } from 'vitest';
import { resolveRule, scoreRule, versionInForce } from './assessment.ts';
import type { ScoringScheme } from '../warehouse/preset/preset-schema.ts';

describe('scoreRule', () => {
  const prop = { indicator: 'x', method: 'proportional', weight: 40 } as const;
  it('gives proportional points up to the weight, inverted when less is better', () => {
    expect(scoreRule(prop, 'up', 0.9, 1, {})).toMatchObject({ points: 36, deducted: 4 });
    expect(scoreRule(prop, 'up', 1.2, 1, {})).toMatchObject({ points: 40, deducted: 0 });
    expect(scoreRule(prop, 'down', 10, 5, {})).toMatchObject({ points: 20 });
    expect(scoreRule(prop, 'down', 3, 5, {})).toMatchObject({ points: 40 });
    expect(scoreRule(prop, 'down', 1, 0, {})).toMatchObject({ points: 0 });
  });
  it('does not apply without a value or a target', () => {
    expect(scoreRule(prop, 'up', null, 1, {})).toEqual({ points: null, deducted: null, violations: null });
    expect(scoreRule(prop, 'up', 0.5, null, {}).points).toBeNull();
  });
  it('passes or fails against the target', () => {
    const pf = { indicator: 'x', method: 'pass-fail', weight: 20 } as const;
    expect(scoreRule(pf, 'up', 1, 1, {}).points).toBe(20);
    expect(scoreRule(pf, 'up', 0.99, 1, {}).points).toBe(0);
  });
  it('deducts per violation, never more than the cap', () => {
    const pv = { indicator: 'x', method: 'per-violation', weight: 30, violations: 'late', points: 2, cap: 10 } as const;
    expect(scoreRule(pv, 'up', 0.8, 1, { late: 3 })).toEqual({ points: 24, deducted: 6, violations: 3 });
    expect(scoreRule(pv, 'up', 0.1, 1, { late: 40 })).toEqual({ points: 20, deducted: 10, violations: 40 });
  });
});

describe('resolveRule', () => {
  const zero = { indicator: 'x', method: 'proportional', weight: 40, noData: 'zero' } as const;
  const owes = { owesData: true, zeroReport: false };
  it('scores 未报送 as 0 when a unit owes the value and sent none', () => {
    expect(resolveRule(zero, 'up', null, 1, {}, owes)).toEqual({ status: 'no-data', points: 0, deducted: 40, violations: null });
  });
  it('gives full points for a declared empty period', () => {
    expect(resolveRule(zero, 'up', null, 1, {}, { owesData: true, zeroReport: true })).toEqual({ status: 'zero-report', points: 40, deducted: 0, violations: 0 });
  });
  it('leaves the rule out for a unit without the duty, without a target, or under noData skip', () => {
    expect(resolveRule(zero, 'up', null, 1, {}, { owesData: false, zeroReport: false }).status).toBe('not-applicable');
    expect(resolveRule(zero, 'up', null, null, {}, owes).status).toBe('not-applicable');
    expect(resolveRule({ ...zero, noData: 'skip' }, 'up', null, 1, {}, owes)).toEqual({ status: 'not-applicable', points: null, deducted: null, violations: null });
    expect(resolveRule({ indicator: 'x', method: 'proportional', weight: 40 }, 'up', null, 1, {}, owes).status).toBe('not-applicable');
  });
  it('scores a value whoever sent it', () => {
    expect(resolveRule(zero, 'up', 0.5, 1, {}, { owesData: false, zeroReport: false })).toMatchObject({ status: 'scored', points: 20 });
    expect(resolveRule(zero, 'up', 0.5, null, {}, owes).status).toBe('not-applicable');
  });
});

describe('versionInForce', () => {
  const v = (effectiveFrom: string) => ({ effectiveFrom }) as ScoringScheme;
  it('takes the latest version effective on or before the period start', () => {
    const all = [v('2026-01-01'), v('2025-01-01')];
    expect(versionInForce(all, '2025-12-01')!.effectiveFrom).toBe('2025-01-01');
    expect(versionInForce(all, '2026-01-01')!.effectiveFrom).toBe('2026-01-01');
    expect(versionInForce(all, '2024-12-01')).toBeNull();
  });
});
