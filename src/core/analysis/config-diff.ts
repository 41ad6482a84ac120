import type { RunConfig } from '../engine/config.js';
import { compareKeys } from './group-stats.js';

/** What decided a run, as compared: the engine's RunConfig. */
export type ComparableConfig = RunConfig;

/**
 * One setting that differs, with every run's value (baseline first). `value` fields are dotted paths
 * (`strategy.version`, `params.fast`, `sizing.riskPct`, `costs.slippageBps`, `dataFrom` ...): params, sizing and
 * costs are compared key by key when every run has an object there, as a whole otherwise (`costs` recorded
 * against not recorded). A run without a key (a param another strategy does not have) shows null. `set` fields compare symbols and rule ids as sets:
 * added[i] and removed[i] are run i against the baseline (both empty for the baseline itself), sorted.
 */
export type ConfigDifference =
  | { readonly kind: 'value'; readonly field: string; readonly values: readonly unknown[] }
  | {
      readonly kind: 'set';
      readonly field: 'symbols' | 'ruleIds';
      readonly values: readonly (readonly string[])[];
      readonly added: readonly (readonly string[])[];
      readonly removed: readonly (readonly string[])[];
    };

// Distinguishes "no such key" from an explicit null when values are compared.
const ABSENT: unique symbol = Symbol('absent');

type Flat = ReadonlyMap<string, unknown>;

/** Every differing setting across the configs, in ComparableConfig's field order, nested keys sorted. */
export function diffConfigs(configs: readonly ComparableConfig[]): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  const compare = (field: string, flats: readonly Flat[]): void => {
    const vs = flats.map((f) => (f.has(field) ? f.get(field) : ABSENT));
    const first = canonical(vs[0]);
    if (vs.some((v) => canonical(v) !== first)) {
      out.push({ kind: 'value', field, values: vs.map((v) => (v === ABSENT ? null : v)) });
    }
  };
  const scalar = (field: string, pick: (c: ComparableConfig) => unknown): void =>
    compare(field, configs.map((c) => new Map([[field, pick(c)]])));
  const nested = (prefix: string, pick: (c: ComparableConfig) => unknown): void => {
    const sections = configs.map(pick);
    // Key by key only when every run has an object there; `costs: null` against an object is one difference.
    if (!sections.every(isPlainObject)) return compare(prefix, sections.map((v) => new Map([[prefix, v]])));
    const flats = sections.map((v) => new Map(Object.entries(v).map(([k, x]) => [`${prefix}.${k}`, x])));
    for (const field of unionKeys(flats)) compare(field, flats);
  };
  const set = (field: 'symbols' | 'ruleIds'): void => {
    const diff = diffSets(configs.map((c) => c[field]));
    if (diff !== null) out.push({ kind: 'set', field, values: configs.map((c) => c[field]), ...diff });
  };
  scalar('strategy.id', (c) => c.strategy.id);
  scalar('strategy.version', (c) => c.strategy.version);
  nested('params', (c) => c.params);
  set('symbols');
  scalar('timeframe', (c) => c.timeframe);
  scalar('rulesHash', (c) => c.rulesHash);
  set('ruleIds');
  nested('sizing', (c) => c.sizing);
  nested('costs', (c) => c.costs);
  scalar('dataSource', (c) => c.dataSource);
  scalar('simulated', (c) => c.simulated);
  scalar('dataFrom', (c) => c.dataFrom);
  scalar('dataTo', (c) => c.dataTo);
  scalar('startCash', (c) => c.startCash);
  scalar('codeVersion', (c) => c.codeVersion);
  return out;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unionKeys(flats: readonly Flat[]): string[] {
  const keys = new Set<string>();
  for (const f of flats) for (const k of f.keys()) keys.add(k);
  return [...keys].sort(compareKeys);
}

function diffSets(lists: readonly (readonly string[])[]): { added: string[][]; removed: string[][] } | null {
  const base = new Set(lists[0]);
  let differs = false;
  const added: string[][] = [];
  const removed: string[][] = [];
  for (const list of lists) {
    const mine = new Set(list);
    const a = [...mine].filter((x) => !base.has(x)).sort(compareKeys);
    const r = [...base].filter((x) => !mine.has(x)).sort(compareKeys);
    if (a.length > 0 || r.length > 0) differs = true;
    added.push(a);
    removed.push(r);
  }
  return differs ? { added, removed } : null;
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (value === ABSENT) return '\u0000absent';
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).sort(([x], [y]) => compareKeys(x, y)));
  });
}
