import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../src/app/runs/canonical-json.js';
import { ruleSchema, type Rule } from '../../../src/core/risk/rules.js';
import { ruleSnapshot } from '../../../src/store/rules/snapshot.js';
import { addRule, listRules, removeRule, toggleRule } from '../../../src/store/rules/rules.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('rules');

const workspace = async (externalId: string): Promise<string> =>
  (await ensureWorkspace(fixture.store.prisma, { platform: 'discord', externalId, name: externalId })).id;

const STOP = { category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 5 } };
const MAX_POS = { category: 'risk', type: 'max_position_pct', params: { pct: 20 }, priority: 1 };
const BLACKOUT = { id: 'lunch', name: 'No lunch trades', category: 'timing', type: 'blackout_window', params: { start: '12:00', end: '13:00' }, symbols: ['orcl'] };

async function added(ws: string, input: unknown): Promise<Rule> {
  const res = await addRule(fixture.store.prisma, ws, input, 'u1');
  if (!res.ok) throw new Error(res.error.message);
  return res.value.rule;
}
const keys = async (ws: string, activeOnly = false): Promise<string[] | string> => {
  const res = await listRules(fixture.store.prisma, ws, { activeOnly });
  return res.ok ? res.value.map((r) => r.id) : res.error.code;
};
const code = (res: { ok: boolean; error?: { code: string } }): string => (res.ok ? 'ok' : res.error!.code);

describe('addRule and listRules', () => {
  it('stores a rule with its own id and reads it back exactly as the core schema parses it', async () => {
    const ws = await workspace('round-trip');
    const rule = await added(ws, BLACKOUT);
    expect(rule).toEqual(ruleSchema.parse(BLACKOUT));
    const listed = await listRules(fixture.store.prisma, ws);
    expect(listed).toEqual({ ok: true, value: [ruleSchema.parse(BLACKOUT)] });
  });

  it('hands out r1, r2, ... and never reuses a removed key or one below a hand-picked r<N>', async () => {
    const ws = await workspace('auto-keys');
    expect((await added(ws, STOP)).id).toBe('r1');
    expect((await added(ws, STOP)).id).toBe('r2');
    await removeRule(fixture.store.prisma, ws, 'r2', 'u1');
    expect((await added(ws, STOP)).id).toBe('r3');
    expect((await added(ws, { ...STOP, id: 'r7' })).id).toBe('r7');
    expect((await added(ws, STOP)).id).toBe('r8');
  });

  it('gives concurrent adds without an id distinct keys', async () => {
    const ws = await workspace('auto-race');
    const both = await Promise.all([addRule(fixture.store.prisma, ws, STOP, 'u1'), addRule(fixture.store.prisma, ws, STOP, 'u2')]);
    expect(both.map((r) => (r.ok ? r.value.rule.id : r.error.code)).sort()).toEqual(['r1', 'r2']);
  });

  it('refuses a key the workspace already has with rule.duplicate', async () => {
    const ws = await workspace('dup');
    await added(ws, { ...STOP, id: 'sl-8' });
    const res = await addRule(fixture.store.prisma, ws, { ...MAX_POS, id: 'sl-8' }, 'u1');
    expect(res).toEqual({ ok: false, error: { code: 'rule.duplicate', message: "rule 'sl-8' already exists in this workspace; pick another id", details: { key: 'sl-8' } } });
    expect(await keys(ws)).toEqual(['sl-8']);
  });

  it.each([
    ['a param out of range', { ...STOP, params: { pct: 500 } }, /^params\.pct: Too big/],
    ['an unknown param', { ...STOP, params: { pct: 5, extra: 1 } }, /^params: Unrecognized key/],
    ['a type in the wrong category', { ...STOP, category: 'risk' }, /^category: rule type 'stop_loss_pct' belongs to category 'stop_loss', not 'risk'$/],
    ['an unknown type', { ...STOP, type: 'moon_shot' }, /^type: unknown rule type 'moon_shot'; valid: max_position_pct, /],
    ['a bad id', { ...STOP, id: 'no spaces' }, /^id: expected an id of letters/],
    ['a bad symbol', { ...STOP, symbols: ['not a ticker!'] }, /^symbols\[0\]: expected a ticker symbol$/],
    ['a non-object', ['stop_loss_pct'], /^\(root\): expected an object$/],
  ])('rejects %s with the core one-line error and its field path', async (_what, input, message) => {
    const ws = await workspace('invalid');
    const res = await addRule(fixture.store.prisma, ws, input, 'u1');
    expect(code(res)).toBe('rule.invalid');
    expect(res.ok ? '' : res.error.message).toMatch(message);
    expect(await keys(ws)).toEqual([]);
  });

  it('lists in evaluation order (priority, then key) and leaves switched-off rules out with activeOnly', async () => {
    const ws = await workspace('order');
    await added(ws, { ...STOP, id: 'b', priority: 3 });
    await added(ws, { ...STOP, id: 'a', priority: 3 });
    await added(ws, { ...MAX_POS, id: 'z' });
    await added(ws, { ...STOP, id: 'off', priority: 2, active: false });
    await added(ws, { ...STOP, id: 'ghost', priority: 9, shadow: true });
    expect(await keys(ws)).toEqual(['z', 'off', 'a', 'b', 'ghost']);
    expect(await keys(ws, true)).toEqual(['z', 'a', 'b', 'ghost']);
  });

  it('reports a row whose Json no longer parses as db.corrupt_row, and still lets it be removed', async () => {
    const ws = await workspace('corrupt');
    await added(ws, { ...STOP, id: 'bad' });
    await fixture.store.prisma.rule.updateMany({ where: { workspaceId: ws, key: 'bad' }, data: { params: { pct: 'five' } } });
    const listed = await listRules(fixture.store.prisma, ws);
    expect(listed.ok ? 'ok' : [listed.error.code, listed.error.message]).toEqual([
      'db.corrupt_row',
      "rule 'bad' is stored in a shape this version cannot read: params.pct: Invalid input: expected number, received string",
    ]);
    const removed = await removeRule(fixture.store.prisma, ws, 'bad', 'u1');
    expect(removed).toEqual({ ok: true, value: { key: 'bad', version: 1, rule: null } });
    expect(await keys(ws)).toEqual([]);
  });
});

