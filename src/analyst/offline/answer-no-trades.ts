// "why didn't we trade today / on AAPL / in run 2?": the decision records of today's UTC day (or the run's latest
// day with records) for the running runs, or the run named, read with get_decisions: bars without a signal, what
// was blocked by which gate or rule with observed vs limit, orders planned, and the iteration notes.
import type { Reply } from '../../app/chat/reply.js';
import type { Result } from '../../core/domain/result.js';
import { ok } from '../../core/domain/result.js';
import type { McpSession } from '../mcp-session.js';
import { errorReply, hhmm, listOf, observedVsLimit, toolsNote } from './format.js';
import { callForData } from './tool-data.js';
import { decisionsData, runData, runsData, type DecisionsData } from './tool-schemas.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';

/** Decision records read per run and day: enough to see the pattern, small enough to read whole. */
const SHOWN = 20;
/** Running runs answered for in one reply; more are named, not explained. */
const MAX_RUNS = 5;
const MAX_GROUPS = 5;
const MAX_ITEMS = 3;

interface Target {
  readonly number: number;
  readonly mode: 'backtest' | 'paper' | 'live';
  readonly strategy: string;
  readonly symbols: readonly string[];
}

const dayOf = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number): string => new Date(ms).toISOString();
const describeRun = (t: Target): string => `Run #${t.number} (${t.mode}, ${t.strategy} on ${t.symbols.join(', ')})`;

export async function answerNoTrades(session: McpSession, ask: { run: number | null; symbol: string | null }, now: number): Promise<Reply> {
  const used = new Set<string>();
  const targets = await findTargets(session, ask, used);
  if (!targets.ok) return errorReply(targets.error);
  const sections = [...targets.value.preface];
  for (const target of targets.value.runs.slice(0, MAX_RUNS)) {
    const lines = await explainRun(session, target, ask.symbol, dayOf(now), used);
    if (!lines.ok) return errorReply(lines.error);
    sections.push(lines.value.join('\n'));
  }
  const more = targets.value.runs.slice(MAX_RUNS).map((t) => `Run #${t.number}`);
  if (more.length > 0) sections.push(`Also running: ${listOf(more)}; ask "why didn't run ${targets.value.runs[MAX_RUNS]!.number} trade?" about one of them.`);
  sections.push(toolsNote([...used]));
  const scope = `${ask.symbol === null ? '' : ` on ${ask.symbol}`}${ask.run === null ? ' today' : ` in Run #${ask.run}`}`;
  return { kind: 'ok', title: `Why no trades${scope}`, text: sections.join('\n\n') };
}

/** The run named, else the running paper/live runs (those trading the symbol, when one is named). */
async function findTargets(session: McpSession, ask: { run: number | null; symbol: string | null }, used: Set<string>): Promise<Result<{ runs: Target[]; preface: string[] }>> {
  const sym = ask.symbol;
  if (ask.run !== null) {
    used.add('get_run');
    const got = await callForData(session, 'get_run', { run: ask.run }, runData);
    if (!got.ok) return got;
    const r = got.value.data;
    const target: Target = { number: r.number, mode: r.mode, strategy: `${r.config.strategy} ${r.config.strategyVersion}`, symbols: r.config.symbols };
    if (sym !== null && !target.symbols.includes(sym)) return ok({ runs: [], preface: [`${describeRun(target)} does not trade ${sym}, so it never decided on it.`] });
    return ok({ runs: [target], preface: [] });
  }
  used.add('list_runs');
  const running: Target[] = [];
  // By mode: only paper and live runs run, and a backtest's metrics are not worth computing here.
  for (const mode of ['paper', 'live'] as const) {
    const got = await callForData(session, 'list_runs', { mode }, runsData);
    if (!got.ok) return got;
    for (const r of got.value.data.runs) if (r.status === 'running') running.push({ number: r.number, mode: r.mode, strategy: r.strategy, symbols: r.symbols });
  }
  running.sort((a, b) => a.number - b.number);
  if (running.length === 0) {
    return ok({ runs: [], preface: ['No paper or live run is running, so nothing trades today. Start one with /run start, or ask about a past run: "why didn\'t run 2 trade?".'] });
  }
  if (sym === null) return ok({ runs: running, preface: [] });
  const trading = running.filter((t) => t.symbols.includes(sym));
  if (trading.length === 0) return ok({ runs: [], preface: [`No running run trades ${sym}. Running: ${running.map(describeRun).join('; ')}.`] });
  return ok({ runs: trading, preface: [] });
}

