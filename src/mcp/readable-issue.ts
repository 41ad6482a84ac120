// zod issues as one line a person (or a model) can act on: which argument, what was expected, what came. Used for
// tool arguments and for JSON-RPC params, so neither answers with the SDK's dump of every issue.
import type { z } from 'zod';
import { quoteInput } from '../core/domain/quote-input.js';
import { formatIssuePath } from '../core/domain/zod-errors.js';

const A_OR_AN: Readonly<Record<string, string>> = {
  string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'an object', array: 'a list', bigint: 'a whole number',
};

/** The value at `path` inside `input` (undefined when the path leaves it). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || typeof key === 'symbol' || !Object.hasOwn(v, key)) return undefined;
    v = Reflect.get(v, key);
  }
  return v;
}

function bound(issue: { origin: string; inclusive?: boolean }, n: number | bigint, more: boolean): string {
  const op = more ? (issue.inclusive === false ? 'more than' : 'at least') : (issue.inclusive === false ? 'less than' : 'at most');
  if (issue.origin === 'string') return `${op} ${n} character(s)`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${op} ${n} item(s)`;
  return `a number ${more ? (issue.inclusive === false ? '>' : '>=') : (issue.inclusive === false ? '<' : '<=')} ${n}`;
}

/** What was expected by one issue, without the "got" part. */
function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': return `expected ${A_OR_AN[issue.expected] ?? issue.expected}`;
    case 'too_small': return `expected ${bound(issue, issue.minimum, true)}`;
    case 'too_big': return `expected ${bound(issue, issue.maximum, false)}`;
    case 'invalid_value': return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union': {
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options.map(String) : [];
      return options.length > 0 ? `expected one of ${options.join(', ')}` : 'matches none of the accepted shapes';
    }
    default: return issue.message;
  }
}

/**
 * `<label> '<path>': expected <what>, got <value>`, or for unknown keys `unknown <label>(s) 'x', 'y' (<label>s: a, b)`.
 * `label` names what the keys are (argument, param); `known` lists the accepted top-level keys.
 */
export function readableIssue(issue: z.core.$ZodIssue, input: unknown, label: string, known: readonly string[]): string {
  const where = issue.path.length === 0 ? `${label}s` : `${label} '${formatIssuePath(issue.path)}'`;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.slice(0, 5).map((k) => quoteInput(k, 64)).join(', ');
    const more = issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '';
    const inside = issue.path.length === 0 ? ` (${label}s: ${known.join(', ') || 'none'})` : ` in ${where}`;
    return `unknown ${label}${issue.keys.length > 1 ? 's' : ''} ${keys}${more}${inside}`;
  }
  const value = valueAt(input, issue.path);
  if (value === undefined && issue.code === 'invalid_type') return `${where} is required (${expectation(issue).replace(/^expected /, '')})`;
  return `${where}: ${expectation(issue)}, got ${quoteInput(value)}`;
}

/** The first issue, readable, and how many more there are. */
export function readableError(error: z.ZodError, input: unknown, label: string, known: readonly string[]): string {
  const [first, ...rest] = error.issues;
  if (first === undefined) return `invalid ${label}s`;
  const line = readableIssue(first, input, label, known);
  return rest.length === 0 ? line : `${line} (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})`;
}
