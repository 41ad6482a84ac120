import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { ClosedTrade } from '../../../src/core/engine/report.js';
import { decodeTradeLedger, encodeTradeLedger, TRADE_LEDGER_VERSION } from '../../../src/store/runs/trade-ledger.js';

const T0 = Date.UTC(2024, 0, 2, 14, 30);
const trade = (over: Partial<ClosedTrade> = {}): ClosedTrade => ({
  symbol: 'ORCL', side: 'long', qty: 10, entryTime: T0, entryPrice: 100.1 + 0.2, exitTime: T0 + 86_400_000, exitPrice: 101.33333333333333,
  pnl: 10.333333333333329, commission: 0.30000000000000004, exitReason: 'signal', barsHeld: 1, ...over,
});

/** Rewrites one byte range of an encoded ledger (the blob as bytes), for corruption cases. */
function tampered(data: string, edit: (bytes: Buffer) => Buffer): string {
  return edit(Buffer.from(data, 'base64')).toString('base64');
}

describe('the trade ledger', () => {
  it('gives every trade back exactly, floats to the last bit', () => {
    const trades = [
      trade(),
      trade({ symbol: 'GOOG', side: 'short', qty: 0.5, pnl: -1234.5678901234567, exitReason: 'stop_loss', exitTime: T0 + 2 * 86_400_000, barsHeld: 2 }),
      trade({ symbol: 'BRK.B', entryPrice: Number.MIN_VALUE, exitPrice: 1e300, exitReason: 'flatten', exitTime: T0 + 3 * 86_400_000, barsHeld: 0 }),
    ];
    const encoded = encodeTradeLedger(trades);
    expect(encoded).toMatchObject({ version: TRADE_LEDGER_VERSION, count: 3 });
    const decoded = decodeTradeLedger(encoded.version, encoded.count, encoded.data);
    expect(decoded).toEqual({ ok: true, value: trades });
  });

  it('stores trades in exit order, keeping the given order on ties (as Trade rows did by id)', () => {
    const a = trade({ symbol: 'A', exitTime: T0 + 2000 });
    const b = trade({ symbol: 'B', exitTime: T0 + 1000 });
    const c = trade({ symbol: 'C', exitTime: T0 + 2000 });
    const d = trade({ symbol: 'D', exitTime: T0 + 1000 });
    const encoded = encodeTradeLedger([a, b, c, d]);
    const decoded = decodeTradeLedger(encoded.version, encoded.count, encoded.data);
    expect(decoded.ok && decoded.value.map((t) => t.symbol)).toEqual(['B', 'D', 'A', 'C']);
  });

  it('round-trips a run with no trades', () => {
    const encoded = encodeTradeLedger([]);
    expect(decodeTradeLedger(encoded.version, 0, encoded.data)).toEqual({ ok: true, value: [] });
  });

  it('holds every exit reason and both sides', () => {
    const reasons = ['signal', 'stop_loss', 'take_profit', 'trailing_stop', 'time_stop', 'flatten'] as const;
    const trades = reasons.map((exitReason, i) => trade({ exitReason, side: i % 2 === 0 ? 'long' : 'short', exitTime: T0 + i }));
    const encoded = encodeTradeLedger(trades);
    expect(decodeTradeLedger(encoded.version, encoded.count, encoded.data)).toEqual({ ok: true, value: trades });
  });

  const encoded = encodeTradeLedger([trade(), trade({ symbol: 'GOOG', exitTime: T0 + 2 * 86_400_000 })]);
  const headerLength = Buffer.from(encoded.data, 'base64').readUInt32LE(0);
  const columns = (headerLength + 4 + 7) & ~7;
  const n = 2;
  const cases: { name: string; version?: number; count?: number; data: string; message: RegExp }[] = [
    { name: 'an unknown version', version: 2, data: encoded.data, message: /version 2 is not one this desk reads/ },
    { name: 'a count the bytes do not hold', count: 3, data: encoded.data, message: /do not hold 3 trades/ },
    { name: 'a negative count', count: -1, data: encoded.data, message: /bad trade count -1/ },
    { name: 'a truncated blob', data: tampered(encoded.data, (b) => b.subarray(0, b.length - 1)), message: /do not hold 2 trades/ },
    { name: 'an empty blob', data: '', message: /too short/ },
    { name: 'a header longer than the blob', data: tampered(encoded.data, (b) => { b.writeUInt32LE(1e6, 0); return b; }), message: /header runs past the end/ },
    { name: 'a header that is not JSON', data: tampered(encoded.data, (b) => { b.write('#', 4); return b; }), message: /not UTF-8 JSON/ },
    { name: 'an exit time that is not a whole number', data: tampered(encoded.data, (b) => { b.writeDoubleLE(1.5, columns + 8 * n); return b; }), message: /trade 0 has a time or bar count that is not a whole number/ },
    { name: 'a price that is not finite', data: tampered(encoded.data, (b) => { b.writeDoubleLE(Number.NaN, columns + 3 * 8 * n + 8); return b; }), message: /trade 1 has a number that is not finite/ },
    { name: 'a symbol index past the header', data: tampered(encoded.data, (b) => { b.writeUInt32LE(9, columns + 8 * 8 * n + 4); return b; }), message: /trade 1 names a symbol, side or exit reason the header lacks/ },
    { name: 'trades out of exit order', data: tampered(encoded.data, (b) => { b.writeDoubleLE(T0, columns + 8 * n + 8); return b; }), message: /trade 1 is out of exit order/ },
  ];
  it.each(cases)('refuses $name with a ledger.corrupt error that says what is wrong', ({ version, count, data, message }) => {
    const decoded = decodeTradeLedger(version ?? encoded.version, count ?? encoded.count, data);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.error.code).toBe('ledger.corrupt');
    expect(decoded.error.message).toMatch(message);
  });
});
