import { createBook, type OpenPosition } from '../engine/book.js';
import type { EngineState } from '../engine/state.js';
import type { RunState, StoredPosition } from './run-book.js';

/** Maximum closed trades kept in a run's quant record (the quant check reads the last 20 of the past year). */
const RECORD_LIMIT = 50;

const orNaN = (x: number | null): number => (x === null ? Number.NaN : x);
const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Rebuilds the engine's state from what a run stored after its last iteration. */
export function toEngineState(state: RunState, positions: readonly StoredPosition[], startCash: number, killSwitch: string | null): EngineState {
  const book = createBook(startCash);
  book.cash = state.cash;
  for (const p of positions) {
    const open: OpenPosition = {
      symbol: p.symbol,
      qty: p.qty,
      avgPrice: p.avgPrice,
      entryTime: p.entryTime,
      entryCommission: p.entryCommission,
      lastPrice: p.lastPrice,
      barsHeld: p.barsHeld,
      stopPrice: orNaN(p.stopPrice),
      targetPrice: orNaN(p.targetPrice),
      trailingPct: orNaN(p.trailingPct),
      extreme: p.extreme,
      maxHoldingBars: orNaN(p.maxHoldingBars),
      slot: -1,
      shadowExits: p.shadowExits.map((s) => ({ by: s.by, type: s.type, value: s.value, level: orNaN(s.level) })),
    };
    book.positions.set(p.symbol, open);
    book.open.push(open);
    book.holdings.set(p.symbol, p.qty);
  }
  return {
    book,
    equity: state.equity,
    peakEquity: state.peakEquity,
    dayStartEquity: state.dayStartEquity,
    dayKey: state.dayKey ?? Number.NaN,
    entriesHalted: state.entriesHalted,
    killSwitch,
    tradeReturnsPct: state.tradeRecord.map((r) => r.returnPct),
    tradeExitTimes: state.tradeRecord.map((r) => r.exitTime),
  };
}

/** The engine's state after an iteration, as the run stores it. */
export function fromEngineState(engine: EngineState, previous: RunState, lastBarTime: number): { state: RunState; positions: StoredPosition[] } {
  const n = engine.tradeReturnsPct.length;
  const from = Math.max(0, n - RECORD_LIMIT);
  const tradeRecord = engine.tradeReturnsPct.slice(from).map((returnPct, i) => ({ returnPct, exitTime: engine.tradeExitTimes[from + i]! }));
  return {
    state: {
      ...previous,
      cash: engine.book.cash,
      equity: engine.equity,
      peakEquity: engine.peakEquity,
      dayStartEquity: engine.dayStartEquity,
      dayKey: Number.isNaN(engine.dayKey) ? null : engine.dayKey,
      lastBarTime,
      entriesHalted: engine.entriesHalted,
      tradeRecord,
    },
    positions: [...engine.book.open]
      .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
      .map((p) => ({
        symbol: p.symbol,
        qty: p.qty,
        avgPrice: p.avgPrice,
        entryTime: p.entryTime,
        entryCommission: p.entryCommission,
        lastPrice: p.lastPrice,
        barsHeld: p.barsHeld,
        stopPrice: orNull(p.stopPrice),
        targetPrice: orNull(p.targetPrice),
        trailingPct: orNull(p.trailingPct),
        extreme: p.extreme,
        maxHoldingBars: orNull(p.maxHoldingBars),
        shadowExits: p.shadowExits.map((s) => ({ by: s.by, type: s.type, value: s.value, level: orNull(s.level) })),
      })),
  };
}
