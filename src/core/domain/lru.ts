// A bounded cache: at most `maxEntries` entries and at most `maxWeight` in total (bytes, bars, days: whatever `weigh`
// counts), least recently used out first. Every long-lived cache in the desk is one of these, so none grows with
// the number of symbols, runs or users it has ever seen.

export interface LruOptions<V> {
  readonly maxEntries: number;
  readonly maxWeight?: number;
  /** The weight of one value (default 1); read again on every `set`, so a value that grew is re-weighed. */
  readonly weigh?: (value: V) => number;
}

export interface Lru<K, V> {
  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined;
  /** Stores (or re-weighs) the value, then evicts the least recently used until within bounds. A value heavier than maxWeight alone is not kept. */
  set(key: K, value: V): void;
  delete(key: K): boolean;
  clear(): void;
  /** Keys, least recently used first. */
  keys(): IterableIterator<K>;
  readonly size: number;
  readonly weight: number;
}

export function createLru<K, V>({ maxEntries, maxWeight = Infinity, weigh = () => 1 }: LruOptions<V>): Lru<K, V> {
  const entries = new Map<K, { value: V; weight: number }>();
  let total = 0;
  const remove = (key: K): boolean => {
    const entry = entries.get(key);
    if (entry === undefined) return false;
    total -= entry.weight;
    return entries.delete(key);
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      remove(key);
      const weight = weigh(value);
      if (weight > maxWeight) return;
      for (const oldest of entries.keys()) {
        if (entries.size < maxEntries && total + weight <= maxWeight) break;
        remove(oldest);
      }
      entries.set(key, { value, weight });
      total += weight;
    },
    delete: remove,
    clear() {
      entries.clear();
      total = 0;
    },
    keys: () => entries.keys(),
    get size() {
      return entries.size;
    },
    get weight() {
      return total;
    },
  };
}
