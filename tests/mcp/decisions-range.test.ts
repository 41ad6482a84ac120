import { describe, expect, it } from 'vitest';
import { textOf } from './mcp-harness.js';
import { MISSED_NOTE, seedDecisions, TODAY_0900, TODAY_BARS, YESTERDAY_BARS } from './decisions-seed.js';

const iso = (ms: number) => new Date(ms).toISOString();
type Data = Record<string, unknown>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;
const barTimes = (d: Data): unknown[] => (d['decisions'] as Data[]).map((x) => x['barTime']);

describe('get_decisions over any time range', () => {
  it('gives the newest records first, capped by limit, and says how many the range holds', async () => {
    const { call } = await seedDecisions();
    const res = await call('get_decisions', { run: 1 });
    const d = data(res);
    expect(d['decisionsTotal']).toBe(90);
    expect(barTimes(d)).toEqual(TODAY_BARS.slice(-20).reverse().map(iso));
    expect(d['note']).toBe('90 decision records in the range, the newest 20 shown: narrow from/to to read older ones.');
    expect(textOf(res)).toContain('90 decision record(s), 20 shown newest first');
  });

  it('reaches records older than the newest 50 with from/to', async () => {
    const { call } = await seedDecisions();
    const d = data(await call('get_decisions', { run: 1, from: iso(YESTERDAY_BARS[0]!), to: iso(YESTERDAY_BARS[10]!), limit: 50 }));
    expect(d['decisionsTotal']).toBe(11);
    expect(barTimes(d)).toEqual(YESTERDAY_BARS.slice(0, 11).reverse().map(iso));
    expect((d['decisions'] as Data[]).at(-1)).toMatchObject({ signals: [{ symbol: 'SIM-B', action: 'enter_long' }], blocked: [{ by: 'rule:one-pos' }] });
    expect(d).toMatchObject({ blockedTotal: 2, note: null });
  });

  it('never returns a decision made after as_of', async () => {
    const { call } = await seedDecisions();
    // Each decision is made a minute after its bar opens: at 09:10:30 the 09:09 bar is the last one decided.
    const d = data(await call('get_decisions', { run: 1, as_of: iso(TODAY_0900 + 10.5 * 60_000), limit: 3 }));
    expect(d['decisionsTotal']).toBe(60 + 10);
    expect(barTimes(d)).toEqual([TODAY_BARS[9]!, TODAY_BARS[8]!, TODAY_BARS[7]!].map(iso));
    const future = data(await call('get_decisions', { run: 1, from: '2024-01-03' }));
    expect(future).toMatchObject({ decisionsTotal: 0, decisions: [], blockedTotal: 0 });
  });

  it('sums the blocked log by gate or rule with the latest observed value and limit', async () => {
    const { call } = await seedDecisions();
    const res = await call('get_decisions', { run: 1, from: '2024-01-02', blocked_limit: 2 });
    const d = data(res);
    expect(d['blockedTotal']).toBe(6);
    expect(d['blocked']).toHaveLength(2);
    expect(d['blockedBy']).toEqual([{
      by: 'gate:max-drawdown', kind: 'gate', records: 6, signals: 6, shadowRecords: 0, symbols: ['SIM-A'],
      lastTime: iso(TODAY_BARS[25]!), lastSymbol: 'SIM-A', lastReason: 'drawdown 12.5% >= 10%', lastObserved: 12.5, lastLimit: 10,
    }]);
    expect(textOf(res)).toContain('6 blocked signal(s) (gate:max-drawdown 6)');
    expect(textOf(res)).toContain('drawdown 12.5% >= 10% (observed 12.5 vs limit 10)');
  });

  it('narrows to one symbol: its blocks, and its part of each record (notes kept)', async () => {
    const { call } = await seedDecisions();
    const d = data(await call('get_decisions', { run: 1, symbol: 'sim-b', limit: 50 }));
    expect(d['symbol']).toBe('SIM-B');
    expect(d['blockedTotal']).toBe(6);
    expect((d['blockedBy'] as Data[]).map((g) => g['by'])).toEqual(['rule:one-pos']);
    const newest = (d['decisions'] as Data[])[0]!;
    expect(newest).toMatchObject({ signals: [{ symbol: 'SIM-B' }], orders: [{ symbol: 'SIM-B', intent: 'entry' }] });
    expect((d['decisions'] as Data[])[2]).toMatchObject({ barTime: iso(TODAY_BARS[27]!), signals: [], notes: [{ content: MISSED_NOTE }] });
    const fifth = (d['decisions'] as Data[])[4]!; // 09:25: SIM-A was blocked, nothing for SIM-B
    expect(fifth).toMatchObject({ barTime: iso(TODAY_BARS[25]!), signals: [], blocked: [] });
  });

  it.each([
    [{ run: 1, limit: 51 }, "get_decisions: argument 'limit': expected a number <= 50, got 51"],
    [{ run: 1, blocked_limit: -1 }, "get_decisions: argument 'blocked_limit': expected a number >= 0, got -1"],
    [{ run: 1, from: '2024-01-02', to: '2024-01-01' }, 'from is after to'],
    [{ run: 9 }, 'Run #9 does not exist in this workspace'],
  ])('refuses %j with one clear line', async (args, message) => {
    const { call } = await seedDecisions();
    const res = await call('get_decisions', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(message);
  });
});
