// Autocomplete through the real discord.js client: the port is asked in the interaction's guild only, its answer
// is fitted to Discord's limits, and a failing port answers with no choices (never a hanging request).
import { ApplicationCommandOptionType as T } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordChoices } from '../../../src/adapters/discord/autocomplete.js';
import type { Autocomplete, Choice } from '../../../src/app/chat/ports.js';
import type { WorkspaceRef } from '../../../src/app/chat/command.js';
import { STRATEGY_IDS } from '../../../src/core/strategies/registry.js';
import { STRANGER, callbackOf, startHarness, type Callback, type Harness } from './desk-harness.js';
import { GUILD_A, GUILD_B, autocompleteRequest } from './interactions.js';

/** Run numbers per workspace (guild id): A has runs #1 and #2, B has none. */
const RUNS: Readonly<Record<string, readonly Choice[]>> = {
  [GUILD_A.id]: [{ name: '#1 trend-following AAPL', value: '1' }, { name: '#2 mean-reversion MSFT', value: '2' }],
};

describe('autocomplete against a fake Discord', () => {
  let h: Harness;
  const asked: { workspace: WorkspaceRef; command: string; option: string; typed: string }[] = [];
  const port: Autocomplete = async (q) => {
    asked.push(q);
    if (q.typed === 'boom') throw new Error('store down');
    if (q.option === 'strategy') return STRATEGY_IDS.filter((id) => id.includes(q.typed)).map((id) => ({ name: id, value: id }));
    if (q.option === 'run') return RUNS[q.workspace.externalId] ?? [];
    return [];
  };
  const request = async (...args: Parameters<typeof autocompleteRequest>): Promise<Callback> => {
    const i = autocompleteRequest(...args);
    h.fake.dispatch('INTERACTION_CREATE', i);
    return (await h.fake.waitForCall(callbackOf(i.id))).body as Callback;
  };

  beforeAll(async () => {
    h = await startHarness({ autocomplete: port });
  });
  afterAll(async () => {
    await h.close();
  });

  it('suggests strategies for "tre" typed in /run start strategy (a type-8 callback)', async () => {
    const body = await request(STRANGER, 'run', 'start', [{ name: 'strategy', type: 3, value: 'tre', focused: true }]);
    expect(body.type).toBe(8);
    expect(body.data?.choices).toContainEqual({ name: 'trend-following', value: 'trend-following' });
    expect(asked.at(-1)).toEqual({ workspace: { platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name }, command: 'run start', option: 'strategy', typed: 'tre' });
  });

  it('lists a guild\'s own run numbers, as integers for the integer option, and none of another guild\'s', async () => {
    const inA = await request(STRANGER, 'run', 'stop', [{ name: 'run', type: 4, value: '', focused: true }]);
    expect(inA.data?.choices).toEqual([{ name: '#1 trend-following AAPL', value: 1 }, { name: '#2 mean-reversion MSFT', value: 2 }]);
    const inB = await request(STRANGER, 'run', 'stop', [{ name: 'run', type: 4, value: '', focused: true }], { guild: GUILD_B });
    expect(inB.type).toBe(8);
    expect(inB.data?.choices).toEqual([]);
    expect(asked.at(-1)?.workspace.externalId).toBe(GUILD_B.id);
  });

  it('answers with no choices when the port fails', async () => {
    const body = await request(STRANGER, 'run', 'start', [{ name: 'strategy', type: 3, value: 'boom', focused: true }]);
    expect(body).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe('discordChoices', () => {
  const many = Array.from({ length: 30 }, (_, i) => ({ name: `choice ${i}`, value: String(i) }));

  it.each([
    { why: 'keeps at most 25', choices: many, type: T.String, count: 25 },
    { why: 'drops a value over 100 characters rather than clipping it', choices: [{ name: 'x', value: 'v'.repeat(101) }], type: T.String, count: 0 },
    { why: 'drops a non-integer value for an integer option', choices: [{ name: 'x', value: '1.5' }, { name: 'y', value: 'abc' }], type: T.Integer, count: 0 },
    { why: 'keeps a decimal value for a number option', choices: [{ name: 'x', value: '1.5' }], type: T.Number, count: 1 },
  ])('$why', ({ choices, type, count }) => {
    expect(discordChoices(choices, type)).toHaveLength(count);
  });

  it('clips names to 100 characters and names an unnamed choice by its value', () => {
    const [long, unnamed] = discordChoices([{ name: 'n'.repeat(150), value: 'a' }, { name: ' ', value: 'b' }], T.String);
    expect(long?.name).toHaveLength(100);
    expect(unnamed).toEqual({ name: 'b', value: 'b' });
  });
});
