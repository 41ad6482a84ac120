import { describe, expect, it } from 'vitest';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { deriveProfile } from '../../../src/market-data/sim/symbol-profile.js';
import { bars, utc } from './sim-helpers.js';

const SEED = 42;
const md = createSimMarketData({ seed: SEED });
const SYMBOLS = ['AAPL', 'MSFT', 'XOM', 'GME', 'SPY', 'EURUSD', 'BTC/USD', 'ZZZZ'];
const TEN_YEARS: [number, number] = [utc(2010, 1, 1), utc(2019, 12, 31)];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('simulated market statistics', () => {
  it.each(SYMBOLS)('%s has a profile in the documented ranges', (symbol) => {
    const p = deriveProfile(SEED, symbol);
    expect(p.startPrice).toBeGreaterThanOrEqual(10);
    expect(p.startPrice).toBeLessThanOrEqual(500);
    expect(p.annualVol).toBeGreaterThanOrEqual(0.15);
    expect(p.annualVol).toBeLessThanOrEqual(0.6);
  });

  it.each(SYMBOLS)('%s starts at its profile price on 2000-01-01', async (symbol) => {
    const first = await bars(md, symbol, '1d', undefined, utc(2000, 1, 1));
    expect(first.open[0]).toBeCloseTo(deriveProfile(SEED, symbol).startPrice, 9);
  });

  it.each(SYMBOLS)('%s daily log returns have an annualised vol near its base vol', async (symbol) => {
    const s = await bars(md, symbol, '1d', ...TEN_YEARS);
    const r: number[] = [];
    for (let i = 1; i < s.length; i++) r.push(Math.log(s.close[i]! / s.close[i - 1]!));
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const vol = Math.sqrt((r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1)) * 365);
    const base = deriveProfile(SEED, symbol).annualVol;
    expect(vol / base).toBeGreaterThan(0.6);
    expect(vol / base).toBeLessThan(1.8);
  });

  it.each(SYMBOLS)('%s has overnight gaps at 00:00 UTC on most days', async (symbol) => {
    const s = await bars(md, symbol, '1d', ...TEN_YEARS);
    const dailySigma = deriveProfile(SEED, symbol).annualVol / Math.sqrt(365);
    let big = 0;
    for (let i = 1; i < s.length; i++) if (Math.abs(Math.log(s.open[i]! / s.close[i - 1]!)) > 0.25 * dailySigma) big++;
    expect(big).toBeGreaterThan(s.length / 4);
  });

  it('has at least one jump in ten years: a 5m move far beyond any diffusion step', async () => {
    const s = await bars(md, 'AAPL', '5m', ...TEN_YEARS);
    const moves: number[] = [];
    for (let i = 0; i < s.length; i++) moves.push(Math.abs(Math.log(s.close[i]! / s.open[i]!)));
    const typical = median(moves);
    const jumps = moves.filter((m) => m > 25 * typical).length;
    expect(jumps).toBeGreaterThanOrEqual(1);
    expect(jumps).toBeLessThan(100); // jumps are rare events, not a fat body
  });

  it('trades more at the start and end of the UTC day than at midday (U-shaped volume)', async () => {
    const s = await bars(md, 'MSFT', '1h', utc(2019, 1, 1), utc(2019, 12, 31, 23));
    const byHour = new Array<number>(24).fill(0);
    for (let i = 0; i < s.length; i++) byHour[new Date(s.time[i]!).getUTCHours()]! += s.volume[i]!;
    const edges = byHour[0]! + byHour[23]!;
    const middle = byHour[11]! + byHour[12]!;
    expect(edges / middle).toBeGreaterThan(1.8);
  });

  it('trades more on volatile days', async () => {
    const s = await bars(md, 'GME', '1d', ...TEN_YEARS);
    const days = Array.from({ length: s.length }, (_, i) => ({ range: Math.log(s.high[i]! / s.low[i]!), volume: s.volume[i]! }));
    days.sort((a, b) => a.range - b.range);
    const tenth = Math.floor(days.length / 10);
    const mean = (xs: typeof days): number => xs.reduce((a, d) => a + d.volume, 0) / xs.length;
    expect(mean(days.slice(-tenth))).toBeGreaterThan(1.5 * mean(days.slice(0, tenth)));
  });

  it('switches between calm and turbulent regimes (rolling vol varies widely)', async () => {
    const s = await bars(md, 'SPY', '1d', ...TEN_YEARS);
    const vols: number[] = [];
    for (let start = 1; start + 30 < s.length; start += 30) {
      let sum = 0;
      for (let i = start; i < start + 30; i++) sum += Math.log(s.close[i]! / s.close[i - 1]!) ** 2;
      vols.push(Math.sqrt(sum / 30));
    }
    vols.sort((a, b) => a - b);
    expect(vols[vols.length - 3]! / vols[2]!).toBeGreaterThan(1.8);
  });
});
