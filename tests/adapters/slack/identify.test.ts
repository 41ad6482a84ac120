import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleQuery } from '../../../src/app/chat/ports.js';
import type { Role } from '../../../src/app/chat/command.js';
import { createSlackDesk, type SlackDesk } from '../../../src/adapters/slack/desk.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.js';
import { postSigned, slashCommandBody } from './signed-request.js';

const FORM = 'application/x-www-form-urlencoded';
// The workspace's bindings, as /settings roles would store them: a user group and a user id.
const BINDINGS: Record<string, Role> = { S0TRADERS: 'trader', U0PINNED: 'trader' };

let api: FakeSlackApi;
let desk: SlackDesk;
let port: number;
let now = FAKE_NOW;
const queries: RoleQuery[] = [];
const logs: string[] = [];
const d = fakeDesk();

// Like the real resolver: Slack admins are desk admins, else the best binding among the user id and its groups.
const resolveRole = async (q: RoleQuery): Promise<Role> => {
  queries.push(q);
  if (q.platformAdmin) return 'admin';
  const bound = [q.userId, ...q.memberOf].map((id) => BINDINGS[id]).filter((r): r is Role => r !== undefined);
  return bound.includes('trader') ? 'trader' : 'viewer';
};

beforeAll(async () => {
  api = await startFakeSlackApi((method, body) => {
    if (method === 'usergroups.list') {
      if (body.team_id === 'T0NOSCOPE') return { ok: false, error: 'missing_scope', needed: 'usergroups:read' };
      return { ok: true, usergroups: [{ id: 'S0TRADERS', users: ['U0GROUPIE', 'U0LATE'] }, { id: 'S0READERS', users: ['U0GROUPIE'] }] };
    }
    if (method === 'users.info' && body.user === 'U0BOSS') return { ok: true, user: { id: 'U0BOSS', name: 'boss', is_admin: true } };
    if (method === 'users.info' && body.user === 'U0OWNER') return { ok: true, user: { id: 'U0OWNER', name: 'owner', is_primary_owner: true } };
    return undefined;
  });
  desk = createSlackDesk({
    botToken: 'xoxb-test', signingSecret: 'test-signing-secret', slackApiUrl: api.apiUrl, port: 0, host: '127.0.0.1',
    deps: d.deps, registry: d.deps.commands, resolveRole, now: () => now, retries: 0, log: (line) => logs.push(line),
  });
  port = (await desk.start()).port ?? 0;
});

afterAll(async () => {
  await desk.stop();
  await api.close();
});

const slash = (text: string, userId: string, channelId: string, teamId = 'T0ROLES') =>
  postSigned(port, slashCommandBody({ text, userId, channelId, responseUrl: `${api.url}/respond/${channelId}`, teamId, teamDomain: teamId.toLowerCase() }), FORM);
const posted = async (channel: string) => (await api.next('chat.postMessage', (c) => c.body.channel === channel)).body;
const refused = async (channel: string) => (await api.next('respond', (c) => c.path === `/respond/${channel}`)).body;
const count = (method: string, match: (b: Record<string, unknown>) => boolean) => api.calls.filter((c) => c.method === method && match(c.body)).length;

describe('Slack roles: user groups and workspace admins resolved through the bindings', () => {
  it('gives a member of a bound user group the bound role: a trader-only command runs', async () => {
    await slash('run start strategy:mean-reversion symbols:SIM-A timeframe:1m', 'U0GROUPIE', 'C1');
    expect((await posted('C1')).text).toBe('Run #1 started');
    expect(queries.find((q) => q.userId === 'U0GROUPIE')).toEqual({
      workspace: { platform: 'slack', externalId: 'T0ROLES', name: 't0roles' },
      userId: 'U0GROUPIE', displayName: 'u0groupie', memberOf: ['S0TRADERS', 'S0READERS'], platformAdmin: false,
    });
    const list = await api.next('usergroups.list');
    expect(list.body).toMatchObject({ team_id: 'T0ROLES', include_users: 'true' });
  });

  it('refuses the same command to a user in no bound group, ephemerally, and starts nothing', async () => {
    await slash('run start strategy:mean-reversion symbols:SIM-B timeframe:1m', 'U0ALICE', 'C2');
    expect((await refused('C2')).text).toBe(':warning: /run start needs the trader role; you are viewer');
    expect((await d.runStore.listRuns({ platform: 'slack', externalId: 'T0ROLES', name: 't0roles' }, { status: 'all' })).map((r) => r.number)).toEqual([1]);
  });

  it('matches a binding on the user id itself', async () => {
    await slash('run start strategy:mean-reversion symbols:SIM-C timeframe:1m', 'U0PINNED', 'C3');
    expect((await posted('C3')).text).toBe('Run #2 started');
  });

  it.each([['U0BOSS', 'an admin'], ['U0OWNER', 'the primary owner']])('makes %s (%s of the Slack workspace) a desk admin', async (user) => {
    await slash('halt drill', user, `C4${user}`, `T0HALT${user}`);
    expect((await posted(`C4${user}`)).text).toMatch(/^Desk halted/);
    expect(queries.find((q) => q.userId === user)?.platformAdmin).toBe(true);
  });

  it('refuses an admin command to a plain member', async () => {
    await slash('halt drill', 'U0ALICE', 'C5');
    expect((await refused('C5')).text).toBe(':warning: /halt needs the admin role; you are viewer');
  });

  it('treats a usergroups.list error (missing_scope) as no groups, logs it, and still answers', async () => {
    await slash('runs', 'U0GROUPIE', 'C6', 'T0NOSCOPE');
    expect((await posted('C6')).text).toMatch(/^No running runs/);
    await slash('run start strategy:mean-reversion symbols:SIM-A timeframe:1m', 'U0GROUPIE', 'C6b', 'T0NOSCOPE');
    expect((await refused('C6b')).text).toBe(':warning: /run start needs the trader role; you are viewer');
    expect(queries.filter((q) => q.workspace.externalId === 'T0NOSCOPE').map((q) => q.memberOf)).toEqual([[], []]);
    expect(logs.some((l) => l.includes('usergroups.list for team T0NOSCOPE failed (missing_scope)'))).toBe(true);
  });

  it('caches user groups per team for 60 s and users.info for 5 minutes', async () => {
    const team = 'T0CACHE';
    const groups = () => count('usergroups.list', (b) => b.team_id === team);
    const infos = () => count('users.info', (b) => b.user === 'U0LATE');
    for (const channel of ['C7a', 'C7b']) {
      await slash('runs', 'U0LATE', channel, team);
      await posted(channel);
    }
    expect([groups(), infos()]).toEqual([1, 1]);
    now += 61_000;
    await slash('runs', 'U0LATE', 'C7c', team);
    await posted('C7c');
    expect([groups(), infos()]).toEqual([2, 1]);
    now += 5 * 60_000;
    await slash('runs', 'U0LATE', 'C7d', team);
    await posted('C7d');
    expect([groups(), infos()]).toEqual([3, 2]);
  });
});