async function explainRun(session: McpSession, t: Target, symbol: string | null, today: number, used: Set<string>): Promise<Result<string[]>> {
  used.add('get_decisions');
  const read = (range: Record<string, unknown>, limit = SHOWN) =>
    callForData(session, 'get_decisions', { run: t.number, ...range, ...(symbol === null ? {} : { symbol }), limit, blocked_limit: 0 }, decisionsData);
  const only = symbol === null ? '' : `, ${symbol} only`;
  if (t.mode === 'backtest') {
    const whole = await read({}, 1);
    if (!whole.ok) return whole;
    return ok([`${describeRun(t)} is a backtest: it keeps no per-bar decision records, only its blocked log. Over the whole run${only}:`, ...blockedLines(whole.value.data)]);
  }
  const todays = await read({ from: iso(today) });
  if (!todays.ok) return todays;
  if (todays.value.data.decisionsTotal > 0) return ok([`${describeRun(t)}, today ${dateOf(today)} UTC${only}:`, ...dayLines(todays.value.data, symbol)]);
  const latest = await read({}, 1);
  if (!latest.ok) return latest;
  const newest = latest.value.data.decisions[0];
  const none = `${describeRun(t)}: no decision records today (${dateOf(today)} UTC)`;
  if (newest === undefined) return ok([`${none}, and none at all yet: it has not decided on a bar.`, ...blockedLines(todays.value.data)]);
  const day = dayOf(Date.parse(newest.barTime));
  const that = await read({ from: iso(day), to: iso(day + DAY_MS - 1) });
  if (!that.ok) return that;
  return ok([`${none}. Its latest day with records is ${dateOf(day)}${only}:`, ...dayLines(that.value.data, symbol)]);
}

function dayLines(d: DecisionsData, symbol: string | null): string[] {
  const shown = d.decisions;
  const noSignal = shown.filter((x) => x.signals.length === 0).length;
  const withOrders = shown.filter((x) => x.orders.length > 0);
  const of = d.decisionsTotal > shown.length ? `; of the newest ${shown.length}` : '';
  const lines = [
    `- ${d.decisionsTotal} decision record(s), latest bar ${hhmm(shown[0]?.barTime ?? '')} UTC${of}: ${noSignal} with no signal${symbol === null ? '' : ` for ${symbol}`} from the strategy, ${shown.length - noSignal} with signals, ${withOrders.length} with orders planned.`,
    ...blockedLines(d),
  ];
  const orders = withOrders.flatMap((x) => x.orders.map((o) => `${o.symbol} ${o.side} ${o.intent} at ${hhmm(x.barTime)} (${o.reason})`)).slice(0, MAX_ITEMS);
  if (orders.length > 0) lines.push(`- It did plan orders: ${orders.join('; ')}.`);
  const signalled = shown.find((x) => x.signals.length > 0);
  if (signalled !== undefined) lines.push(`- Latest signal: ${signalled.signals.map((s) => `${s.symbol} ${s.action} (${s.reason})`).join(', ')} at ${hhmm(signalled.barTime)}.`);
  const notes = new Map<string, number>();
  for (const n of shown.flatMap((x) => x.notes)) if (n.kind !== 'decision') notes.set(n.content, (notes.get(n.content) ?? 0) + 1);
  const top = [...notes].sort((a, b) => b[1] - a[1]).slice(0, MAX_ITEMS);
  if (top.length > 0) lines.push(`- Notes: ${top.map(([c, n]) => `"${c}"${n > 1 ? ` (${n}x)` : ''}`).join('; ')}.`);
  return lines;
}

function blockedLines(d: DecisionsData): string[] {
  if (d.blockedTotal === 0) return ['- No signal was blocked by a gate or rule.'];
  return [
    `- ${d.blockedTotal} blocked signal(s), by ${d.blockedBy.length} gate(s)/rule(s):`,
    ...d.blockedBy.slice(0, MAX_GROUPS).map((g) =>
      `  - ${g.by}: ${g.records} on ${g.symbols.join(', ')}${g.shadowRecords > 0 ? ` (${g.shadowRecords} shadow only)` : ''}; latest ${g.lastTime.slice(0, 10)} ${hhmm(g.lastTime)} ${g.lastSymbol}: ${g.lastReason}${observedVsLimit(g.lastObserved, g.lastLimit)}`),
  ];
}
