import { describe, expect, it } from 'vitest';
import type { CommandContext, Role } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { createSourceChain } from '../../src/app/market-data/source-chain.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { createCountingMarketData } from '../helpers/counting-market-data.js';
import { fakeDesk } from '../helpers/fake-desk.js';

const WS = { platform: 'discord', externalId: 'g1', name: 'g1' } as const;

/** A desk whose `yahoo` is a counting fake provider, `alpaca` has no key and csv has no folder; MARKET_DATA is sim. */
function desk() {
  const yahoo = createCountingMarketData('yahoo', Date.UTC(2021, 0, 4));
  const sim = createSimMarketData({ seed: 42 });
  const d = fakeDesk({
    defaultDataSource: 'sim',
    marketData: (source, options) => {
      if (source === 'sim') return ok(sim);
      if (source === 'yahoo') return ok(createSourceChain([{ name: 'yahoo', market: yahoo }], options?.pinned));
      if (source === 'alpaca') return fail('data.not_configured', 'Alpaca market data needs APCA_API_KEY_ID and APCA_API_SECRET_KEY (missing: APCA_API_KEY_ID, APCA_API_SECRET_KEY)');
      return fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)');
    },
  });
  const on = (role: Role): CommandContext<DeskDeps> => ({ ...d.ctx('g1', role), workspace: WS, channelId: 'C1' });
  const as = (role: Role) => (line: string) => d.run(line, on(role));
  return { ...d, yahoo, as };
}

const BACKTEST = '/backtest strategy:trend-following symbols:ORCL from:2021-01-04 to:2023-12-29 params:fast=20,slow=80';

describe('/settings data', () => {
  it('sets the workspace default, says each provider is ready, and audits the change', async () => {
    const d = desk();
    const reply = await d.as('admin')('/settings data source:Yahoo');
    expect(reply.kind).toBe('ok');
    expect(reply.title).toBe('Default data source: yahoo');
    expect(reply.fields).toEqual([
      { name: 'Default', value: 'yahoo', inline: true },
      { name: 'Was', value: 'the desk default, MARKET_DATA: sim (the simulated market, not real prices)', inline: true },
    ]);
    expect(reply.text).toContain('yahoo: ready (yahoo provider (test))');
    expect(await d.settings.dataSource(WS)).toEqual({ ok: true, value: 'yahoo' });
    expect(d.settings.audit.map((a) => [a.action, a.target, a.details?.['to']])).toEqual([
      ['settings.data_source', 'dataSource', 'yahoo'],
      ['command', 'settings data', undefined],
    ]);
  });

  it('is refused to a trader, and nothing changes', async () => {
    const d = desk();
    expect(await d.as('trader')('/settings data source:yahoo')).toEqual(errorReply('/settings data needs the admin role; you are trader'));
    expect(await d.settings.dataSource(WS)).toEqual({ ok: true, value: null });
    expect(d.settings.audit).toEqual([]);
  });

  it.each([
    ['source:bloomberg', "/settings data: option 'source' 'bloomberg': unknown source 'bloomberg' (expected sim, csv, alpaca, polygon, yahoo); or default for the desk's MARKET_DATA"],
    ['source:yahoo,sim', "/settings data: option 'source' 'yahoo,sim': sim cannot be part of a list of providers (a real-data request is never answered with simulated bars); give it alone; or default for the desk's MARKET_DATA"],
    ['source:alpaca,yahoo', '/settings data: alpaca cannot be used on this desk: Alpaca market data needs APCA_API_KEY_ID and APCA_API_SECRET_KEY (missing: APCA_API_KEY_ID, APCA_API_SECRET_KEY); nothing changed'],
    ['source:csv', '/settings data: csv cannot be used on this desk: csv data needs TRADEDESK_DATA_DIR (see .env.example); nothing changed'],
  ])('refuses %s in one line, and nothing changes', async (option, message) => {
    const d = desk();
    expect(await d.as('admin')(`/settings data ${option}`)).toEqual(errorReply(message));
    expect(await d.settings.dataSource(WS)).toEqual({ ok: true, value: null });
    expect(d.settings.audit).toEqual([]);
  });

  it('shows the current default when no source is given, changing nothing', async () => {
    const d = desk();
    const reply = await d.as('admin')('/settings data');
    expect(reply.fields).toEqual([{ name: 'Default', value: 'the desk default, MARKET_DATA: sim (the simulated market, not real prices)' }]);
    expect(d.settings.audit).toEqual([]);
  });

  it('makes /backtest without data: read the workspace default, and data: still wins', async () => {
    const d = desk();
    await d.as('admin')('/settings data source:yahoo');
    const reply = await d.as('trader')(BACKTEST);
    expect(reply.kind).toBe('ok');
    expect(reply.text).toContain('data: yahoo provider (test)');
    expect(d.yahoo.requests.map((r) => r.symbol)).toEqual(['ORCL']);
    const own = await d.as('trader')(BACKTEST.replace('symbols:ORCL', 'symbols:SIM-A data:sim'));
    expect(own.text).toContain('simulated market');
    expect(d.yahoo.requests).toHaveLength(1);
  });

  it('makes /run start without data: freeze the workspace default into the run', async () => {
    const d = desk();
    await d.as('admin')('/settings data source:yahoo');
    const reply = await d.as('trader')('/run start strategy:trend-following symbols:ORCL');
    expect(reply.kind).toBe('ok');
    expect(reply.fields?.find((f) => f.name === 'Data')?.value).toBe('ORCL: yahoo');
  });

  it('goes back to the desk default with source:default', async () => {
    const d = desk();
    await d.as('admin')('/settings data source:yahoo');
    const cleared = await d.as('admin')('/settings data default');
    expect(cleared.title).toBe('Default data source: the desk default');
    expect(cleared.fields?.[1]).toEqual({ name: 'Was', value: 'yahoo', inline: true });
    expect(await d.settings.dataSource(WS)).toEqual({ ok: true, value: null });
    expect((await d.as('trader')(BACKTEST.replace('symbols:ORCL', 'symbols:SIM-A'))).text).toContain('simulated market');
    expect(d.yahoo.requests).toHaveLength(0);
  });

  it('keeps each workspace\'s default to itself', async () => {
    const d = desk();
    await d.as('admin')('/settings data source:yahoo');
    expect(await d.settings.dataSource({ platform: 'discord', externalId: 'g2', name: 'g2' })).toEqual({ ok: true, value: null });
  });
});
