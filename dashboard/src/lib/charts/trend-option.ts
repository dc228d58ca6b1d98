// Builds the ECharts option for an indicator trend: actual values against the target trajectory.
// Pure: no ECharts import at run time, so it can be unit-tested and rendered on the server.
import type { EChartsCoreOption } from 'echarts/core';

export interface TrendPoint {
  label: string;
  value: number | null;
  target: number | null;
}

export interface TrendOptionInput {
  points: TrendPoint[];
  valueName: string;
  targetName: string;
  /** Tooltip text of a value. */
  formatValue: (v: number) => string;
  /** Axis tick text; defaults to formatValue. */
  formatAxis?: (v: number) => string;
  /** The indicator's unit: a share's axis ends at 100%, a count's ticks are whole numbers. */
  unit?: string;
  colors?: { value: string; target: string; grid: string; text: string };
  /** Size of axis and legend text in px (default 10; a big screen read across a room wants more). */
  fontSize?: number;
}

const DEFAULT_COLORS = { value: '#0b63c5', target: '#8a94a6', grid: '#e6e9ef', text: '#5b6473' };

interface TooltipParam {
  axisValueLabel?: string;
  seriesName?: string;
  marker?: string;
  value?: number | null;
}

export function trendOption(input: TrendOptionInput): EChartsCoreOption {
  const colors = input.colors ?? DEFAULT_COLORS;
  const formatAxis = input.formatAxis ?? input.formatValue;
  const labels = input.points.map((p) => p.label);
  const hasTarget = input.points.some((p) => p.target !== null);
  const fontSize = input.fontSize ?? 10;

  return {
    animation: false,
    color: [colors.value, colors.target],
    grid: { left: 8, right: 12, top: Math.round(fontSize * 2.8), bottom: 4, containLabel: true },
    legend: {
      top: 0,
      right: 0,
      itemWidth: Math.round(fontSize * 1.6),
      itemHeight: Math.round(fontSize * 0.8),
      textStyle: { color: colors.text, fontSize: fontSize + 1 },
      data: hasTarget ? [input.valueName, input.targetName] : [input.valueName],
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (raw: unknown) => {
        const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
        const head = params[0]?.axisValueLabel ?? '';
        const lines = params
          .filter((p) => typeof p.value === 'number')
          .map((p) => `${p.marker ?? ''}${p.seriesName ?? ''}：${input.formatValue(p.value as number)}`);
        return [head, ...lines].join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLine: { lineStyle: { color: colors.grid } },
      axisTick: { show: false },
      axisLabel: { color: colors.text, fontSize, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      scale: true,
      splitNumber: 3,
      ...(input.unit === '%' ? { max: (extent: { max: number }) => (extent.max <= 1 ? 1 : extent.max) } : {}),
      ...(input.unit !== undefined && input.unit !== '%' && input.unit !== '天' ? { minInterval: 1 } : {}),
      splitLine: { lineStyle: { color: colors.grid } },
      axisLabel: { color: colors.text, fontSize, formatter: (v: number) => formatAxis(v) },
    },
    series: [
      {
        name: input.valueName,
        type: 'line',
        data: input.points.map((p) => p.value),
        symbol: 'circle',
        symbolSize: 5,
        showSymbol: input.points.length <= 16,
        connectNulls: false,
        lineStyle: { width: 2.5 },
        areaStyle: { opacity: 0.08 },
        z: 3,
      },
      ...(hasTarget
        ? [
            {
              name: input.targetName,
              type: 'line',
              data: input.points.map((p) => p.target),
              symbol: 'none',
              lineStyle: { width: 1.5, type: 'dashed' },
              z: 2,
            },
          ]
        : []),
    ],
  };
}
