/** OHLCV columns, the writable shape shared by the generator's buffers and its output. */
export interface Columns {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export function createColumns(n: number): Columns {
  return {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
}

/** Writes bars `start..start+count-1` of `src` as one bar at `out[i]`: first open, max high, min low, last close, summed volume. */
export function aggregate(src: Columns, start: number, count: number, out: Columns, i: number): void {
  let h = -Infinity;
  let l = Infinity;
  let v = 0;
  for (let k = start; k < start + count; k++) {
    if (src.high[k]! > h) h = src.high[k]!;
    if (src.low[k]! < l) l = src.low[k]!;
    v += src.volume[k]!;
  }
  out.open[i] = src.open[start]!;
  out.high[i] = h;
  out.low[i] = l;
  out.close[i] = src.close[start + count - 1]!;
  out.volume[i] = v;
}

/** Copies bar `from` of `src` to bar `to` of `out`. */
export function copyBar(src: Columns, from: number, out: Columns, to: number): void {
  out.open[to] = src.open[from]!;
  out.high[to] = src.high[from]!;
  out.low[to] = src.low[from]!;
  out.close[to] = src.close[from]!;
  out.volume[to] = src.volume[from]!;
}
