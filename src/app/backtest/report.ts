import type { BacktestOutcome } from './backtest.js';
import { iso } from './backtest.js';
import { formatSizing } from '../../core/engine/config.js';
import { naNotes } from '../runs/report-format.js';

const cents = (x: number): number => Math.round(x * 100) / 100;
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
/** Prices keep their precision but lose float noise (2.1790120000000003 -> 2.179012). */
const px = (x: number): number => Math.round(x * 1e6) / 1e6;
const nullable = (x: number | null, f: (v: number) => number): number | null => (x === null ? null : f(x));

/** The `--json` document: stable field names, ISO times, money in the account currency rounded to the cent. */
export function backtestJson(o: BacktestOutcome, saved: { number: number } | null): Record<string, unknown> {
  const m = o.result.metrics;
  return {
    strategy: o.strategy.id,
    strategyVersion: o.strategy.version,
    params: o.strategy.params,
    symbols: o.request.symbols,
    timeframe: o.request.timeframe,
    from: iso(o.firstBar),
    to: iso(o.lastBar),
    bars: o.result.bars,
    data: { source: o.dataLabel, simulated: o.simulated, sources: o.sources, ...(o.adjustment === null ? {} : { adjustment: o.adjustment }) },
    sizing: formatSizing(o.request.sizing),
    commission: o.request.costs.commissionRate,
    slippageBps: o.request.costs.slippageBps,
    gates: o.request.gatesMode,
    quant: o.request.quant.enabled,
    rules: o.request.rules,
    rulesHash: o.rulesHash,
    metrics: {
      startEquity: cents(m.startEquity),
      endEquity: cents(m.endEquity),
      totalReturnPct: r4(m.totalReturnPct),
      cagrPct: nullable(m.cagrPct, r4),
      cagrNote: m.cagrNote,
      sharpe: nullable(m.sharpe, r4),
      sharpeNote: m.sharpeNote,
      sortino: nullable(m.sortino, r4),
      sortinoNote: m.sortinoNote,
      periodsPerYear: nullable(m.periodsPerYear, r4),
      maxDrawdownPct: r4(m.maxDrawdownPct),
      trades: m.trades,
      winRatePct: r4(m.winRatePct),
      profitFactor: nullable(m.profitFactor, r4),
      expectancy: cents(m.expectancy),
      avgWin: cents(m.avgWin),
      avgLoss: cents(m.avgLoss),
      exposurePct: r4(m.exposurePct),
      blockedBy: m.blockedBy,
    },
    trades: o.result.trades.map((t) => ({
      symbol: t.symbol,
      side: t.side,
      qty: t.qty,
      entryTime: iso(t.entryTime),
      entryPrice: px(t.entryPrice),
      exitTime: iso(t.exitTime),
      exitPrice: px(t.exitPrice),
      pnl: cents(t.pnl),
      commission: cents(t.commission),
      exitReason: t.exitReason,
    })),
    openPositions: o.result.openPositions.map((p) => ({
      symbol: p.symbol,
      side: p.side,
      qty: p.qty,
      entryTime: iso(p.entryTime),
      entryPrice: px(p.entryPrice),
      marketPrice: px(p.marketPrice),
      unrealizedPnl: cents(p.unrealizedPnl),
    })),
    blocked: o.result.blocked.map((b) => ({
      time: iso(b.time),
      symbol: b.symbol,
      by: b.by,
      reason: b.reason,
      observed: b.observed === null ? null : r4(b.observed),
      limit: b.limit,
      shadow: b.shadow,
      repeats: b.repeats ?? 0,
      lastTime: iso(b.lastTime ?? b.time),
    })),
    events: o.result.events.map((e) => ({ time: iso(e.time), kind: e.kind, message: e.message })),
    warnings: o.warnings,
    run: saved,
  };
}

const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x: number | null): string => (x === null ? 'n/a' : `${x.toFixed(2)}%`);
const num = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
const day = (ms: number): string => iso(ms).slice(0, 10);

/** The compact human summary printed by `tradedesk backtest`. */
export function backtestText(o: BacktestOutcome, saved: { number: number } | null): string {
  const m = o.result.metrics;
  const params = Object.entries(o.strategy.params).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  const lines: string[] = [];
  lines.push(`backtest  ${o.strategy.id} (${params}) on ${o.request.symbols.join(', ')} [${o.request.timeframe}]`);
  // Every provider's label says raw prices when they are; a source whose label does not is told here.
  const raw = o.adjustment === 'raw' && !o.dataLabel.includes('raw prices') ? ' (raw prices)' : '';
  lines.push(`data      ${o.dataLabel}${raw}: ${day(o.firstBar)} .. ${day(o.lastBar)}, ${o.result.bars} bars`);
  const served = Object.entries(o.sources);
  // With a provider list, say which one served each symbol (one source for all is already in the label).
  if (new Set(served.map(([, p]) => p)).size > 1) lines.push(`sources   ${served.map(([s, p]) => `${s}: ${p}`).join(', ')}`);
  lines.push(`setup     sizing ${formatSizing(o.request.sizing)}, commission ${o.request.costs.commissionRate}, slippage ${o.request.costs.slippageBps} bps, gates ${o.request.gatesMode}, quant ${o.request.quant.enabled ? 'on' : 'off'}, ${o.request.rules.length} rule(s)`);
  lines.push('');
  const rows: [string, string, string, string][] = [
    ['start equity', money(m.startEquity), 'trades', String(m.trades)],
    ['end equity', money(m.endEquity), 'win rate', pct(m.winRatePct)],
    ['total return', pct(m.totalReturnPct), 'profit factor', num(m.profitFactor)],
    ['CAGR', pct(m.cagrPct), 'expectancy', money(m.expectancy)],
    ['Sharpe', num(m.sharpe), 'avg win', money(m.avgWin)],
    ['Sortino', num(m.sortino), 'avg loss', money(m.avgLoss)],
    ['max drawdown', pct(m.maxDrawdownPct), 'exposure', pct(m.exposurePct)],
  ];
  for (const [a, b, c, d] of rows) lines.push(`  ${a.padEnd(14)}${b.padStart(16)}    ${c.padEnd(14)}${d.padStart(12)}`);
  for (const note of naNotes(m)) lines.push(`note      ${note}`);
  const blocked = Object.entries(m.blockedBy);
  lines.push('');
  lines.push(blocked.length === 0 ? 'blocked   none' : `blocked   ${blocked.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const p of o.result.openPositions) {
    lines.push(`open      ${p.symbol} ${p.side} ${p.qty} @ ${p.entryPrice.toFixed(2)} since ${day(p.entryTime)}, marked ${p.marketPrice.toFixed(2)} (unrealised ${money(p.unrealizedPnl)})`);
  }
  for (const e of o.result.events) lines.push(`${e.kind === 'halt' ? 'halted' : 'error'}    ${day(e.time)}: ${e.message}`);
  for (const w of o.warnings) lines.push(`warning   ${w}`);
  if (o.simulated) lines.push('note      simulated market data: not real prices');
  if (saved !== null) lines.push(`saved     as Run #${saved.number}`);
  return lines.join('\n');
}
