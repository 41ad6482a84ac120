/** One benchmark measurement; bench/run.ts prints one JSON line per figure. */
export type BenchFigure = { name: string; value: number; unit: string; [k: string]: unknown };

/** The value at quantile q of ascending `sorted`. */
export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
export const round2 = (x: number): number => Math.round(x * 100) / 100;
