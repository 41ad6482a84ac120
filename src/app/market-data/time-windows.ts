// Inclusive time windows (epoch ms, whole numbers; -Infinity opens a window at the start) as the bar cache's coverage.
import type { TimeWindow } from './ports.js';

/** The windows sorted, with overlapping and touching ones (b.from == a.to + 1) joined. */
export function mergeWindows(windows: readonly TimeWindow[]): TimeWindow[] {
  const sorted = windows.filter((w) => w.from <= w.to).sort((a, b) => a.from - b.from);
  const out: TimeWindow[] = [];
  for (const w of sorted) {
    const last = out.at(-1);
    if (last !== undefined && w.from <= last.to + 1) out[out.length - 1] = { from: last.from, to: Math.max(last.to, w.to) };
    else out.push(w);
  }
  return out;
}

/** The parts of `want` no window in `covered` (sorted, disjoint) holds. */
export function missingWindows(want: TimeWindow, covered: readonly TimeWindow[]): TimeWindow[] {
  const missing: TimeWindow[] = [];
  let cursor = want.from;
  for (const w of covered) {
    if (w.to < cursor) continue;
    if (w.from > want.to) break;
    if (w.from > cursor) missing.push({ from: cursor, to: w.from - 1 });
    cursor = Math.max(cursor, w.to + 1);
    if (cursor > want.to) return missing;
  }
  if (cursor <= want.to) missing.push({ from: cursor, to: want.to });
  return missing;
}
