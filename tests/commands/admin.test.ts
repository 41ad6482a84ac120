import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/app/runs/canonical-json.js';
import type { AnyCommand, Role } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { ok } from '../../src/core/domain/result.js';
import { haltCommand } from '../../commands/halt.js';
import { helpCommand } from '../../commands/help.js';
import { notifyCommand } from '../../commands/notify.js';
import { resumeAllCommand } from '../../commands/resume-all.js';
import { rulesAddCommand } from '../../commands/rules/add.js';
import { rulesRemoveCommand, rulesToggleCommand } from '../../commands/rules/change.js';
import { rulesListCommand } from '../../commands/rules/list.js';
import { runStartCommand } from '../../commands/run/start.js';
import { runPauseCommand, runResumeCommand, runStopCommand } from '../../commands/run/status-change.js';
import { fakeDesk } from '../helpers/fake-desk.js';
import { createMemoryWorkspaceAdmin } from '../helpers/memory-workspace-admin.js';

const REGISTRY: readonly AnyCommand<DeskDeps>[] = [
  helpCommand, runStartCommand, runStopCommand, runPauseCommand, runResumeCommand,
  rulesListCommand, rulesAddCommand, rulesToggleCommand, rulesRemoveCommand, haltCommand, resumeAllCommand, notifyCommand,
];
const START = '/run start strategy:breakout symbols:SIM';
const STOP_8 = '/rules add category:stop_loss type:stop_loss_pct params:pct=8';

function desk() {
  const { admin, runStore } = createMemoryWorkspaceAdmin();
  const d = fakeDesk({
    commands: REGISTRY,
    runStore,
    workspaceAdmin: admin,
    // New runs freeze the workspace's active rules, as the real desk does.
    activeRules: async (w) => {
      const rules = await admin.listRules(w);
      return rules.ok ? ok(rules.value.filter((r) => r.active)) : rules;
    },
  });
  const as = (role: Role, workspace = 'a') => (line: string) => d.run(line, d.ctx(workspace, role));
  const manifest = async (number: number, workspace = 'a') => {
    const run = await runStore.getRun(d.ctx(workspace).workspace, number);
    if (!run.ok) throw new Error(run.error.message);
    return run.value.manifest;
  };
  const snapshot = async (number: number, workspace = 'a') => {
    const run = await runStore.getRun(d.ctx(workspace).workspace, number);
    const snap = run.ok ? await runStore.loadSnapshot(run.value.id) : run;
    if (!snap.ok) throw new Error(snap.error.message);
    return snap.value;
  };
  const status = async (number: number, workspace = 'a') => {
    const run = await runStore.getRun(d.ctx(workspace).workspace, number);
    return run.ok ? run.value.status : run.error.code;
  };
  return { ...d, admin, runStore, as, manifest, snapshot, status };
}

const fields = (r: Reply): Record<string, string> => Object.fromEntries((r.fields ?? []).map((f) => [f.name, f.value]));
const refusal = (r: Reply): string => {
  expect(r.kind).toBe('error');
  expect(r.text).not.toContain('\n');
  return r.text ?? '';
};

