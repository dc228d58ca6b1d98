import { describe, expect, it } from 'vitest';
import { trendOption } from './trend-option';

describe('trendOption', () => {
  const base = {
    valueName: '实际值',
    targetName: '目标轨迹',
    formatValue: (v: number) => `${(v * 100).toFixed(1)}%`,
  };

  it('plots values and the target trajectory on one category axis', () => {
    const option = trendOption({
      ...base,
      points: [
        { label: '5月', value: 0.8, target: 0.82 },
        { label: '6月', value: null, target: 0.84 },
      ],
    }) as { xAxis: { data: string[] }; series: { data: (number | null)[] }[] };
    expect(option.xAxis.data).toEqual(['5月', '6月']);
    expect(option.series[0]?.data).toEqual([0.8, null]);
    expect(option.series[1]?.data).toEqual([0.82, 0.84]);
  });

  it('ends a share\'s axis at 100% and gives a count whole-number ticks', () => {
    type Y = { yAxis: { max?: (e: { max: number }) => number; minInterval?: number } };
    const share = trendOption({ ...base, unit: '%', points: [{ label: '5月', value: 0.9, target: 1 }] }) as Y;
    expect(share.yAxis.max?.({ max: 1 })).toBe(1);
    expect(share.yAxis.max?.({ max: 1.2 })).toBe(1.2);
    expect(share.yAxis.minInterval).toBeUndefined();
    const count = trendOption({ ...base, unit: '人次', points: [{ label: '5月', value: 1, target: null }] }) as Y;
    expect(count.yAxis).toMatchObject({ minInterval: 1 });
    expect(count.yAxis.max).toBeUndefined();
    const days = trendOption({ ...base, unit: '天', points: [{ label: '5月', value: 2.5, target: null }] }) as Y;
    expect(days.yAxis.minInterval).toBeUndefined();
  });

  it('omits the target series when there is no target', () => {
    const option = trendOption({ ...base, points: [{ label: 'W1', value: 10, target: null }] }) as {
      series: unknown[];
    };
    expect(option.series).toHaveLength(1);
  });

  it('formats tooltip values with the given formatter', () => {
    const option = trendOption({ ...base, points: [{ label: '6月', value: 0.5, target: 0.6 }] }) as {
      tooltip: { formatter: (p: unknown) => string };
    };
    const text = option.tooltip.formatter([
      { axisValueLabel: '6月', seriesName: '实际值', value: 0.5, marker: '' },
      { axisValueLabel: '6月', seriesName: '目标轨迹', value: 0.6, marker: '' },
    ]);
    expect(text).toBe('6月<br/>实际值：50.0%<br/>目标轨迹：60.0%');
  });
});
