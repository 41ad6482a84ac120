import { z } from 'zod';
import { TIMEFRAMES } from '../../src/core/domain/bar.js';
import { ADJUSTMENTS } from '../../src/core/domain/data-source.js';
import { parseSizing } from '../../src/core/engine/config.js';
import { STRATEGY_IDS } from '../../src/core/strategies/registry.js';
import { defineCommand } from '../../src/app/chat/command.js';
import { chooseDataSource } from '../../src/app/market-data/default-source.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { startRun, type StartRunInput } from '../../src/app/runs/start-run.js';
import { requestLiveStart } from '../../src/app/runs/live-start.js';
import type { ApprovalRequests } from '../../src/app/workspace/ports.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { runButtons, runFields } from '../../src/app/cards/run-card.js';
import { LIMITS } from '../../src/core/limits.js';
import { BROKER_NAMES } from '../../src/core/runs/run-broker.js';
import { withBroker } from '../../src/core/runs/notification-events.js';

const options = z.object({
  strategy: opt.oneOf(STRATEGY_IDS, 'strategy id (see /help)'),
  symbols: opt.symbols('symbols to trade, comma-separated'),
  mode: opt.oneOf(['paper', 'live'], 'paper (default); live trading is not available yet').optional(),
  timeframe: opt.oneOf(TIMEFRAMES, 'bar size (default 1d)').optional(),
  params: opt.pairs('strategy parameters as k=v,k2=v2').optional(),
  cash: opt.number('starting cash', { gt: 0, max: LIMITS.maxCash }).optional(),
  sizing: opt.string('risk, risk:<pct> or percent:<p>').optional(),
  data: opt.string('sim, csv (TRADEDESK_DATA_DIR), or providers tried in order per symbol: alpaca, polygon, yahoo, e.g. alpaca,yahoo (default: /settings data, else the desk\'s MARKET_DATA)', { max: 40 }).optional(),
  adjustment: opt.oneOf(ADJUSTMENTS, 'split: split-adjusted prices (default); raw: as traded. Real providers only, not sim or csv').optional(),
  broker: opt.oneOf(BROKER_NAMES, 'paper: the desk\'s internal broker (default); alpaca: your Alpaca account (needs data:alpaca or another provider)').optional(),
});

export const runStartCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'run start',
  description: 'Start a numbered paper run of a strategy; the scheduler trades it at every bar close',
  role: 'trader',
  options,
  async run(ctx, o) {
    if (o.mode === 'live') return errorReply('/run start: live trading is not available yet; use mode:paper');
    const halted = await ctx.deps.workspaceAdmin.killSwitch(ctx.workspace);
    if (!halted.ok) return errorReply(`/run start: ${halted.error.message}`);
    if (halted.value !== null) return errorReply(`/run start: the desk is halted (${halted.value.reason}); an admin lifts it with /resume-all`);
    const sizing = o.sizing === undefined ? undefined : parseSizing(o.sizing);
    if (sizing !== undefined && !sizing.ok) return errorReply(`/run start: option 'sizing': ${sizing.error.message}`);
    const source = await chooseDataSource(ctx.deps, ctx.workspace, o.data);
    if (!source.ok) return errorReply(`/run start: ${source.error.message}`);
    const input: StartRunInput = {
      workspace: ctx.workspace,
      actor: ctx.actor,
      channelId: ctx.channelId,
      strategyId: o.strategy,
      params: o.params ?? {},
      symbols: o.symbols,
      timeframe: o.timeframe ?? '1d',
      dataSource: source.value.source,
      ...(o.adjustment === undefined ? {} : { adjustment: o.adjustment }),
      ...(o.broker === undefined ? {} : { broker: o.broker }),
      ...(o.cash === undefined ? {} : { cash: o.cash }),
      ...(sizing === undefined ? {} : { sizing: sizing.value }),
      now: ctx.now(),
    };
    const started = await startRun({ ...ctx.deps, store: ctx.deps.runStore }, input);
    // A live account: nothing starts now; the four-eyes request waits for a second admin.
    if (!started.ok && started.error.code === 'run.live_approval') return liveStartRequested(ctx.deps.approvals, input, started.error.message);
    if (!started.ok) return errorReply(`/run start: ${started.error.message}`);
    const { run, nextIterationAt } = started.value;
    // A real broker's run names it in its notifications, this first one included.
    for (const draft of withBroker(run.manifest.broker, [{ eventType: 'run_started', dedupeKey: `${run.id}:started`, payload: { run: run.number, reason: `by ${ctx.actor.name}` } }])) {
      await ctx.deps.notify(ctx.workspace, run.id, draft, ctx.now());
    }
    return {
      kind: 'ok',
      title: `Run #${run.number} started`,
      fields: [...runFields(run), { name: 'Cash', value: run.manifest.startCash.toLocaleString('en-US'), inline: true },
        { name: 'Next iteration', value: new Date(nextIterationAt).toISOString(), inline: true }],
      buttons: runButtons(run.number, run.status),
    };
  },
});

/** Files the request and shows its approval card: who asked, what, until when, and the buttons a second admin uses. */
async function liveStartRequested(approvals: ApprovalRequests, input: StartRunInput, why: string): Promise<Reply> {
  const filed = await requestLiveStart(approvals, input);
  if (!filed.ok) return errorReply(`/run start: ${why}; and the approval request could not be filed: ${filed.error.message}`);
  const r = filed.value;
  return {
    kind: 'ok',
    title: `LIVE run start waiting for a second admin (request ${r.id})`,
    text: `${why}. Nothing trades until another admin approves; the request lapses at ${new Date(r.expiresAt).toISOString()}.`,
    fields: [
      { name: 'Strategy', value: input.strategyId, inline: true },
      { name: 'Symbols', value: input.symbols.join(', '), inline: true },
      { name: 'Requested by', value: input.actor.name, inline: true },
    ],
    buttons: [
      { command: `/approval approve id:${r.id}`, label: 'Approve (admin)', style: 'danger' },
      { command: `/approval refuse id:${r.id}`, label: 'Refuse', style: 'secondary' },
    ],
  };
}
