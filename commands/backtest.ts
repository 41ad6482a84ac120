import { z } from 'zod';
import { TIMEFRAMES } from '../src/core/domain/bar.js';
import { ADJUSTMENTS, checkAdjustment, formatSourceSpec, parseSourceSpec } from '../src/core/domain/data-source.js';
import { DEFAULT_QUANT, parseSizing } from '../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../src/core/risk/gates.js';
import { STRATEGY_IDS } from '../src/core/strategies/registry.js';
import { backtest, iso } from '../src/app/backtest/backtest.js';
import { backtestRunRecord } from '../src/app/backtest/run-record.js';
import { backtestWindow } from '../src/app/backtest/window.js';
import { defineCommand } from '../src/app/chat/command.js';
import { chooseDataSource } from '../src/app/market-data/default-source.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply, type Reply } from '../src/app/chat/reply.js';
import { formatSizing } from '../src/core/engine/config.js';
import { ok } from '../src/core/domain/result.js';
import type { Rule } from '../src/core/risk/rules.js';
import { rulesInForce } from '../src/app/cards/run-card.js';
import { naNotes } from '../src/app/runs/report-format.js';
import { LIMITS } from '../src/core/limits.js';

const options = z.object({
  strategy: opt.oneOf(STRATEGY_IDS, 'strategy id (see /help)'),
  symbols: opt.symbols('symbols to trade, comma-separated'),
  from: opt.day('first day, YYYY-MM-DD (default: all of a file, 3 years of simulated data)').optional(),
  to: opt.day('last day, YYYY-MM-DD (default: the last closed bar)').optional(),
  timeframe: opt.oneOf(TIMEFRAMES, 'bar size (csv data is daily)').optional(),
  params: opt.pairs('strategy parameters as k=v,k2=v2').optional(),
  sizing: opt.string('risk, risk:<pct> or percent:<p>').optional(),
  cash: opt.number('starting cash', { gt: 0, max: LIMITS.maxCash }).optional(),
  data: opt.string('sim, csv (TRADEDESK_DATA_DIR), or providers tried in order per symbol: alpaca, polygon, yahoo, e.g. alpaca,yahoo (default: /settings data, else the desk\'s MARKET_DATA)', { max: 40 }).optional(),
  adjustment: opt.oneOf(ADJUSTMENTS, 'split: split-adjusted prices (default); raw: as traded. Real providers only, not sim or csv').optional(),
  rules: opt.oneOf(['workspace', 'none'], 'workspace: the workspace\'s active rules, as a run would trade (default); none: hard gates only').optional(),
});

