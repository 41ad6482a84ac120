// The console path: a plain line on the console desk goes to the offline analyst, which answers from the MCP tools.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleDesk } from '../../src/adapters/console/desk.js';
import { createOfflineAnalyst } from '../../src/analyst/offline-analyst.js';
import { FAKE_NOW } from '../helpers/fake-desk.js';
import { seedDecisions } from '../mcp/decisions-seed.js';
import { WS_A } from '../mcp/mcp-harness.js';

describe('the offline analyst on the console desk', () => {
  it('answers a plain "why didn\'t we trade" line with the day\'s decisions, and a command line as a command', async () => {
    const { desk } = await seedDecisions();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    await runConsoleDesk({
      input: Readable.from(['why didn\'t we trade on SIM-A?\n', 'explain rule one-pos\n']),
      output,
      interactive: false,
      registry: desk.deps.commands,
      deps: desk.deps,
      workspace: WS_A,
      actor: { id: 'u', name: 'bo', role: 'viewer' },
      now: () => FAKE_NOW,
      imageDir: path.join(tmpdir(), 'tradedesk-offline-console-unused'),
      ask: createOfflineAnalyst(desk.deps.commands, desk.deps),
    });
    const text = chunks.join('');
    expect(text).toContain('Why no trades on SIM-A today');
    expect(text).toContain('gate:max-drawdown: 6 on SIM-A; latest 2024-01-02 09:25 SIM-A: drawdown 12.5% >= 10% (observed 12.5 vs limit 10)');
    expect(text).toContain('Offline analyst: answered with the MCP tools `list_runs` and `get_decisions`.');
    expect(text.indexOf('Why no trades')).toBeLessThan(text.indexOf('Rule one-pos (risk, max_open_positions'));
  });
});
