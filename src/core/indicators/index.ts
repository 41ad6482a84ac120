// Fast indicator kernels: batch functions over typed arrays (full-length output, NaN during warm-up,
// entry i reads inputs 0..i only). Oracle-tested against technicalindicators. Inputs must be finite:
// running sums do not recover from a NaN, so gaps are the market-data layer's job. A bad period throws
// RangeError (a caller bug).
export { sma } from './sma.js';
export { ema } from './ema.js';
export { rsi } from './rsi.js';
export { atr } from './atr.js';
export { rollingStd } from './rolling-std.js';
export { bollinger, type BollingerBands } from './bollinger.js';
export { donchian, type DonchianChannel } from './donchian.js';
export { macd, type MacdLines } from './macd.js';
export { momentum } from './momentum.js';
