// Each line typed at the console is one request: what it does logs with `console:<line number>` and the workspace.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runConsoleDesk } from '../../../src/adapters/console/desk.js';
import { defineCommand } from '../../../src/app/chat/command.js';
import type { AskAnalyst } from '../../../src/app/chat/ports.js';
import { currentLogContext } from '../../../src/app/log/log-context.js';

const seen: unknown[] = [];
const whoami = defineCommand<null, Record<string, never>>({
  name: 'whoami',
  description: 'the log context of this line',
  role: 'viewer',
  options: z.object({}),
  async run() {
    seen.push(currentLogContext());
    return { kind: 'ok', text: 'ok' };
  },
});
const ask: AskAnalyst = async () => {
  seen.push(currentLogContext());
  return { kind: 'ok', text: 'answer' };
};

describe('the console desk and the log context', () => {
  it('runs each command and question in its own request context, numbered by line, in the console workspace', async () => {
    seen.length = 0;
    await runConsoleDesk({
      input: Readable.from(['/whoami\n', '\n', 'how is run 1 doing?\n', '/whoami\n']), output: new PassThrough(), interactive: false,
      registry: [whoami], deps: null, ask, imageDir: '/nonexistent',
      workspace: { platform: 'console', externalId: 'local', name: 'Local desk' }, actor: { id: 'local', name: 'local', role: 'admin' }, now: () => 0,
    });
    const workspace = { workspaceId: 'console:local', workspace: 'Local desk' };
    expect(seen).toEqual([{ ...workspace, requestId: 'console:1' }, { ...workspace, requestId: 'console:3' }, { ...workspace, requestId: 'console:4' }]);
    expect(currentLogContext()).toBeUndefined();
  });
});
