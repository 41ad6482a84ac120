// Deterministic intent matching for the offline analyst: a plain question -> one intent, checked most specific
// first ("why didn't run 2 trade" is about decisions, not about why run 2 lost). Anything else gets the menu.

export type OfflineIntent =
  | { readonly kind: 'run_status'; readonly run: number }
  | { readonly kind: 'run_result'; readonly run: number }
  | { readonly kind: 'compare'; readonly runs: readonly number[] }
  | { readonly kind: 'no_trades'; readonly run: number | null; readonly symbol: string | null }
  | { readonly kind: 'rules'; readonly activeOnly: boolean }
  | { readonly kind: 'explain_rule'; readonly rule: string; readonly run: number | null }
  | { readonly kind: 'rule_ideas'; readonly run: number }
  | { readonly kind: 'list_runs' }
  /** Answered by a read-only desk command (no MCP tool answers it). */
  | { readonly kind: 'command'; readonly line: string }
  /** `refused`: the text asked for an action (trade, stop, change): the offline analyst only reads. */
  | { readonly kind: 'menu'; readonly refused: boolean };

/** The questions the menu offers, one per intent it answers. */
export const MENU_EXAMPLES: readonly string[] = [
  'how is run 2 doing?',
  'why did run 2 lose money?',
  'compare run 1 and run 2 (or: compare 1, 2 and 3)',
  'why didn\'t we trade today? (or: on AAPL, or: why didn\'t run 2 trade?)',
  'what rules are active?',
  'explain rule max-dd (or: explain rule max-dd in run 2)',
  'what rules would have helped run 2?',
  'which runs are there?',
  'summary of run 2',
  'positions of run 2',
  'what are we holding?',
  'how is the portfolio?',
];

const RUN = String.raw`\brun\s*#?\s*(\d+)`;
const runIn = (text: string): number | null => {
  const m = text.match(new RegExp(RUN, 'i'));
  return m === null ? null : Number(m[1]);
};

