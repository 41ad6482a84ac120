// Plain lines on the console go to the analyst as the person at the console, in the console's one conversation.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleDesk } from '../../../src/adapters/console/desk.js';
import type { AnalystQuestion, AskAnalyst } from '../../../src/app/chat/ports.js';
import { fakeDesk } from '../../helpers/fake-desk.js';

async function session(lines: readonly string[], ask?: AskAnalyst): Promise<string> {
  const d = fakeDesk();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  await runConsoleDesk({
    input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, registry: d.deps.commands, deps: d.deps,
    workspace: { platform: 'console', externalId: 'local', name: 'local' }, actor: { id: 'local', name: 'local', role: 'trader' },
    now: () => 1_700_000_000_000, imageDir: 'unused', ...(ask === undefined ? {} : { ask }),
  });
  return chunks.join('');
}

describe('the analyst on the console', () => {
  it('gets plain lines as the person at the console, keyed by the console channel, at the desk clock', async () => {
    const asked: { q: AnalystQuestion; now: number }[] = [];
    const out = await session(['how is run 1 doing?', 'and run 2?'], async (q, now) => {
      asked.push({ q, now });
      return { kind: 'ok', text: `answer: ${q.text}` };
    });
    expect(out).toBe('answer: how is run 1 doing?\nanswer: and run 2?\n');
    expect(asked.map((a) => a.q.conversationId)).toEqual(['console', 'console']);
    expect(asked[0]).toEqual({
      q: {
        workspace: { platform: 'console', externalId: 'local', name: 'local' }, actor: { id: 'local', name: 'local', role: 'trader' },
        channelId: 'console', conversationId: 'console', text: 'how is run 1 doing?',
      },
      now: 1_700_000_000_000,
    });
  });

  it('without an analyst, answers a plain line with the commands that can answer', async () => {
    expect(await session(['hello'])).toMatch(/^The system analyst is not available here\. Commands that can answer: \/help, /);
  });
});
