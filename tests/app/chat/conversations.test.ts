import { describe, expect, it } from 'vitest';
import { conversationKey, estimateTokens, recentTurns, type StoredMessage } from '../../../src/app/chat/conversations.js';

const user = (content: string, tokens: number | null = 10): StoredMessage => ({ role: 'user', authorId: 'u1', content, toolCalls: [], tokens });
const bot = (content: string, tokens: number | null = 10): StoredMessage => ({ role: 'assistant', authorId: null, content, toolCalls: [], tokens });
const questions = (turns: ReturnType<typeof recentTurns>) => turns.map((t) => t.question);

describe('conversationKey', () => {
  it('is the channel where the answer goes: a channel, a DM, the console, a Discord thread (a channel itself)', () => {
    expect(conversationKey({ channel: '600000000000000001' })).toBe('600000000000000001');
    expect(conversationKey({ channel: 'D4' })).toBe('D4');
    expect(conversationKey({ channel: 'console' })).toBe('console');
  });

  it('is channel:thread for a thread inside a channel (Slack), the format stored conversations already have', () => {
    expect(conversationKey({ channel: 'C1', thread: '1700000001.000100' })).toBe('C1:1700000001.000100');
    expect(conversationKey({ channel: 'C1', thread: '1700000001.000200' })).not.toBe(conversationKey({ channel: 'C1', thread: '1700000001.000100' }));
  });
});

describe('estimateTokens', () => {
  it.each([['', 0], ['abc', 1], ['abcd', 1], ['abcde', 2], ['x'.repeat(4000), 1000]])('estimates %j as %i tokens (ceil of chars / 4)', (text, tokens) => {
    expect(estimateTokens(text)).toBe(tokens);
  });
});

describe('recentTurns', () => {
  const three = [user('q1'), bot('a1'), user('q2'), bot('a2'), user('q3'), bot('a3')];

  it.each([
    ['everything when it fits', 60, ['q1', 'q2', 'q3']],
    ['the newest turns that fit, oldest first', 45, ['q2', 'q3']],
    ['exactly at the budget', 40, ['q2', 'q3']],
    ['nothing when even the newest turn does not fit', 19, []],
    ['nothing with a zero budget', 0, []],
  ])('keeps %s', (_what, budget, expected) => {
    expect(questions(recentTurns(three, budget))).toEqual(expected);
  });

  it('pairs each question with the answer right after it and carries its tool calls', () => {
    const call = { name: 'get_run', input: { run: 2 }, resultSummary: 'Run #2', isError: false };
    const turns = recentTurns([user('q1'), { ...bot('a1'), toolCalls: [call] }], 100);
    expect(turns).toEqual([{ question: 'q1', authorId: 'u1', answer: 'a1', toolCalls: [call] }]);
  });

  it('skips an unanswered question and a lone answer, so the list stays user/assistant alternating', () => {
    expect(questions(recentTurns([bot('orphan'), user('q1'), user('q2'), bot('a2'), user('q3')], 100))).toEqual(['q2']);
  });

  it('estimates tokens from the content when a row has none', () => {
    const long = [user('x'.repeat(400), null), bot('y'.repeat(400), null), user('q2'), bot('a2')];
    expect(questions(recentTurns(long, 219))).toEqual(['q2']);
    expect(questions(recentTurns(long, 220))).toEqual(['x'.repeat(400), 'q2']);
  });

  it('stops at the first turn that does not fit, leaving no gaps', () => {
    const gap = [user('small'), bot('a', 1), user('big', 100), bot('b', 100), user('q3'), bot('a3')];
    expect(questions(recentTurns(gap, 60))).toEqual(['q3']);
  });
});
