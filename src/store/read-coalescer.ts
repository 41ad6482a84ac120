/**
 * Coalesces identical reads: callers asking for the same key while a read is in flight, or within `ttlMs` after
 * it, share its result. Writes made through the same store call `clear()`, so a process always sees its own
 * changes at once; another desk process's changes show within `ttlMs`.
 */
export interface ReadCoalescer {
  get<T>(key: string, read: () => Promise<T>): Promise<T>;
  clear(): void;
}

export function createReadCoalescer(ttlMs: number, now: () => number = Date.now): ReadCoalescer {
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  return {
    get<T>(key: string, read: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit !== undefined && now() - hit.at <= ttlMs) return hit.value as Promise<T>;
      const value = read();
      entries.set(key, { at: now(), value });
      // A failed read is not kept: the next caller tries again.
      value.catch(() => entries.delete(key));
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}
