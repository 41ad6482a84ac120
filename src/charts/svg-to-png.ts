// resvg (Rust, prebuilt inside its npm platform package) rasterises the SVG; renderAsync runs it on libuv's
// thread pool so a chart does not block the event loop a bot or scheduler shares.
import { renderAsync } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY, CHART_FONT_FILES } from './chart-fonts.js';

export async function svgToPng(svg: string): Promise<Uint8Array> {
  const image = await renderAsync(svg, {
    font: {
      // Only the shipped font: the image must not depend on which fonts the host happens to have.
      loadSystemFonts: false,
      fontFiles: [...CHART_FONT_FILES],
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    background: '#ffffff',
  });
  return image.asPng();
}
