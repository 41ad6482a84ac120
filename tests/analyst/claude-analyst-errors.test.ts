// API failures become one clear user-facing line, through the real Anthropic SDK against a fake on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { createClaudeAnalyst } from '../../src/analyst/claude-analyst.js';
import { apiError, endTurn, startFakeAnthropic } from '../fakes/anthropic/fake-anthropic.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { analystHarness, question, type AnalystHarness } from './claude-harness.js';

let h: AnalystHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the Claude analyst on API errors', () => {
  it('retries a 429 (retry-after: 0) and answers', async () => {
    h = await analystHarness([apiError(429, 'rate_limit_error', 'Number of requests has exceeded your rate limit', { 'retry-after': '0' }), endTurn('Fine now.')], { maxRetries: 2 });
    const reply = await h.ask('how is run 1?');
    expect(reply).toEqual({ kind: 'ok', title: 'Analyst', text: 'Fine now.' });
    expect(h.fake.requests).toHaveLength(2);
    expect(h.fake.requests[1]!.headers['x-stainless-retry-count']).toBe('1');
  });

  it.each([
    [401, 'authentication_error', 'invalid x-api-key', 'The analyst cannot reach Claude: the API key was refused (check ANTHROPIC_API_KEY)'],
    [429, 'rate_limit_error', 'slow down', 'Claude is rate-limiting the desk; try again in a minute'],
    [403, 'permission_error', 'no access', 'The analyst cannot use Claude: the API key lacks permission for this model (check ANTHROPIC_MODEL)'],
    [400, 'invalid_request_error', 'max_tokens: too large\n  for this model', 'Claude returned an error (HTTP 400): max_tokens: too large for this model'],
    [529, 'overloaded_error', 'Overloaded', 'Claude returned an error (HTTP 529): Overloaded'],
  ])('answers HTTP %i with one clear error line', async (status, type, message, expected) => {
    h = await analystHarness([apiError(status, type, message)]);
    const reply = await h.ask('how is run 1?');
    expect(reply).toEqual({ kind: 'error', text: expected });
    expect(h.logs).toHaveLength(1);
    expect(h.logs[0]).toContain(expected);
    expect(h.logs.join('\n')).not.toContain('sk-ant-test-key');
  });

  it('counts the tokens already spent when a later request fails', async () => {
    h = await analystHarness([
      { status: 200, body: { id: 'm1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [{ type: 'tool_use', id: 't1', name: 'list_runs', input: {} }], stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 7, output_tokens: 3 } } },
      apiError(500, 'api_error', 'Internal server error'),
    ]);
    const reply = await h.ask('runs?');
    expect(reply.kind).toBe('error');
    expect(h.usage.map((u) => [u.inputTokens, u.outputTokens, u.requests])).toEqual([[7, 3, 1]]);
  });

  it('says Claude cannot be reached when nothing listens at the base URL', async () => {
    const fake = await startFakeAnthropic([]);
    await fake.close(); // the port is now closed
    const analyst = createClaudeAnalyst({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0, deps: fakeDesk().deps });
    const reply = await analyst(question('hello'), FAKE_NOW);
    expect(reply.kind).toBe('error');
    expect(reply.text).toMatch(/^The analyst cannot reach Claude \(network error\)/);
  });

  it('answers with an error, not a throw, when the prompt file is missing', async () => {
    const analyst = createClaudeAnalyst({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', maxRetries: 0, deps: fakeDesk().deps, promptFile: '/nonexistent/system-analyst.md' });
    const reply = await analyst(question('hello'), FAKE_NOW);
    expect(reply).toEqual({ kind: 'error', text: 'The analyst is not available: The analyst prompt /nonexistent/system-analyst.md cannot be read' });
  });
});
