// Report charts as SVG markup, rendered by ECharts' server-side renderer (no DOM, no animation),
// so the printed page holds finished charts the moment it is served — on the server or in the
// browser alike.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

const FONT = "'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif";

/** A chart option drawn to an SVG string of the given size. */
export function svgChart(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT, fontSize: 11 }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Scores as horizontal bars, best at the top. */
export function scoreBars(rows: { nameZh: string; score: number | null }[], width: number): string {
  const shown = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score!);
  const height = Math.max(120, 40 + shown.length * 16);
  return svgChart({
    grid: { left: 120, right: 40, top: 10, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', inverse: true, data: shown.map((r) => r.nameZh), axisLabel: { fontSize: 10 } },
    series: [{ type: 'bar', data: shown.map((r) => r.score), barMaxWidth: 10, itemStyle: { color: '#1d4f91' },
      label: { show: true, position: 'right', fontSize: 9, formatter: (p: { value: number }) => p.value.toFixed(1) } }],
  }, width, height);
}

/** A series against its target trajectory. */
export function trendLines(labels: string[], values: (number | null)[], targets: (number | null)[], format: (v: number) => string, names: [string, string], width: number): string {
  return svgChart({
    grid: { left: 70, right: 20, top: 30, bottom: 28 },
    legend: { top: 0, data: names },
    xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 9 } },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: format } },
    series: [
      { name: names[0], type: 'line', data: values, itemStyle: { color: '#1d4f91' }, symbolSize: 4 },
      { name: names[1], type: 'line', data: targets, itemStyle: { color: '#b3261e' }, lineStyle: { type: 'dashed' }, symbolSize: 0 },
    ],
  }, width, 220);
}
