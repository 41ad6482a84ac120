import { z } from 'zod';
import { defineCommand, hasRole, type CommandContext } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply, type Reply, type ReplyTable } from '../src/app/chat/reply.js';
import { accountKey } from '../src/app/reconcile/ports.js';
import { accountsOfWorkspace, reconcileAccount, type AccountReconciled, type ReconcileDeps } from '../src/app/reconcile/reconcile.js';
import { adoptCash, adoptPosition, flattenSymbol } from '../src/app/reconcile/resolve.js';
import { inFlightFills } from '../src/app/runs/broker-orders.js';
import { price, qty } from '../src/app/runs/report-format.js';
import { CASH_SYMBOL, cashBaseline, dollars, signedDollars, type PositionDifference } from '../src/core/runs/reconcile.js';
import { brokerText, type RunBroker } from '../src/core/runs/run-broker.js';

const options = z.object({
  action: opt.oneOf(['adopt', 'flatten'], 'adopt: one run takes the broker\'s view of symbol: ($CASH: the account takes the broker\'s cash); flatten: close the broker\'s whole position in symbol: (admin)').optional(),
  symbol: z.string().trim().transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^(?:[A-Z0-9.^/-]{1,12}|\$CASH)$/, `expected a ticker symbol like AAPL, or ${CASH_SYMBOL} for the account's cash`))
    .describe(`the symbol to adopt or flatten (${CASH_SYMBOL}: the account's cash)`).optional(),
  run: opt.int('the run that adopts the broker\'s view (action:adopt)', { min: 1 }).optional(),
});
type Options = z.infer<typeof options>;

const NO_REAL_BROKER = 'No run trades at a real broker in this workspace: there is nothing to reconcile.';

export const reconcileCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'reconcile',
  description: 'Compare each real broker account with the runs\' books now; an admin adopts the broker\'s view into a run or flattens',
  role: 'viewer',
  changesState: (o) => o.action !== undefined,
  slow: true,
  options,
  async run(ctx, o) {
    const refused = checkOptions(ctx, o);
    if (refused !== null) return errorReply(`/reconcile: ${refused}`);
    const { accountBrokers, reconciliations } = ctx.deps;
    const accounts = await accountsOfWorkspace(ctx.deps.runStore, ctx.workspace);
    if (accounts.length === 0) return { kind: 'ok', text: NO_REAL_BROKER, changedNothing: true };
    if (accountBrokers === undefined || reconciliations === undefined) {
      return errorReply(`/reconcile: runs of this workspace trade at ${accounts.map(brokerText).join(' and ')}, but this desk has no real broker configured (APCA_* keys)`);
    }
    const { ledger } = ctx.deps;
    const deps: ReconcileDeps = {
      store: ctx.deps.runStore, leasing: ctx.deps.leasing, accountBrokers, reconciliations,
      // Fills the broker made that the books apply at their next bar count as the runs' own.
      ...(ledger === undefined ? {} : { inFlight: (runIds: readonly string[]) => inFlightFills(ledger, runIds) }),
    };
    const now = ctx.now();
    if (o.action === 'adopt' && o.symbol === CASH_SYMBOL) return adoptTheCash(ctx, deps, accounts, now);
    if (o.action === 'adopt') return adopt(ctx, deps, o.symbol!, o.run!, now);
    if (o.action === 'flatten') return flatten(ctx, deps, accounts, o.symbol!, now);

    const found: AccountReconciled[] = [];
    for (const broker of accounts) {
      const r = await reconcileAccount(deps, { workspace: ctx.workspace, broker, now });
      if (!r.ok) return errorReply(`/reconcile: ${brokerText(broker)}: ${r.error.message}`);
      found.push(r.value);
    }
    return report(found);
  },
});

function checkOptions(ctx: CommandContext<DeskDeps>, o: Options): string | null {
  if (o.action === undefined) return o.symbol !== undefined || o.run !== undefined ? 'symbol: and run: go with action:adopt or action:flatten' : null;
  if (!hasRole(ctx.actor.role, 'admin')) return `action:${o.action} needs the admin role; you are ${ctx.actor.role}`;
  if (o.symbol === undefined) return `action:${o.action} needs symbol:, e.g. /reconcile action:${o.action} symbol:AAPL${o.action === 'adopt' ? ' run:2' : ''}`;
  if (o.action === 'adopt' && o.symbol === CASH_SYMBOL && o.run !== undefined) return `the cash is the account's, not a run's: /reconcile action:adopt symbol:${CASH_SYMBOL} takes no run:`;
  if (o.action === 'adopt' && o.run === undefined && o.symbol !== CASH_SYMBOL) return 'action:adopt needs run: (the run that takes the broker\'s view)';
  if (o.action === 'flatten' && o.run !== undefined) return 'action:flatten closes the broker\'s whole position and clears every run\'s; run: is for action:adopt';
  return null;
}

