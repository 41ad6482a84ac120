// /settings risk: the account-level limits of the workspace's Alpaca accounts. Tightening applies at once; a change
// that loosens anything waits for a second admin (/approval approve), refused or lapsed it changes nothing; nothing
// goes above the defaults, the hard ceilings.
import { describe, expect, it } from 'vitest';
import type { CommandContext, Role } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { DEFAULT_ACCOUNT_LIMITS } from '../../src/core/risk/account-gates.js';
import { createMemoryAccountRisk } from '../helpers/memory-account-risk.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';

const LIVE = { name: 'alpaca', account: 'live' } as const;
const PAPER = { name: 'alpaca', account: 'paper' } as const;

function desk() {
  const accountRisk = createMemoryAccountRisk();
  const d = fakeDesk({ accountRisk });
  const as = (id: string, name: string, role: Role = 'admin'): CommandContext<DeskDeps> => ({ ...d.ctx(), actor: { id, name, role } });
  return { ...d, accountRisk, ws: d.ctx().workspace, bob: as('u-bob', 'bob'), as };
}

const limitsOf = async (d: ReturnType<typeof desk>, broker: typeof LIVE | typeof PAPER) => {
  const read = await d.accountRisk.limits(d.ws, broker);
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
};

describe('/settings risk', () => {
  it('shows each account\'s limits with the option that sets it, marking the defaults', async () => {
    const d = desk();
    d.accountRisk.seed(d.ws, LIVE, { limits: { ...DEFAULT_ACCOUNT_LIMITS, dailyLossPct: 2 } });
    const shown = await d.run('/settings risk');
    expect(shown).toMatchObject({ kind: 'ok', title: 'Account risk limits', changedNothing: true });
    expect(shown.table).toEqual({
      columns: ['limit', 'option', 'Alpaca paper', 'Alpaca live'],
      rows: [
        ['dailyLossPct', 'daily-loss:', '5% (default)', '2%'],
        ['maxDrawdownPct', 'drawdown:', '25% (default)', '25% (default)'],
        ['maxExposurePct', 'exposure:', '100% (default)', '100% (default)'],
        ['maxOrdersPerMinute', 'order-rate:', '60/min (default)', '60/min (default)'],
      ],
    });
    expect((await d.run('/settings risk account:live')).table!.columns).toEqual(['limit', 'option', 'Alpaca live']);
  });

  it('is for admins only', async () => {
    const d = desk();
    expect((await d.run('/settings risk daily-loss:2', d.as('u-t', 'tom', 'trader'))).kind).toBe('error');
    expect(d.accountRisk.changes).toEqual([]);
  });

  it('applies a tightening at once, on the paper account by default', async () => {
    const d = desk();
    const reply = await d.run('/settings risk daily-loss:2.5 order-rate:10');
    expect(reply).toMatchObject({ kind: 'ok', title: 'Alpaca paper account limits tightened', text: 'dailyLossPct 5% -> 2.5%; maxOrdersPerMinute 60/min -> 10/min. In force for the account\'s next order.' });
    expect(await limitsOf(d, PAPER)).toEqual({ ...DEFAULT_ACCOUNT_LIMITS, dailyLossPct: 2.5, maxOrdersPerMinute: 10 });
    expect(await limitsOf(d, LIVE)).toEqual(DEFAULT_ACCOUNT_LIMITS);
    expect(d.accountRisk.changes).toHaveLength(1);
    // Audited like every admin command, as well as by the store.
    const audit = await d.settings.listAudit(d.ws, 5);
    expect(audit.ok && audit.value.map((e) => [e.action, e.target])).toContainEqual(['command', 'settings risk']);

    await d.run('/settings risk account:live drawdown:10 exposure:50');
    expect(await limitsOf(d, LIVE)).toEqual({ ...DEFAULT_ACCOUNT_LIMITS, maxDrawdownPct: 10, maxExposurePct: 50 });
  });

  it('refuses values above the hard ceilings, and values that are not limits, in one line', async () => {
    const d = desk();
    expect(await d.run('/settings risk account:live daily-loss:7')).toEqual(errorReply('/settings risk: daily-loss:7 is above the hard ceiling of 5 (the default); account limits can only be set at or below it'));
    expect(await d.run('/settings risk order-rate:61')).toEqual(errorReply('/settings risk: order-rate:61 is above the hard ceiling of 60 (the default); account limits can only be set at or below it'));
    const zero = await d.run('/settings risk exposure:0');
    expect(zero.kind).toBe('error');
    expect(zero.text).toMatch(/exposure/);
    expect((await d.run('/settings risk order-rate:2.5')).kind).toBe('error');
    expect((await d.run('/settings risk account:margin daily-loss:1')).kind).toBe('error');
    expect(d.accountRisk.changes).toEqual([]);
  });

  it('files a loosening as a four-eyes request, applied only when a second admin approves it', async () => {
    const d = desk();
    d.accountRisk.seed(d.ws, LIVE, { limits: { ...DEFAULT_ACCOUNT_LIMITS, dailyLossPct: 2, maxExposurePct: 50 } });
    const card = await d.run('/settings risk account:live daily-loss:4 exposure:40');
    expect(card).toMatchObject({
      kind: 'ok',
      title: 'Loosening the Alpaca live account limits waits for a second admin (request ap1)',
      text: `dailyLossPct 2% -> 4%; maxExposurePct 50% -> 40%. Nothing changes until another admin approves; the request lapses at ${new Date(FAKE_NOW + 30 * 60_000).toISOString()}.`,
      fields: [{ name: 'Loosens', value: 'daily-loss', inline: true }, { name: 'Requested by', value: 'ann', inline: true }],
    });
    expect(card.buttons!.map((b) => b.command)).toEqual(['/approval approve id:ap1', '/approval refuse id:ap1']);
    // Nothing applied, not even the tightening that came with it.
    expect(await limitsOf(d, LIVE)).toEqual({ ...DEFAULT_ACCOUNT_LIMITS, dailyLossPct: 2, maxExposurePct: 50 });
    expect((await d.run('/approvals')).table!.rows).toEqual([['ap1', 'account limit loosen', 'u', new Date(FAKE_NOW + 30 * 60_000).toISOString()]]);

    expect(await d.run('/approval approve id:ap1')).toEqual(errorReply('/approval approve: loosening an account limit needs a second admin: the one who asked cannot approve it'));
    expect(await limitsOf(d, LIVE)).toMatchObject({ dailyLossPct: 2 });
    const approved = await d.run('/approval approve id:ap1', d.bob);
    expect(approved).toMatchObject({ kind: 'ok', title: 'Alpaca live account limits loosened: requested by ann, approved by bob', text: 'dailyLossPct 2% -> 4%; maxExposurePct 50% -> 40%' });
    expect(await limitsOf(d, LIVE)).toEqual({ ...DEFAULT_ACCOUNT_LIMITS, dailyLossPct: 4, maxExposurePct: 40 });
    expect(d.accountRisk.changes.at(-1)).toMatchObject({ account: 'alpaca:live', actor: 'u-bob', approval: { id: 'ap1', requestedBy: 'u' } });
    expect(await limitsOf(d, PAPER)).toEqual(DEFAULT_ACCOUNT_LIMITS);
  });

  it('changes nothing when the loosening is refused or lapses', async () => {
    const d = desk();
    d.accountRisk.seed(d.ws, PAPER, { limits: { ...DEFAULT_ACCOUNT_LIMITS, maxOrdersPerMinute: 5 } });
    await d.run('/settings risk order-rate:20');
    expect(await d.run('/approval refuse id:ap1', d.bob)).toMatchObject({ kind: 'ok', title: 'Request ap1 refused by bob', text: 'The account limits were not changed.' });
    await d.run('/settings risk order-rate:30');
    const late = await d.run('/approval approve id:ap2', { ...d.bob, deps: { ...d.deps, wallNow: () => FAKE_NOW + 30 * 60_000 } });
    expect(late).toEqual({ kind: 'error', text: `Request ap2 lapsed at ${new Date(FAKE_NOW + 30 * 60_000).toISOString()} without a second admin: the account limits were not changed` });
    expect(await limitsOf(d, PAPER)).toEqual({ ...DEFAULT_ACCOUNT_LIMITS, maxOrdersPerMinute: 5 });
    expect(d.accountRisk.changes).toEqual([]);

    // /approvals lapses what ran out, and announces each lapse where it was asked.
    await d.run('/settings risk order-rate:40');
    const later = { ...d.ctx(), deps: { ...d.deps, wallNow: () => FAKE_NOW + 31 * 60_000 } };
    expect((await d.run('/approvals', later)).text).toBe('Nothing waits for a second admin.');
    expect(d.notes.filter((n) => n.eventType === 'approval_lapsed')).toEqual([
      { eventType: 'approval_lapsed', dedupeKey: 'approval:ap3:lapsed', payload: { id: 'ap3', kind: 'account_limit_loosen', requestedBy: 'ann', lapsedAt: FAKE_NOW + 30 * 60_000, channelId: 'console' } },
    ]);
  });
});