const WHY = /\bwhy\b/i;
const NEGATION = /\b(?:didn't|did not|don't|do not|doesn't|does not|haven't|have not|hasn't|has not|isn't|is not|aren't|are not|wasn't|weren't|no|not|never|nothing|zero)\b/i;
const TRADING = /\b(?:trade[sd]?|trading|buy|buying|bought|sell|selling|sold|enter|entered|entries|entry|orders?|fills?|positions?)\b/i;
/** "why did run 2 lose money?", "run 1: why?" */
const WHY_RUN = new RegExp(String.raw`\bwhy\b.*?${RUN}|${RUN}.*?\bwhy\b`, 'i');
/** A ticker as written: upper case after on/in/for ("on AAPL", "for SIM-A"), or any case after a $ ("$aapl"). */
const SYMBOL = /\b(?:on|in|for)\s+([A-Z][A-Z0-9]*(?:[.-][A-Z0-9]+)*)\b|\$([A-Za-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*)/;
const EXPLAIN_RULE = /\b(?:explain|describe)\s+(?:the\s+)?rule[\s:]+[`'"]?([\w.:-]+)|\bwhat\s+(?:does|is)\s+(?:the\s+)?rule[\s:]+[`'"]?([\w.:-]+)/i;
const RULE_IN_RUN = /\b(?:in|for|on|during)\s+run\s*#?\s*(\d+)/i;
const RULE_IDEAS = /\b(?:would|could|should|help|helped|save|saved|suggest\w*|propos\w*|prevent\w*)\b/i;
const COMPARE = /\bcompare\b(.*)$/i;
const VERSUS = new RegExp(String.raw`${RUN}\s*(?:vs\.?|versus|against)\s*(?:runs?\s*)?#?\s*(\d+)`, 'i');
const RULES = /\b(?:what|which|list|show|any)\b.*\brules?\b|\brules?\b.*\b(?:active|in force|enforced)\b|^\s*rules?\s*\??\s*$/i;
const ACTIVE = /\b(?:active|in force|enforced)\b/i;
const ACTION = /\b(?:buy|sell|short|cancel|place|close|flatten|halt|stop|start|resume|approve|delete|remove|add|disable|enable|ignore)\b/i;

interface CommandIntent {
  readonly re: RegExp;
  readonly line: (m: RegExpMatchArray) => string;
}

/** Questions no MCP tool answers (a live run's positions, the portfolio, a run's summary card): the desk's commands. */
const COMMANDS: readonly CommandIntent[] = [
  { re: new RegExp(String.raw`\b(?:summary|summari[sz]e|recap)\b.*?${RUN}`, 'i'), line: (m) => `/run summary run:${m[1]}` },
  { re: new RegExp(String.raw`\b(?:positions?|holding|holdings)\b.*?${RUN}`, 'i'), line: (m) => `/positions run:${m[1]}` },
];
const LATE_COMMANDS: readonly CommandIntent[] = [
  { re: /\b(?:positions?|holding|holdings)\b/i, line: () => '/positions' },
  { re: /\b(?:portfolio|equity|cash|p&?l)\b/i, line: () => '/portfolio' },
];

export function parseIntent(question: string): OfflineIntent {
  // Curly apostrophes from phones and chat clients.
  const text = question.replace(/[\u2018\u2019]/g, '\'').trim();
  const rule = text.match(EXPLAIN_RULE);
  if (rule !== null) {
    const inRun = text.match(RULE_IN_RUN);
    return { kind: 'explain_rule', rule: (rule[1] ?? rule[2] ?? '').replace(/[.:-]+$/, ''), run: inRun === null ? null : Number(inRun[1]) };
  }
  const run = runIn(text);
  if (run !== null && /\brules?\b/i.test(text) && RULE_IDEAS.test(text)) return { kind: 'rule_ideas', run };
  if (WHY.test(text) && NEGATION.test(text) && TRADING.test(text)) return { kind: 'no_trades', run, symbol: symbolIn(text) };
  const compared = comparedRuns(text);
  if (compared !== null) return { kind: 'compare', runs: compared };
  const why = text.match(WHY_RUN);
  if (why !== null) return { kind: 'run_result', run: Number(why[1] ?? why[2]) };
  const command = firstCommand(COMMANDS, text);
  if (command !== null) return command;
  if (run !== null) return { kind: 'run_status', run };
  if (RULES.test(text)) return { kind: 'rules', activeOnly: ACTIVE.test(text) };
  if (/\bruns\b|\brunning\b|\bwhich\s+run\b/i.test(text)) return { kind: 'list_runs' };
  return firstCommand(LATE_COMMANDS, text) ?? { kind: 'menu', refused: ACTION.test(text) };
}

function firstCommand(commands: readonly CommandIntent[], text: string): OfflineIntent | null {
  for (const c of commands) {
    const m = text.match(c.re);
    if (m !== null) return { kind: 'command', line: c.line(m) };
  }
  return null;
}

function symbolIn(text: string): string | null {
  const m = text.match(SYMBOL);
  const symbol = m?.[1] ?? m?.[2];
  return symbol === undefined ? null : symbol.toUpperCase();
}

/** "compare run 1 with run 2", "compare 1, 2 and 3", "run 4 vs run 5": the run numbers in order, once each. */
function comparedRuns(text: string): number[] | null {
  const versus = text.match(VERSUS);
  if (versus !== null) return [Number(versus[1]), Number(versus[2])];
  const m = text.match(COMPARE);
  if (m === null) return null;
  // Dates ("as of 2024-01-02") are not run numbers.
  const rest = (m[1] ?? '').replace(/\d{4}-\d{2}-\d{2}\S*/g, ' ');
  const numbers = [...rest.matchAll(/#?\s*(\d+)/g)].map((x) => Number(x[1]));
  return numbers.length === 0 ? null : [...new Set(numbers)];
}
