import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor, WorkspaceRef } from '../../../src/app/chat/command.js';
import type { ChangedBy, WorkspaceSettings } from '../../../src/app/workspace/ports.js';
import { recordAudit } from '../../../src/store/audit/audit.js';
import { ensureMember } from '../../../src/store/workspace/members.js';
import { createPrismaWorkspaceSettings } from '../../../src/store/workspace/workspace-settings.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('workspace-settings');
let settings: WorkspaceSettings;

beforeAll(async () => {
  settings = createPrismaWorkspaceSettings(fixture.store.prisma);
});

const T0 = Date.UTC(2026, 0, 5, 14, 30);
const ANN: Actor = { id: 'u-ann', name: 'ann', role: 'admin' };
const by = (now = T0, channelId = 'C-desk'): ChangedBy => ({ actor: ANN, channelId, now });
const ws = (externalId: string): WorkspaceRef => ({ platform: 'discord', externalId, name: `Guild ${externalId}` });

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

const auditRows = async (workspace: WorkspaceRef) => {
  const id = (await ensureWorkspace(fixture.store.prisma, workspace)).id;
  return fixture.store.prisma.auditEntry.findMany({ where: { workspaceId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { actor: true, channel: true, action: true, target: true, details: true, at: true } });
};

describe('role bindings', () => {
  it('sets, lists (by key), changes and removes bindings, returning the list after each change', async () => {
    const w = ws('roles');
    expect(value(await settings.listRoleBindings(w))).toEqual([]);
    expect(value(await settings.setRoleBinding(w, 'traders', 'trader', by()))).toEqual([{ key: 'traders', role: 'trader' }]);
    expect(value(await settings.setRoleBinding(w, '1234', 'admin', by()))).toEqual([{ key: '1234', role: 'admin' }, { key: 'traders', role: 'trader' }]);
    expect(value(await settings.setRoleBinding(w, 'traders', 'viewer', by()))).toEqual([{ key: '1234', role: 'admin' }, { key: 'traders', role: 'viewer' }]);
    expect(value(await settings.setRoleBinding(w, '1234', null, by()))).toEqual([{ key: 'traders', role: 'viewer' }]);
    expect(value(await settings.listRoleBindings(w))).toEqual([{ key: 'traders', role: 'viewer' }]);
  });

  it('refuses to remove a binding that does not exist, naming the ones that do, and writes nothing', async () => {
    const w = ws('roles-missing');
    value(await settings.setRoleBinding(w, 'S123', 'trader', by()));
    const res = await settings.setRoleBinding(w, 'S999', null, by());
    expect(!res.ok && [res.error.code, res.error.message]).toEqual(['settings.binding_not_found', "no role binding for 'S999'; bindings: S123"]);
    expect((await auditRows(w)).map((a) => a.target)).toEqual(['S123']);
  });

  it('audits every change with who, the channel, when and the role before and after', async () => {
    const w = ws('roles-audit');
    value(await settings.setRoleBinding(w, 'U1', 'trader', by(T0, 'C1')));
    value(await settings.setRoleBinding(w, 'U1', 'admin', by(T0 + 1, 'C2')));
    value(await settings.setRoleBinding(w, 'U1', null, by(T0 + 2, 'C3')));
    // When: the wall-clock time of each write (see 'stamps entries with the wall-clock time of the write').
    expect(await auditRows(w)).toEqual([
      { actor: 'u-ann', channel: 'C1', action: 'settings.role', target: 'U1', details: { actorName: 'ann', from: null, to: 'trader' }, at: expect.any(Date) },
      { actor: 'u-ann', channel: 'C2', action: 'settings.role', target: 'U1', details: { actorName: 'ann', from: 'trader', to: 'admin' }, at: expect.any(Date) },
      { actor: 'u-ann', channel: 'C3', action: 'settings.role', target: 'U1', details: { actorName: 'ann', from: 'admin', to: null }, at: expect.any(Date) },
    ]);
  });

  it('keeps the binding and its audit entry in one transaction: a failed audit write saves no binding', async () => {
    const w = ws('roles-atomic');
    const postgres = fixture.store.kind === 'postgresql';
    // A trigger that refuses the audit entry, in each database's dialect.
    const create = postgres
      ? [`CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER refuse_boom BEFORE INSERT ON "AuditEntry" FOR EACH ROW WHEN (NEW."target" = 'boom') EXECUTE FUNCTION refuse_boom()`]
      : [`CREATE TRIGGER refuse_boom BEFORE INSERT ON "AuditEntry" WHEN NEW."target" = 'boom' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`];
    for (const sql of create) await fixture.store.prisma.$executeRawUnsafe(sql);
    try {
      const res = await settings.setRoleBinding(w, 'boom', 'admin', by());
      expect(!res.ok && res.error.code).toBe('db.write_failed');
      expect(value(await settings.listRoleBindings(w))).toEqual([]);
    } finally {
      await fixture.store.prisma.$executeRawUnsafe(postgres ? 'DROP TRIGGER refuse_boom ON "AuditEntry"' : 'DROP TRIGGER refuse_boom');
      if (postgres) await fixture.store.prisma.$executeRawUnsafe('DROP FUNCTION refuse_boom()');
    }
  });

  it('keeps each workspace\'s bindings to itself', async () => {
    value(await settings.setRoleBinding(ws('iso-a'), 'traders', 'admin', by()));
    expect(value(await settings.listRoleBindings(ws('iso-b')))).toEqual([]);
    const res = await settings.setRoleBinding(ws('iso-b'), 'traders', null, by());
    expect(!res.ok && res.error.code).toBe('settings.binding_not_found');
    expect(value(await settings.listRoleBindings(ws('iso-a')))).toEqual([{ key: 'traders', role: 'admin' }]);
  });
});

describe('the desk channel', () => {
  it('binds one desk channel per workspace, returning the one it replaced', async () => {
    const w = ws('desk');
    expect(value(await settings.deskChannel(w))).toBeNull();
    expect(value(await settings.bindDeskChannel(w, 'C1', by(T0, 'C1')))).toBeNull();
    expect(value(await settings.bindDeskChannel(w, 'C2', by(T0 + 1, 'C2')))).toBe('C1');
    expect(value(await settings.deskChannel(w))).toBe('C2');
    const id = (await ensureWorkspace(fixture.store.prisma, w)).id;
    expect(await fixture.store.prisma.channelBinding.count({ where: { workspaceId: id, purpose: 'desk' } })).toBe(1);
  });

  it('audits a change with the channel and the previous desk channel, and a rebind of the same channel not at all', async () => {
    const w = ws('desk-audit');
    value(await settings.bindDeskChannel(w, 'C1', by(T0, 'C1')));
    expect(value(await settings.bindDeskChannel(w, 'C1', by(T0 + 1, 'C1')))).toBe('C1');
    value(await settings.bindDeskChannel(w, 'C9', by(T0 + 2, 'C9')));
    expect((await auditRows(w)).map((a) => [a.action, a.channel, a.target, a.details])).toEqual([
      ['settings.channel', 'C1', 'C1', { actorName: 'ann', from: null }],
      ['settings.channel', 'C9', 'C9', { actorName: 'ann', from: 'C1' }],
    ]);
  });

  it('keeps each workspace\'s desk channel to itself', async () => {
    value(await settings.bindDeskChannel(ws('desk-a'), 'CA', by()));
    expect(value(await settings.deskChannel(ws('desk-b')))).toBeNull();
    expect(value(await settings.bindDeskChannel(ws('desk-b'), 'CB', by()))).toBeNull();
    expect(value(await settings.deskChannel(ws('desk-a')))).toBe('CA');
  });
});

describe('the audit log', () => {
  it('lists the newest entries first, up to the limit, with names from the entry or the member table', async () => {
    const w = ws('log');
    const id = (await ensureWorkspace(fixture.store.prisma, w)).id;
    await ensureMember(fixture.store.prisma, w, { externalUserId: 'u-bob', displayName: 'bob', role: 'trader' });
    const before = Date.now();
    await recordAudit(fixture.store.prisma, { workspaceId: id, actor: 'u-bob', action: 'rule.add', target: 'r1' });
    await recordAudit(fixture.store.prisma, { workspaceId: id, actor: 'scheduler', action: 'run.halt' });
    value(await settings.recordCommand(w, {
      actor: ANN, channelId: 'C7', command: 'run stop', options: { run: 3, flatten: true }, outcome: 'error', message: 'Run #3 does not exist',
    }));
    const after = Date.now();
    const log = value(await settings.listAudit(w, 10));
    expect(log.map(({ at: _at, ...entry }) => entry)).toEqual([
      {
        actor: 'u-ann', actorName: 'ann', channel: 'C7', action: 'command', target: 'run stop',
        details: { actorName: 'ann', actorRole: 'admin', options: { run: 3, flatten: true }, outcome: 'error', message: 'Run #3 does not exist' },
      },
      { actor: 'scheduler', channel: null, action: 'run.halt', target: null, details: null },
      { actor: 'u-bob', actorName: 'bob', channel: null, action: 'rule.add', target: 'r1', details: null },
    ]);
    for (const entry of log) expect(entry.at).toSatisfy((at: number) => at >= before && at <= after);
    expect(value(await settings.listAudit(w, 2)).map((e) => e.target)).toEqual(['run stop', null]);
  });

  it('stamps entries with the wall-clock time of the write, never the caller\'s clock (a sped-up desk runs ahead)', async () => {
    const w = ws('log-wall');
    const before = Date.now();
    value(await settings.setRoleBinding(w, 'x', 'trader', by(Date.UTC(2031, 5, 1))));
    value(await settings.bindDeskChannel(w, 'C1', by(Date.UTC(2031, 5, 1), 'C1')));
    const after = Date.now();
    const log = value(await settings.listAudit(w, 10));
    expect(log.map((e) => e.action)).toEqual(['settings.channel', 'settings.role']);
    for (const entry of log) expect(entry.at).toSatisfy((at: number) => at >= before && at <= after);
  });

  it('records a command without a message when it went well', async () => {
    const w = ws('log-ok');
    value(await settings.recordCommand(w, { actor: ANN, channelId: 'console', command: 'halt', options: {}, outcome: 'ok' }));
    expect(await auditRows(w)).toEqual([
      { actor: 'u-ann', channel: 'console', action: 'command', target: 'halt', details: { actorName: 'ann', actorRole: 'admin', options: {}, outcome: 'ok' }, at: expect.any(Date) },
    ]);
  });

  it('never shows one workspace\'s entries in another', async () => {
    value(await settings.recordCommand(ws('log-a'), { actor: ANN, channelId: 'C', command: 'halt', options: {}, outcome: 'ok' }));
    value(await settings.setRoleBinding(ws('log-a'), 'x', 'trader', by()));
    expect(value(await settings.listAudit(ws('log-b'), 100))).toEqual([]);
    expect(value(await settings.listAudit(ws('log-a'), 100))).toHaveLength(2);
  });
});

describe('member roles', () => {
  it('reads a member\'s role in its own workspace only, null for a stranger', async () => {
    await ensureMember(fixture.store.prisma, { platform: 'console', externalId: 'local', name: 'Local desk' }, { externalUserId: 'me', displayName: 'me', role: 'admin' });
    expect(value(await settings.memberRole({ platform: 'console', externalId: 'local', name: 'Local desk' }, 'me'))).toBe('admin');
    expect(value(await settings.memberRole({ platform: 'console', externalId: 'other', name: 'Other' }, 'me'))).toBeNull();
    expect(value(await settings.memberRole({ platform: 'console', externalId: 'local', name: 'Local desk' }, 'someone'))).toBeNull();
  });
});

describe('the default data source', () => {
  it('stores, replaces and clears it, audited, keeping the other features\' settings keys', async () => {
    const w = ws('data-source');
    const id = (await ensureWorkspace(fixture.store.prisma, w)).id;
    await fixture.store.prisma.workspace.update({ where: { id }, data: { settings: { analystBudgetUsd: 12 } } });
    expect(value(await settings.dataSource(w))).toBeNull();
    expect(value(await settings.setDataSource(w, 'alpaca,yahoo', by()))).toBeNull();
    expect(value(await settings.setDataSource(w, 'yahoo', by()))).toBe('alpaca,yahoo');
    expect(value(await settings.dataSource(w))).toBe('yahoo');
    expect(value(await settings.dataSource(ws('data-source-other')))).toBeNull();
    expect(value(await settings.setDataSource(w, null, by()))).toBe('yahoo');
    expect(value(await settings.dataSource(w))).toBeNull();
    const row = await fixture.store.prisma.workspace.findUnique({ where: { id }, select: { settings: true } });
    expect(row?.settings).toEqual({ analystBudgetUsd: 12 });
    expect((await auditRows(w)).map((a) => [a.action, a.target, a.details])).toEqual([
      ['settings.data_source', 'dataSource', { actorName: 'ann', from: null, to: 'alpaca,yahoo' }],
      ['settings.data_source', 'dataSource', { actorName: 'ann', from: 'alpaca,yahoo', to: 'yahoo' }],
      ['settings.data_source', 'dataSource', { actorName: 'ann', from: 'yahoo', to: null }],
    ]);
  });
});
