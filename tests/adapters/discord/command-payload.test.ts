import { ApplicationCommandOptionType as T, type APIApplicationCommandOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMANDS } from '../../../commands/index.js';
import { discordCommandPayload } from '../../../src/adapters/discord/command-payload.js';
import { AUTOCOMPLETED } from '../../../src/app/chat/ports.js';
import { defineCommand, type AnyCommand } from '../../../src/app/chat/command.js';
import { opt } from '../../../src/app/chat/command-options.js';

const payload = discordCommandPayload(COMMANDS);
type Leaf = { name: string; description: string; options: APIApplicationCommandOption[] };

/** Every invocable leaf: `runs`, or `run stop` for a subcommand. */
const leaves = (): Map<string, Leaf> => {
  const out = new Map<string, Leaf>();
  for (const c of payload) {
    const subs = (c.options ?? []).filter((o) => o.type === T.Subcommand);
    if (subs.length === 0) out.set(c.name, { name: c.name, description: c.description, options: c.options ?? [] });
    for (const s of subs) out.set(`${c.name} ${s.name}`, { name: s.name, description: s.description, options: s.options ?? [] });
  }
  return out;
};

const option = (command: string, name: string) => leaves().get(command)?.options.find((o) => o.name === name);

const command = (name: string, options: z.ZodObject<z.ZodRawShape> = z.object({})): AnyCommand<unknown> =>
  defineCommand<unknown, z.ZodRawShape>({ name, description: name, role: 'viewer', options, run: async () => ({ kind: 'ok' }) });

describe('discordCommandPayload', () => {
  it('includes every registry command, as a top-level command or a subcommand', () => {
    expect([...leaves().keys()].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    expect(payload.find((c) => c.name === 'run')?.options?.every((o) => o.type === T.Subcommand)).toBe(true);
    expect(payload.find((c) => c.name === 'runs')?.options?.some((o) => o.type === T.Subcommand)).toBe(false);
  });

  it.each([
    { command: 'run stop', name: 'run', want: { type: T.Integer, required: true, min_value: 1 } },
    { command: 'run stop', name: 'flatten', want: { type: T.Boolean, required: false } },
    { command: 'run stop', name: 'reason', want: { type: T.String, required: false, max_length: 200 } },
    { command: 'runs', name: 'status', want: { type: T.String, required: false } },
    { command: 'run start', name: 'cash', want: { type: T.Number, required: false } },
    { command: 'run start', name: 'symbols', want: { type: T.String, required: true } },
  ])('types /$command option $name from its zod schema', ({ command: c, name, want }) => {
    expect(option(c, name)).toMatchObject(want);
  });

  it('turns enum options into choices and keeps descriptions from .describe()', () => {
    const status = option('runs', 'status') as { choices?: { name: string; value: string }[]; description: string };
    expect(status.choices?.map((x) => x.value)).toContain('all');
    expect(status.description).toBe('which runs (default running)');
  });

  it.each(Object.entries(AUTOCOMPLETED).flatMap(([c, names]) => names.map((name) => ({ command: c, name }))))(
    'marks /$command option $name as autocompleted, with no fixed choices', ({ command: c, name }) => {
      const o = option(c, name) as { autocomplete?: boolean; choices?: unknown[] } | undefined;
      expect(o?.autocomplete).toBe(true);
      expect(o?.choices).toBeUndefined();
    });

  it('leaves options outside AUTOCOMPLETED without autocomplete (an enum keeps its choices)', () => {
    const status = option('runs', 'status') as { autocomplete?: boolean; choices?: unknown[] };
    expect(status.autocomplete).toBeUndefined();
    expect(status.choices?.length).toBeGreaterThan(0);
    const [c] = discordCommandPayload([command('x', z.object({ pick: opt.oneOf(['a', 'b'], 'd') }))], { x: ['pick'] });
    expect(c?.options?.[0]).toMatchObject({ autocomplete: true });
  });

  it('respects Discord limits: names, description lengths, option counts, required options first', () => {
    for (const [name, leaf] of leaves()) {
      expect(leaf.description.length, name).toBeLessThanOrEqual(100);
      expect(leaf.options.length, name).toBeLessThanOrEqual(25);
      const required = leaf.options.map((o) => 'required' in o && o.required === true);
      expect(required, name).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const o of leaf.options) {
        expect(o.name, name).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(o.description.length, `${name} ${o.name}`).toBeLessThanOrEqual(100);
        expect(o.description.length, `${name} ${o.name}`).toBeGreaterThan(0);
      }
    }
  });

  it('truncates long descriptions to 100 characters and drops choices beyond 25', () => {
    const many = Array.from({ length: 26 }, (_, i) => `c${i}`) as [string, ...string[]];
    const [c] = discordCommandPayload([command('x', z.object({ pick: opt.oneOf(many, 'd'.repeat(150)) }))]);
    const pick = c?.options?.[0] as { description: string; choices?: unknown[] };
    expect(pick.description).toHaveLength(100);
    expect(pick.choices).toBeUndefined();
  });

  it.each([
    { why: 'a name Discord rejects', registry: [command('Run')] },
    { why: 'three words', registry: [command('a b c')] },
    { why: 'a command and subcommands sharing a word', registry: [command('rules'), command('rules add')] },
    { why: 'an option name Discord rejects', registry: [command('x', z.object({ 'bad name': opt.string('d') }))] },
  ])('throws for $why (a registry bug, caught at registration)', ({ registry }) => {
    expect(() => discordCommandPayload(registry)).toThrow();
  });
});
