// A seeded desk, a fake Messages API and the real Claude analyst pointed at it (no network, no vi.mock).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClaudeAnalyst, type AnalystUsage, type ClaudeAnalystOptions } from '../../src/analyst/claude-analyst.js';
import type { AnalystQuestion } from '../../src/app/chat/ports.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { startFakeAnthropic, type FakeAnthropic, type Step } from '../fakes/anthropic/fake-anthropic.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { ONE_POSITION, WS_A, caller, connect, seedBacktest, textOf } from '../mcp/mcp-harness.js';

export const API_KEY = 'sk-ant-test-key';
export const PROMPT_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prompts/system-analyst.md');
export const PROMPT_VERSION = /^version:\s*(\S+)/m.exec(readFileSync(PROMPT_FILE, 'utf8'))?.[1] ?? 'missing';

export function question(text: string): AnalystQuestion {
  return { workspace: WS_A, actor: { id: 'u-ann', name: 'ann', role: 'trader' }, conversationId: 'c1', channelId: 'c1', text };
}

export interface AnalystHarness {
  readonly fake: FakeAnthropic;
  readonly desk: ReturnType<typeof fakeDesk>;
  readonly runNumber: number;
  readonly usage: AnalystUsage[];
  readonly logs: string[];
  ask(text: string): Promise<Reply>;
  /** Asks with a different conversation, person or time. */
  askAs(text: string, q: Partial<AnalystQuestion>, now?: number): Promise<Reply>;
  /** A tool's text as the desk's MCP server gives it to any client, for comparing with what Claude was sent. */
  toolText(name: string, args: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** A desk with one active rule and one saved backtest in workspace A, and an analyst on a scripted fake API. */
export async function analystHarness(script: readonly Step[], options: Partial<ClaudeAnalystOptions> = {}, overrides: Partial<DeskDeps> = {}): Promise<AnalystHarness> {
  const desk = fakeDesk(overrides, [ONE_POSITION]);
  await desk.deps.workspaceAdmin.addRule(WS_A, ONE_POSITION, { id: 'u-admin', name: 'bo', role: 'admin' });
  const { number: runNumber } = await seedBacktest(desk, WS_A);
  const fake = await startFakeAnthropic(script);
  const usage: AnalystUsage[] = [];
  const logs: string[] = [];
  const analyst = createClaudeAnalyst({
    apiKey: API_KEY, baseURL: fake.baseURL, maxRetries: 0, deps: desk.deps,
    onUsage: (u) => void usage.push(u), log: (l) => logs.push(l), ...options,
  });
  return {
    fake, desk, runNumber, usage, logs,
    ask: (text) => analyst(question(text), FAKE_NOW),
    askAs: (text, q, now = FAKE_NOW) => analyst({ ...question(text), ...q }, now),
    async toolText(name, args) {
      const client = await connect(mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW));
      try {
        return textOf(await caller(client)(name, args));
      } finally {
        await client.close();
      }
    },
    close: () => fake.close(),
  };
}
