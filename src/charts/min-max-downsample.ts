/**
 * Min/max bucketing: keeps the first and last points and, for each bucket of consecutive points, the lowest and
 * the highest one (in time order). Unlike averaging or LTTB it never hides a drawdown's trough or a peak, which
 * is what a reader of an equity curve looks for, and it is one O(n) pass.
 */
export interface Downsampled {
  readonly time: Float64Array;
  readonly values: Float64Array;
}

export function minMaxDownsample(time: Float64Array, values: Float64Array, maxPoints: number): Downsampled {
  const n = values.length;
  if (!Number.isInteger(maxPoints) || maxPoints < 4) throw new RangeError(`maxPoints must be an integer >= 4, got ${maxPoints}`);
  if (n <= maxPoints) return { time, values };

  const inner = n - 2; // points between the always-kept first and last
  const buckets = Math.floor((maxPoints - 2) / 2);
  const outTime = new Float64Array(maxPoints);
  const outValues = new Float64Array(maxPoints);
  let k = 0;
  const keep = (i: number): void => {
    outTime[k] = time[i]!;
    outValues[k] = values[i]!;
    k++;
  };

  keep(0);
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (start >= end) continue;
    let iMin = start;
    let iMax = start;
    for (let i = start + 1; i < end; i++) {
      const v = values[i]!;
      if (v < values[iMin]!) iMin = i;
      else if (v > values[iMax]!) iMax = i;
    }
    if (iMin === iMax) keep(iMin);
    else if (iMin < iMax) {
      keep(iMin);
      keep(iMax);
    } else {
      keep(iMax);
      keep(iMin);
    }
  }
  keep(n - 1);
  return { time: outTime.subarray(0, k), values: outValues.subarray(0, k) };
}
