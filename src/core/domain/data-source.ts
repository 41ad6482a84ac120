/**
 * Where bars come from, as people name it: `sim` (the simulated market), `csv` (the configured folder of CSV files)
 * or a list of real providers tried in order for each symbol (`alpaca,yahoo`). The simulated market never joins a
 * list: a real-data request must never be answered with made-up prices.
 */
import { quoteInput } from './quote-input.js';
import { fail, ok, type Result } from './result.js';

export const PROVIDERS = ['alpaca', 'polygon', 'yahoo'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
export type DataSourceName = 'sim' | 'csv' | ProviderName;

export type DataSourceSpec =
  | { readonly kind: 'sim' }
  | { readonly kind: 'csv' }
  | { readonly kind: 'providers'; readonly chain: readonly ProviderName[] };

export const isProviderName = (x: string): x is ProviderName => (PROVIDERS as readonly string[]).includes(x);

const NAMES = `sim, csv, ${PROVIDERS.join(', ')}`;

/** `sim`, `csv`, or a comma-separated list of providers (no repeats), e.g. `alpaca,yahoo`. */
export function parseSourceSpec(text: string, what = 'data'): Result<DataSourceSpec> {
  const names = text.split(',').map((s) => s.trim().toLowerCase());
  if (names.some((n) => n === '')) return fail('data.source', `${what} ${quoteInput(text)}: an empty name in the list (expected ${NAMES})`);
  if (names.length === 1 && (names[0] === 'sim' || names[0] === 'csv')) return ok({ kind: names[0] });
  const chain: ProviderName[] = [];
  for (const n of names) {
    if (n === 'sim' || n === 'csv') {
      return fail('data.source', `${what} ${quoteInput(text)}: ${n} cannot be part of a list of providers (a real-data request is never answered with ${n === 'sim' ? 'simulated' : 'CSV'} bars); give it alone`);
    }
    if (!isProviderName(n)) return fail('data.source', `${what} ${quoteInput(text)}: unknown source ${quoteInput(n)} (expected ${NAMES})`);
    if (chain.includes(n)) return fail('data.source', `${what} ${quoteInput(text)}: ${n} is listed twice`);
    chain.push(n);
  }
  return ok({ kind: 'providers', chain });
}

/** True for a stored source naming real providers (`yahoo`, `alpaca,yahoo`), false for `sim` and `csv`. */
export function isProviderSource(source: string): boolean {
  const spec = parseSourceSpec(source);
  return spec.ok && spec.value.kind === 'providers';
}

export function formatSourceSpec(spec: DataSourceSpec): string {
  return spec.kind === 'providers' ? spec.chain.join(',') : spec.kind;
}

/**
 * How a real provider's prices are adjusted: `split` (the default: prices before a split divided by its ratio, volumes
 * multiplied, no dividend adjustment) or `raw` (as traded). Two different series, cached apart.
 */
export const ADJUSTMENTS = ['split', 'raw'] as const;
export type Adjustment = (typeof ADJUSTMENTS)[number];

export const isAdjustment = (x: string): x is Adjustment => (ADJUSTMENTS as readonly string[]).includes(x);

/** `split` or `raw` (any case); `what` names the option in the one-line error (`--adjustment`, `option 'adjustment'`). */
export function parseAdjustment(text: string, what = 'adjustment'): Result<Adjustment> {
  const a = text.trim().toLowerCase();
  return isAdjustment(a) ? ok(a) : fail('data.adjustment', `${what} ${quoteInput(text)}: expected ${ADJUSTMENTS.join(' or ')}`);
}

/**
 * Only real providers adjust their prices: raw bars asked of the simulated market or of CSV files are refused rather
 * than silently the same bars. `given` is the option as typed (`--adjustment raw`, `adjustment:raw`).
 */
export function checkAdjustment(kind: DataSourceSpec['kind'], adjustment: Adjustment, given = 'adjustment raw'): Result<Adjustment> {
  if (adjustment === 'split' || kind === 'providers') return ok(adjustment);
  const source = kind === 'sim' ? 'the simulated market' : 'CSV data';
  return fail('data.adjustment', `${given}: ${source} has no split adjustment to undo (raw prices come from ${PROVIDERS.join(', ')})`);
}
