import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createSlackDirectory } from '../../../src/adapters/slack/slack-directory.js';

describe('Slack directory cache', () => {
  it('remembers at most maxUsers people: the least recently asked about is looked up again', async () => {
    const asked: string[] = [];
    const client = {
      usergroups: { list: async () => ({ usergroups: [] }) },
      users: { info: async ({ user }: { user: string }) => { asked.push(user); return { user: { name: user } }; } },
    };
    // A structural stand-in for the two WebClient methods the directory calls.
    const directory = createSlackDirectory({ client: client as unknown as webApi.WebClient, now: () => 0, log: () => {}, maxUsers: 2 });
    for (const user of ['U1', 'U2', 'U3', 'U3', 'U1']) await directory.person('T1', user);
    expect(asked).toEqual(['U1', 'U2', 'U3', 'U1']);
  });
});
