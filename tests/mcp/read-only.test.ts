// The analyst's tools cannot change anything, by construction: every registered tool is called against a real
// SQLite desk holding a running paper run, a backtest, a rule and notifications, and no table changes by a single
// row. A tool added without sample arguments here fails the test, so a new tool cannot skip the check.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/chat/dispatch.js';
import type { CommandContext } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { LOCAL_WORKSPACE } from '../../src/main/local-workspace.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import type { Store } from '../../src/store/db/client.js';
import { openSqliteDesk } from '../helpers/sqlite-desk.js';
import { createTempDir } from '../store/helpers/repo.js';
import { caller, connect } from './mcp-harness.js';

const NOW = Date.UTC(2024, 0, 10, 15);
const SAMPLE_ARGS: Readonly<Record<string, Record<string, unknown>>> = {
  list_runs: {},
  get_run: { run: 1 },
  get_trades: { run: 1 },
  get_decisions: { run: 2 },
  get_rules: {},
  explain_rule: { rule: 'r1', run: 1 },
  get_bars: { symbol: 'SIM-A', max_bars: 50 },
  get_indicators: { symbol: 'SIM-A', max_bars: 60, indicators: [{ kind: 'rsi' }, { kind: 'sma', period: 5 }] },
  calculate_metrics: { run: 1 },
  analyze_trades: { run: 1 },
  compare_runs: { runs: [1, 2] },
  suggest_rules: { run: 1 },
  replay_with_rule: { run: 1, rule: { category: 'risk', type: 'max_position_pct', params: { pct: 5 } } },
};

const tmp = createTempDir('mcp-read-only');
const url = tmp.url('desk.db');
let store: Store;
let deps: DeskDeps;

function snapshot(): Record<string, string> {
  const db = new Database(tmp.file('desk.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, JSON.stringify(db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all())]));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ({ store, deps } = await openSqliteDesk(url));
  const ctx: CommandContext<DeskDeps> = { workspace: LOCAL_WORKSPACE, actor: { id: 'local', name: 'local', role: 'admin' }, channelId: 'console', now: () => NOW, deps };
  for (const line of [
    '/rules add category:risk type:max_open_positions params:max=1',
    '/backtest strategy:mean-reversion symbols:SIM-A,SIM-B from:2023-01-02 to:2023-12-29',
    '/run start strategy:trend-following symbols:SIM-A timeframe:1d',
  ]) {
    const reply = await dispatch(deps.commands, line, ctx);
    expect(reply.kind, `${line}: ${reply.text ?? ''}`).toBe('ok');
  }
});

afterAll(async () => {
  await store.close();
  tmp.remove();
});

describe('the MCP tools are read-only', () => {
  it('calls every registered tool and leaves every table exactly as it was', async () => {
    const client = await connect(mcpDepsFrom(deps, LOCAL_WORKSPACE, () => NOW));
    const call = caller(client);
    const { tools } = await client.listTools();
    const missing = tools.map((t) => t.name).filter((name) => SAMPLE_ARGS[name] === undefined);
    expect(missing, 'add sample arguments for these tools').toEqual([]);
    const before = snapshot();
    expect(before['Run']).toContain('mean-reversion');
    for (const t of tools) {
      expect(t.annotations?.readOnlyHint, t.name).toBe(true);
      const result = await call(t.name, SAMPLE_ARGS[t.name]);
      expect(result.isError ?? false, `${t.name}: ${JSON.stringify(result.content)}`).toBe(false);
    }
    const after = snapshot();
    for (const table of Object.keys(before)) expect(after[table], table).toBe(before[table]);
    await client.close();
  });
});
