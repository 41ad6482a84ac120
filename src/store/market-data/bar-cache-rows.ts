// Rows of the bar cache <-> its domain: covered windows as JSON text, and merging fetched bars into a chunk's columns.
import { z } from 'zod';
import { TIMEFRAMES } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { BarRevision, TimeWindow } from '../../app/market-data/ports.js';
import type { BarColumns } from './bar-chunk-codec.js';

/** A row's timeframe and adjustment, checked on the way back in. */
export const keyFieldsSchema = z.object({ timeframe: z.enum(TIMEFRAMES), adjustment: z.enum(['split', 'raw']) });

const windowsSchema = z.array(z.tuple([z.number().int().nullable(), z.number().int()]));

/** -Infinity (from the first bar) is stored as null: JSON has no infinities. */
export const windowsToJson = (windows: readonly TimeWindow[]): string =>
  JSON.stringify(windows.map((w) => [Number.isFinite(w.from) ? w.from : null, w.to]));

export function windowsFromJson(text: string): Result<TimeWindow[]> {
  try {
    const parsed = windowsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return ok(parsed.data.map(([from, to]) => ({ from: from ?? -Infinity, to })));
  } catch {
    // not JSON: reported below
  }
  return fail('cache.corrupt', 'bar cache: covered windows are not a JSON list of [from, to] pairs');
}

export function emptyColumns(): BarColumns {
  const e = new Float64Array(0);
  return { length: 0, time: e, open: e, high: e, low: e, close: e, volume: e };
}

/** `cached` with `fresh` laid over it (a fresh bar replaces the cached one at its time), and the cached bars that changed. */
export function mergeColumns(cached: BarColumns, fresh: BarColumns): { merged: BarColumns; revisions: BarRevision[] } {
  const n = cached.length + fresh.length;
  const out = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  const revisions: BarRevision[] = [];
  const put = (src: BarColumns, i: number, k: number) => {
    out.time[k] = src.time[i]!;
    out.open[k] = src.open[i]!;
    out.high[k] = src.high[i]!;
    out.low[k] = src.low[i]!;
    out.close[k] = src.close[i]!;
    out.volume[k] = src.volume[i]!;
  };
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < cached.length || j < fresh.length) {
    const tc = i < cached.length ? cached.time[i]! : Infinity;
    const tf = j < fresh.length ? fresh.time[j]! : Infinity;
    if (tc < tf) put(cached, i++, k++);
    else {
      if (tc === tf) {
        const same = cached.open[i] === fresh.open[j] && cached.high[i] === fresh.high[j] && cached.low[i] === fresh.low[j] &&
          cached.close[i] === fresh.close[j] && cached.volume[i] === fresh.volume[j];
        if (!same) revisions.push({ time: tf, oldClose: cached.close[i]!, newClose: fresh.close[j]! });
        i++;
      }
      put(fresh, j++, k++);
    }
  }
  const cut = (a: Float64Array) => a.subarray(0, k);
  return { merged: { length: k, time: cut(out.time), open: cut(out.open), high: cut(out.high), low: cut(out.low), close: cut(out.close), volume: cut(out.volume) }, revisions };
}