const runsText = (d: PositionDifference): string =>
  d.symbol === CASH_SYMBOL ? cashRunsText(d)
  : d.held.length > 0 ? d.held.map((h) => `#${h.runNumber} ${qty(h.qty)}`).join(', ') : d.affected.length > 0 ? `none holds it (traded by ${d.affected.map((r) => `#${r.runNumber}`).join(', ')})` : 'none';

/** A cash difference's desk side: the account's baseline and each run's cash change. */
function cashRunsText(d: PositionDifference): string {
  return [`account ${dollars(cashBaseline(d))}`, ...d.held.map((h) => `#${h.runNumber} ${signedDollars(h.qty)}`)].join(', ');
}

const amount = (d: PositionDifference, x: number): string => (d.symbol === CASH_SYMBOL ? dollars(x) : qty(x));

function differencesTable(found: readonly AccountReconciled[]): ReplyTable {
  const several = found.filter((f) => f.open).length > 1;
  const rows = found.flatMap((f) => f.reconciliation.differences.map((d) => [...(several ? [brokerText(f.broker)] : []), d.symbol, amount(d, d.brokerQty), amount(d, d.deskQty), runsText(d)]));
  return { columns: [...(several ? ['account'] : []), 'symbol', 'broker qty', 'desk qty', 'runs'], rows, alignRight: several ? [2, 3] : [1, 2] };
}

const agreesLine = (f: AccountReconciled): string =>
  `${brokerText(f.broker)}: agrees with the desk (${f.runs.length} run${f.runs.length === 1 ? '' : 's'}; cash ${dollars(f.cash.broker)}).`;

function haltedLines(found: readonly AccountReconciled[]): string[] {
  const halted = found.flatMap((f) => f.halted.filter((h) => h.refused === null).map((h) => `#${h.number}`));
  const refused = found.flatMap((f) => f.halted.filter((h) => h.refused !== null).map((h) => `#${h.number} (${h.refused})`));
  return [...(halted.length === 0 ? [] : [`Halted now: ${halted.join(', ')}.`]), ...(refused.length === 0 ? [] : [`Could not halt: ${refused.join('; ')}.`])];
}

function report(found: readonly AccountReconciled[]): Reply {
  const differing = found.filter((f) => f.open);
  if (differing.length === 0) return { kind: 'ok', title: 'Reconciliation: the broker agrees', text: found.map(agreesLine).join('\n') };
  return {
    kind: 'ok',
    title: `Reconciliation: ${differing.map((f) => brokerText(f.broker)).join(' and ')} ${differing.length === 1 ? 'differs' : 'differ'} from the desk`,
    table: differencesTable(differing),
    text: [
      ...found.filter((f) => !f.open).map(agreesLine),
      ...haltedLines(found),
      'Nothing trades on an account while it differs. An admin resolves it: /reconcile action:adopt symbol:<symbol> run:<n> (that run takes the broker\'s view) or /reconcile action:flatten symbol:<symbol> (close the broker\'s position; every run drops it).',
      ...(differing.some((f) => f.reconciliation.differences.some((d) => d.symbol === CASH_SYMBOL))
        ? [`Cash the desk cannot explain (no fill, no deposit, fee or dividend the broker listed): find where it went, then /reconcile action:adopt symbol:${CASH_SYMBOL} (the account takes the broker's cash).`]
        : []),
    ].join('\n'),
  };
}

