import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonSafe, withAudit } from '../../../src/app/desk/audit.js';
import { defineCommand, type AnyCommand } from '../../../src/app/chat/command.js';
import { opt } from '../../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../../src/app/desk/desk-deps.js';
import { errorReply } from '../../../src/app/chat/reply.js';
import type { WorkspaceSettings } from '../../../src/app/workspace/ports.js';
import { fail } from '../../../src/core/domain/result.js';
import { notifyCommand } from '../../../commands/notify.js';
import { auditCommand } from '../../../commands/audit.js';
import { haltCommand } from '../../../commands/halt.js';
import { helpCommand } from '../../../commands/help.js';
import { COMMANDS } from '../../../commands/index.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';

const ran: string[] = [];
const options = z.object({ symbols: opt.symbols('symbols').optional(), cash: opt.number('cash').optional(), go: opt.bool('go').optional() });
const command = (name: string, role: 'viewer' | 'trader' | 'admin', run: () => Promise<ReturnType<typeof errorReply>>) =>
  defineCommand<DeskDeps, typeof options.shape>({ name, description: name, role, options, run: async () => (ran.push(name), run()) });

const REGISTRY: readonly AnyCommand<DeskDeps>[] = [
  command('look', 'viewer', async () => ({ kind: 'ok', text: 'seen' })),
  command('change', 'trader', async () => ({ kind: 'ok', text: 'changed' })),
  command('refuse', 'trader', async () => errorReply('/refuse: Run #3 does not exist in this workspace')),
  command('crash', 'admin', async () => { throw new Error('bug in crash'); }),
];

function desk(settings?: WorkspaceSettings) {
  const d = fakeDesk({ commands: withAudit(REGISTRY), ...(settings === undefined ? {} : { settings }) });
  return d;
}

describe('withAudit', () => {
  it('records who, where, when, the command, its parsed options and an ok outcome', async () => {
    const d = desk();
    const reply = await d.run('/change symbols:aapl,msft cash:5000 go:yes', { ...d.ctx('a', 'trader'), channelId: 'C42' });
    expect(reply).toEqual({ kind: 'ok', text: 'changed' });
    expect(d.settings.audit).toEqual([{
      workspace: 'console/a', at: FAKE_NOW, actor: 'u', actorName: 'ann', channel: 'C42', action: 'command', target: 'change',
      details: { actorName: 'ann', actorRole: 'trader', options: { symbols: ['AAPL', 'MSFT'], cash: 5000, go: true }, outcome: 'ok', result: 'changed' },
    }]);
  });

  it('does not record an error reply: by contract a refused command changed nothing', async () => {
    const d = desk();
    await d.run('/refuse', d.ctx('a', 'admin'));
    expect(d.settings.audit).toEqual([]);
  });

  it('does not record a reply that only asked and changed nothing (a confirmation question), and records the answer to it', async () => {
    const d = fakeDesk({ commands: withAudit([
      command('ask first', 'trader', async () => ({ kind: 'ok', title: 'Run #3 has 1 open position', changedNothing: true })),
      command('go', 'trader', async () => ({ kind: 'ok', title: 'Run #3 stopped' })),
    ]) });
    await d.run('/ask first', d.ctx('a', 'trader'));
    await d.run('/go', d.ctx('a', 'trader'));
    expect(d.settings.audit.map((a) => [a.target, a.details?.['result']])).toEqual([['go', 'Run #3 stopped']]);
  });

  it('records a command that throws as an error, and the desk still answers with an error reply', async () => {
    const d = desk();
    const reply = await d.run('/crash', d.ctx('a', 'admin'));
    expect(reply).toEqual(errorReply('/crash failed unexpectedly: bug in crash'));
    expect(d.settings.audit.map((a) => [a.target, a.details?.['outcome'], a.details?.['message']])).toEqual([['crash', 'error', 'bug in crash']]);
  });

  it('leaves viewer commands unrecorded and unwrapped', async () => {
    const d = desk();
    await d.run('/look', d.ctx('a', 'viewer'));
    expect(d.settings.audit).toEqual([]);
    expect(withAudit(REGISTRY)[0]).toBe(REGISTRY[0]);
  });

  it('neither runs nor records a command refused for its role', async () => {
    const d = desk();
    ran.length = 0;
    const reply = await d.run('/change', d.ctx('a', 'viewer'));
    expect(reply).toEqual(errorReply('/change needs the trader role; you are viewer'));
    expect(ran).toEqual([]);
    expect(d.settings.audit).toEqual([]);
  });

  it('returns the same reply when recording fails or throws', async () => {
    const base = fakeDesk().deps.settings;
    const failing: WorkspaceSettings = { ...base, recordCommand: async () => fail('db.write_failed', 'disk full') };
    const throwing: WorkspaceSettings = { ...base, recordCommand: async () => { throw new Error('bug'); } };
    for (const settings of [failing, throwing]) {
      const d = desk(settings);
      expect(await d.run('/change', d.ctx('a', 'trader'))).toEqual({ kind: 'ok', text: 'changed' });
      expect(await d.run('/refuse', d.ctx('a', 'trader'))).toEqual(errorReply('/refuse: Run #3 does not exist in this workspace'));
    }
  });

  it('is applied to the registry: same names, roles and order, non-viewer commands wrapped', () => {
    const byName = (name: string) => COMMANDS.find((c) => c.name === name);
    expect(COMMANDS.slice(0, 4).map((c) => c.name)).toEqual(['help', 'ask', 'run start', 'run stop']);
    expect(byName('help')).toBe(helpCommand);
    expect(byName('audit')).toBe(auditCommand);
    expect(byName('halt')).not.toBe(haltCommand);
    // A viewer command that changes state with some options is wrapped too (it records only those uses).
    expect(byName('notify')).not.toBe(notifyCommand);
    expect(byName('halt')).toMatchObject({ name: 'halt', role: 'admin', description: haltCommand.description, options: haltCommand.options });
  });
});

