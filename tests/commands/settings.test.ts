import { describe, expect, it } from 'vitest';
import type { CommandContext, Role } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { fakeDesk, FAKE_NOW } from '../helpers/fake-desk.js';

function desk() {
  const d = fakeDesk();
  const on = (platform: 'console' | 'discord' | 'slack', externalId: string, role: Role, channelId: string): CommandContext<DeskDeps> => ({
    ...d.ctx(externalId, role), workspace: { platform, externalId, name: externalId }, channelId,
  });
  const as = (role: Role, channelId = 'C1', externalId = 'g1', platform: 'console' | 'discord' | 'slack' = 'discord') =>
    (line: string) => d.run(line, on(platform, externalId, role, channelId));
  return { ...d, as };
}

describe('/settings roles', () => {
  it('explains how to bind when there are no bindings', async () => {
    const reply = await desk().as('viewer')('/settings roles');
    expect(reply.kind).toBe('ok');
    expect(reply.text).toContain('No role bindings yet');
    expect(reply.text).toContain('/settings role target:');
  });

  it('lists the bindings with what each key names, to anyone', async () => {
    const d = desk();
    await d.as('admin')('/settings role target:<@&111222333> role:trader');
    await d.as('admin')('/settings role target:Desk-Admins role:admin');
    const reply = await d.as('viewer')('/settings roles');
    expect(reply.title).toBe('Role bindings (2)');
    expect(reply.table?.rows).toEqual([['111222333', 'Discord role or user id', 'trader'], ['desk-admins', 'Discord role name', 'admin']]);
  });
});

describe('/settings role', () => {
  const targets: readonly [string, string][] = [
    ['<@&123>', '123'],
    ['<@!456>', '456'],
    ['<@U0ABC12|ann>', 'U0ABC12'],
    ['"<!subteam^S0614TZR7|@traders>"', 'S0614TZR7'],
    ['Traders', 'traders'],
  ];
  for (const [target, key] of targets) {
    it(`binds ${target} as ${key}`, async () => {
      const d = desk();
      const reply = await d.as('admin')(`/settings role target:${target} role:trader`);
      expect(reply.kind).toBe('ok');
      expect(reply.title).toBe(`Role binding: ${key} is trader`);
      expect(reply.text).toContain('always desk admins');
      expect(await d.settings.listRoleBindings({ platform: 'discord', externalId: 'g1', name: 'g1' })).toEqual({ ok: true, value: [{ key, role: 'trader' }] });
      expect(d.settings.audit.filter((a) => a.action === 'settings.role').map((a) => [a.target, a.channel])).toEqual([[key, 'C1']]);
    });
  }

  it('removes a binding with role:none, and says which bindings exist when there is none to remove', async () => {
    const d = desk();
    await d.as('admin')('/settings role target:traders role:trader');
    const removed = await d.as('admin')('/settings role target:Traders role:none');
    expect(removed.title).toBe('Role binding removed: traders');
    expect(removed.table).toBeUndefined();
    expect(await d.as('admin')('/settings role target:traders role:none')).toEqual(errorReply("/settings role: no role binding for 'traders'; bindings: none"));
  });

  it('refuses a target it cannot read', async () => {
    expect((await desk().as('admin')('/settings role target:<#123> role:trader')).kind).toBe('error');
  });

  it('is refused to a trader, and nothing changes', async () => {
    const d = desk();
    const reply = await d.as('trader')('/settings role target:traders role:admin');
    expect(reply).toEqual(errorReply('/settings role needs the admin role; you are trader'));
    expect(d.settings.audit).toEqual([]);
    expect((await d.as('viewer')('/settings roles')).text).toContain('No role bindings yet');
  });
});

describe('/settings channel', () => {
  it('binds the current channel and says what it replaced', async () => {
    const d = desk();
    const first = await d.as('admin', 'C1')('/settings channel');
    expect(first.title).toBe('Desk channel set');
    expect(first.fields).toEqual([{ name: 'Desk channel', value: '<#C1>', inline: true }, { name: 'Replaced', value: 'none (no desk channel was set)', inline: true }]);
    expect(first.text).toContain('New run threads and workspace notices');
    const second = await d.as('admin', 'C2')('/settings channel');
    expect(second.fields?.[1]).toEqual({ name: 'Replaced', value: '<#C1>', inline: true });
    expect((await d.as('admin', 'C2')('/settings channel')).fields?.[1]?.value).toBe('none (this already was the desk channel)');
    expect(await d.settings.deskChannel({ platform: 'discord', externalId: 'g1', name: 'g1' })).toEqual({ ok: true, value: 'C2' });
  });

  it('shows the bare channel name on the console', async () => {
    const reply = await desk().as('admin', 'console', 'local', 'console')('/settings channel');
    expect(reply.fields?.[0]?.value).toBe('console');
  });

  it('is refused to a viewer, and nothing changes', async () => {
    const d = desk();
    expect(await d.as('viewer')('/settings channel')).toEqual(errorReply('/settings channel needs the admin role; you are viewer'));
    expect(await d.settings.deskChannel({ platform: 'discord', externalId: 'g1', name: 'g1' })).toEqual({ ok: true, value: null });
  });
});

describe('/audit', () => {
  it('shows the state-changing commands and setting changes, newest first, with when, who, where and the outcome (a refusal changed nothing and is not listed)', async () => {
    const d = desk();
    await d.as('admin', 'C1')('/settings channel');
    await d.as('admin', 'C2')('/settings role target:traders role:trader');
    await d.as('admin', 'C2')('/settings role target:nobody role:none');
    await d.as('viewer', 'C3')('/settings roles');
    const reply = await d.as('viewer', 'C3')('/audit');
    const when = new Date(FAKE_NOW).toISOString().slice(0, 16).replace('T', ' ');
    expect(reply.title).toBe('Audit log (last 4)');
    expect(reply.table?.columns).toEqual(['when (UTC)', 'who', 'where', 'action', 'target / outcome']);
    expect(reply.table?.rows).toEqual([
      [when, 'ann', 'C2', '/settings role target:traders role:trader', 'Role binding: traders is trader'],
      [when, 'ann', 'C2', 'settings.role', 'traders'],
      [when, 'ann', 'C1', '/settings channel', 'Desk channel set'],
      [when, 'ann', 'C1', 'settings.channel', 'C1'],
    ]);
  });

  it('takes a limit, also written bare, and checks it', async () => {
    const d = desk();
    for (let i = 0; i < 3; i++) await d.as('admin')('/settings channel');
    expect((await d.as('viewer')('/audit 2')).table?.rows).toHaveLength(2);
    expect((await d.as('viewer')('/audit limit:1')).table?.rows).toHaveLength(1);
    expect((await d.as('viewer')('/audit limit:101')).kind).toBe('error');
    expect((await d.as('viewer')('/audit limit:0')).kind).toBe('error');
  });

  it('shows each workspace only its own log', async () => {
    const d = desk();
    await d.as('admin', 'C1', 'g1')('/settings channel');
    const other = await d.as('admin', 'C9', 'g2')('/audit');
    expect(other).toEqual({ kind: 'ok', title: 'Audit log', text: 'Nothing has been changed in this workspace yet.' });
  });

  it('records other state-changing commands from the registry, such as /halt', async () => {
    const d = desk();
    await d.as('admin', 'C5')('/halt maintenance');
    const rows = (await d.as('viewer')('/audit')).table?.rows ?? [];
    expect(rows[0]?.slice(1)).toEqual(['ann', 'C5', '/halt reason:maintenance', 'Desk halted']);
  });
});
