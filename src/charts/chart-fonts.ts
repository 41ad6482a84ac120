// The one font every chart uses, shipped inside an npm package so labels render on machines with no system
// fonts. Arimo is metrically compatible with Arial, whose glyph widths ECharts assumes when it lays text out
// without a canvas, so label boxes and legend spacing match what is drawn.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CHART_FONT_FAMILY = 'Arimo';

export const CHART_FONT_FILES: readonly string[] = [
  require.resolve('@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf'),
  require.resolve('@expo-google-fonts/arimo/700Bold/Arimo_700Bold.ttf'),
];
