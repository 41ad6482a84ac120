import { describe, expect, it } from 'vitest';
import { historyMessages, toolNote, turnTokens, withToolNote } from '../../src/analyst/conversation-history.js';

const call = (name: string, input: unknown, isError = false) => ({ name, input, resultSummary: '…', isError });

describe('earlier turns as plain messages', () => {
  it.each([
    [[], ''],
    [[call('get_run', { run: 2 })], '[earlier I called get_run {run:2}]'],
    [[call('get_trades', { run: 2, side: 'long' }), call('get_run', { run: 9 }, true)], '[earlier I called get_trades {run:2,side:"long"}, get_run {run:9} (failed)]'],
    [[call('list_runs', {})], '[earlier I called list_runs {}]'],
    [[call('x', { 'as of': 'now' })], '[earlier I called x {"as of":"now"}]'],
  ])('notes the calls %j as %j', (calls, note) => {
    expect(toolNote(calls)).toBe(note);
  });

  it('cuts long inputs and long call lists', () => {
    const note = toolNote([call('get_trades', { symbol: 'X'.repeat(200) })]);
    expect(note.length).toBeLessThan(120);
    expect(note).toContain('…');
    expect(toolNote(Array.from({ length: 10 }, (_, i) => call('get_run', { run: i })))).toMatch(/get_run \{run:7\} and 2 more\]$/);
  });

  it('replays each turn as the question, then the answer with its tool note first', () => {
    const turns = [
      { question: '<chat_message from="ann">\nwhy did run 2 lose?\n</chat_message>', authorId: 'u1', answer: 'Run 2 lost 3%.', toolCalls: [call('get_run', { run: 2 })] },
      { question: '<chat_message from="bo">\nthanks\n</chat_message>', authorId: 'u2', answer: 'You are welcome.', toolCalls: [] },
    ];
    expect(historyMessages(turns)).toEqual([
      { role: 'user', content: turns[0]!.question },
      { role: 'assistant', content: '[earlier I called get_run {run:2}]\nRun 2 lost 3%.' },
      { role: 'user', content: turns[1]!.question },
      { role: 'assistant', content: 'You are welcome.' },
    ]);
  });

  it('counts the answer\'s tokens with its note', () => {
    const calls = [call('get_run', { run: 2 })];
    expect(turnTokens('abcd', calls, 'answer')).toEqual({ question: 1, answer: Math.ceil(withToolNote(calls, 'answer').length / 4) });
  });
});
