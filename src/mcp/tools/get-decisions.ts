import { z } from 'zod';
import { fail, ok } from '../../core/domain/result.js';
import { asOfField, loadHistoryAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { runField } from '../schemas.js';
import { iso, isoTimeField, optionalTime } from '../time-input.js';

/** Decision records one call may return (the read port keeps the newest 50 within reach). */
export const MAX_DECISIONS = 50;
const MAX_BLOCKED = 500;

const text = (what: string) => z.string().describe(what);

const decisionOutput = z.object({
  barTime: text('Open time of the bar decided on (ISO)'),
  decidedAt: text('When the decision was made (ISO)'),
  signals: z.array(z.object({ symbol: text('Symbol'), action: text('What the strategy asked for'), reason: text('Why') })).describe('Strategy signals'),
  orders: z.array(z.object({ symbol: text('Symbol'), side: text('buy or sell'), intent: text('entry or exit'), reason: text('Why') })).describe('Orders planned'),
  blocked: z.array(z.object({ symbol: text('Symbol'), by: text('gate:<id> or rule:<id>'), reason: text('Why it was blocked'), shadow: z.boolean().describe('Shadow: reported, not enforced') })).describe('Signals refused'),
  notes: z.array(z.object({ kind: text('Note kind'), content: text('Note') })).describe('Notes of the iteration'),
}).describe('One iteration\'s decision record');

const blockedOutput = z.object({
  time: text('When the signal was blocked (ISO)'),
  symbol: text('Symbol'),
  by: text('gate:<id> or rule:<id>'),
  kind: z.enum(['gate', 'rule', 'other']).describe('A hard gate, a user rule, or other'),
  reason: text('Why, with the observed value'),
  observed: z.number().nullable().describe('Observed value, when the check measured one'),
  limit: z.number().nullable().describe('The limit it was held to'),
  shadow: z.boolean().describe('Shadow: reported, the order went ahead'),
  repeats: z.number().int().describe('Further consecutive bars the same block repeated on'),
}).describe('A blocked signal from the run\'s blocked log');

export const getDecisionsTool = defineTool({
  name: 'get_decisions',
  title: 'Get decisions',
  description: 'Why a run did or did not trade in a time range: the per-bar decision records of paper/live runs (signals, orders, blocked signals) and the run\'s blocked log (gate or rule, reason, observed value and limit), newest decisions first. Backtests keep no per-bar records, only the blocked log.',
  input: {
    run: runField,
    from: isoTimeField('Only decisions and blocks at or after this time'),
    to: isoTimeField('Only decisions and blocks at or before this time'),
    limit: z.number().int().min(1).max(MAX_DECISIONS).default(20).describe(`Decision records to return, 1-${MAX_DECISIONS} (default 20); the blocked log returns up to ${MAX_BLOCKED}`),
    as_of: asOfField,
  },
  output: {
    run: z.number().int().describe('Run number'),
    asOf: text('The cut-off used (ISO)'),
    decisions: z.array(decisionOutput).describe('Decision records, newest first'),
    blockedTotal: z.number().int().describe('Blocked-log records in the range'),
    blocked: z.array(blockedOutput).describe(`Blocked-log records in the range, oldest first (at most ${MAX_BLOCKED})`),
    note: z.string().nullable().describe('What this run keeps and does not keep'),
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
    const inRange = (t: number): boolean => (from.value === undefined || t >= from.value) && (to.value === undefined || t <= to.value);
    const records = await deps.recentDecisions(input.run, MAX_DECISIONS);
    if (!records.ok) return records;
    const decisions = records.value.filter((d) => d.asOf <= asOf && d.barTime <= asOf && inRange(d.barTime)).slice(0, input.limit).map((d) => ({
      barTime: iso(d.barTime), decidedAt: iso(d.asOf), signals: [...d.signals], orders: [...d.orders], blocked: [...d.blocked], notes: [...d.notes],
    }));
    const blockedAll = h.blocked.filter((b) => inRange(b.time));
    const blocked = blockedAll.slice(0, MAX_BLOCKED).map((b) => ({
      time: iso(b.time), symbol: b.symbol, by: b.by, kind: b.by.startsWith('gate:') ? 'gate' as const : b.by.startsWith('rule:') ? 'rule' as const : 'other' as const,
      reason: b.reason, observed: b.observed, limit: b.limit, shadow: b.shadow, repeats: b.repeats ?? 0,
    }));
    const note = h.run.mode === 'backtest'
      ? 'Backtests keep no per-bar decision records; the blocked log and the trades show what happened.'
      : records.value.length === MAX_DECISIONS ? `Only the newest ${MAX_DECISIONS} decision records are within reach; older ranges show the blocked log only.` : null;
    const byKey = new Map<string, number>();
    for (const b of blockedAll) byKey.set(b.by, (byKey.get(b.by) ?? 0) + 1);
    const top = [...byKey].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, n]) => `${k} ${n}`).join(', ');
    const textOut = `Run #${input.run} as of ${iso(asOf)}: ${decisions.length} decision record(s), ${blockedAll.length} blocked signal(s)${top === '' ? '' : ` (${top})`}.${note === null ? '' : ` ${note}`}`;
    return ok({ text: textOut, data: { run: input.run, asOf: iso(asOf), decisions, blockedTotal: blockedAll.length, blocked, note } });
  },
});