describe('jsonSafe', () => {
  const cases: readonly [string, unknown, unknown][] = [
    ['strings, booleans and finite numbers as they are', { a: 'x', b: true, c: 1.5 }, { a: 'x', b: true, c: 1.5 }],
    ['non-finite numbers as text', [NaN, Infinity, -Infinity], ['NaN', 'Infinity', '-Infinity']],
    ['bigints as text', 10n, '10'],
    ['dates as ISO text', new Date(Date.UTC(2024, 0, 2)), '2024-01-02T00:00:00.000Z'],
    ['bytes as a count', new Uint8Array(3), '<3 bytes>'],
    ['undefined and functions dropped from objects', { a: undefined, f: () => 1, b: 2 }, { b: 2 }],
    ['undefined as null inside arrays', [1, undefined], [1, null]],
    ['maps and sets as objects and arrays', { m: new Map([['k', 1]]), s: new Set(['x']) }, { m: { k: 1 }, s: ['x'] }],
    ['nested records', { pairs: { fast: '10' } }, { pairs: { fast: '10' } }],
  ];
  for (const [name, input, expected] of cases) it(`turns ${name}`, () => expect(jsonSafe(input)).toEqual(expected));

  it('cuts cycles', () => {
    const a: Record<string, unknown> = { x: 1 };
    a['self'] = a;
    expect(jsonSafe(a)).toEqual({ x: 1, self: '[circular]' });
  });
});

describe('viewer commands that change state with some options', () => {
  it('records /notify when it sets a level, never when it only lists or is refused', async () => {
    const d = fakeDesk();
    await d.run('/notify');
    await d.run('/notify event:order_filled level:silent');
    await d.run('/notify event:order_filled level:off', d.ctx('a', 'viewer'));
    const log = await d.settings.listAudit(d.ctx().workspace, 10);
    expect(log.ok && log.value.map((e) => [e.action, e.target, e.details])).toEqual([
      ['command', 'notify', expect.objectContaining({ outcome: 'ok', options: { event: 'order_filled', level: 'silent' } })],
    ]);
  });
});
