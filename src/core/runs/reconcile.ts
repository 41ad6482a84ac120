/**
 * Reconciliation: the broker's positions against the sum of the books of the runs that trade on its account. Each run
 * keeps its own virtual book; the desk knows which run holds what, so the broker's quantity of a symbol must equal the
 * sum of the runs' quantities of it. A difference (a position changed outside the desk, a fill the desk missed) is
 * reported per symbol with the runs it touches: the runs holding the symbol or trading it. Those runs are halted and
 * nothing trades while a difference is open; an admin adopts the broker's view into one run, or flattens. The account's
 * cash is reconciled the same way (reconcileCash), against a baseline the broker's cash activities move. Pure.
 */

/** One run's book on the account: what it holds, and the symbols it trades (a difference there concerns it). */
export interface RunOnAccount {
  readonly runId: string;
  readonly runNumber: number;
  readonly symbols: readonly string[];
  readonly positions: readonly { readonly symbol: string; readonly qty: number }[];
}

/**
 * One symbol the broker and the desk disagree on, or the account's cash (symbol CASH_SYMBOL: then every quantity is
 * an amount of cash in the account's currency, see reconcileCash).
 */
export interface PositionDifference {
  readonly symbol: string;
  /** Signed quantity at the broker (0 when it holds none); cash: the broker's cash. */
  readonly brokerQty: number;
  /** Sum of the runs' signed quantities; cash: the cash the desk expects (the account's baseline plus every `held`). */
  readonly deskQty: number;
  /** Each run's share of `deskQty` (runs holding the symbol); cash: each run's cash change since it started. */
  readonly held: readonly { readonly runId: string; readonly runNumber: number; readonly qty: number }[];
  /** The runs this difference halts: the ones holding the symbol, else the ones trading it. */
  readonly affected: readonly { readonly runId: string; readonly runNumber: number }[];
}

export interface Reconciliation {
  /** Sorted by symbol; empty when the broker and the desk agree. */
  readonly differences: readonly PositionDifference[];
  /** Every run some difference halts, by run number. */
  readonly affectedRunIds: readonly string[];
}

/** Quantities closer than this (a fraction of a crypto lot's 1e-8) are equal. */
const QTY_EPSILON = 1e-9;

export function reconcilePositions(broker: readonly { readonly symbol: string; readonly qty: number }[], runs: readonly RunOnAccount[]): Reconciliation {
  const brokerQty = new Map<string, number>();
  for (const p of broker) brokerQty.set(p.symbol, (brokerQty.get(p.symbol) ?? 0) + p.qty);
  const held = new Map<string, { runId: string; runNumber: number; qty: number }[]>();
  for (const run of runs) {
    for (const p of run.positions) {
      if (Math.abs(p.qty) < QTY_EPSILON) continue;
      const list = held.get(p.symbol) ?? [];
      list.push({ runId: run.runId, runNumber: run.runNumber, qty: p.qty });
      held.set(p.symbol, list);
    }
  }
  const symbols = [...new Set([...brokerQty.keys(), ...held.keys()])].sort();
  const differences: PositionDifference[] = [];
  for (const symbol of symbols) {
    const holders = held.get(symbol) ?? [];
    const deskQty = holders.reduce((sum, h) => sum + h.qty, 0);
    const atBroker = brokerQty.get(symbol) ?? 0;
    if (Math.abs(atBroker - deskQty) < QTY_EPSILON) continue;
    const traders = holders.length > 0 ? holders : runs.filter((r) => r.symbols.includes(symbol));
    differences.push({
      symbol, brokerQty: atBroker, deskQty, held: holders,
      affected: traders.map(({ runId, runNumber }) => ({ runId, runNumber })).sort((a, b) => a.runNumber - b.runNumber),
    });
  }
  const affected = new Map<string, number>();
  for (const d of differences) for (const r of d.affected) affected.set(r.runId, r.runNumber);
  return { differences, affectedRunIds: [...affected].sort((a, b) => a[1] - b[1]).map(([id]) => id) };
}

/** The pseudo-symbol a cash difference is filed under: no ticker has a `$`, and it sorts before every symbol. */
export const CASH_SYMBOL = '$CASH';

/**
 * Cash closer than this (in the account's currency) agrees: a broker rounds each fill's amount to the cent, so a long
 * history of fills can drift by a few cents from the books' exact products.
 */
export const CASH_TOLERANCE = 1;

/** A run's cash on the account: what its fills moved since it started (those its book has not applied yet included). */
export interface RunCash {
  readonly runId: string;
  readonly runNumber: number;
  readonly change: number;
}

