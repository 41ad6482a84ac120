import { describe, expect, it } from 'vitest';
import { createAutocomplete } from '../../../src/app/desk/autocomplete.js';
import { canonicalJson, sha256Hex } from '../../../src/app/runs/canonical-json.js';
import type { Actor, WorkspaceRef } from '../../../src/app/chat/command.js';
import type { RunManifest } from '../../../src/app/runs/model.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { STRATEGY_IDS } from '../../../src/core/strategies/registry.js';
import { fakeDesk, FAKE_NOW } from '../../helpers/fake-desk.js';
import { fail } from '../../../src/core/domain/result.js';

const A: WorkspaceRef = { platform: 'discord', externalId: 'guild-a', name: 'A' };
const B: WorkspaceRef = { platform: 'discord', externalId: 'guild-b', name: 'B' };
const ANN: Actor = { id: 'u', name: 'ann', role: 'admin' };

const manifest = (strategy: string, symbols: readonly string[]): RunManifest => ({
  strategy: { id: strategy, version: '1.0.0' }, params: {}, symbols, dataSymbols: [], timeframe: '1d', dataSource: 'sim',
  startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 }, gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
  quant: DEFAULT_QUANT, rules: [], rulesHash: sha256Hex(canonicalJson([])), codeVersion: 'test',
});

/** Workspace A: #1 trend-following AAPL,MSFT (stopped), #2 breakout NVDA,AAPL (paused), #3 mean-reversion TSLA (running); B: one run, one rule. */
async function desk() {
  const d = fakeDesk();
  const start = async (w: WorkspaceRef, strategy: string, symbols: string[]) => {
    const run = await d.runStore.createRun({ workspace: w, manifest: manifest(strategy, symbols), createdBy: 'u', channelId: 'c', now: FAKE_NOW });
    if (!run.ok) throw new Error(run.error.message);
    return run.value;
  };
  const r1 = await start(A, 'trend-following', ['AAPL', 'MSFT']);
  await d.runStore.transition(r1.id, 'stopped', 'u', 'done', FAKE_NOW);
  const r2 = await start(A, 'breakout', ['NVDA', 'AAPL']);
  await d.runStore.transition(r2.id, 'paused', 'u', 'wait', FAKE_NOW);
  await start(A, 'mean-reversion', ['TSLA']);
  await start(B, 'breakout', ['SECRET']);
  await d.deps.workspaceAdmin.addRule(A, { id: 'sl-8', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 } }, ANN);
  await d.deps.workspaceAdmin.addRule(A, { id: 'max-pos', category: 'risk', type: 'max_position_pct', params: { pct: 20 } }, ANN);
  await d.deps.workspaceAdmin.addRule(B, { id: 'b-only', category: 'risk', type: 'max_position_pct', params: { pct: 5 } }, ANN);
  const complete = createAutocomplete(d.deps);
  return (command: string, option: string, typed = '', workspace = A) => complete({ workspace, command, option, typed });
}

