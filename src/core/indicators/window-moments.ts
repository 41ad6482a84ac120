/**
 * Mean and sum of squared deviations (m2) of a sliding window, for the rolling std kernel.
 *
 * `slide` is a Welford-style remove/add step: it never forms sum(x^2) - n*mean^2, so it does not cancel
 * catastrophically on prices ~1e5. The window sum is kept with Neumaier compensation so the mean carries
 * a single rounding instead of drifting. Rounding still reaches m2 a little every step, and that matters
 * when the true std is near 0 (e.g. a flat window after a jump): the sqrt magnifies any residue. So
 * `slide` also tracks a bound on the accumulated error and asks for an exact two-pass `resum` when it
 * could move the std by more than 1e-10 (absolute below 1, relative above), and after
 * `resumInterval(period)` steps anyway. On market data that is O(1) amortised per bar; a window that
 * stays nearly (but not exactly) flat can trigger a resum per bar, O(period) each.
 */
const EPS = Number.EPSILON;
const TOLERANCE = 1e-10;

/** Steps between unconditional re-summations: at least `period` keeps the amortised cost O(1). */
export function resumInterval(period: number): number {
  return Math.max(period, 256);
}

export class WindowMoments {
  mean = 0;
  m2 = 0;
  private sum = 0;
  private compensation = 0;
  private errM2 = 0;
  private sinceResum = 0;
  private readonly every: number;

  constructor(readonly period: number) {
    this.every = resumInterval(period);
  }

  /** Exact two-pass moments of the `period` values of `buf` starting at `first`. */
  resum(buf: ArrayLike<number>, first: number): void {
    const p = this.period;
    const end = first + p;
    // Compensated first pass: a plainly summed mean can be off by ~period roundings, and that error
    // would leak into every later `slide`.
    let sum = 0;
    let compensation = 0;
    for (let k = first; k < end; k++) {
      const x = buf[k]!;
      const t = sum + x;
      compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      sum = t;
    }
    const mean = (sum + compensation) / p;
    let m2 = 0;
    for (let k = first; k < end; k++) {
      const d = buf[k]! - mean;
      m2 += d * d;
    }
    this.sum = sum;
    this.compensation = compensation;
    this.mean = mean;
    this.m2 = m2;
    this.errM2 = p * EPS * m2;
    this.sinceResum = 0;
  }

  /** Replaces `old` by `value`; returns true when the caller must `resum` before reading `m2`. */
  slide(value: number, old: number): boolean {
    const p = this.period;
    const delta = value - old;
    // Neumaier: `compensation` collects what each addition to `sum` rounded away.
    const sum = this.sum;
    const t = sum + delta;
    this.compensation += Math.abs(sum) >= Math.abs(delta) ? sum - t + delta : delta - t + sum;
    this.sum = t;
    const nextMean = (t + this.compensation) / p;
    const term = delta * (value - nextMean + (old - this.mean));
    let m2 = this.m2 + term;
    if (m2 < 0) m2 = 0;
    this.mean = nextMean;
    this.m2 = m2;
    // Both means are within a few roundings of exact, and m2 sees them through `delta`; then this
    // step's own roundings of the product and the addition.
    this.errM2 += EPS * (4 * Math.abs(delta) * Math.abs(nextMean) + 3 * Math.abs(term) + m2);
    // Allowed m2 error for the std to move by TOLERANCE: relative when std > 1, else absolute (p * std).
    const allowed = TOLERANCE * (m2 > p ? m2 : Math.sqrt(m2 * p));
    return ++this.sinceResum >= this.every || this.errM2 > allowed;
  }
}
