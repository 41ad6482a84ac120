// A bare `git clone` must pass its own tests and run its own examples: nothing the repository carries (tests,
// scripts, benchmarks, sources, docs) may reach for a file beside the checkout, and every backtest example in the
// README must run from the repository's own data.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runInProcess } from '../helpers/cli.js';

const SKIP = new Set(['node_modules', '.git', 'data', 'dist', 'coverage', 'generated', 'generated-pg']);
const TEXT = /\.(ts|mts|cts|js|mjs|cjs|json|md|prisma|sql|sh|toml|ya?ml)$|^run$|^\.env\.example$/;

function trackedTextFiles(rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
    const child = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) out.push(...trackedTextFiles(child));
    } else if (TEXT.test(e.name) && e.name !== 'package-lock.json') {
      out.push(child);
    }
  }
  return out;
}

/** `path.resolve`/`join` or a literal path that climbs above the repository root from where it stands. */
function escapesRepo(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\.\.\/)+shared\b|\/work\/shared\b/g)) found.push(m[0]);
  // A relative path literal climbing more levels than the file is deep leaves the checkout.
  const depth = file.split('/').length - 1;
  for (const m of text.matchAll(/['"`]((?:\.\.\/)+)[\w.-]/g)) {
    if (m[1]!.length / 3 > depth) found.push(m[0]);
  }
  return found;
}

describe('the repository is self-contained', () => {
  it('no test, script, source or document refers to a path outside the checkout', () => {
    const offenders: string[] = [];
    for (const file of trackedTextFiles()) {
      const hits = escapesRepo(file, readFileSync(path.join(REPO_ROOT, file), 'utf8'));
      if (hits.length > 0) offenders.push(`${file}: ${hits.join(', ')}`);
    }
    expect(offenders).toEqual([]);
  });

  it('carries the real daily prices the README and the tests use', () => {
    for (const symbol of ['ORCL', 'GOOG']) {
      const file = path.join(REPO_ROOT, 'examples', 'data', `${symbol}.csv`);
      expect(statSync(file).size).toBeGreaterThan(50_000);
    }
  });

  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/^npx tradedesk (backtest [^\n#]*--data [^\n#]*?)\s*(?:#.*)?$/gm)].map((m) => m[1]!.trim());

  it('finds the README backtest examples that read CSV data', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('runs the README example `tradedesk %s` from the repository alone', async (line) => {
    const argv = line.split(/\s+/);
    const dir = argv[argv.indexOf('--data') + 1]!;
    expect(path.isAbsolute(dir)).toBe(false);
    expect(path.resolve(REPO_ROOT, dir).startsWith(`${REPO_ROOT}${path.sep}`)).toBe(true);
    const run = await runInProcess(argv, { cwd: REPO_ROOT });
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
  }, 60_000);
});
