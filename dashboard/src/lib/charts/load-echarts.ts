// Client-only, memoised dynamic import of the ECharts bundle, so it never runs during SSR and is
// fetched once however many charts a page has.
let loading: Promise<typeof import('./echarts-setup')['echarts']> | null = null;

export function loadEcharts(): Promise<typeof import('./echarts-setup')['echarts']> {
  loading ??= import('./echarts-setup').then((m) => m.echarts);
  return loading;
}