describe('/rules', () => {
  it('adds rules from k=v or JSON params and lists them in evaluation order', async () => {
    const d = desk();
    expect((await d.run('/rules list')).text).toMatch(/^No rules in this workspace/);
    expect((await d.run(STOP_8)).title).toBe('Rule r1 added');
    const json = await d.run(`/rules add id:cap category:risk type:max_position_pct params:'{"pct":20}' priority:1 symbols:orcl,goog shadow:true`);
    expect(json.title).toBe('Rule cap added');
    expect(fields(json)).toMatchObject({ Params: 'pct=20', Priority: '1', Shadow: 'yes', Symbols: 'ORCL, GOOG' });
    const list = await d.as('viewer')('/rules list');
    expect(list.table?.columns).toEqual(['id', 'category', 'type', 'params', 'priority', 'active', 'shadow', 'symbols']);
    expect(list.table?.rows).toEqual([
      ['cap', 'risk', 'max_position_pct', 'pct=20', '1', 'yes', 'yes', 'ORCL,GOOG'],
      ['r1', 'stop_loss', 'stop_loss_pct', 'pct=8', '5', 'yes', 'no', 'all'],
    ]);
  });

  it('toggles and removes rules, and names the rules there are when the id is wrong', async () => {
    const d = desk();
    await d.run(STOP_8);
    expect((await d.run('/rules toggle id:r1')).title).toBe('Rule r1 switched off');
    expect((await d.run('/rules list')).table?.rows[0]?.[5]).toBe('no');
    expect((await d.run('/rules toggle r1')).title).toBe('Rule r1 switched on');
    expect(refusal(await d.run('/rules remove id:r7'))).toBe("/rules remove: no rule 'r7' in this workspace; rules: r1");
    expect((await d.run('/rules remove id:r1')).title).toBe('Rule r1 removed');
    expect((await d.run('/rules list')).text).toMatch(/^No rules/);
    expect(d.admin.audit.map((a) => a.action)).toEqual(['rule.add', 'rule.toggle', 'rule.toggle', 'rule.remove']);
  });

  it.each([
    ['params:pct=200', '/rules add: params.pct: Too big: expected number to be <=100'],
    ['params:pct=abc', '/rules add: params.pct: Invalid input: expected number, received string'],
    [`params:'{"pct":8,"extra":1}'`, '/rules add: params: Unrecognized key: "extra"'],
    ['params:pct', "/rules add: option 'params': expected key=value pairs separated by commas (or JSON), got 'pct' (got 'pct')"],
    ['params:pct=8,pct=9', "/rules add: option 'params': 'pct' is given twice; a list is written pct=A,B (got 'pct=8,pct=9')"],
    ['params:{"pct":8', "option 'params': unclosed { (JSON values run to their matching })"],
  ])('refuses bad params (%s) with the core schema\'s field path', async (params, message) => {
    const d = desk();
    expect(refusal(await d.run(`/rules add category:stop_loss type:stop_loss_pct ${params}`))).toBe(message);
    expect((await d.run('/rules list')).text).toMatch(/^No rules/);
  });

  it('refuses a wrong type or category with the valid choices', async () => {
    const d = desk();
    expect(refusal(await d.run('/rules add category:risk type:stop_loss params:pct=8'))).toMatch(/^\/rules add: type: unknown rule type 'stop_loss'; valid: max_position_pct, .*stop_loss_pct/);
    expect(refusal(await d.run('/rules add category:risk type:stop_loss_pct params:pct=8')))
      .toBe("/rules add: category: rule type 'stop_loss_pct' belongs to category 'stop_loss', not 'risk'");
    expect(refusal(await d.run(`/rules add category:stop_loss type:stop_loss_pct params:'{pct:8}'`))).toMatch(/^\/rules add: option 'params': expected a JSON object like/);
    expect(refusal(await d.run('/rules add category:stop_loss params:pct=8'))).toBe('/rules add: missing option type:<value>');
  });

  it('lets viewers list, traders add shadow rules only, and admins do the rest', async () => {
    const d = desk();
    const viewer = d.as('viewer');
    const trader = d.as('trader');
    expect(refusal(await viewer(STOP_8))).toBe('/rules add needs the trader role; you are viewer');
    expect(refusal(await trader(STOP_8))).toBe('/rules add: a trader may add shadow rules only (shadow:true); enforced rules need the admin role');
    expect(refusal(await trader(`${STOP_8} shadow:false`))).toMatch(/^\/rules add: a trader may add shadow rules only/);
    expect(refusal(await trader(`${STOP_8} shadow:true apply:running`))).toBe('/rules add: apply:running changes runs in progress and needs the admin role');
    expect((await trader(`${STOP_8} shadow:true`)).title).toBe('Rule r1 added');
    expect(refusal(await trader('/rules toggle id:r1'))).toBe('/rules toggle needs the admin role; you are trader');
    expect(refusal(await trader('/rules remove id:r1'))).toBe('/rules remove needs the admin role; you are trader');
    expect((await viewer('/rules list')).table?.rows).toHaveLength(1);
  });

  it('changes only later runs by default, and with apply:running the runs in progress (not ended ones) from their next bar', async () => {
    const d = desk();
    await d.run(START); // #1 stays running
    await d.run(START); // #2 is stopped before the change
    await d.run('/run stop run:2');
    const before = await d.manifest(1);

    await d.run(STOP_8);
    expect(await d.manifest(1)).toEqual(before);
    await d.run(START); // #3 starts under r1
    expect((await d.manifest(3)).rules.map((r) => r.id)).toEqual(['r1']);

    const applied = await d.run(`/rules add category:risk type:max_position_pct params:pct=20 priority:1 apply:running`);
    expect(applied.text).toBe('Also applied to runs in progress #1, #3, from their next bar; runs started from now on get it too.');
    const one = await d.manifest(1);
    expect(one.rules.map((r) => r.id)).toEqual(['r2']);
    expect(one.rulesHash).toBe(sha256Hex(canonicalJson(one.rules)));
    expect(one.rulesHash).not.toBe(before.rulesHash);
    expect((await d.manifest(3)).rules.map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(await d.manifest(2)).toEqual(before);
    // The iteration reads the manifest from the snapshot on every bar.
    expect((await d.snapshot(1)).run.manifest.rules.map((r) => r.id)).toEqual(['r2']);
    expect(d.admin.reasoning.map((e) => `${e.runId}: ${e.content}`)).toEqual([
      'run-1: rules changed by ann: added r2 (max_position_pct pct=20)',
      'run-3: rules changed by ann: added r2 (max_position_pct pct=20)',
    ]);

    expect((await d.run('/rules toggle r1 apply:running')).text).toBe('Also applied to runs in progress #3, from their next bar; runs started from now on get it too.');
    expect((await d.manifest(3)).rules.map((r) => r.id)).toEqual(['r2']);
    expect((await d.run('/rules remove r2 apply:running')).text).toMatch(/#1, #3/);
    expect((await d.manifest(1)).rules).toEqual([]);
    expect((await d.manifest(1)).rulesHash).toBe(before.rulesHash);
  });
});

describe('/halt and /resume-all', () => {
  it('halts every running run, then resumes only those, leaving a run halted by its drawdown gate halted', async () => {
    const d = desk();
    for (let i = 0; i < 4; i++) await d.run(START);
    await d.run('/run pause run:3');
    const gated = await d.runStore.getRun(d.ctx().workspace, 2);
    if (!gated.ok) throw new Error(gated.error.message);
    await d.runStore.transition(gated.value.id, 'halted', 'desk', 'drawdown 26.0% exceeds the 25% limit', 0);
    // Run #4 carries a drawdown peak that a desk halt must not forgive on resume.
    const four = await d.snapshot(4);
    await d.runStore.transition(four.run.id, 'paused', 'ann', 'check', 0, { state: { ...four.state, peakEquity: 120_000 } });
    await d.run('/run resume run:4');
    d.notes.length = 0;

    const halted = await d.run('/halt reason:"fat finger"');
    expect(halted.title).toBe('Desk halted');
    expect(fields(halted)).toMatchObject({ Reason: 'fat finger', 'Runs halted': '#1, #4' });
    expect([await d.status(1), await d.status(2), await d.status(3), await d.status(4)]).toEqual(['halted', 'halted', 'paused', 'halted']);
    expect(d.notes.map((n) => [n.eventType, 'reason' in n.payload ? n.payload.reason : null])).toEqual([
      ['run_halted', 'desk halt by ann: fat finger'],
      ['run_halted', 'desk halt by ann: fat finger'],
    ]);
    expect((await d.snapshot(4)).killSwitch).toBe('fat finger');
    expect((await d.run('/halt again')).title).toBe('Desk already halted');

    d.notes.length = 0;
    const resumed = await d.run('/resume-all');
    expect(resumed.title).toBe('Desk resumed');
    expect(fields(resumed)).toEqual({
      'Kill switch': 'lifted (was: fat finger)',
      'Runs resumed': '#1, #4',
      'Still halted': '#2 (drawdown 26.0% exceeds the 25% limit)',
    });
    expect([await d.status(1), await d.status(2), await d.status(3), await d.status(4)]).toEqual(['running', 'halted', 'paused', 'running']);
    expect(d.notes.map((n) => n.eventType)).toEqual(['run_started', 'run_started']);
    const after = await d.snapshot(4);
    expect([after.killSwitch, after.state.peakEquity]).toEqual([null, 120_000]);
    expect(refusal(await d.run('/resume-all')))
      .toBe('/resume-all: the desk is not halted; halted by their own gates: #2 (drawdown 26.0% exceeds the 25% limit) (resume each with /run resume run:<n>)');
  });

  it('records who halted the desk, even with no run running, and the runs see the kill switch', async () => {
    const d = desk();
    const halted = await d.run('/halt');
    expect(fields(halted)).toMatchObject({ Reason: 'halted by ann', 'Runs halted': 'none (no run was running)' });
    expect(refusal(await d.run(START))).toBe('/run start: the desk is halted (halted by ann); an admin lifts it with /resume-all');
    await d.run('/resume-all');
    await d.run(START);
    await d.run('/halt reason:again');
    expect((await d.snapshot(1)).killSwitch).toBe('again');
    expect(d.admin.audit.map((a) => a.action)).toEqual(['workspace.halt', 'workspace.resume', 'workspace.halt']);
  });

  it('needs the admin role', async () => {
    const d = desk();
    await d.run(START);
    expect(refusal(await d.as('trader')('/halt'))).toBe('/halt needs the admin role; you are trader');
    expect(refusal(await d.as('viewer')('/resume-all'))).toBe('/resume-all needs the admin role; you are viewer');
    expect(await d.status(1)).toBe('running');
  });
});

describe('/notify', () => {
  it('lists every event type\'s level to viewers and lets admins change one', async () => {
    const d = desk();
    const list = await d.as('viewer')('/notify');
    expect(list.table?.rows).toHaveLength(14);
    expect(list.table?.rows.map((r) => r[0])).toContain('account_cash');
    expect(list.table?.rows.every((r) => r[1] === 'on')).toBe(true);
    expect(refusal(await d.as('trader')('/notify event:order_filled level:silent'))).toBe('/notify: changing a level needs the admin role; you are trader');
    expect((await d.run('/notify event:order_filled level:silent')).title).toBe('Notifications: order_filled silent');
    expect((await d.as('viewer')('/notify event:order_filled')).table?.rows).toEqual([['order_filled', 'silent', 'posted without pinging anyone']]);
    expect(refusal(await d.run('/notify level:off'))).toBe('/notify: say which event to change, e.g. /notify event:order_filled level:silent');
    expect(refusal(await d.run('/notify event:nope'))).toMatch(/^\/notify: option 'event': expected one of run_started, /);
  });
});

describe('workspace isolation', () => {
  it('keeps rules, the kill switch and notification levels to their own workspace', async () => {
    const d = desk();
    await d.run(START, d.ctx('b'));
    await d.run(STOP_8);
    await d.run('/rules add category:risk type:max_position_pct params:pct=20 apply:running');
    await d.run('/notify event:run_halted level:off');
    await d.run('/halt');
    expect((await d.run('/rules list', d.ctx('b'))).text).toMatch(/^No rules/);
    expect((await d.manifest(1, 'b')).rules).toEqual([]);
    expect(await d.status(1, 'b')).toBe('running');
    expect((await d.snapshot(1, 'b')).killSwitch).toBeNull();
    expect((await d.run('/notify event:run_halted', d.ctx('b'))).table?.rows[0]?.[1]).toBe('on');
    expect(refusal(await d.run('/rules toggle r1', d.ctx('b')))).toBe("/rules toggle: no rule 'r1' in this workspace; rules: none");
    expect(refusal(await d.run('/resume-all', d.ctx('b')))).toBe('/resume-all: the desk is not halted');
  });
});

describe('/run start while the desk is halted', () => {
  it('is refused with the halt reason until /resume-all', async () => {
    const d = fakeDesk();
    await d.run('/halt reason:"fat finger"');
    expect((await d.run('/run start strategy:breakout symbols:SIM')).text).toBe('/run start: the desk is halted (fat finger); an admin lifts it with /resume-all');
    await d.run('/resume-all');
    expect((await d.run('/run start strategy:breakout symbols:SIM')).title).toBe('Run #1 started');
  });
});
