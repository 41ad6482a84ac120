// LLM usage per workspace and member, and the workspace's monthly analyst budget (a hard stop). Months are
// calendar months in UTC, written `YYYY-MM`.
import { type Result, fail, ok } from '../../core/domain/result.js';
import type { AnalystBudget } from './ports.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The UTC calendar month of an instant. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

export function parseMonth(month: string): Result<{ readonly year: number; readonly month: number }> {
  const m = MONTH.exec(month);
  if (m === null) return fail('usage.bad_month', `expected a month as YYYY-MM, got '${month}'`);
  return ok({ year: Number(m[1]), month: Number(m[2]) });
}

/** [from, to) in epoch ms. Throws on a malformed month: callers parse user input with parseMonth first. */
export function monthBounds(month: string): { readonly fromMs: number; readonly toMs: number } {
  const p = parseMonth(month);
  if (!p.ok) throw new Error(p.error.message);
  return { fromMs: Date.UTC(p.value.year, p.value.month - 1, 1), toMs: Date.UTC(p.value.year, p.value.month, 1) };
}

export function previousMonth(month: string): string {
  return monthOf(monthBounds(month).fromMs - 1);
}

/** `November 2024`. */
export function monthLabel(month: string): string {
  const p = parseMonth(month);
  if (!p.ok) throw new Error(p.error.message);
  return `${MONTH_NAMES[p.value.month - 1]!} ${p.value.year}`;
}

/** Dollars with cents; sub-cent amounts keep four decimals so a cheap month does not read as free. */
export function formatUsd(x: number): string {
  if (x > 0 && x < 0.01) return `$${x.toFixed(4)}`;
  return `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The refusal when this month's spend is at or over the cap, or null when the analyst may call the API. */
export function budgetStop(budget: AnalystBudget, spentUsd: number, month: string): string | null {
  if (budget.limitUsd === null || spentUsd < budget.limitUsd) return null;
  if (budget.limitUsd === 0) {
    return `Claude is switched off for this workspace: its analyst budget for ${monthLabel(month)} is $0; an admin can raise it with /settings budget.`;
  }
  const whose = budget.source === 'default' ? 'analyst budget (the desk default)' : 'analyst budget';
  return `This workspace has used ${formatUsd(spentUsd)} of its ${formatUsd(budget.limitUsd)} ${whose} for ${monthLabel(month)}; an admin can raise it with /settings budget.`;
}