describe('createAutocomplete', () => {
  it('offers every strategy id with its title, filtered by what was typed', async () => {
    const complete = await desk();
    const all = await complete('run start', 'strategy');
    expect(all.map((c) => c.value)).toEqual([...STRATEGY_IDS]);
    expect(all[0]!.name).toMatch(/^trend-following: \S/);
    expect((await complete('backtest', 'strategy', 'BREAK')).map((c) => c.value)).toEqual(['breakout', 'volatility-breakout']);
  });

  it('offers run numbers newest first with strategy, symbols and status', async () => {
    const complete = await desk();
    expect(await complete('run show', 'run')).toEqual([
      { name: '#3 mean-reversion TSLA (running)', value: '3' },
      { name: '#2 breakout NVDA,AAPL (paused)', value: '2' },
      { name: '#1 trend-following AAPL,MSFT (stopped)', value: '1' },
    ]);
    expect((await complete('compare', 'b', '#2')).map((c) => c.value)).toEqual(['2']);
    expect((await complete('compare', 'a', 'aapl')).map((c) => c.value)).toEqual(['2', '1']);
  });

  it('offers only the runs a status change can apply to', async () => {
    const complete = await desk();
    expect((await complete('run pause', 'run')).map((c) => c.value)).toEqual(['3']);
    expect((await complete('run resume', 'run')).map((c) => c.value)).toEqual(['2']);
    expect((await complete('run stop', 'run')).map((c) => c.value)).toEqual(['3', '2']);
  });

  it('offers the symbols of the workspace\'s runs, most recent first, completing the last item of a list', async () => {
    const complete = await desk();
    expect((await complete('run start', 'symbols')).map((c) => c.value)).toEqual(['TSLA', 'NVDA', 'AAPL', 'MSFT']);
    expect(await complete('backtest', 'symbols', 'tsla, ms')).toEqual([{ name: 'TSLA,MSFT', value: 'TSLA,MSFT' }]);
    expect((await complete('rules add', 'symbols', 'AAPL,')).map((c) => c.value)).toEqual(['AAPL,TSLA', 'AAPL,NVDA', 'AAPL,MSFT']);
  });

  it('offers rule ids with their type, in evaluation order', async () => {
    const complete = await desk();
    expect(await complete('rules toggle', 'id')).toEqual([
      { name: 'max-pos: max_position_pct', value: 'max-pos' },
      { name: 'sl-8: stop_loss_pct', value: 'sl-8' },
    ]);
    expect((await complete('rules remove', 'id', 'stop')).map((c) => c.value)).toEqual(['sl-8']);
  });

  it('never shows workspace B anything of workspace A, nor A anything of B', async () => {
    const complete = await desk();
    expect(await complete('run show', 'run', '', B)).toEqual([{ name: '#1 breakout SECRET (running)', value: '1' }]);
    expect((await complete('run start', 'symbols', '', B)).map((c) => c.value)).toEqual(['SECRET']);
    expect((await complete('rules toggle', 'id', '', B)).map((c) => c.value)).toEqual(['b-only']);
    const fromA = [...await complete('run start', 'symbols'), ...await complete('rules toggle', 'id'), ...await complete('run show', 'run')];
    expect(fromA.some((c) => c.name.includes('SECRET') || c.value === 'b-only')).toBe(false);
  });

  it('answers nothing for options without suggestions, and nothing rather than an error when the store fails', async () => {
    const complete = await desk();
    expect(await complete('run start', 'cash')).toEqual([]);
    expect(await complete('help', 'command')).toEqual([]);
    const d = fakeDesk({ runStore: { ...fakeDesk().runStore, listRuns: async () => { throw new Error('db down'); } } });
    expect(await createAutocomplete(d.deps)({ workspace: A, command: 'run stop', option: 'run', typed: '' })).toEqual([]);
    const q = fakeDesk();
    const failing = fakeDesk({ runQueries: { ...q.runQueries, listRuns: async () => fail('db.read_failed', 'db down') } });
    expect(await createAutocomplete(failing.deps)({ workspace: A, command: 'run show', option: 'run', typed: '' })).toEqual([]);
    const throwing = fakeDesk({ runQueries: { ...q.runQueries, listRuns: async () => { throw new Error('db down'); } } });
    expect(await createAutocomplete(throwing.deps)({ workspace: A, command: 'compare', option: 'a', typed: '' })).toEqual([]);
  });

  it('offers backtests, which share the run numbers, where a command reads them, and only there', async () => {
    const d = fakeDesk();
    // One paper run, then a backtest as Run #2.
    await d.runStore.createRun({ workspace: A, manifest: manifest('breakout', ['NVDA']), createdBy: 'u', channelId: 'c', now: FAKE_NOW });
    const saved = await d.run('/backtest strategy:trend-following symbols:SIM from:2023-01-01 to:2023-06-30', { ...d.ctx(), workspace: A });
    expect(saved.title).toBe('Backtest saved as Run #2');
    const offer = createAutocomplete(d.deps);
    const values = async (command: string, option = 'run') => (await offer({ workspace: A, command, option, typed: '' })).map((c) => c.value);
    expect(await offer({ workspace: A, command: 'run show', option: 'run', typed: '' })).toEqual([
      { name: '#2 trend-following SIM (backtest)', value: '2' },
      { name: '#1 breakout NVDA (running)', value: '1' },
    ]);
    for (const [command, option] of [['run summary', 'run'], ['compare', 'a'], ['compare', 'b']] as const) expect(await values(command, option)).toEqual(['2', '1']);
    for (const command of ['run status', 'positions', 'run stop', 'run pause']) expect(await values(command)).toEqual(['1']);
    expect(await values('run resume')).toEqual([]);
    // Filtering works on backtests as on paper runs.
    expect((await offer({ workspace: A, command: 'compare', option: 'b', typed: 'trend' })).map((c) => c.value)).toEqual(['2']);
  });

  it('returns at most 25 choices with names of at most 100 characters', async () => {
    const d = fakeDesk();
    const long = Array.from({ length: 30 }, (_, i) => `S${String(i).padStart(2, '0')}LONGNAME`);
    for (let i = 0; i < 30; i++) {
      await d.runStore.createRun({ workspace: A, manifest: manifest('trend-following', long), createdBy: 'u', channelId: 'c', now: FAKE_NOW });
    }
    const complete = createAutocomplete(d.deps);
    const runs = await complete({ workspace: A, command: 'run show', option: 'run', typed: '' });
    expect(runs).toHaveLength(25);
    expect(runs[0]!.value).toBe('30');
    expect(Math.max(...runs.map((c) => c.name.length))).toBe(100);
    expect(runs[0]!.name.endsWith('…')).toBe(true);
    expect(await complete({ workspace: A, command: 'run start', option: 'symbols', typed: '' })).toHaveLength(25);
  });
});
