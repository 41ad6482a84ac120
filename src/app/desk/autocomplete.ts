import { listStrategies } from '../../core/strategies/registry.js';
import { AUTOCOMPLETED, type Autocomplete, type Choice } from '../chat/ports.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { DeskDeps } from './desk-deps.js';
import type { RunStatus, RunSummary } from '../runs/model.js';

/** Discord's limits: at most 25 choices, names and values of at most 100 characters. */
export const MAX_CHOICES = 25;
export const MAX_CHOICE_CHARS = 100;

/** Run commands that only make sense for runs in some statuses; the rest offer every run. */
const RUN_STATUSES_FOR: Readonly<Record<string, readonly RunStatus[]>> = {
  'run stop': ['running', 'paused', 'halted'],
  'run pause': ['running'],
  'run resume': ['paused', 'halted'],
};

/** Run commands that read a backtest as well as a paper run (they share the run numbers); the rest need a live run. */
const TAKES_BACKTESTS: ReadonlySet<string> = new Set(['run show', 'run summary', 'compare']);

type Candidate = Choice & { readonly match: readonly string[] };

/**
 * Suggestions for the options listed in AUTOCOMPLETED, from this workspace only: strategy ids, symbols its runs
 * used (most recent first; completes the last item of a comma list), its run numbers (newest first) and its rule
 * ids. Filtered by what was typed (prefix matches first, then substrings, ignoring case). Never throws: a store
 * that cannot answer yields no suggestions, and the person types the value themselves.
 */
export function createAutocomplete(deps: Pick<DeskDeps, 'runStore' | 'runQueries' | 'workspaceAdmin'>): Autocomplete {
  const runsOf = async (workspace: WorkspaceRef): Promise<readonly RunSummary[]> =>
    [...(await deps.runStore.listRuns(workspace, { status: 'all' }))].sort((a, b) => b.number - a.number);

  async function candidates(workspace: WorkspaceRef, command: string, option: string, typed: string): Promise<readonly Candidate[]> {
    switch (option) {
      case 'strategy':
        return listStrategies().map((s) => ({ name: `${s.id}: ${s.title}`, value: s.id, match: [s.id, s.title] }));
      case 'symbols':
        return symbolChoices(await runsOf(workspace), typed);
      case 'run':
      case 'a':
      case 'b': {
        if (TAKES_BACKTESTS.has(command)) return everyRun(workspace);
        const statuses = RUN_STATUSES_FOR[command];
        const runs = (await runsOf(workspace)).filter((r) => statuses === undefined || statuses.includes(r.status));
        return runs.map((r) => {
          const name = `#${r.number} ${r.manifest.strategy.id} ${r.manifest.symbols.join(',')} (${r.status})`;
          return { name, value: String(r.number), match: [String(r.number), name] };
        });
      }
      case 'id': {
        const rules = await deps.workspaceAdmin.listRules(workspace);
        if (!rules.ok) return [];
        return rules.value.map((r) => ({ name: `${r.id}: ${r.type}${r.active ? '' : ' (off)'}${r.shadow ? ' (shadow)' : ''}`, value: r.id, match: [r.id, r.type] }));
      }
      default:
        return [];
    }
  }

  /** Every run, backtests included, newest first; a backtest says so instead of its (always completed) status. */
  async function everyRun(workspace: WorkspaceRef): Promise<readonly Candidate[]> {
    const runs = await deps.runQueries.listRuns(workspace);
    if (!runs.ok) return [];
    return runs.value.map((r) => {
      const name = `#${r.number} ${r.config.strategy.id} ${r.config.symbols.join(',')} (${r.mode === 'backtest' ? 'backtest' : r.status})`;
      return { name, value: String(r.number), match: [String(r.number), name] };
    });
  }

  return async ({ workspace, command, option, typed }) => {
    if (!(AUTOCOMPLETED[command] ?? []).includes(option)) return [];
    try {
      const all = await candidates(workspace, command, option, typed);
      // Symbols filter on the last list item themselves; the typed text is their prefix, not a filter.
      const term = option === 'symbols' ? lastItem(typed) : typed.trim().replace(/^#/, '');
      return ranked(all, term)
        .filter((c) => c.value.length <= MAX_CHOICE_CHARS)
        .slice(0, MAX_CHOICES)
        .map((c) => ({ name: clip(c.name), value: c.value }));
    } catch {
      return [];
    }
  };
}

/** The workspace's symbols, most recent run first, as completions of the last item of the typed list. */
function symbolChoices(runs: readonly RunSummary[], typed: string): Candidate[] {
  const comma = typed.lastIndexOf(',');
  const head = comma < 0 ? '' : typed.slice(0, comma + 1);
  const already = new Set(head.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== ''));
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const run of runs) {
    for (const symbol of run.manifest.symbols) {
      if (seen.has(symbol) || already.has(symbol)) continue;
      seen.add(symbol);
      const value = `${head.replace(/\s+/g, '').toUpperCase()}${symbol}`;
      out.push({ name: value, value, match: [symbol] });
    }
  }
  return out;
}

const lastItem = (typed: string): string => typed.slice(typed.lastIndexOf(',') + 1).trim();

/** Prefix matches first, then substring matches, each in the candidates' own order; everything for an empty term. */
function ranked(all: readonly Candidate[], term: string): Candidate[] {
  const t = term.toLowerCase();
  if (t === '') return [...all];
  const lower = (c: Candidate) => c.match.map((m) => m.toLowerCase());
  const prefix = all.filter((c) => lower(c).some((m) => m.startsWith(t)));
  const inside = all.filter((c) => !prefix.includes(c) && lower(c).some((m) => m.includes(t)));
  return [...prefix, ...inside];
}

const clip = (s: string): string => (s.length > MAX_CHOICE_CHARS ? `${s.slice(0, MAX_CHOICE_CHARS - 1)}…` : s);
