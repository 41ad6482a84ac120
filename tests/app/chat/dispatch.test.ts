import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand, type AnyCommand, type CommandContext, type Role } from '../../../src/app/chat/command.js';
import { opt } from '../../../src/app/chat/command-options.js';
import { commandOfLine, dispatch } from '../../../src/app/chat/dispatch.js';
import { LIMITS } from '../../../src/core/limits.js';

interface Deps { readonly calls: string[] }

const echo = defineCommand<Deps, { times: z.ZodOptional<z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>, z.ZodNumber>>; word: z.ZodString }>({
  name: 'echo',
  description: 'echo a word',
  role: 'viewer',
  positional: 'word',
  options: z.object({ times: opt.int('how many times', { min: 1, max: 3 }).optional(), word: z.string().describe('the word') }),
  async run(ctx, o) {
    ctx.deps.calls.push(o.word);
    return { kind: 'ok', text: o.word.repeat(o.times ?? 1) };
  },
});
const stop = defineCommand<Deps, { run: ReturnType<typeof opt.int> }>({
  name: 'run stop', description: 'stop', role: 'trader', options: z.object({ run: opt.int('run number', { min: 1 }) }),
  async run() { throw new Error('boom'); },
});
const registry: AnyCommand<Deps>[] = [echo, stop];

const ctx = (role: Role = 'admin'): CommandContext<Deps> => ({
  workspace: { platform: 'console', externalId: 'local', name: 'Local' },
  actor: { id: 'u1', name: 'ann', role },
  channelId: 'c',
  now: () => 0,
  deps: { calls: [] },
});

describe('dispatch', () => {
  it('runs a command with validated, coerced options', async () => {
    expect(await dispatch(registry, '/echo word:hi times:2', ctx())).toEqual({ kind: 'ok', text: 'hihi' });
  });

  it('takes bare words for the positional option', async () => {
    expect(await dispatch(registry, '/echo hello', ctx())).toEqual({ kind: 'ok', text: 'hello' });
  });

  it.each([
    ['/nope', "unknown command '/nope'; try /help"],
    ['/run', '/run needs one of: stop'],
    ['/echo word:x loud:true', "/echo: unknown option 'loud'; options: times, word"],
    ['/run stop', '/run stop: missing option run:<value>'],
    ['/run stop run:abc', "/run stop: option 'run': expected a whole number (got 'abc')"],
    ['/run stop run:0', "/run stop: option 'run': expected a whole number >= 1 (got '0')"],
    ['/echo word:x times:9', "/echo: option 'times': expected a whole number <= 3 (got '9')"],
  ])('answers %s with one specific line', async (line, message) => {
    const reply = await dispatch(registry, line, ctx());
    expect(reply.kind).toBe('error');
    expect(reply.text).toBe(message);
  });

  it('refuses a command above the member role and changes nothing', async () => {
    const c = ctx('viewer');
    const reply = await dispatch(registry, '/run stop run:1', c);
    expect(reply).toEqual({ kind: 'error', text: '/run stop needs the trader role; you are viewer' });
  });

  it('turns a throwing command into an error reply', async () => {
    expect(await dispatch(registry, '/run stop run:2', ctx())).toEqual({ kind: 'error', text: '/run stop failed unexpectedly: boom' });
  });
});

describe('commandOfLine', () => {
  it('finds the command and its raw options without running anything, bare words as the positional option', () => {
    const found = commandOfLine(registry, '/echo hello times:2');
    expect(found.ok && { name: found.value.command.name, options: found.value.options }).toEqual({ name: 'echo', options: { times: '2', word: 'hello' } });
    expect(commandOfLine(registry, '/run stop run:3').ok).toBe(true);
  });

  it.each([
    ['/nope', 'command.unknown'],
    ['/run stop 3', 'command.unexpected'],
    ['/echo "open', 'command.syntax'],
    [`/echo ${'x'.repeat(LIMITS.commandChars)}`, 'command.too_long'],
  ])('refuses %j with %s', (line, code) => {
    const found = commandOfLine(registry, line);
    expect(found.ok ? null : found.error.code).toBe(code);
  });
});
