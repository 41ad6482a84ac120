import type { BlockedSignal } from './report.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface Episode {
  record: Mutable<BlockedSignal>;
  t: number;
}

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
  // symbol -> the open episodes of that symbol (one per gate/rule and shadow flag; a handful at most).
  const open = new Map<string, Episode[]>();
  return {
    records,
    add(b, t) {
      let episodes = open.get(b.symbol);
      if (episodes === undefined) open.set(b.symbol, (episodes = []));
      for (let i = 0; i < episodes.length; i++) {
        const e = episodes[i]!;
        if (e.record.by !== b.by || e.record.shadow !== b.shadow) continue;
        if (e.t === t - 1 || e.t === t) {
          e.record.repeats! += 1;
          e.record.lastTime = b.time;
          e.t = t;
          return;
        }
        const record = copy(b);
        records.push(record);
        e.record = record;
        e.t = t;
        return;
      }
      const record = copy(b);
      records.push(record);
      episodes.push({ record, t });
    },
  };
}

/** One fixed shape for every record (repeats and lastTime present from the start) keeps the hot path monomorphic. */
function copy(b: BlockedSignal): Mutable<BlockedSignal> {
  return { time: b.time, symbol: b.symbol, by: b.by, reason: b.reason, observed: b.observed, limit: b.limit, shadow: b.shadow, repeats: 0, lastTime: b.time };
}
