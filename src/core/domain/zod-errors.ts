import type { z } from 'zod';

/** Renders a zod issue path as `rules[2].params.pct` for one-line error messages. */
export function formatIssuePath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** First issue of a zod error as one line: `<path>: <message>`. */
export function firstIssueLine(error: z.ZodError, root = ''): string {
  const issue = error.issues[0];
  if (issue === undefined) return `${root || '(root)'}: invalid`;
  return `${formatIssuePath(issue.path, root)}: ${issue.message}`;
}
