// /compare's tables: which settings differ between two runs, and their metrics side by side.
import { describeSizing, sizingSchema } from '../../core/engine/config.js';
import { canonicalJson } from './canonical-json.js';
import type { RunConfig } from './ports.js';
import { day, money, REPORT_METRICS, type RunMetrics } from './report-format.js';

export interface ConfigLine {
  readonly name: string;
  readonly a: string;
  readonly b: string;
}

function sizingOf(value: unknown): string {
  const s = sizingSchema.safeParse(value);
  return s.success ? describeSizing(s.data) : (canonicalJson(value) ?? 'not recorded');
}

const formatParams = (p: Readonly<Record<string, unknown>>): string =>
  Object.keys(p).sort().map((k) => `${k}=${canonicalJson(p[k]) ?? 'undefined'}`).join(', ') || 'none';

/** Every compared setting of both runs, as text, in a fixed order. */
export function configLines(a: RunConfig, b: RunConfig): ConfigLine[] {
  const fields: readonly [string, (c: RunConfig) => string][] = [
    ['strategy', (c) => `${c.strategy.id} ${c.strategy.version}`],
    ['params', (c) => formatParams(c.params)],
    ['symbols', (c) => c.symbols.join(',')],
    ['timeframe', (c) => c.timeframe],
    ['rule ids', (c) => c.ruleIds.join(',') || 'none'],
    ['rules hash', (c) => c.rulesHash.slice(0, 12)],
    ['data source', (c) => c.dataSource],
    ['data window', (c) => `${day(c.dataFrom)} .. ${day(c.dataTo)}`],
    ['sizing', (c) => sizingOf(c.sizing)],
    ['costs', (c) => (c.costs === null ? 'not recorded' : `commission ${c.costs.commissionRate}, slippage ${c.costs.slippageBps} bps`)],
    ['start cash', (c) => money(c.startCash)],
    ['code version', (c) => c.codeVersion ?? 'not recorded'],
  ];
  return fields.map(([name, show]) => ({ name, a: show(a), b: show(b) }));
}

/** Rows `metric | a | b | b - a`; the difference is blank where either side is undefined. */
export function metricRows(a: RunMetrics, b: RunMetrics): string[][] {
  return REPORT_METRICS.map((r) => {
    const x = r.value(a);
    const y = r.value(b);
    const diff = x === null || y === null ? '' : `${y - x >= 0 ? '+' : ''}${r.format(y - x)}`;
    return [r.name, r.format(x), r.format(y), diff];
  });
}