export const backtestCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'backtest',
  description: 'Backtest a strategy and save it as a run so it can be compared',
  role: 'trader',
  slow: true,
  options,
  async run(ctx, o) {
    const sizing = parseSizing(o.sizing ?? 'risk');
    if (!sizing.ok) return errorReply(`/backtest: option 'sizing': ${sizing.error.message}`);
    const source = await chooseDataSource(ctx.deps, ctx.workspace, o.data);
    if (!source.ok) return errorReply(`/backtest: ${source.error.message}`);
    const spec = parseSourceSpec(source.value.source, source.value.origin === 'option' ? "option 'data'" : `the ${source.value.origin} default data source`);
    if (!spec.ok) return errorReply(`/backtest: ${spec.error.message}`);
    const adjustment = checkAdjustment(spec.value.kind, o.adjustment ?? 'split', 'adjustment:raw');
    if (!adjustment.ok) return errorReply(`/backtest: ${adjustment.error.message}`);
    const market = ctx.deps.marketData(formatSourceSpec(spec.value), { adjustment: adjustment.value });
    if (!market.ok) return errorReply(`/backtest: ${market.error.message}`);
    const timeframe = o.timeframe ?? '1d';
    const day = (s: string | undefined): number | undefined => (s === undefined ? undefined : Date.parse(`${s}T00:00:00Z`));
    const { from, to } = backtestWindow({ now: ctx.now(), timeframe, open: market.value.kind !== 'csv', fromDay: day(o.from), toDay: day(o.to) });
    if (from !== undefined && from > to) return errorReply('/backtest: from is after to');
    // The same rules a run started now would freeze, so a backtest answers "how would this have traded here".
    const rules = o.rules === 'none' ? ok<readonly Rule[]>([]) : await ctx.deps.activeRules(ctx.workspace);
    if (!rules.ok) return errorReply(`/backtest: could not read the workspace's rules: ${rules.error.message}`);
    const outcome = await backtest({ marketData: market.value, codeVersion: ctx.deps.codeVersion }, {
      strategyId: o.strategy,
      params: o.params ?? {},
      symbols: o.symbols,
      timeframe,
      from,
      to,
      startCash: o.cash ?? ctx.deps.defaults.startCash,
      sizing: sizing.value,
      costs: ctx.deps.defaults.costs,
      rules: rules.value,
      quant: DEFAULT_QUANT,
      gates: DEFAULT_GATE_LIMITS,
      gatesMode: 'enforce',
    });
    if (!outcome.ok) return errorReply(`/backtest: ${outcome.error.message}`);
    const saved = await ctx.deps.runs.saveBacktestRun(backtestRunRecord(outcome.value, ctx.workspace, ctx.actor.name));
    if (!saved.ok) return errorReply(`/backtest ran but could not be saved: ${saved.error.message}`);
    const o2 = outcome.value;
    const m = o2.result.metrics;
    const images = ctx.deps.renderEquityChart === undefined ? undefined : [{
      filename: `run-${saved.value.number}-equity.png`,
      alt: `Equity curve of Run #${saved.value.number}`,
      png: await ctx.deps.renderEquityChart({
        title: `Run #${saved.value.number}: ${o2.strategy.id} on ${o2.request.symbols.join(', ')}`,
        series: [{ name: `Run #${saved.value.number}`, time: o2.result.curve.time, equity: o2.result.curve.equity }],
        simulated: o2.simulated,
      }),
    }];
    const reply: Reply = {
      kind: 'ok',
      title: `Backtest saved as Run #${saved.value.number}`,
      text: [
        `${o2.strategy.id} (${Object.entries(o2.strategy.params).map(([k, v]) => `${k}=${String(v)}`).join(', ')}) on ${o2.request.symbols.join(', ')} [${timeframe}], sizing ${formatSizing(o2.request.sizing)}`,
        `data: ${o2.dataLabel}, ${iso(o2.firstBar).slice(0, 10)} .. ${iso(o2.lastBar).slice(0, 10)}, ${o2.result.bars} bars`,
        ...o2.warnings.map((w) => `warning: ${w}`),
      ].join('\n'),
      fields: [
        { name: 'End equity', value: money(m.endEquity), inline: true },
        { name: 'Return', value: pct(m.totalReturnPct), inline: true },
        { name: 'CAGR', value: m.cagrPct === null ? 'n/a' : pct(m.cagrPct), inline: true },
        { name: 'Sharpe', value: num(m.sharpe), inline: true },
        { name: 'Max drawdown', value: pct(m.maxDrawdownPct), inline: true },
        { name: 'Trades', value: `${m.trades} (win ${pct(m.winRatePct)})`, inline: true },
        { name: 'Blocked', value: Object.entries(m.blockedBy).map(([k, v]) => `${k} ${v}`).join(', ') || 'none' },
        { name: 'Rules', value: rulesLine(o.rules ?? 'workspace', o2.request.rules) },
        ...naNotes(m, ['Sharpe', 'CAGR']).map((note) => ({ name: 'Note', value: note })),
      ],
      ...(images === undefined ? {} : { images }),
    };
    return reply;
  },
});

/** Which rules the backtest ran with, and where they came from. */
function rulesLine(source: 'workspace' | 'none', rules: readonly Rule[]): string {
  if (source === 'none') return 'none (rules:none: hard gates only)';
  return rules.length === 0 ? 'none: the workspace has no active rules (hard gates only)' : `${rulesInForce(rules)}: the workspace's active rules`;
}

const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x: number): string => `${x.toFixed(2)}%`;
const num = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
