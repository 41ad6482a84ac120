// Conversations through the real Anthropic SDK against the fake Messages API: a follow-up carries the earlier turns
// as plain text, each conversation keeps its own, and storage failures never cost the answer.
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversations } from '../../src/app/chat/ports.js';
import { fail } from '../../src/core/domain/result.js';
import { apiError, endTurn, toolUse } from '../fakes/anthropic/fake-anthropic.js';
import { analystHarness, type AnalystHarness } from './claude-harness.js';

let h: AnalystHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const wrapped = (from: string, text: string) => `<chat_message from="${from}">\n${text}\n</chat_message>`;
const messagesOf = (harness: AnalystHarness, request: number) => harness.fake.requests[request]!.body.messages;

describe('analyst conversations', () => {
  it('sends a follow-up with the earlier turn: question, then the answer with a note of its tool calls', async () => {
    h = await analystHarness([
      toolUse([{ id: 't1', name: 'get_run', input: { run: 1 } }]),
      endTurn('Run #1 lost 2.1% because its stops were hit.'),
      endTurn('Run #3 does not exist.'),
    ]);
    await h.ask('why did run 1 lose money?');
    const reply = await h.ask('and run 3?');

    expect(reply.text).toBe('Run #3 does not exist.');
    expect(messagesOf(h, 2)).toEqual([
      { role: 'user', content: wrapped('ann', 'why did run 1 lose money?') },
      { role: 'assistant', content: '[earlier I called get_run {run:1}]\nRun #1 lost 2.1% because its stops were hit.' },
      { role: 'user', content: wrapped('ann', 'and run 3?') },
    ]);
  });

  it('stores the wrapped question with its author, and the answer with each call and the start of its result', async () => {
    h = await analystHarness([toolUse([{ name: 'get_run', input: { run: 1 } }]), endTurn('Fine.')]);
    await h.ask('how is run 1?');
    const [q, a] = h.desk.analystPorts.messages.get('console:a/c1') ?? [];
    expect(q).toMatchObject({ role: 'user', authorId: 'u-ann', content: wrapped('ann', 'how is run 1?'), tokens: Math.ceil(wrapped('ann', 'how is run 1?').length / 4) });
    expect(a).toMatchObject({ role: 'assistant', content: 'Fine.' });
    expect(a?.toolCalls).toHaveLength(1);
    expect(a?.toolCalls[0]).toMatchObject({ name: 'get_run', input: { run: 1 }, isError: false });
    expect(a?.toolCalls[0]?.resultSummary).toContain('Run #1 (backtest');
    expect(a?.toolCalls[0]?.resultSummary.length).toBeLessThanOrEqual(300);
  });

  it('keeps each channel or thread to its own conversation', async () => {
    h = await analystHarness([endTurn('One.'), endTurn('Two.'), endTurn('Three.')]);
    await h.askAs('first in c1', { conversationId: 'c1' });
    await h.askAs('first in thread t9', { conversationId: 't9' });
    await h.askAs('second in c1', { conversationId: 'c1' });
    expect(messagesOf(h, 1).map((m) => m.content)).toEqual([wrapped('ann', 'first in thread t9')]);
    expect(messagesOf(h, 2).map((m) => m.content)).toEqual([wrapped('ann', 'first in c1'), 'One.', wrapped('ann', 'second in c1')]);
  });

  it('sends only the newest turns that fit the history budget', async () => {
    h = await analystHarness([endTurn('A'.repeat(400)), endTurn('B.'), endTurn('C.')], { historyTokens: 60 });
    await h.ask('one');
    await h.ask('two');
    await h.ask('three');
    expect(messagesOf(h, 2).map((m) => m.content)).toEqual([wrapped('ann', 'two'), 'B.', wrapped('ann', 'three')]);
  });

  it('remembers nothing of a question that failed', async () => {
    h = await analystHarness([apiError(500, 'api_error', 'boom'), endTurn('Now it works.')]);
    expect((await h.ask('first try')).kind).toBe('error');
    await h.ask('second try');
    expect(messagesOf(h, 1).map((m) => m.content)).toEqual([wrapped('ann', 'second try')]);
    expect(h.desk.analystPorts.messages.get('console:a/c1')?.map((m) => m.content)).toEqual([wrapped('ann', 'second try'), 'Now it works.']);
  });

  it('still answers when the conversation store cannot be read or written, and logs both', async () => {
    const broken: Conversations = {
      loadConversation: async () => { throw new Error('disk on fire'); },
      appendTurn: async () => fail('db.write_failed', 'Could not save the conversation: SQLITE_FULL'),
    };
    h = await analystHarness([endTurn('The answer.')], {}, { conversations: broken });
    const reply = await h.ask('anything?');
    expect(reply).toEqual({ kind: 'ok', title: 'Analyst', text: 'The answer.' });
    expect(h.logs).toEqual([
      'analyst: conversation not loaded (disk on fire); answering without history',
      'analyst: conversation turn not saved (db.write_failed Could not save the conversation: SQLITE_FULL)',
    ]);
    expect(h.usage).toHaveLength(1);
  });
});