describe('toggleRule and removeRule', () => {
  it('flips active and bumps version on each toggle, and audits every change', async () => {
    const ws = await workspace('toggle');
    await added(ws, { ...STOP, id: 'sl-8' });
    const first = await toggleRule(fixture.store.prisma, ws, 'sl-8', 'u2');
    const second = await toggleRule(fixture.store.prisma, ws, 'sl-8', 'u3');
    expect([first, second].map((r) => (r.ok ? [r.value.rule.active, r.value.version] : r.error.code))).toEqual([
      [false, 2],
      [true, 3],
    ]);
    await removeRule(fixture.store.prisma, ws, 'sl-8', 'u4');
    const audit = await fixture.store.prisma.auditEntry.findMany({ where: { workspaceId: ws }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    expect(audit.map((a) => [a.actor, a.action, a.target])).toEqual([
      ['u1', 'rule.add', 'sl-8'],
      ['u2', 'rule.toggle', 'sl-8'],
      ['u3', 'rule.toggle', 'sl-8'],
      ['u4', 'rule.remove', 'sl-8'],
    ]);
    expect(audit[1]?.details).toEqual({ active: false, version: 2 });
    expect(audit[3]?.details).toMatchObject({ key: 'sl-8', type: 'stop_loss_pct', params: { pct: 5 }, version: 3 });
  });

  it('applies two concurrent toggles one after the other (neither is lost)', async () => {
    const ws = await workspace('toggle-race');
    await added(ws, { ...STOP, id: 't' });
    // Both read version 1 before either writes; the loser's compare-and-set misses and it retries on version 2.
    const both = await Promise.all([toggleRule(fixture.store.prisma, ws, 't', 'u1'), toggleRule(fixture.store.prisma, ws, 't', 'u2')]);
    expect(both.map((r) => (r.ok ? r.value.version : r.error.code)).sort()).toEqual([2, 3]);
    const row = await fixture.store.prisma.rule.findUnique({ where: { workspaceId_key: { workspaceId: ws, key: 't' } } });
    expect([row?.active, row?.version]).toEqual([true, 3]);
  });

  it('names the existing rules when the key is unknown', async () => {
    const ws = await workspace('unknown');
    await added(ws, { ...STOP, id: 'b' });
    await added(ws, { ...STOP, id: 'a' });
    const expected = { ok: false, error: { code: 'rule.not_found', message: "no rule 'x' in this workspace; rules: a, b", details: { key: 'x', keys: ['a', 'b'] } } };
    expect(await toggleRule(fixture.store.prisma, ws, 'x', 'u1')).toEqual(expected);
    expect(await removeRule(fixture.store.prisma, ws, 'x', 'u1')).toEqual(expected);
    const empty = await toggleRule(fixture.store.prisma, await workspace('unknown-empty'), 'x', 'u1');
    expect(empty.ok ? '' : empty.error.message).toBe("no rule 'x' in this workspace; rules: none");
  });

  it('keeps workspaces apart: B neither sees nor changes A’s rule, and may use the same key', async () => {
    const a = await workspace('iso-a');
    const b = await workspace('iso-b');
    await added(a, { ...STOP, id: 'sl-8' });
    expect(await keys(b)).toEqual([]);
    expect(code(await toggleRule(fixture.store.prisma, b, 'sl-8', 'u1'))).toBe('rule.not_found');
    expect(code(await removeRule(fixture.store.prisma, b, 'sl-8', 'u1'))).toBe('rule.not_found');
    expect(code(await addRule(fixture.store.prisma, b, { ...MAX_POS, id: 'sl-8' }, 'u1'))).toBe('ok');
    const listedA = await listRules(fixture.store.prisma, a);
    expect(listedA.ok && listedA.value.map((r) => [r.id, r.type, r.active])).toEqual([['sl-8', 'stop_loss_pct', true]]);
    expect(await fixture.store.prisma.auditEntry.count({ where: { workspaceId: b, action: { not: 'rule.add' } } })).toBe(0);
  });
});

describe('transactions', () => {
  it('joins the caller’s transaction when handed one, so the rule and its audit entry roll back with it', async () => {
    const ws = await workspace('joined');
    const inside = await fixture.store.prisma
      .$transaction(async (tx) => {
        const res = await addRule(tx, ws, STOP, 'u1');
        throw new Error(res.ok ? `added ${res.value.rule.id}` : res.error.code);
      })
      .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    expect(inside).toBe('added r1');
    expect(await keys(ws)).toEqual([]);
    expect(await fixture.store.prisma.auditEntry.count({ where: { workspaceId: ws } })).toBe(0);
  });
});

describe('ruleSnapshot', () => {
  const rules = [ruleSchema.parse({ ...MAX_POS, id: 'm' }), ruleSchema.parse({ ...STOP, id: 's' })];

  it('hashes exactly as the app hashes a backtest rule list', () => {
    expect(ruleSnapshot(rules).hash).toBe(sha256Hex(canonicalJson(rules)));
  });

  it('ignores key order inside a rule and changes with any value or with the order of rules', () => {
    const reordered = rules.map((r) => Object.fromEntries(Object.entries(r).reverse()) as Rule);
    const tighter = [rules[0]!, ruleSchema.parse({ ...STOP, id: 's', params: { pct: 4 } })];
    const hashes = [rules, reordered, tighter, [...rules].reverse()].map((r) => ruleSnapshot(r).hash);
    expect(hashes[1]).toBe(hashes[0]);
    expect(new Set(hashes).size).toBe(3);
  });

  it('gives stored rules read back the same hash as the rules that were added', async () => {
    const ws = await workspace('snapshot');
    for (const rule of rules) await added(ws, rule);
    const listed = await listRules(fixture.store.prisma, ws);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(ruleSnapshot(listed.value)).toEqual(ruleSnapshot(rules));
  });
});
