import type { BlockedSignal } from './report.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Collects blocked signals, folding consecutive repeats (the same symbol blocked by the same gate or rule on the
 * very next step) into the first record's `repeats` / `lastTime`.
 */
export interface BlockedLog {
  readonly records: readonly BlockedSignal[];
  add(b: BlockedSignal, t: number): void;
}

export function createBlockedLog(): BlockedLog {
  const records: Mutable<BlockedSignal>[] = [];
  const last = new Map<string, { record: Mutable<BlockedSignal>; t: number }>();
  return {
    records,
    add(b, t) {
      const key = `${b.symbol}\u0000${b.by}\u0000${b.shadow ? 1 : 0}`;
      const prev = last.get(key);
      if (prev !== undefined && (prev.t === t - 1 || prev.t === t)) {
        prev.record.repeats = (prev.record.repeats ?? 0) + 1;
        prev.record.lastTime = b.time;
        prev.t = t;
        return;
      }
      const record: Mutable<BlockedSignal> = { ...b };
      records.push(record);
      last.set(key, { record, t });
    },
  };
}
