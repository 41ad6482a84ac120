// A desk with saved runs behind a real MCP client over the in-memory transport (no network, no vi.mock).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { backtest } from '../../src/app/backtest/backtest.js';
import { backtestRunRecord } from '../../src/app/backtest/run-record.js';
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import { DEFAULT_QUANT } from '../../src/core/engine/config.js';
import type { BacktestResult } from '../../src/core/engine/backtest.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import type { Rule } from '../../src/core/risk/rules.js';
import { mcpDepsFrom, type McpDeps } from '../../src/mcp/deps.js';
import { buildServer } from '../../src/mcp/server.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';

export const WS_A: WorkspaceRef = { platform: 'console', externalId: 'a', name: 'a' };
export const WS_B: WorkspaceRef = { platform: 'console', externalId: 'b', name: 'b' };
export const FROM = Date.UTC(2023, 0, 2);
export const TO = Date.UTC(2023, 11, 29);

/** The rule the seeded run holds: at most one position, so the second symbol's entries are blocked. */
export const ONE_POSITION: Rule = { id: 'one-pos', category: 'risk', type: 'max_open_positions', params: { max: 1 }, priority: 1, active: true, shadow: false };

/** Saves a real backtest (simulated market, seed 42) in `workspace` and returns its engine result. */
export async function seedBacktest(desk: ReturnType<typeof fakeDesk>, workspace: WorkspaceRef, rules: readonly Rule[] = [ONE_POSITION]): Promise<{ number: number; result: BacktestResult }> {
  const market = desk.deps.marketData('sim');
  if (!market.ok) throw new Error(market.error.message);
  const outcome = await backtest({ marketData: market.value, codeVersion: 'test' }, {
    strategyId: 'mean-reversion', params: { period: 5 }, symbols: ['SIM-A', 'SIM-B'], timeframe: '1d', from: FROM, to: TO, startCash: 100_000,
    sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 }, rules, quant: DEFAULT_QUANT, gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce',
  });
  if (!outcome.ok) throw new Error(outcome.error.message);
  const saved = await desk.deps.runs.saveBacktestRun(backtestRunRecord(outcome.value, workspace, 'ann'));
  if (!saved.ok) throw new Error(saved.error.message);
  return { number: saved.value.number, result: outcome.value.result };
}

export async function connect(deps: McpDeps): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await buildServer(deps).connect(serverSide);
  const client = new Client({ name: 'test', version: '0' });
  await client.connect(clientSide);
  return client;
}

/** A desk seeded with rules and one backtest in workspace A, and an MCP client for workspace A. */
export async function seededMcp(now = FAKE_NOW) {
  const desk = fakeDesk({}, [ONE_POSITION]);
  await desk.deps.workspaceAdmin.addRule(WS_A, ONE_POSITION, { id: 'u', name: 'ann', role: 'admin' });
  const seeded = await seedBacktest(desk, WS_A);
  const client = await connect(mcpDepsFrom(desk.deps, WS_A, () => now));
  return { desk, client, call: caller(client), seeded };
}

/** `call(name, args)` on a client; this SDK version types callTool's result loosely (task results). */
export const caller = (client: Client) => async (name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

export const textOf = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
