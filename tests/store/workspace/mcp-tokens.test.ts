import { describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../../src/store/workspace/workspaces.js';
import { findWorkspaceByMcpToken, hashMcpToken, issueMcpToken, listMcpTokens } from '../../../src/store/workspace/mcp-tokens.js';
import { getNotificationLevels, setNotificationLevel } from '../../../src/store/outbox/notification-levels.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('mcp-tokens');
const T0 = Date.UTC(2026, 0, 5, 14, 30);
const ws = (externalId: string): WorkspaceRef => ({ platform: 'discord', externalId, name: `Guild ${externalId}` });

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

const idOf = async (w: WorkspaceRef) => (await ensureWorkspace(fixture.store.prisma, w)).id;
const settingsOf = async (id: string) => (await fixture.store.prisma.workspace.findUniqueOrThrow({ where: { id }, select: { settings: true } })).settings;
const issue = async (id: string, rotate = false, now = T0) => issueMcpToken(fixture.store.prisma, id, { rotate, actor: 'cli', now });

describe('issuing a token', () => {
  it('stores only the sha256 of the token, never the token itself', async () => {
    const id = await idOf(ws('hash-only'));
    const { token, rotated } = value(await issue(id));
    expect(rotated).toBe(false);
    expect(token).toMatch(/^tdk_mcp_[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(await settingsOf(id));
    expect(stored).not.toContain(token);
    expect(stored).toContain(hashMcpToken(token));
    expect(await settingsOf(id)).toEqual({ mcpToken: { sha256: hashMcpToken(token), createdAt: new Date(T0).toISOString() } });
  });

  it('refuses to replace an existing token without rotate, and keeps the old one working', async () => {
    const w = ws('no-rotate');
    const id = await idOf(w);
    const first = value(await issue(id));
    const again = await issue(id);
    expect(again.ok ? null : again.error.code).toBe('mcp.token_exists');
    expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, first.token))).toEqual(w);
  });

  it('rotates: the new token opens the workspace and the old one no longer does', async () => {
    const w = ws('rotate');
    const id = await idOf(w);
    const old = value(await issue(id));
    const next = value(await issue(id, true, T0 + 1000));
    expect(next.rotated).toBe(true);
    expect(next.token).not.toBe(old.token);
    expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, old.token))).toBeNull();
    expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, next.token))).toEqual(w);
  });

  it('records each issue in the audit log, without the token', async () => {
    const id = await idOf(ws('audited'));
    const a = value(await issue(id));
    const b = value(await issue(id, true));
    const rows = await fixture.store.prisma.auditEntry.findMany({ where: { workspaceId: id }, orderBy: { at: 'asc' }, select: { actor: true, action: true, details: true } });
    expect(rows).toEqual([
      { actor: 'cli', action: 'mcp.token', details: { rotated: false } },
      { actor: 'cli', action: 'mcp.token', details: { rotated: true } },
    ]);
    expect(JSON.stringify(rows)).not.toContain(a.token.slice(8));
    expect(JSON.stringify(rows)).not.toContain(b.token.slice(8));
  });

  it('keeps the notification levels and settings it does not know (another feature\'s keys) intact', async () => {
    const id = await idOf(ws('other-keys'));
    value(await setNotificationLevel(fixture.store.prisma, id, 'order_filled', 'silent', 'u'));
    // A key written by a feature this module knows nothing of (e.g. the analyst's monthly budget).
    await fixture.store.prisma.workspace.update({ where: { id }, data: { settings: { notificationLevels: { 'order_filled': 'silent' }, analystBudgetUsd: 25 } } });
    value(await issue(id));
    const { token } = value(await issue(id, true));
    expect(await settingsOf(id)).toMatchObject({ notificationLevels: { 'order_filled': 'silent' }, analystBudgetUsd: 25 });
    expect(value(await getNotificationLevels(fixture.store.prisma, id))['order_filled']).toBe('silent');
    // And a notification-level write afterwards keeps the token.
    value(await setNotificationLevel(fixture.store.prisma, id, 'trade_blocked', 'off', 'u'));
    expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, token))).toEqual(ws('other-keys'));
    expect(await settingsOf(id)).toMatchObject({ notificationLevels: { 'order_filled': 'silent', 'trade_blocked': 'off' }, analystBudgetUsd: 25 });
  });

  it('fails with workspace.not_found for an unknown workspace id', async () => {
    const res = await issue('no-such-workspace');
    expect(res.ok ? null : res.error.code).toBe('workspace.not_found');
  });
});

describe('finding the workspace of a token', () => {
  it('tells each workspace\'s token apart and finds nothing for a wrong or empty token', async () => {
    const [a, b] = [ws('find-a'), ws('find-b')];
    const ta = value(await issue(await idOf(a))).token;
    const tb = value(await issue(await idOf(b))).token;
    expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, ta))).toEqual(a);
    expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, tb))).toEqual(b);
    for (const wrong of ['', 'tdk_mcp_wrong', `${ta}x`, ta.slice(0, -1), hashMcpToken(ta)]) {
      expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, wrong)), wrong).toBeNull();
    }
  });

  it('skips a workspace whose settings it cannot read instead of failing every request', async () => {
    const w = ws('corrupt');
    const id = await idOf(w);
    const { token } = value(await issue(id));
    await fixture.store.prisma.workspace.update({ where: { id }, data: { settings: { mcpToken: { sha256: 'not-hex', createdAt: 'x' } } } });
    expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, token))).toBeNull();
    const other = value(await issue(await idOf(ws('healthy')))).token;
    expect(value(await findWorkspaceByMcpToken(fixture.store.prisma, other))).toEqual(ws('healthy'));
  });
});

describe('listing tokens', () => {
  it('lists the workspaces that have a token with its date, never the token or its hash', async () => {
    await idOf(ws('list-none'));
    const id = await idOf(ws('list-one'));
    const { token } = value(await issue(id, false, T0));
    const listed = value(await listMcpTokens(fixture.store.prisma));
    expect(listed).toContainEqual({ ...ws('list-one'), createdAt: new Date(T0).toISOString() });
    expect(listed.map((e) => e.externalId)).not.toContain('list-none');
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(JSON.stringify(listed)).not.toContain(hashMcpToken(token));
  });
});
