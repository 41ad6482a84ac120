import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply, type Reply } from '../../src/app/chat/reply.js';
import { alpacaAccount, changeAccountLimits, type LimitsChanged } from '../../src/app/account/limits.js';
import { LIMIT_OPTIONS, limitChanges, limitsTable } from '../../src/app/cards/account-limits.js';
import { ACCOUNT_GATE_DEFAULTS, type AccountLimits } from '../../src/core/risk/account-gates.js';
import { accountText, type BrokerAccountKind } from '../../src/core/runs/run-broker.js';

const options = z.object({
  account: opt.oneOf(['paper', 'live'], 'the Alpaca account: paper (default) or live').optional(),
  'daily-loss': opt.number(`the account's loss today, % of its start-of-day equity (at most ${ACCOUNT_GATE_DEFAULTS.dailyLossPct})`, { gt: 0 }).optional(),
  drawdown: opt.number(`how far below its peak equity the account may go, % (at most ${ACCOUNT_GATE_DEFAULTS.maxDrawdownPct})`, { gt: 0 }).optional(),
  exposure: opt.number(`gross exposure, % of the account's equity (at most ${ACCOUNT_GATE_DEFAULTS.maxExposurePct})`, { gt: 0 }).optional(),
  'order-rate': opt.int(`orders a minute, all the account's runs together (at most ${ACCOUNT_GATE_DEFAULTS.maxOrdersPerMinute})`, { min: 1 }).optional(),
});

type Options = z.infer<typeof options>;

const OPTION_OF: Readonly<Record<keyof AccountLimits, Exclude<keyof Options, 'account'>>> = {
  dailyLossPct: 'daily-loss',
  maxDrawdownPct: 'drawdown',
  maxExposurePct: 'exposure',
  maxOrdersPerMinute: 'order-rate',
};

const ACCOUNTS: readonly BrokerAccountKind[] = ['paper', 'live'];

/**
 * `/settings risk`: the account-level limits of the workspace's Alpaca accounts, which every run trading one shares.
 * Tightening applies at once; loosening waits for a second admin (the four-eyes rule); nothing goes above the
 * defaults, which are the hard ceilings.
 */
export const settingsRiskCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'settings risk',
  description: 'Show or tighten the account-level limits of an Alpaca account; loosening needs a second admin (admin)',
  role: 'admin',
  options,
  async run(ctx, o) {
    const change: Partial<Record<keyof AccountLimits, number>> = {};
    for (const { key } of LIMIT_OPTIONS) {
      const value = o[OPTION_OF[key]];
      if (value === undefined) continue;
      if (value > ACCOUNT_GATE_DEFAULTS[key]) {
        return errorReply(`/settings risk: ${OPTION_OF[key]}:${value} is above the hard ceiling of ${ACCOUNT_GATE_DEFAULTS[key]} (the default); account limits can only be set at or below it`);
      }
      change[key] = value;
    }
    if (Object.keys(change).length === 0) return show(ctx.deps, ctx.workspace, o.account);
    const broker = alpacaAccount(o.account ?? 'paper');
    // Four-eyes requests run on the wall clock: a --speed demo's clock never lapses a person's request.
    const by = { actor: ctx.actor, channelId: ctx.channelId, now: ctx.deps.wallNow() };
    const changed = await changeAccountLimits(ctx.deps, { workspace: ctx.workspace, broker, change, by });
    if (!changed.ok) return errorReply(`/settings risk: ${changed.error.message}`);
    return changedReply(accountText(broker), changed.value, ctx.actor.name);
  },
});

async function show(deps: DeskDeps, workspace: Parameters<DeskDeps['accountRisk']['limits']>[0], account: BrokerAccountKind | undefined): Promise<Reply> {
  const shown: { name: string; limits: AccountLimits }[] = [];
  for (const kind of account === undefined ? ACCOUNTS : [account]) {
    const limits = await deps.accountRisk.limits(workspace, alpacaAccount(kind));
    if (!limits.ok) return errorReply(`/settings risk: ${limits.error.message}`);
    shown.push({ name: `Alpaca ${kind}`, limits: limits.value });
  }
  return {
    kind: 'ok',
    title: 'Account risk limits',
    table: limitsTable(shown),
    text: 'Shared by every run trading the account, checked before each of its orders (exits are never blocked by a loss or exposure limit). '
      + 'The defaults are the hard ceilings. Tighten with e.g. /settings risk account:live daily-loss:2; loosening needs a second admin.',
    changedNothing: true,
  };
}

function changedReply(account: string, changed: LimitsChanged, asker: string): Reply {
  if (changed.kind === 'applied') {
    const lines = limitChanges(changed.before, changed.after);
    return {
      kind: 'ok',
      title: `${account} limits tightened`,
      text: lines.length === 0 ? 'The limits already were these: nothing changed.' : `${lines.join('; ')}. In force for the account's next order.`,
      table: limitsTable([{ name: account, limits: changed.after }]),
    };
  }
  const { request } = changed;
  return {
    kind: 'ok',
    title: `Loosening the ${account} limits waits for a second admin (request ${request.id})`,
    text: `${limitChanges(changed.from, changed.to).join('; ')}. Nothing changes until another admin approves; the request lapses at ${new Date(request.expiresAt).toISOString()}.`,
    fields: [
      { name: 'Loosens', value: changed.loosened.map((k) => OPTION_OF[k]).join(', '), inline: true },
      { name: 'Requested by', value: asker, inline: true },
    ],
    buttons: [
      { command: `/approval approve id:${request.id}`, label: 'Approve (admin)', style: 'danger' },
      { command: `/approval refuse id:${request.id}`, label: 'Refuse', style: 'secondary' },
    ],
  };
}
