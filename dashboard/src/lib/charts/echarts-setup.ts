// The ECharts build the dashboard uses: only the line chart and the components it needs.
// Import this module dynamically and only in the browser (see load-echarts.ts); it touches `window`.
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
