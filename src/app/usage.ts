// LLM usage per workspace and member, and the workspace's monthly analyst budget (a hard stop). Months are
// calendar months in UTC, written `YYYY-MM`.
import { fail, ok, type Result } from '../core/domain/result.js';
import type { WorkspaceRef } from './command.js';
import type { ChangedBy } from './workspace-settings.js';

/** One answer's LLM use (all its API requests), priced by the caller. */
export interface UsageEntry {
  /** The member who asked (upserted as a workspace member without changing any role). */
  readonly actor: { readonly id: string; readonly name: string };
  /** The conversation it belongs to, when one is stored under that key. */
  readonly conversationId: string | null;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly at: number;
}

export interface UsageTotals {
  /** Answers that reached the API (one usage row each). */
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

export interface MemberUsage extends UsageTotals {
  /** The member's display name, or their platform id when the member is gone. */
  readonly name: string;
}

export interface MonthUsage {
  readonly month: string;
  readonly totals: UsageTotals;
  /** Most expensive first. */
  readonly topMembers: readonly MemberUsage[];
  /** Models used this month that the price table does not know (their cost is a high estimate). */
  readonly unpricedModels: readonly string[];
}

export interface LlmUsageLedger {
  record(workspace: WorkspaceRef, entry: UsageEntry): Promise<Result<null>>;
  month(workspace: WorkspaceRef, month: string, topMembers: number): Promise<Result<MonthUsage>>;
}

/** The cap that applies: the workspace's own, else the desk default (ANTHROPIC_MONTHLY_BUDGET_USD), else none. */
export interface AnalystBudget {
  readonly limitUsd: number | null;
  readonly source: 'workspace' | 'default' | 'none';
}

export interface AnalystBudgets {
  get(workspace: WorkspaceRef): Promise<Result<AnalystBudget>>;
  /** Sets the workspace's cap (null removes it, so the desk default applies again); audited. */
  set(workspace: WorkspaceRef, limitUsd: number | null, by: ChangedBy): Promise<Result<{ readonly before: AnalystBudget; readonly after: AnalystBudget }>>;
}

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
