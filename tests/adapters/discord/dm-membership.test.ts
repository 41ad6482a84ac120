import { describe, expect, it } from 'vitest';
import { createDmMembership } from '../../../src/adapters/discord/dm-membership.js';

describe('DM membership cache', () => {
  it('remembers at most maxUsers answers: the oldest is looked up again, a recent one is not', async () => {
    let lookups = 0;
    const lookup = createDmMembership({ guilds: () => { lookups++; return []; }, now: () => 0, log: () => {}, maxUsers: 2 });
    for (const user of ['u1', 'u2', 'u3']) expect(await lookup(user)).toEqual({ kind: 'none' });
    expect(lookups).toBe(3);
    await lookup('u3');
    expect(lookups).toBe(3);
    await lookup('u1'); // pushed out by u3
    expect(lookups).toBe(4);
  });
});