/** What the account looks like after an admin's action, and what is left for people to do. */
function afterLines(after: AccountReconciled): string[] {
  if (after.open) {
    return ['The account still differs from the desk:', ...after.reconciliation.differences.map((d) => d.symbol === CASH_SYMBOL
      ? `- cash: the broker has ${dollars(d.brokerQty)}, the desk expects ${dollars(d.deskQty)} (${runsText(d)}): /reconcile action:adopt symbol:${CASH_SYMBOL} once you know why`
      : `- ${d.symbol}: the broker holds ${qty(d.brokerQty)}, the desk ${qty(d.deskQty)} (${runsText(d)})`),
      'Nothing trades on it until it agrees.'];
  }
  const halted = after.runs.filter((r) => r.status === 'halted').map((r) => r.number);
  const stay = halted.length === 0 ? []
    : halted.length === 1 ? [`Run #${halted[0]} stays halted until a human resumes it (/run resume run:${halted[0]}).`]
      : [`Runs ${halted.map((n) => `#${n}`).join(', ')} stay halted until a human resumes each (/run resume run:<n>).`];
  return [`${brokerText(after.broker)} agrees with the desk: the difference is resolved.`, ...stay];
}

async function adopt(ctx: CommandContext<DeskDeps>, deps: ReconcileDeps, symbol: string, number: number, now: number): Promise<Reply> {
  const run = await ctx.deps.runStore.getRun(ctx.workspace, number);
  if (!run.ok) return errorReply(`/reconcile: ${run.error.message}`);
  const broker = run.value.manifest.broker;
  if (broker === undefined) return errorReply(`/reconcile: Run #${number} trades at the internal paper broker; there is no broker account to adopt from`);
  const done = await adoptPosition(deps, { workspace: ctx.workspace, broker, symbol, number, actor: ctx.actor, now });
  if (!done.ok) return errorReply(`/reconcile: ${done.error.message}`);
  const { from, to, after } = done.value;
  const at = after.brokerPositions.find((p) => p.symbol === symbol);
  return {
    kind: 'ok',
    title: `Run #${number} adopted the broker's view of ${symbol}`,
    text: [`Run #${number} holds ${qty(to)} ${symbol} (was ${qty(from)})${at === undefined || to === 0 ? '' : ` at the broker's average price ${price(at.avgPrice)}`}; its cash is unchanged.`, ...afterLines(after)].join('\n'),
  };
}

async function adoptTheCash(ctx: CommandContext<DeskDeps>, deps: ReconcileDeps, accounts: readonly RunBroker[], now: number): Promise<Reply> {
  const broker = await accountOf(deps, ctx, accounts, CASH_SYMBOL);
  if (typeof broker === 'string') return errorReply(`/reconcile: ${broker}`);
  const done = await adoptCash(deps, { workspace: ctx.workspace, broker, actor: ctx.actor, now });
  if (!done.ok) return errorReply(`/reconcile: ${done.error.message}`);
  const { delta, after } = done.value;
  return {
    kind: 'ok',
    title: `The ${brokerText(broker)} adopted the broker's cash`,
    text: [`The account's cash baseline moved by ${signedDollars(delta)}; no run's book changed.`, ...afterLines(after)].join('\n'),
  };
}

async function flatten(ctx: CommandContext<DeskDeps>, deps: ReconcileDeps, accounts: readonly RunBroker[], symbol: string, now: number): Promise<Reply> {
  const broker = await accountOf(deps, ctx, accounts, symbol);
  if (typeof broker === 'string') return errorReply(`/reconcile: ${broker}`);
  const done = await flattenSymbol(deps, { workspace: ctx.workspace, broker, symbol, actor: ctx.actor, now });
  if (!done.ok) return errorReply(`/reconcile: ${done.error.message}`);
  const { order, filled, cleared, refused, proceeds, after } = done.value;
  const orderLine = order === null
    ? `The broker held no ${symbol}: no order was needed.`
    : filled
      ? `Order ${order.clientOrderId}: ${order.side} ${qty(order.qty)} ${symbol} filled${order.fills.length === 0 ? '' : ` at ${price(order.fills.reduce((s, f) => s + f.qty * f.price, 0) / order.filledQty)}`}.`
      : `Order ${order.clientOrderId}: ${order.side} ${qty(order.qty)} ${symbol} is ${order.status === 'partially_filled' ? `partially filled (${qty(order.filledQty)})` : 'accepted but not filled'} (the market may be closed): the difference stays open until it fills. `
        + `Its cash then shows as unexplained: adopt it with /reconcile action:adopt symbol:${CASH_SYMBOL}.`;
  return {
    kind: 'ok',
    title: `Flattened ${symbol} on the ${brokerText(broker)}`,
    text: [
      orderLine,
      cleared.length === 0 ? 'No run held it.' : `Dropped from the books of ${cleared.map((c) => `Run #${c.number} (${qty(c.qty)})`).join(', ')}.`,
      ...(proceeds === null || proceeds === 0 ? [] : [`Its cash (${signedDollars(proceeds)}) is the account's, not a run's.`]),
      ...(refused.length === 0 ? [] : [`Could not change: ${refused.map((r) => `Run #${r.number}: ${r.reason}`).join('; ')}.`]),
      ...afterLines(after),
    ].join('\n'),
  };
}

/** The account to flatten `symbol` on: the only one, or the one whose open difference names it. */
async function accountOf(deps: ReconcileDeps, ctx: CommandContext<DeskDeps>, accounts: readonly RunBroker[], symbol: string): Promise<RunBroker | string> {
  if (accounts.length === 1) return accounts[0]!;
  const naming: RunBroker[] = [];
  for (const broker of accounts) {
    const open = await deps.reconciliations.open(ctx.workspace, accountKey(broker));
    if (!open.ok) return open.error.message;
    if (open.value?.differences.some((d) => d.symbol === symbol) === true) naming.push(broker);
  }
  if (naming.length === 1) return naming[0]!;
  return naming.length === 0
    ? `no open difference names ${symbol === CASH_SYMBOL ? 'the cash' : symbol}; run /reconcile first to see what differs`
    : `${symbol} differs on ${naming.map(brokerText).join(' and ')}; flatten is refused while the account is ambiguous`;
}
