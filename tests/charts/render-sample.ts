// Writes sample equity charts for a person to look at (not a test): `npx tsx tests/charts/render-sample.ts [dir]`.
// Curves are real ORCL and GOOG closes scaled to a $100,000 start, so the picture looks like a real run.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderEquityChart } from '../../src/charts/index.js';
import { loadRealSeries } from '../helpers/real-data.js';

const outDir = process.argv[2] ?? '/tmp';

function buyAndHold(symbol: 'ORCL' | 'GOOG', startUsd: number): { time: Float64Array; equity: Float64Array } {
  const s = loadRealSeries(symbol);
  const shares = startUsd / s.close[0]!;
  return { time: s.time, equity: s.close.map((c) => c * shares) };
}

const orcl = buyAndHold('ORCL', 100_000);
const goog = buyAndHold('GOOG', 100_000);

const samples: [string, Parameters<typeof renderEquityChart>[0]][] = [
  ['equity-sample.png', { title: 'Run r-42 · buy & hold ORCL', subtitle: `${orcl.time.length.toLocaleString('en-US')} daily bars, start $100,000`, series: [{ name: 'ORCL', ...orcl }] }],
  ['equity-compare-sample.png', { title: 'Compare a:r-42 b:r-43', subtitle: 'buy & hold, start $100,000', series: [{ name: 'a: ORCL', ...orcl }, { name: 'b: GOOG', ...goog }], simulated: true }],
  ['equity-empty-sample.png', { title: 'Run r-44', series: [{ name: 'empty', time: [], equity: [] }], width: 600, height: 300 }],
];

for (const [file, input] of samples) {
  const started = performance.now();
  const png = await renderEquityChart(input);
  writeFileSync(path.join(outDir, file), png);
  console.log(`${file}: ${png.length} bytes in ${(performance.now() - started).toFixed(0)} ms`);
}
