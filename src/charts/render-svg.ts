// ECharts server-side rendering: a chart with no DOM, drawn by the SVG renderer to a string.
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';

// The CommonJS build is one pre-bundled file that loads in ~0.1 s; the ESM entry pulls in hundreds of modules
// (~0.5 s). Loaded on first use so importing src/charts costs nothing until a chart is drawn.
const require = createRequire(import.meta.url);
let echarts: typeof Echarts | undefined;

function loadEcharts(): typeof Echarts {
  if (echarts !== undefined) return echarts;
  const loaded: typeof Echarts = require('echarts'); // require() is untyped: the type comes from `import type`
  echarts = loaded;
  return loaded;
}

export function renderOptionToSvg(option: Echarts.EChartsOption, widthPx: number, heightPx: number): string {
  const chart = loadEcharts().init(null, null, { renderer: 'svg', ssr: true, width: widthPx, height: heightPx });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
