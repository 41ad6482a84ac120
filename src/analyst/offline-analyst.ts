import type { AnyCommand } from '../app/command.js';
import type { AnalystQuestion, AskAnalyst } from '../app/chat.js';
import type { DeskDeps } from '../app/desk-deps.js';
import { dispatch } from '../app/dispatch.js';
import type { Reply } from '../app/reply.js';
import { openMcpSession } from './mcp-session.js';

/**
 * The analyst without an API key: plain questions matched to the desk's own read-only commands, answered with
 * their real numbers. It always runs them as a viewer, so no question can change anything, whatever it says.
 */
interface Intent {
  readonly re: RegExp;
  /** The command line that answers, from the match. */
  readonly line: (m: RegExpMatchArray) => string;
  readonly example: string;
}

const RUN = String.raw`run\s*#?\s*(\d+)`;

/** "why did run 2 lose money?", "why is run #3 winning": answered from the MCP tools get_run and analyze_trades. */
const WHY = new RegExp(String.raw`\bwhy\b.*?${RUN}|${RUN}.*?\bwhy\b`, 'i');

const INTENTS: readonly Intent[] = [
  { re: new RegExp(String.raw`\bcompare\s+${RUN}\s*(?:and|with|vs\.?|to|,)\s*(?:run\s*)?#?\s*(\d+)`, 'i'), line: (m) => `/compare a:${m[1]} b:${m[2]}`, example: 'compare run 1 and run 2' },
  { re: new RegExp(String.raw`\b(?:summary|summari[sz]e|recap)\b.*?${RUN}`, 'i'), line: (m) => `/run summary run:${m[1]}`, example: 'summary of run 2' },
  { re: new RegExp(String.raw`\b(?:positions?|holding|holdings)\b.*?${RUN}`, 'i'), line: (m) => `/positions run:${m[1]}`, example: 'positions of run 2' },
  { re: new RegExp(String.raw`${RUN}`, 'i'), line: (m) => `/run status run:${m[1]}`, example: 'how is run 2 doing?' },
  { re: /\b(?:positions?|holding|holdings)\b/i, line: () => '/positions', example: 'what are we holding?' },
  { re: /\b(?:portfolio|equity|cash|p&?l)\b/i, line: () => '/portfolio', example: 'how is the portfolio?' },
  { re: /\brules?\b/i, line: () => '/rules list', example: 'what rules are active?' },
  { re: /\bruns?\b|\brunning\b/i, line: () => '/runs status:all', example: 'which runs are there?' },
];

export function createOfflineAnalyst(registry: readonly AnyCommand<DeskDeps>[], deps: DeskDeps): AskAnalyst {
  return async (q: AnalystQuestion, now: number): Promise<Reply> => {
    const why = q.text.match(WHY);
    if (why !== null) return explainRun(deps, q, Number(why[1] ?? why[2]), now);
    const intent = INTENTS.map((i) => ({ i, m: q.text.match(i.re) })).find((x) => x.m !== null);
    if (intent === undefined || intent.m === null) return menu();
    const line = intent.i.line(intent.m);
    const reply = await dispatch(registry, line, {
      workspace: q.workspace,
      actor: { ...q.actor, role: 'viewer' },
      channelId: q.channelId,
      now: () => now,
      deps,
    });
    const note = `Offline analyst: answered with \`${line}\`.`;
    return { ...reply, text: reply.text === undefined ? note : `${reply.text}\n\n${note}` };
  };
}

/** Why a run made or lost money: its result, then what its trades say (the MCP tools' own summaries). */
async function explainRun(deps: DeskDeps, q: AnalystQuestion, run: number, now: number): Promise<Reply> {
  const session = await openMcpSession(deps, q.workspace, now);
  try {
    const result = await session.call('get_run', { run });
    if (result.isError) return { kind: 'error', text: result.summary };
    const trades = await session.call('analyze_trades', { run });
    return {
      kind: 'ok',
      title: `Why Run #${run} did what it did`,
      text: [result.summary, trades.summary, 'Offline analyst: answered with the MCP tools `get_run` and `analyze_trades`.'].join('\n\n'),
    };
  } finally {
    await session.close();
  }
}

function menu(): Reply {
  return {
    kind: 'ok',
    title: 'Offline analyst',
    text: [
      'I am the offline analyst (no ANTHROPIC_API_KEY is set), so I answer a few questions with the desk\'s own numbers:',
      ...['why did run 2 lose money?', ...INTENTS.map((i) => i.example)].map((e) => `• ${e}`),
      'Every command is listed by /help.',
    ].join('\n'),
  };
}
