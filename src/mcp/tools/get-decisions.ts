import { z } from 'zod';
import type { DecisionView } from '../../app/runs/ports.js';
import { fail, ok } from '../../core/domain/result.js';
import type { BlockedSignal } from '../../core/engine/report.js';
import { asOfField, loadHistoryAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { runField } from '../schemas.js';
import { iso, isoTimeField, optionalTime } from '../time-input.js';

/** Decision records one call may return; older ones are reached with from/to, not a bigger page. */
export const MAX_DECISIONS = 50;
export const MAX_BLOCKED = 500;
/** Blocked-by groups the text spells out (the structured answer has them all). */
const TEXT_GROUPS = 5;

const text = (what: string) => z.string().describe(what);
const kindOf = (by: string): 'gate' | 'rule' | 'other' => (by.startsWith('gate:') ? 'gate' : by.startsWith('rule:') ? 'rule' : 'other');
const blockKind = z.enum(['gate', 'rule', 'other']).describe('A hard gate, a user rule, or other');

const decisionOutput = z.object({
  barTime: text('Open time of the bar decided on (ISO)'),
  decidedAt: text('When the decision was made (ISO)'),
  signals: z.array(z.object({ symbol: text('Symbol'), action: text('What the strategy asked for'), reason: text('Why') })).describe('Strategy signals (none: the strategy saw no setup on this bar)'),
  orders: z.array(z.object({ symbol: text('Symbol'), side: text('buy or sell'), intent: text('entry or exit'), reason: text('Why') })).describe('Orders planned'),
  blocked: z.array(z.object({ symbol: text('Symbol'), by: text('gate:<id> or rule:<id>'), reason: text('Why it was blocked'), shadow: z.boolean().describe('Shadow: reported, not enforced') })).describe('Signals refused'),
  notes: z.array(z.object({ kind: text('Note kind'), content: text('Note') })).describe('Notes of the iteration'),
}).describe('One iteration\'s decision record');

const blockedOutput = z.object({
  time: text('When the signal was blocked (ISO)'),
  symbol: text('Symbol'),
  by: text('gate:<id> or rule:<id>'),
  kind: blockKind,
  reason: text('Why, with the observed value'),
  observed: z.number().nullable().describe('Observed value, when the check measured one'),
  limit: z.number().nullable().describe('The limit it was held to'),
  shadow: z.boolean().describe('Shadow: reported, the order went ahead'),
  repeats: z.number().int().describe('Further consecutive bars the same block repeated on'),
}).describe('A blocked signal from the run\'s blocked log');

const blockedGroupOutput = z.object({
  by: text('gate:<id> or rule:<id>'),
  kind: blockKind,
  records: z.number().int().describe('Blocked-log records in the range'),
  signals: z.number().int().describe('Signals blocked, counting repeats on consecutive bars'),
  shadowRecords: z.number().int().describe('Records where it only reported (shadow): the order went ahead'),
  symbols: z.array(z.string()).describe('Symbols it blocked, sorted'),
  lastTime: text('The latest block in the range (ISO)'),
  lastSymbol: text('Symbol of the latest block'),
  lastReason: text('Reason of the latest block'),
  lastObserved: z.number().nullable().describe('Observed value of the latest block'),
  lastLimit: z.number().nullable().describe('Limit of the latest block'),
}).describe('The blocked log of the range grouped by the gate or rule that blocked, most records first');

export const getDecisionsTool = defineTool({
  name: 'get_decisions',
  title: 'Get decisions',
  description: 'Why a run did or did not trade in a time range: the per-bar decision records of paper/live runs (signals, orders, blocked signals, notes; a record without signals is a bar the strategy saw no setup on), newest first and reachable over the run\'s whole life with from/to, and the run\'s blocked log (gate or rule, reason, observed value and limit) with a summary by gate/rule. Backtests keep no per-bar records, only the blocked log.',
  input: {
    run: runField,
    from: isoTimeField('Only decisions (by bar time) and blocks at or after this time'),
    to: isoTimeField('Only decisions (by bar time) and blocks at or before this time'),
    symbol: z.string().min(1).max(32).optional().describe('Only this symbol: its blocks, and its signals/orders/blocks within each decision record (notes are kept)'),
    limit: z.number().int().min(1).max(MAX_DECISIONS).default(20).describe(`Decision records to return, newest first, 1-${MAX_DECISIONS} (default 20); decisionsTotal says how many the range holds`),
    blocked_limit: z.number().int().min(0).max(MAX_BLOCKED).default(MAX_BLOCKED).describe(`Blocked-log records to list, 0-${MAX_BLOCKED} (default ${MAX_BLOCKED}); blockedBy always covers the whole range`),
    as_of: asOfField,
  },
  output: {
    run: z.number().int().describe('Run number'),
    asOf: text('The cut-off used (ISO)'),
    symbol: z.string().nullable().describe('The symbol filter, upper-cased; null for all'),
    decisionsTotal: z.number().int().describe('Decision records in the range, decided by as_of'),
    decisions: z.array(decisionOutput).describe('Decision records, newest first (at most limit)'),
    blockedTotal: z.number().int().describe('Blocked-log records in the range'),
    blocked: z.array(blockedOutput).describe('Blocked-log records in the range, oldest first (at most blocked_limit)'),
    blockedBy: z.array(blockedGroupOutput).describe('The whole range\'s blocked log by gate/rule, most records first'),
    note: z.string().nullable().describe('What this run keeps and what the answer leaves out'),
  },
  async run(deps, input) {
    const from = optionalTime('from', input.from);
    if (!from.ok) return from;
    const to = optionalTime('to', input.to);
    if (!to.ok) return to;
    if (from.value !== undefined && to.value !== undefined && from.value > to.value) return fail('input.range', 'from is after to');
    const loaded = await loadHistoryAsOf(deps, input.run, input.as_of);
    if (!loaded.ok) return loaded;
    const { history: h, asOf } = loaded.value;
    const symbol = input.symbol === undefined ? null : input.symbol.trim().toUpperCase();
    const mine = (s: string): boolean => symbol === null || s.toUpperCase() === symbol;
    const inRange = (t: number): boolean => (from.value === undefined || t >= from.value) && (to.value === undefined || t <= to.value);
    const page = await deps.decisionsBetween(input.run, { from: from.value, to: Math.min(to.value ?? asOf, asOf), decidedBy: asOf, limit: input.limit, order: 'newest_first' });
    if (!page.ok) return page;
    const decisions = page.value.decisions.map((d) => decisionFor(d, mine));
    const blockedAll = h.blocked.filter((b) => inRange(b.time) && mine(b.symbol));
    const blocked = blockedAll.slice(0, input.blocked_limit).map((b) => ({
      time: iso(b.time), symbol: b.symbol, by: b.by, kind: kindOf(b.by), reason: b.reason, observed: b.observed, limit: b.limit, shadow: b.shadow, repeats: b.repeats ?? 0,
    }));
    const blockedBy = groupBlocked(blockedAll);
    const total = page.value.total;
    const note = h.run.mode === 'backtest'
      ? 'Backtests keep no per-bar decision records; the blocked log and the trades show what happened.'
      : total > decisions.length ? `${total} decision records in the range, the newest ${decisions.length} shown: narrow from/to to read older ones.` : null;
    const scope = [from.value === undefined ? '' : ` from ${iso(from.value)}`, to.value === undefined ? '' : ` to ${iso(to.value)}`, symbol === null ? '' : `, ${symbol} only`].join('');
    const top = blockedBy.slice(0, TEXT_GROUPS);
    const lines = [
      `Run #${input.run} as of ${iso(asOf)}${scope}: ${total} decision record(s), ${decisions.length} shown newest first; ${blockedAll.length} blocked signal(s)${top.length === 0 ? '' : ` (${top.map((g) => `${g.by} ${g.records}`).join(', ')})`}.`,
      ...top.map((g) => `- ${g.by}: ${g.records} record(s) on ${g.symbols.join(', ')}; latest ${g.lastTime} ${g.lastSymbol}: ${g.lastReason}${observedText(g.lastObserved, g.lastLimit)}${g.shadowRecords > 0 ? ` (${g.shadowRecords} shadow)` : ''}`),
      ...(note === null ? [] : [note]),
    ];
    return ok({ text: lines.join('\n'), data: { run: input.run, asOf: iso(asOf), symbol, decisionsTotal: total, decisions, blockedTotal: blockedAll.length, blocked, blockedBy, note } });
  },
});

function decisionFor(d: DecisionView, mine: (symbol: string) => boolean): z.infer<typeof decisionOutput> {
  return {
    barTime: iso(d.barTime),
    decidedAt: iso(d.asOf),
    signals: d.signals.filter((s) => mine(s.symbol)).map((s) => ({ ...s })),
    orders: d.orders.filter((o) => mine(o.symbol)).map((o) => ({ ...o })),
    blocked: d.blocked.filter((b) => mine(b.symbol)).map((b) => ({ ...b })),
    notes: d.notes.map((n) => ({ ...n })),
  };
}

const observedText = (observed: number | null, limit: number | null): string =>
  observed === null && limit === null ? '' : ` (observed ${observed ?? 'n/a'} vs limit ${limit ?? 'n/a'})`;

/** The blocked log by gate/rule (oldest first in, so the last record seen is the latest). */
function groupBlocked(blocked: readonly BlockedSignal[]): z.infer<typeof blockedGroupOutput>[] {
  const groups = new Map<string, { records: number; signals: number; shadow: number; symbols: Set<string>; last: BlockedSignal }>();
  for (const b of blocked) {
    const g = groups.get(b.by) ?? { records: 0, signals: 0, shadow: 0, symbols: new Set<string>(), last: b };
    g.records++;
    g.signals += 1 + (b.repeats ?? 0);
    if (b.shadow) g.shadow++;
    g.symbols.add(b.symbol);
    if (b.time >= g.last.time) g.last = b;
    groups.set(b.by, g);
  }
  return [...groups].sort((a, b) => b[1].records - a[1].records || a[0].localeCompare(b[0])).map(([by, g]) => ({
    by, kind: kindOf(by), records: g.records, signals: g.signals, shadowRecords: g.shadow, symbols: [...g.symbols].sort(),
    lastTime: iso(g.last.time), lastSymbol: g.last.symbol, lastReason: g.last.reason, lastObserved: g.last.observed, lastLimit: g.last.limit,
  }));
}
