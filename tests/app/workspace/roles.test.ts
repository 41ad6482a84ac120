import { describe, expect, it } from 'vitest';
import type { RoleQuery } from '../../../src/app/chat/ports.js';
import type { Role, WorkspaceRef } from '../../../src/app/chat/command.js';
import { createRoleResolver, normaliseBindingTarget, type BindingTarget } from '../../../src/app/workspace/roles.js';
import type { WorkspaceSettings } from '../../../src/app/workspace/ports.js';
import { fail, ok } from '../../../src/core/domain/result.js';
import { createMemoryWorkspaceSettings } from '../../helpers/memory-workspace-settings.js';

const A: WorkspaceRef = { platform: 'discord', externalId: 'guild-a', name: 'A' };
const B: WorkspaceRef = { platform: 'discord', externalId: 'guild-b', name: 'B' };
const T0 = Date.UTC(2026, 0, 5);

async function settingsWith(bindings: Record<string, Role>, members: Record<string, Role> = {}, workspace = A) {
  const s = createMemoryWorkspaceSettings();
  for (const [key, role] of Object.entries(bindings)) await s.setRoleBinding(workspace, key, role, { actor: { id: 'x', name: 'x', role: 'admin' }, channelId: 'c', now: T0 });
  for (const [user, role] of Object.entries(members)) s.setMember(workspace, user, role);
  return s;
}

const query = (over: Partial<RoleQuery> = {}): RoleQuery => ({ workspace: A, userId: 'u1', displayName: 'ann', memberOf: [], platformAdmin: false, ...over });

describe('createRoleResolver', () => {
  const cases: readonly { name: string; bindings: Record<string, Role>; members?: Record<string, Role>; q: Partial<RoleQuery>; expected: Role }[] = [
    { name: 'a platform admin is an admin with no bindings at all', bindings: {}, q: { platformAdmin: true }, expected: 'admin' },
    { name: 'a platform admin bound as viewer is still an admin', bindings: { u1: 'viewer' }, q: { platformAdmin: true }, expected: 'admin' },
    { name: 'nobody matching anything is a viewer', bindings: { traders: 'trader' }, q: { memberOf: ['111'] }, expected: 'viewer' },
    { name: 'a binding of the user id applies', bindings: { u1: 'trader' }, q: {}, expected: 'trader' },
    { name: 'a binding of a role id the person holds applies', bindings: { '111': 'admin' }, q: { memberOf: ['111', 'Traders'] }, expected: 'admin' },
    { name: 'role names match in any case', bindings: { traders: 'trader' }, q: { memberOf: ['222', 'TRADERS'] }, expected: 'trader' },
    { name: 'ids match exactly, not in another case', bindings: { S0ABC1: 'trader' }, q: { memberOf: ['s0abc1'] }, expected: 'viewer' },
    { name: 'a Slack user-group id applies', bindings: { S0ABC1: 'trader' }, q: { memberOf: ['S0ABC1'] }, expected: 'trader' },
    { name: 'the highest of several matches wins', bindings: { traders: 'trader', '111': 'admin', u1: 'viewer' }, q: { memberOf: ['Traders', '111'] }, expected: 'admin' },
    { name: 'the member table role counts', bindings: {}, members: { u1: 'admin' }, q: {}, expected: 'admin' },
    { name: 'a higher binding beats a lower member role', bindings: { traders: 'admin' }, members: { u1: 'trader' }, q: { memberOf: ['traders'] }, expected: 'admin' },
    { name: 'a higher member role beats a lower binding', bindings: { u1: 'viewer' }, members: { u1: 'trader' }, q: {}, expected: 'trader' },
    { name: 'another person\'s binding does not apply', bindings: { u2: 'admin' }, q: {}, expected: 'viewer' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const resolve = createRoleResolver(await settingsWith(c.bindings, c.members));
      expect(await resolve(query(c.q))).toBe(c.expected);
    });
  }

  it('never applies one workspace\'s bindings or members in another', async () => {
    const s = await settingsWith({ u1: 'admin', traders: 'trader' }, { u1: 'admin' }, A);
    expect(await createRoleResolver(s)(query({ workspace: B, memberOf: ['traders'] }))).toBe('viewer');
  });

  it('makes a viewer when the store fails or throws (deny by default), and never throws itself', async () => {
    const failing: Pick<WorkspaceSettings, 'listRoleBindings' | 'memberRole'> = {
      listRoleBindings: async () => fail('db.read_failed', 'down'),
      memberRole: async () => ok('admin'),
    };
    expect(await createRoleResolver(failing)(query())).toBe('viewer');
    const throwing: Pick<WorkspaceSettings, 'listRoleBindings' | 'memberRole'> = {
      listRoleBindings: async () => ok([{ key: 'u1', role: 'admin' }]),
      memberRole: async () => { throw new Error('bug'); },
    };
    expect(await createRoleResolver(throwing)(query())).toBe('viewer');
  });
});

describe('normaliseBindingTarget', () => {
  const cases: readonly [string, BindingTarget][] = [
    ['<@&123456789012345678>', { kind: 'discord-role', key: '123456789012345678' }],
    ['<@123456789012345678>', { kind: 'user', key: '123456789012345678' }],
    ['<@!123456789012345678>', { kind: 'user', key: '123456789012345678' }],
    ['<@U123>', { kind: 'user', key: 'U123' }],
    ['<@U0ABC12|ann>', { kind: 'user', key: 'U0ABC12' }],
    ['<@W0ABC12>', { kind: 'user', key: 'W0ABC12' }],
    ['<!subteam^S123>', { kind: 'slack-group', key: 'S123' }],
    ['<!subteam^S0614TZR7|@traders>', { kind: 'slack-group', key: 'S0614TZR7' }],
    ['123456789012345678', { kind: 'id', key: '123456789012345678' }],
    ['U0ABC12', { kind: 'id', key: 'U0ABC12' }],
    ['  S123  ', { kind: 'id', key: 'S123' }],
    ['Traders', { kind: 'role-name', key: 'traders' }],
    ['@Desk Admins', { kind: 'role-name', key: 'desk admins' }],
    ['SUPPORT', { kind: 'role-name', key: 'support' }],
    ['u123', { kind: 'role-name', key: 'u123' }],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)} as ${expected.kind} ${expected.key}`, () => {
      expect(normaliseBindingTarget(raw)).toEqual(ok(expected));
    });
  }

  for (const raw of ['<@&abc>', '<#123>', '<!here>', '', '@', 'x'.repeat(101)]) {
    it(`refuses ${JSON.stringify(raw.length > 20 ? `${raw.slice(0, 8)}...` : raw)} with settings.bad_target`, () => {
      const res = normaliseBindingTarget(raw);
      expect(!res.ok && res.error.code).toBe('settings.bad_target');
    });
  }
});
