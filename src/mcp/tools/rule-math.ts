// Each rule type's exact check in words, as the engine applies it (src/core/engine/entry-checks.ts).
import { assertNever } from '../../core/domain/result.js';
import type { Rule } from '../../core/risk/rules.js';

export function ruleMath(rule: Rule): string {
  switch (rule.type) {
    case 'max_position_pct':
      return `Caps a new position at ${rule.params.pct}% of equity: the entry's size is cut to that share (the tightest of this rule and the gate wins).`;
    case 'max_open_positions':
      return `Blocks an entry when open positions plus entries already ordered this bar >= ${rule.params.max}.`;
    case 'max_daily_loss_pct':
      return `Blocks entries while (day-start equity - equity) / day-start equity x 100 >= ${rule.params.pct} (UTC day).`;
    case 'max_drawdown_pct':
      return `Blocks entries while (peak equity - equity) / peak equity x 100 >= ${rule.params.pct}.`;
    case 'min_confidence':
      return `Blocks an entry whose signal confidence < ${rule.params.min} (0..1).`;
    case 'max_order_notional':
      return `Caps an entry's notional (qty x price) at ${rule.params.usd} USD: the size is cut to fit.`;
    case 'blackout_window':
      return `Blocks entries decided between ${rule.params.start} and ${rule.params.end} ${rule.params.timezone}; never applies to daily bars (decided once at the close).`;
    case 'take_profit_pct':
      return `Exits a position once price moves ${rule.params.pct}% in its favour from the entry price (the tightest take-profit wins).`;
    case 'trailing_stop_pct':
      return `Exits a position once price retraces ${rule.params.pct}% from its best price since entry (highest for longs, lowest for shorts).`;
    case 'max_holding_bars':
      return `Exits a position after it has been held ${rule.params.bars} bars.`;
    case 'stop_loss_pct':
      return `Exits a position once price moves ${rule.params.pct}% against it from the entry price (the tightest stop wins).`;
    case 'symbol_allowlist':
      return `Blocks entries in any symbol not in: ${rule.params.symbols.join(', ')}.`;
    case 'symbol_denylist':
      return `Blocks entries in: ${rule.params.symbols.join(', ')}.`;
    case 'min_price':
      return `Blocks an entry when the symbol's last close < ${rule.params.usd} USD.`;
    case 'halt_all':
      return `Blocks every entry (emergency halt: ${rule.params.reason}); exits still run.`;
    default:
      return assertNever(rule);
  }
}

/** Scope and mode in words: which symbols, and whether it is enforced. */
export function ruleScope(rule: Rule): string {
  const symbols = rule.symbols === undefined ? 'all symbols' : rule.symbols.join(', ');
  const mode = !rule.active ? 'inactive (not evaluated)' : rule.shadow ? 'shadow (evaluated and reported, never enforced)' : 'enforced';
  return `Applies to ${symbols}; ${mode}; priority ${rule.priority} (1 is evaluated first).`;
}
