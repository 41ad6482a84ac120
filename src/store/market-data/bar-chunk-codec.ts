// One calendar period of a cached series as one row: six little-endian f64 columns (time, open, high, low, close,
// volume) of `count` bars. The data is outside input on the way back in, so decoding checks its length, its times
// and that every value is finite.
import type { BarSeries, Timeframe } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';

export const BAR_CHUNK_VERSION = 1;
const COLUMNS = 6;

/** Columns of bars, oldest first: what a chunk holds and what the cache assembles series from. */
export type BarColumns = Omit<BarSeries, 'symbol' | 'timeframe'>;

const columnsOf = (c: BarColumns): Float64Array[] => [c.time, c.open, c.high, c.low, c.close, c.volume];

/**
 * The start (epoch ms UTC) of the chunk a bar at `time` belongs to: a year of daily bars (~250), a month of
 * intraday bars (up to ~9,000 five-minute crypto bars), a day of minutes.
 */
export function chunkStart(time: number, timeframe: Timeframe): number {
  const d = new Date(time);
  if (timeframe === '1d') return Date.UTC(d.getUTCFullYear(), 0, 1);
  if (timeframe === '1m') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The start of the chunk after the one starting at `start`. */
export function nextChunkStart(start: number, timeframe: Timeframe): number {
  const d = new Date(start);
  if (timeframe === '1d') return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  if (timeframe === '1m') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export function encodeBarChunk(bars: BarColumns): Uint8Array<ArrayBuffer> {
  const n = bars.length;
  const buffer = new ArrayBuffer(n * COLUMNS * 8);
  columnsOf(bars).forEach((col, c) => new Float64Array(buffer, c * n * 8, n).set(col.subarray(0, n)));
  return new Uint8Array(buffer);
}

/** The chunk's bars, or `cache.corrupt` naming what is wrong. */
export function decodeBarChunk(version: number, count: number, data: Uint8Array, range: { readonly start: number; readonly end: number }): Result<BarColumns> {
  const bad = (why: string) => fail('cache.corrupt', `bar cache chunk ${new Date(range.start).toISOString().slice(0, 10)}: ${why}`);
  if (version !== BAR_CHUNK_VERSION) return bad(`version ${version} is not one this desk reads (${BAR_CHUNK_VERSION})`);
  if (!Number.isSafeInteger(count) || count < 0) return bad(`bad bar count ${count}`);
  if (data.length !== count * COLUMNS * 8) return bad(`${data.length} bytes do not hold ${count} bars`);
  // Typed-array views need aligned offsets: a BLOB read by better-sqlite3 has its own memory (offset 0); anything
  // else unaligned is copied once.
  let buffer: ArrayBufferLike = data.buffer;
  let offset = data.byteOffset;
  if (offset % 8 !== 0) {
    buffer = new ArrayBuffer(data.length);
    new Uint8Array(buffer).set(data);
    offset = 0;
  }
  const [time, open, high, low, close, volume] = Array.from({ length: COLUMNS }, (_, c) => new Float64Array(buffer, offset + c * count * 8, count)) as [
    Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
  ];
  let previous = range.start - 1;
  for (let i = 0; i < count; i++) {
    const t = time[i]!;
    if (!(t > previous && t < range.end) || !Number.isSafeInteger(t)) return bad(`bar ${i} has a time out of order or outside the chunk`);
    previous = t;
    if (!(Number.isFinite(open[i]!) && Number.isFinite(high[i]!) && Number.isFinite(low[i]!) && Number.isFinite(close[i]!) && Number.isFinite(volume[i]!))) {
      return bad(`bar ${i} has a number that is not finite`);
    }
  }
  return ok({ length: count, time, open, high, low, close, volume });
}
