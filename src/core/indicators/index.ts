// Fast indicator kernels: batch functions over typed arrays (full-length output, NaN during warm-up,
// entry i reads inputs 0..i only) and O(1) streaming counterparts that return bit-identical numbers.
// Oracle-tested against technicalindicators. Inputs must be finite: running sums do not recover from a
// NaN, so gaps are the market-data layer's job. A bad period throws RangeError (a caller bug).
export { sma, createSmaStream, type SmaStream } from './sma.js';
export { ema, createEmaStream, type EmaStream } from './ema.js';
export { rsi, createRsiStream, type RsiStream } from './rsi.js';
export { atr, createAtrStream, type AtrStream } from './atr.js';
export { rollingStd, createRollingStdStream, type RollingStdStream } from './rolling-std.js';
export {
  bollinger,
  createBollingerStream,
  type BollingerBands,
  type BollingerPoint,
  type BollingerStream,
} from './bollinger.js';
export {
  donchian,
  createDonchianStream,
  type DonchianChannel,
  type DonchianPoint,
  type DonchianStream,
} from './donchian.js';
export { macd, createMacdStream, type MacdLines, type MacdPoint, type MacdStream } from './macd.js';
export { momentum } from './momentum.js';