const cents = (x: number): number => Math.round(x * 100) / 100 + 0;

/**
 * The account's cash against the desk's: the broker's cash must equal the account's baseline (its cash before the
 * desk's runs traded, moved since by the deposits, withdrawals, fees and dividends the broker listed) plus what every
 * run that ever traded on the account moved by its fills. Null when they agree within CASH_TOLERANCE; otherwise the
 * difference (amounts in cents), which halts `affected` (the runs that trade on the account: nobody can tell whose
 * cash it is).
 */
export function reconcileCash(brokerCash: number, baseline: number, runs: readonly RunCash[], affected: readonly { readonly runId: string; readonly runNumber: number }[]): PositionDifference | null {
  const ordered = [...runs].sort((a, b) => a.runNumber - b.runNumber);
  const deskQty = ordered.reduce((sum, r) => sum + r.change, baseline);
  if (Math.abs(brokerCash - deskQty) < CASH_TOLERANCE) return null;
  return {
    symbol: CASH_SYMBOL, brokerQty: cents(brokerCash), deskQty: cents(deskQty),
    held: ordered.filter((r) => Math.abs(r.change) >= 0.005).map((r) => ({ runId: r.runId, runNumber: r.runNumber, qty: cents(r.change) })),
    affected: [...affected].sort((a, b) => a.runNumber - b.runNumber).map(({ runId, runNumber }) => ({ runId, runNumber })),
  };
}

/** The positions' reconciliation with the cash difference (if any) added, first. */
export function withCash(r: Reconciliation, cash: PositionDifference | null): Reconciliation {
  if (cash === null) return r;
  const affected = new Map<string, number>();
  for (const d of [cash, ...r.differences]) for (const x of d.affected) affected.set(x.runId, x.runNumber);
  return { differences: [cash, ...r.differences], affectedRunIds: [...affected].sort((a, b) => a[1] - b[1]).map(([id]) => id) };
}

/** An amount of cash as a person reads it: `$1,234.50`, `-$0.02`. */
export function dollars(x: number): string {
  const abs = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${x < 0 && abs !== '0.00' ? '-' : ''}$${abs}`;
}

/** An amount with its sign always written: `+$250.00`, `-$0.02`. */
export const signedDollars = (x: number): string => (x >= 0 ? `+${dollars(x)}` : dollars(x));

/** A cash difference's account baseline: the desk's expected cash less each run's share of it. */
export const cashBaseline = (d: PositionDifference): number => d.held.reduce((rest, h) => rest - h.qty, d.deskQty);

/** One line a person reads: what the broker holds, what the desk's runs hold, and which runs it halts. */
export function describeDifference(d: PositionDifference): string {
  if (d.symbol === CASH_SYMBOL) {
    const baseline = cashBaseline(d);
    const runs = d.held.map((h) => `Run #${h.runNumber} ${signedDollars(h.qty)}`);
    const halts = d.affected.length === 0 ? 'no run trades on the account' : `halts ${d.affected.map((r) => `Run #${r.runNumber}`).join(', ')}`;
    return `cash: the broker has ${dollars(d.brokerQty)}, the desk expects ${dollars(d.deskQty)} (the account's ${dollars(baseline)}${runs.length === 0 ? '' : `, ${runs.join(', ')}`}): `
      + `${signedDollars(d.brokerQty - d.deskQty)} unexplained; ${halts}`;
  }
  const runs = d.held.length === 0 ? 'no run holds it' : d.held.map((h) => `Run #${h.runNumber} ${fmtQty(h.qty)}`).join(', ');
  const halts = d.affected.length === 0 ? 'no run trades it' : `halts ${d.affected.map((r) => `Run #${r.runNumber}`).join(', ')}`;
  return `${d.symbol}: the broker holds ${fmtQty(d.brokerQty)}, the desk ${fmtQty(d.deskQty)} (${runs}); ${halts}`;
}

/**
 * Adopting the broker's view into one run: the quantity that run must hold so the desk's sum equals the broker's.
 * Null when the run is not one the difference concerns.
 */
export function adoptedQty(d: PositionDifference, runId: string): number | null {
  if (!d.affected.some((r) => r.runId === runId)) return null;
  const others = d.held.filter((h) => h.runId !== runId).reduce((sum, h) => sum + h.qty, 0);
  return d.brokerQty - others;
}

function fmtQty(q: number): string {
  return Number.isInteger(q) ? String(q) : q.toFixed(8).replace(/0+$/, '');
}
