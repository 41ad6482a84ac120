/**
 * Coalesces identical reads: callers asking for the same key while a read is in flight, or within `ttlMs` after
 * it, share its result. Writes made through the same store call `clear()`, so a process always sees its own
 * changes at once; another desk process's changes show within `ttlMs`. Entries older than `ttlMs` are dropped on
 * the next read of any key, so the map holds only what was read in the last `ttlMs`.
 */
export interface ReadCoalescer {
  get<T>(key: string, read: () => Promise<T>): Promise<T>;
  clear(): void;
  /** Entries held (results younger than ttlMs, and reads in flight). */
  readonly size: number;
}

export function createReadCoalescer(ttlMs: number, now: () => number = Date.now): ReadCoalescer {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  return {
    get<T>(key: string, read: () => Promise<T>): Promise<T> {
      const t = now();
      for (const [k, entry] of entries) if (t - entry.at > ttlMs) entries.delete(k);
      const hit = entries.get(key);
      if (hit !== undefined) return hit.value as Promise<T>;
      const value = read();
      const entry = { at: t, value };
      entries.set(key, entry);
      // A failed read is not kept: the next caller tries again.
      value.catch(() => entries.get(key) === entry && entries.delete(key));
      return value;
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

const RUN_LISTS = new WeakMap<object, ReadCoalescer>();

/**
 * The run lists of one database client (the paper-run store's and the reports'): one coalescer shared by every
 * reader and cleared by every write that changes a run list through that client (a run started, a status changed,
 * a backtest saved), so /runs bursts share their queries and a process still sees its own changes at once.
 */
export function runListReads(client: object): ReadCoalescer {
  let lists = RUN_LISTS.get(client);
  if (lists === undefined) {
    lists = createReadCoalescer(500);
    RUN_LISTS.set(client, lists);
  }
  return lists;
}
