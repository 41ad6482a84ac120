// The offline analyst reads a tool's structured answer through the analyst's own MCP session.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openMcpSession, type McpSession } from '../../src/analyst/mcp-session.js';
import { callForData } from '../../src/analyst/offline/tool-data.js';
import { runData } from '../../src/analyst/offline/tool-schemas.js';
import { FAKE_NOW } from '../helpers/fake-desk.js';
import { seededMcp, WS_A } from '../mcp/mcp-harness.js';

describe('callForData', () => {
  it('reads the same structured answer an MCP client gets', async () => {
    const { desk, call } = await seededMcp();
    const session = await openMcpSession(desk.deps, WS_A, FAKE_NOW);
    try {
      const got = await callForData(session, 'get_run', { run: 1 }, runData);
      if (!got.ok) throw new Error(got.error.message);
      expect(got.value.data).toEqual((await call('get_run', { run: 1 })).structuredContent);
      expect(got.value.summary).toContain('Run #1 (backtest, completed)');
    } finally {
      await session.close();
    }
  });

  it.each([
    ['no data', undefined],
    ['data of another shape', { number: 'one' }],
  ])('says plainly when it cannot read the answer (%s)', async (_what, data) => {
    const session: McpSession = { tools: [], call: async () => ({ summary: 'summary', text: 'summary', isError: false, data }), close: async () => {} };
    const got = await callForData(session, 'get_run', { run: 1 }, runData);
    expect(got).toMatchObject({ ok: false, error: { code: 'analyst.unreadable', message: 'The get_run answer is in a shape this offline analyst cannot read.' } });
  });

  it('even when the text the model sees was cut, the structured data is whole', async () => {
    const { desk } = await seededMcp();
    const session = await openMcpSession(desk.deps, WS_A, FAKE_NOW);
    try {
      const got = await callForData(session, 'get_trades', { run: 1, limit: 500 }, z.object({ trades: z.array(z.unknown()) }).loose());
      if (!got.ok) throw new Error(got.error.message);
      expect(got.value.data.trades.length).toBeGreaterThan(0);
    } finally {
      await session.close();
    }
  });
});
