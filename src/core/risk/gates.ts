import { z } from 'zod';
import { floorQty } from '../domain/quantity.js';

/**
 * Hard risk gates: always evaluated; on paper and live they cannot be disabled. Configuration may tighten a limit,
 * never loosen it (the schema caps each limit at its default). Backtests may run the limit gates in shadow mode
 * (reported, not enforced); the integrity gates (cash, oversell, overcover) are always enforced.
 */
export const GATE_DEFAULTS = {
  dailyLossPct: 5,
  maxDrawdownPct: 25,
  maxPositionPct: 50,
  minCashReservePct: 10,
} as const;

export const gateLimitsSchema = z
  .object({
    dailyLossPct: z.number().gt(0).max(GATE_DEFAULTS.dailyLossPct).default(GATE_DEFAULTS.dailyLossPct)
      .describe('Daily loss breaker: % of start-of-day equity; no new entries until the next trading day'),
    maxDrawdownPct: z.number().gt(0).max(GATE_DEFAULTS.maxDrawdownPct).default(GATE_DEFAULTS.maxDrawdownPct)
      .describe('Max drawdown from peak equity, %; halts new entries until a human resumes'),
    maxPositionPct: z.number().gt(0).max(GATE_DEFAULTS.maxPositionPct).default(GATE_DEFAULTS.maxPositionPct)
      .describe('Max position size per symbol, % of equity, checked on new orders'),
    minCashReservePct: z.number().min(GATE_DEFAULTS.minCashReservePct).max(100).default(GATE_DEFAULTS.minCashReservePct)
      .describe('Cash that must remain after an entry, % of equity (may only be raised)'),
  })
  .strict();

export type GateLimits = z.infer<typeof gateLimitsSchema>;
export const DEFAULT_GATE_LIMITS: GateLimits = gateLimitsSchema.parse({});

export type GatesMode = 'enforce' | 'shadow';

export const GATE_IDS = [
  'no-negative-cash',
  'no-oversell',
  'no-overcover',
  'daily-loss',
  'max-drawdown',
  'max-position-size',
  'min-cash-reserve',
  'kill-switch',
] as const;
export type GateId = (typeof GATE_IDS)[number];

/** A gate or rule outcome: which one, what was observed, the limit, and what happened. */
export interface Verdict {
  /** `gate:<id>` or `rule:<id>`. */
  readonly by: string;
  readonly observed: number | null;
  readonly limit: number | null;
  /** entry_blocked | qty_capped | run_halted | reported (shadow: nothing enforced). */
  readonly action: 'entry_blocked' | 'qty_capped' | 'run_halted' | 'reported';
  readonly message: string;
}

const pct = (x: number): string => `${x.toFixed(2)}%`;

/** Drawdown of `equity` from `peak`, as a positive percentage. */
export function drawdownPct(equity: number, peak: number): number {
  return peak > 0 ? Math.max(0, ((peak - equity) / peak) * 100) : 0;
}

export function maxDrawdownVerdict(equity: number, peak: number, limits: GateLimits): Verdict | null {
  const dd = drawdownPct(equity, peak);
  if (dd < limits.maxDrawdownPct) return null;
  return {
    by: 'gate:max-drawdown',
    observed: dd,
    limit: limits.maxDrawdownPct,
    action: 'run_halted',
    message: `drawdown ${pct(dd)} from peak ${peak.toFixed(2)} reached the ${pct(limits.maxDrawdownPct)} limit: new entries halted until a human resumes`,
  };
}

/** The verdict every entry gets while a drawdown halt lasts (built once, when the halt trips). */
export function haltedVerdict(trip: Verdict): Verdict {
  return { ...trip, action: 'entry_blocked', message: `new entries halted until a human resumes (${trip.message.split(':')[0]})` };
}

export function dailyLossVerdict(equity: number, dayStartEquity: number, limits: GateLimits): Verdict | null {
  const loss = dayStartEquity > 0 ? ((dayStartEquity - equity) / dayStartEquity) * 100 : 0;
  if (loss < limits.dailyLossPct) return null;
  return {
    by: 'gate:daily-loss',
    observed: loss,
    limit: limits.dailyLossPct,
    action: 'entry_blocked',
    message: `day loss ${pct(loss)} of start-of-day equity ${dayStartEquity.toFixed(2)} reached the ${pct(limits.dailyLossPct)} limit: no new entries until the next trading day`,
  };
}

