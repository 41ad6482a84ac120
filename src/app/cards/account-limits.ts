// How a broker account's limits read in chat (/settings risk, its approval card, /approval approve).
import { DEFAULT_ACCOUNT_LIMITS, type AccountLimits } from '../../core/risk/account-gates.js';

/** Each limit with the `/settings risk` option that sets it and its unit. */
export const LIMIT_OPTIONS: readonly { readonly key: keyof AccountLimits; readonly option: string; readonly unit: string; readonly what: string }[] = [
  { key: 'dailyLossPct', option: 'daily-loss', unit: '%', what: 'loss today, % of the start-of-day equity' },
  { key: 'maxDrawdownPct', option: 'drawdown', unit: '%', what: 'below peak equity, %' },
  { key: 'maxExposurePct', option: 'exposure', unit: '%', what: 'gross exposure, % of equity' },
  { key: 'maxOrdersPerMinute', option: 'order-rate', unit: '/min', what: 'orders a minute, all runs' },
];

/** `5%`, `60/min`; `(default)` when it is the default, which is also the hard ceiling. */
export function limitValue(limits: AccountLimits, key: keyof AccountLimits): string {
  const unit = LIMIT_OPTIONS.find((l) => l.key === key)?.unit ?? '';
  return `${limits[key]}${unit}${limits[key] === DEFAULT_ACCOUNT_LIMITS[key] ? ' (default)' : ''}`;
}

/** `dailyLossPct 5% -> 3%` for each limit that differs. */
export function limitChanges(from: AccountLimits, to: AccountLimits): string[] {
  return LIMIT_OPTIONS.filter((l) => from[l.key] !== to[l.key]).map((l) => `${l.key} ${from[l.key]}${l.unit} -> ${to[l.key]}${l.unit}`);
}

/** One row per limit: its name, the option that sets it, and its value on each account given. */
export function limitsTable(accounts: readonly { readonly name: string; readonly limits: AccountLimits }[]) {
  return {
    columns: ['limit', 'option', ...accounts.map((a) => a.name)],
    rows: LIMIT_OPTIONS.map((l) => [l.key, `${l.option}:`, ...accounts.map((a) => limitValue(a.limits, l.key))]),
  };
}
