/**
 * Ticks come every second, so a lasting failure (database down, a run whose calendar cannot be computed) would log
 * the same line every second. This logs a line once per key until the key's line changes or is cleared.
 */
export interface RepeatFilter {
  log(key: string, line: string): void;
  /** The condition behind `key` is over: its next line logs again. Returns true when a line was pending. */
  clear(key: string): boolean;
  /** Keeps only the keys `keep` accepts (runs no longer active are forgotten). */
  retain(keep: (key: string) => boolean): void;
}

export function createRepeatFilter(log: (line: string) => void): RepeatFilter {
  const last = new Map<string, string>();
  return {
    log(key, line) {
      if (last.get(key) === line) return;
      last.set(key, line);
      log(line);
    },
    clear: (key) => last.delete(key),
    retain(keep) {
      for (const key of [...last.keys()]) if (!keep(key)) last.delete(key);
    },
  };
}
