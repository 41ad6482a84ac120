/**
 * Account-level gates: several runs trade one broker account, and before any of them sends an order the account as a
 * whole is checked, beside the run's own gates (gates.ts). Buying power (never send an order the account cannot pay
 * for), the account's daily loss and drawdown across all the workspace's runs on it, its total exposure, and how many
 * orders it sends a minute. Exits are never blocked (they reduce risk); an exit still counts towards the order rate.
 * Like the run's gates, a configuration may tighten a limit, never loosen it (`tightenAccountLimits`). Pure.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../domain/result.js';
import type { Verdict } from './gates.js';

export const ACCOUNT_GATE_DEFAULTS = {
  /** % of the account's start-of-day equity. */
  dailyLossPct: 5,
  /** % below the account's peak equity. */
  maxDrawdownPct: 25,
  /** Gross exposure (sum of |position value|) as % of equity. */
  maxExposurePct: 100,
  /** Orders sent by all the account's runs in any 60 s. */
  maxOrdersPerMinute: 60,
} as const;

export const accountLimitsSchema = z.object({
  dailyLossPct: z.number().gt(0).max(ACCOUNT_GATE_DEFAULTS.dailyLossPct).default(ACCOUNT_GATE_DEFAULTS.dailyLossPct),
  maxDrawdownPct: z.number().gt(0).max(ACCOUNT_GATE_DEFAULTS.maxDrawdownPct).default(ACCOUNT_GATE_DEFAULTS.maxDrawdownPct),
  maxExposurePct: z.number().gt(0).max(ACCOUNT_GATE_DEFAULTS.maxExposurePct).default(ACCOUNT_GATE_DEFAULTS.maxExposurePct),
  maxOrdersPerMinute: z.number().int().min(1).max(ACCOUNT_GATE_DEFAULTS.maxOrdersPerMinute).default(ACCOUNT_GATE_DEFAULTS.maxOrdersPerMinute),
}).strict();

export type AccountLimits = z.infer<typeof accountLimitsSchema>;
export const DEFAULT_ACCOUNT_LIMITS: AccountLimits = accountLimitsSchema.parse({});

/** The account as the broker reports it, with what the desk keeps about its day and its peak. */
export interface AccountView {
  readonly equity: number;
  readonly buyingPower: number;
  /** Sum of |qty x price| over the account's positions. */
  readonly grossExposure: number;
  readonly startOfDayEquity: number;
  readonly peakEquity: number;
  /** When the account's runs sent their recent orders (epoch ms), any order. */
  readonly recentOrders: readonly number[];
}

/** An order about to be sent: an entry opens or adds to a position, an exit reduces or closes one. */
export interface AccountOrder {
  readonly intent: 'entry' | 'exit';
  /** |qty| x the price the desk expects, plus commission. */
  readonly notional: number;
}

const ORDER_WINDOW_MS = 60_000;
const pct = (x: number): string => `${x.toFixed(2)}%`;

/** Every account gate the order fails, in a fixed order; empty when it may be sent. */
export function checkAccountOrder(order: AccountOrder, account: AccountView, limits: AccountLimits, now: number): Verdict[] {
  const verdicts: Verdict[] = [];
  const sent = account.recentOrders.filter((t) => t > now - ORDER_WINDOW_MS && t <= now).length;
  if (sent >= limits.maxOrdersPerMinute) {
    verdicts.push(block('account:order-rate', sent, limits.maxOrdersPerMinute,
      `the account already sent ${sent} order(s) in the last minute (limit ${limits.maxOrdersPerMinute})`));
  }
  if (order.intent === 'exit') return verdicts;
  if (order.notional > account.buyingPower) {
    verdicts.push(block('account:buying-power', order.notional, account.buyingPower,
      `the order needs ${order.notional.toFixed(2)}, the account's buying power is ${account.buyingPower.toFixed(2)}`));
  }
  const dayLoss = account.startOfDayEquity > 0 ? Math.max(0, (1 - account.equity / account.startOfDayEquity) * 100) : 0;
  if (dayLoss >= limits.dailyLossPct) {
    verdicts.push(block('account:daily-loss', dayLoss, limits.dailyLossPct, `the account is down ${pct(dayLoss)} today (limit ${pct(limits.dailyLossPct)})`));
  }
  const drawdown = account.peakEquity > 0 ? Math.max(0, (1 - account.equity / account.peakEquity) * 100) : 0;
  if (drawdown >= limits.maxDrawdownPct) {
    verdicts.push(block('account:max-drawdown', drawdown, limits.maxDrawdownPct, `the account is ${pct(drawdown)} below its peak (limit ${pct(limits.maxDrawdownPct)})`));
  }
  const exposure = account.equity > 0 ? ((account.grossExposure + order.notional) / account.equity) * 100 : Number.POSITIVE_INFINITY;
  if (exposure > limits.maxExposurePct) {
    verdicts.push(block('account:max-exposure', exposure, limits.maxExposurePct,
      `the account's exposure would be ${pct(exposure)} of its equity (limit ${pct(limits.maxExposurePct)})`));
  }
  return verdicts;
}

function block(by: string, observed: number, limit: number, message: string): Verdict {
  return { by, observed, limit, action: 'entry_blocked', message };
}

/**
 * The limits after a change: each value may only move the safe way (lower for losses, drawdown, exposure and order
 * rate). Loosening one is refused here, naming it: it takes a second admin's approval (the four-eyes rule).
 */
export function tightenAccountLimits(current: AccountLimits, change: Partial<AccountLimits>): Result<AccountLimits> {
  const next = accountLimitsSchema.safeParse({ ...current, ...change });
  if (!next.success) return fail('risk.limit_invalid', `account limits: ${next.error.issues[0]?.path.join('.') ?? ''} ${next.error.issues[0]?.message ?? ''}`.trim());
  for (const key of Object.keys(change) as (keyof AccountLimits)[]) {
    if (next.data[key] > current[key]) {
      return fail('risk.loosen_needs_approval', `${key} ${current[key]} -> ${next.data[key]} loosens an account limit: a second admin must approve it`, { key });
    }
  }
  return ok(next.data);
}
