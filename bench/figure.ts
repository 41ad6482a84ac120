/** One benchmark measurement; bench/run.ts prints one JSON line per figure. */
export type BenchFigure = { name: string; value: number; unit: string; [k: string]: unknown };
