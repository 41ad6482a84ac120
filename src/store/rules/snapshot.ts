// The frozen rule list a run starts with, and its hash. The hashing lives here (not in src/app, which the store
// must not import) and follows the same canonical JSON as src/app/runs/canonical-json.ts, so a snapshot of the stored
// rules hashes equal to a backtest of the same rules from a file.
import { createHash } from 'node:crypto';
import type { Rule } from '../../core/risk/rules.js';

export interface RuleSnapshot {
  readonly rules: readonly Rule[];
  /** sha256 (hex) of the rules as canonical JSON. */
  readonly hash: string;
}

/** Snapshots `rules` in the order given (listRules gives evaluation order): order is part of the meaning. */
export function ruleSnapshot(rules: readonly Rule[]): RuleSnapshot {
  const frozen = rules.map((rule) => structuredClone(rule));
  return { rules: frozen, hash: createHash('sha256').update(canonicalJson(frozen)).digest('hex') };
}

/** JSON with object keys sorted, so equal values always serialise (and hash) equally. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