export interface CapInput {
  readonly qty: number;
  readonly price: number;
  readonly commissionRate: number;
  readonly side: 'buy' | 'sell';
  readonly cash: number;
  readonly equity: number;
  /** Signed qty already held in the symbol. */
  readonly heldQty: number;
  /** Tightest max-position % from gates and rules (rule id when a rule is the binding one). */
  readonly maxPositionPct: number;
  readonly maxPositionBy: string;
  readonly minCashReservePct: number;
  readonly mode: GatesMode;
  /** Decimals the quantity may have (see src/core/domain/quantity.ts): 0, whole shares, by default. */
  readonly qtyDecimals?: number;
}

export interface CapResult {
  readonly qty: number;
  readonly verdicts: readonly Verdict[];
}

/**
 * Caps an entry's quantity by max position size, min cash reserve and no negative cash, in whole shares (or to
 * `qtyDecimals` decimals: a crypto pair's fractions of a coin).
 * In shadow mode the limit gates report what they would have capped and the quantity stands; the cash gate is
 * always enforced.
 */
export function capEntryQty(input: CapInput): CapResult {
  const floor = (x: number): number => floorQty(x, input.qtyDecimals ?? 0);
  let qty = floor(input.qty);
  const verdicts: Verdict[] = [];
  const unitCost = input.price * (1 + input.commissionRate);
  const direction = input.side === 'buy' ? 1 : -1;

  const maxNotional = (input.equity * input.maxPositionPct) / 100;
  const heldNotional = Math.abs(input.heldQty) * input.price;
  const roomQty = Math.max(0, floor((maxNotional - heldNotional) / input.price));
  if (qty > roomQty) {
    const observed = ((heldNotional + qty * input.price) / input.equity) * 100;
    verdicts.push(capVerdict(input.maxPositionBy, observed, input.maxPositionPct, input.mode, roomQty,
      `position would be ${pct(observed)} of equity, limit ${pct(input.maxPositionPct)}`));
    if (input.mode === 'enforce' || input.maxPositionBy.startsWith('rule:')) qty = roomQty;
  }
  if (direction > 0) {
    const reserve = (input.equity * input.minCashReservePct) / 100;
    const reserveQty = Math.max(0, floor((input.cash - reserve) / unitCost));
    if (qty > reserveQty) {
      const cashAfter = input.cash - qty * unitCost;
      const observed = (cashAfter / input.equity) * 100;
      verdicts.push(capVerdict('gate:min-cash-reserve', observed, input.minCashReservePct, input.mode, reserveQty,
        `cash after the order would be ${pct(observed)} of equity, reserve ${pct(input.minCashReservePct)}`));
      if (input.mode === 'enforce') qty = reserveQty;
    }
    const cashQty = Math.max(0, floor(input.cash / unitCost));
    if (qty > cashQty) {
      verdicts.push(capVerdict('gate:no-negative-cash', input.cash - qty * unitCost, 0, 'enforce', cashQty,
        `order costs ${(qty * unitCost).toFixed(2)} with cash ${input.cash.toFixed(2)}`));
      qty = cashQty;
    }
  }
  return { qty, verdicts };
}

/**
 * No selling more than held, no covering more than short: an exit is capped at the position it closes (a sell
 * against no long position, or a buy against no short, closes nothing). Always enforced, also in shadow mode.
 */
export function capExitQty(side: 'buy' | 'sell', requestedQty: number, heldQty: number): CapResult {
  const closable = side === 'sell' ? Math.max(0, heldQty) : Math.max(0, -heldQty);
  if (requestedQty <= closable) return { qty: requestedQty, verdicts: [] };
  const by = side === 'sell' ? 'gate:no-oversell' : 'gate:no-overcover';
  const what = side === 'sell' ? `selling ${requestedQty} with ${closable} held long` : `covering ${requestedQty} with ${closable} held short`;
  return {
    qty: closable,
    verdicts: [{ by, observed: requestedQty, limit: closable, action: closable > 0 ? 'qty_capped' : 'entry_blocked', message: `${what}: capped to ${closable}` }],
  };
}

function capVerdict(by: string, observed: number, limit: number, mode: GatesMode, cappedQty: number, what: string): Verdict {
  const shadow = mode === 'shadow' && by.startsWith('gate:') && by !== 'gate:no-negative-cash';
  if (shadow) return { by, observed, limit, action: 'reported', message: `${what} (shadow: not enforced)` };
  return cappedQty > 0
    ? { by, observed, limit, action: 'qty_capped', message: `${what}: quantity capped to ${cappedQty}` }
    : { by, observed, limit, action: 'entry_blocked', message: `${what}: entry blocked` };
}
