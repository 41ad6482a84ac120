// The audit log as a team reads it, on a real SQLite desk: who stopped which run (the confirmation question is not a
// stop), and store entries that name runs, rules and proposals as people know them, never by a row id.
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/app/chat/command.js';
import type { DeskDeps } from '../../../src/app/desk/desk-deps.js';
import { dispatch } from '../../../src/app/chat/dispatch.js';
import type { Reply } from '../../../src/app/chat/reply.js';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import type { AuditView } from '../../../src/app/workspace/ports.js';
import { ok } from '../../../src/core/domain/result.js';
import { loadEnv } from '../../../src/config/env.js';
import { createDeskDeps } from '../../../src/main/desk-deps.js';
import { auditCommand } from '../../../commands/audit.js';
import { useMigratedStore } from '../../store/helpers/repo.js';
import { fakeDesk } from '../../helpers/fake-desk.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const DAY = 86_400_000;
const START = Date.UTC(2000, 0, 21);
const fixture = useMigratedStore('audit-desk');

function desk() {
  const env = loadEnv({ DATABASE_URL: `file:${fixture.file}` });
  if (!env.ok) throw new Error(env.error.message);
  const deps = createDeskDeps(env.value, fixture.store);
  const ctx = (name: string, now: number, channelId = 'C1'): CommandContext<DeskDeps> => ({
    workspace: { platform: 'slack', externalId: 'T0AUDIT', name: 'acme' }, actor: { id: `U-${name}`, name, role: 'admin' }, channelId, now: () => now, deps,
  });
  return { deps, ctx, run: (line: string, c: CommandContext<DeskDeps>) => dispatch(deps.commands, line, c) };
}

const rowsOf = (reply: Reply): readonly (readonly string[])[] => reply.table?.rows ?? [];

describe('/audit on a real desk', () => {
  it('shows exactly one stop, naming the run and who stopped it; the question before it is not a stop', async () => {
    const d = desk();
    expect((await d.run('/run start strategy:breakout symbols:SIM-A', d.ctx('ann', START))).title).toBe('Run #1 started');
    expect((await d.run('/run start strategy:trend-following symbols:SIM params:fast=5,slow=20 sizing:percent:20', d.ctx('ann', START))).title).toBe('Run #2 started');
    const run2 = (await d.deps.runStore.getRun(d.ctx('ann', START).workspace, 2));
    if (!run2.ok) throw new Error(run2.error.message);
    let close = START + DAY;
    for (; close < START + 200 * DAY; close += DAY) {
      await iterateRun({ store: d.deps.runStore, marketData: d.deps.marketData, brokerFor: paperBrokerFor }, run2.value.id, close, close);
      const snap = await d.deps.runStore.loadSnapshot(run2.value.id);
      if (snap.ok && snap.value.positions.length > 0) break;
    }
    const asked = await d.run('/run stop run:2', d.ctx('bob', close + 1_000));
    expect(asked.title).toBe('Run #2 has 1 open position');
    expect((await d.run('/run stop run:2 flatten:true', d.ctx('bob', close + 2_000, 'C2'))).title).toBe('Run #2 stopped and flattened');

    const rows = rowsOf(await d.run('/audit', d.ctx('carol', close + 3_000)));
    const stops = rows.filter((r) => r[3]!.startsWith('/run stop'));
    expect(stops).toEqual([[expect.any(String), 'bob', 'C2', '/run stop run:2 flatten:true', 'Run #2 stopped and flattened']]);
    expect(rows.filter((r) => r[3]!.startsWith('/run start')).map((r) => r.slice(1))).toEqual([
      ['ann', 'C1', '/run start strategy:trend-following symbols:SIM params:fast=5,slow=20 sizing:percent:20', 'Run #2 started'],
      ['ann', 'C1', '/run start strategy:breakout symbols:SIM-A', 'Run #1 started'],
    ]);
  });

  it('names the run a rule change was applied to by its number, and rules by their id', async () => {
    const d = desk();
    const now = START + 300 * DAY;
    await d.run('/rules add id:cap category:risk type:max_position_pct params:pct=20 apply:running', d.ctx('ann', now));
    const rows = rowsOf(await d.run('/audit', d.ctx('ann', now + 1)));
    expect(rows.filter((r) => r[3] === 'run.rules').map((r) => r[4])).toEqual(['Run #1: added cap (max_position_pct pct=20)']);
    expect(rows.filter((r) => r[3] === 'rule.add').map((r) => r[4])).toEqual(['rule cap']);
    expect(rows.some((r) => r.some((c) => /\bc[a-z0-9]{20,}\b/.test(c)))).toBe(false);
  });
});

describe('/audit entries written by any version', () => {
  const view = (over: Partial<AuditView>): AuditView => ({ at: START, actor: 'U1', actorName: 'ann', channel: 'C1', action: 'command', target: null, details: null, ...over });
  const listed = async (entries: readonly AuditView[]) => {
    const d = fakeDesk();
    const deps = { ...d.deps, settings: { ...d.deps.settings, listAudit: async () => ok(entries) } };
    return rowsOf(await auditCommand.run({ ...d.ctx(), deps }, {})).map((r) => r.slice(3));
  };

  it('reads a command with its options, even from entries without a result, and errors without the command name twice', async () => {
    expect(await listed([
      view({ target: 'run stop', details: { options: { run: 2, reason: 'done testing' }, outcome: 'ok' } }),
      view({ target: 'rules add', details: { options: { category: 'screening', type: 'symbol_denylist', params: { symbols: ['SIM-A', 'SIM-B'] } }, outcome: 'ok', result: 'Rule r1 added' } }),
      view({ target: 'halt', details: { options: {}, outcome: 'error', message: '/halt: disk full' } }),
    ])).toEqual([
      ['/run stop run:2 reason:"done testing"', 'ok'],
      ['/rules add category:screening type:symbol_denylist params:symbols=SIM-A,SIM-B', 'Rule r1 added'],
      ['/halt', 'error: disk full'],
    ]);
  });

  it('names a run by its number, rules and proposals by the ids people use with them', async () => {
    expect(await listed([
      view({ action: 'run.rules', target: 'cmxcd0123456789abcdefghij', details: { run: 3, change: 'added cap', rules: ['cap'] } }),
      view({ action: 'rule.toggle', target: 'sl-8', details: { active: false, version: 2 } }),
      view({ action: 'proposal.approve', target: 'cmprop0123456789abcdefghi', details: { rule: 'sugg-3', type: 'stop_loss_pct', shadow: true } }),
      view({ action: 'settings.role', target: 'traders' }),
      view({ action: 'workspace.halt', details: { reason: 'gap' } }),
    ])).toEqual([
      ['run.rules', 'Run #3: added cap'],
      ['rule.toggle', 'rule sl-8'],
      ['proposal.approve', 'proposal cmprop0123456789abcdefghi (rule sugg-3)'],
      ['settings.role', 'traders'],
      ['workspace.halt', '—'],
    ]);
  });
});
