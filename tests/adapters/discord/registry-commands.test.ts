// Every registry command, invoked as Discord would send it (built from the registration payload, required options
// filled), reaches its command and answers with a rendered reply: the Discord desk covers the whole registry.
import { ApplicationCommandOptionType as T, type APIApplicationCommandOption } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { discordCommandPayload } from '../../../src/adapters/discord/command-payload.js';
import { APP_ID, slashCommand, type OptionValue } from './interactions.js';
import { STRANGER, callbackOf, startHarness, type Callback, type Harness } from './desk-harness.js';

/** Plausible values for required options by name; anything else gets a value of the option's type. */
const SAMPLES: Readonly<Record<string, string | number>> = {
  strategy: 'trend-following', symbols: 'AAPL', run: 1, a: 1, b: 1, id: 'r1', category: 'risk', type: 'max_position_pct',
  params: 'pct=10', target: 'Traders',
};

function sample(o: APIApplicationCommandOption): OptionValue {
  const choice = 'choices' in o ? o.choices?.[0]?.value : undefined;
  const given = SAMPLES[o.name] ?? choice;
  switch (o.type) {
    case T.Integer: return { name: o.name, type: o.type, value: Number(given ?? o.min_value ?? 1) };
    case T.Number: return { name: o.name, type: o.type, value: Number(given ?? o.min_value ?? 1) };
    case T.Boolean: return { name: o.name, type: o.type, value: true };
    default: return { name: o.name, type: o.type, value: String(given ?? 'x') };
  }
}

interface Invocation { readonly name: string; readonly command: string; readonly sub: string | null; readonly options: OptionValue[] }

/** Each invocable command: its registry name, the Discord command and subcommand, and its required options. */
const invocations = discordCommandPayload(COMMANDS).flatMap((c): Invocation[] => {
  const subs = (c.options ?? []).filter((o) => o.type === T.Subcommand);
  const required = (options: readonly APIApplicationCommandOption[] | undefined) =>
    (options ?? []).filter((o) => 'required' in o && o.required === true).map(sample);
  return subs.length === 0
    ? [{ name: c.name, command: c.name, sub: null, options: required(c.options) }]
    : subs.map((s) => ({ name: `${c.name} ${s.name}`, command: c.name, sub: s.name, options: required(s.options) }));
});

describe('a slash command per registry command', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deferAfterMs: 2500 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('covers every command in commands/index.ts', () => {
    expect(invocations.map((i) => i.name).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it.each(invocations)('/$name reaches its command and answers with a rendered embed', async ({ command, sub, options }) => {
    // An Administrator, so no command stops at the role check.
    const i = slashCommand(STRANGER, command, sub, options, { permissions: '8' });
    h.fake.dispatch('INTERACTION_CREATE', i);
    let body = (await h.fake.waitForCall(callbackOf(i.id))).body as Callback;
    if (body.type === 5) {
      const done = await h.fake.waitForCall((c) => c.path.startsWith(`/webhooks/${APP_ID}/${i.token}`) && c.method !== 'DELETE');
      body = { type: 4, data: done.body as Callback['data'] };
    }
    expect(body.type).toBe(4);
    const embed = body.data?.embeds?.[0];
    expect(embed).toBeDefined();
    expect(`${embed?.title ?? ''} ${embed?.description ?? ''}`).not.toMatch(/unknown command|unknown option|missing option|failed unexpectedly|needs the \w+ role/);
  });
});
