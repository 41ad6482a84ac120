// A backtest's closed trades as one columnar blob (the TradeLedger table). One Trade row per trade made a 500,000-
// trade run take minutes to save and seconds to read; one blob of typed columns saves and reads in milliseconds and
// keeps every float exactly. The blob is outside data on the way back in, so decoding checks every value.
//
// Layout (version 1, little endian):
// The bytes are stored as base64 text (see the TradeLedger model for why).
//   u32 header length H, then H bytes of UTF-8 JSON { symbols: string[], sides: string[], reasons: string[] },
//   zero padding to a multiple of 8, then the columns of n trades in this order:
//   f64 entryTime, exitTime, qty, entryPrice, exitPrice, pnl, commission, barsHeld; u32 symbol index; u8 side index;
//   u8 exit reason index. n comes from the row's `count` and must match the remaining length exactly.
import { Buffer } from 'node:buffer';
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { ClosedTrade, ExitReason } from '../../core/engine/report.js';
import { EXIT_REASONS } from '../../core/domain/order.js';

export const TRADE_LEDGER_VERSION = 1;

const F64_COLUMNS = ['entryTime', 'exitTime', 'qty', 'entryPrice', 'exitPrice', 'pnl', 'commission', 'barsHeld'] as const;
const BYTES_PER_TRADE = F64_COLUMNS.length * 8 + 4 + 1 + 1;
const SIDES = ['long', 'short'] as const;

const headerSchema = z.object({
  symbols: z.array(z.string().min(1)),
  sides: z.array(z.enum(SIDES)),
  reasons: z.array(z.enum(EXIT_REASONS)),
}).strict();

export interface EncodedLedger {
  readonly version: number;
  readonly count: number;
  /** Base64. */
  readonly data: string;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/** The trades in exit order (ties keep their given order, as the Trade rows' insertion order did). */
export function encodeTradeLedger(trades: readonly ClosedTrade[]): EncodedLedger {
  const ordered = trades.map((t, i) => ({ t, i })).sort((a, b) => a.t.exitTime - b.t.exitTime || a.i - b.i).map((x) => x.t);
  const n = ordered.length;
  const symbolIndex = new Map<string, number>();
  for (const t of ordered) if (!symbolIndex.has(t.symbol)) symbolIndex.set(t.symbol, symbolIndex.size);
  const header = new TextEncoder().encode(JSON.stringify({ symbols: [...symbolIndex.keys()], sides: SIDES, reasons: EXIT_REASONS }));
  const start = pad8(4 + header.length);
  const buffer = new ArrayBuffer(start + n * BYTES_PER_TRADE);
  const bytes = new Uint8Array(buffer);
  new DataView(buffer).setUint32(0, header.length, true);
  bytes.set(header, 4);
  F64_COLUMNS.forEach((key, c) => {
    const column = new Float64Array(buffer, start + c * n * 8, n);
    for (let i = 0; i < n; i++) column[i] = ordered[i]![key];
  });
  const tail = start + F64_COLUMNS.length * n * 8;
  const symbols = new Uint32Array(buffer, tail, n);
  const sides = new Uint8Array(buffer, tail + n * 4, n);
  const reasons = new Uint8Array(buffer, tail + n * 5, n);
  for (let i = 0; i < n; i++) {
    const t = ordered[i]!;
    symbols[i] = symbolIndex.get(t.symbol)!;
    sides[i] = SIDES.indexOf(t.side);
    reasons[i] = EXIT_REASONS.indexOf(t.exitReason);
  }
  return { version: TRADE_LEDGER_VERSION, count: n, data: Buffer.from(buffer).toString('base64') };
}

/** The trades back, or `ledger.corrupt` naming what is wrong (the caller reports it as a corrupt run). */
export function decodeTradeLedger(version: number, count: number, base64: string): Result<ClosedTrade[]> {
  const bad = (why: string) => fail('ledger.corrupt', `trade ledger: ${why}`);
  if (version !== TRADE_LEDGER_VERSION) return bad(`version ${version} is not one this desk reads (${TRADE_LEDGER_VERSION})`);
  if (!Number.isSafeInteger(count) || count < 0) return bad(`bad trade count ${count}`);
  const data = Buffer.from(base64, 'base64');
  if (data.length < 4) return bad('too short');
  // Typed-array views need aligned offsets; a decoded Buffer may sit anywhere in Node's pool, so copy once.
  const buffer = new ArrayBuffer(data.length);
  new Uint8Array(buffer).set(data);
  const headerLength = new DataView(buffer).getUint32(0, true);
  if (4 + headerLength > data.length) return bad('header runs past the end');
  let header: z.infer<typeof headerSchema>;
  try {
    const parsed = headerSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(buffer, 4, headerLength))));
    if (!parsed.success) return bad('header does not match its schema');
    header = parsed.data;
  } catch {
    return bad('header is not UTF-8 JSON');
  }
  const start = pad8(4 + headerLength);
  if (data.length !== start + count * BYTES_PER_TRADE) return bad(`${data.length} bytes do not hold ${count} trades`);
  const col = (c: number) => new Float64Array(buffer, start + c * count * 8, count);
  const [entryTime, exitTime, qty, entryPrice, exitPrice, pnl, commission, barsHeld] = F64_COLUMNS.map((_, c) => col(c)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const tail = start + F64_COLUMNS.length * count * 8;
  const symbols = new Uint32Array(buffer, tail, count);
  const sides = new Uint8Array(buffer, tail + count * 4, count);
  const reasons = new Uint8Array(buffer, tail + count * 5, count);
  const trades = new Array<ClosedTrade>(count);
  for (let i = 0; i < count; i++) {
    const symbol = header.symbols[symbols[i]!];
    const side = header.sides[sides[i]!];
    const exitReason: ExitReason | undefined = header.reasons[reasons[i]!];
    if (symbol === undefined || side === undefined || exitReason === undefined) return bad(`trade ${i} names a symbol, side or exit reason the header lacks`);
    const t: ClosedTrade = {
      symbol, side, qty: qty[i]!, entryTime: entryTime[i]!, entryPrice: entryPrice[i]!, exitTime: exitTime[i]!,
      exitPrice: exitPrice[i]!, pnl: pnl[i]!, commission: commission[i]!, exitReason, barsHeld: barsHeld[i]!,
    };
    if (!Number.isSafeInteger(t.entryTime) || !Number.isSafeInteger(t.exitTime) || !Number.isSafeInteger(t.barsHeld)) return bad(`trade ${i} has a time or bar count that is not a whole number`);
    if (!Number.isFinite(t.qty) || !Number.isFinite(t.entryPrice) || !Number.isFinite(t.exitPrice) || !Number.isFinite(t.pnl) || !Number.isFinite(t.commission)) {
      return bad(`trade ${i} has a number that is not finite`);
    }
    if (i > 0 && t.exitTime < exitTime[i - 1]!) return bad(`trade ${i} is out of exit order`);
    trades[i] = t;
  }
  return ok(trades);
}
