// What each command loads before it runs (issue 12: "each subcommand loads only what it uses"). The bin runs an esbuild
// bundle split at every dynamic import(), so what a process evaluates at start is the static import graph of its entry;
// this bundles the entries the same way and reads that graph from esbuild's metafile. A static import of an SDK where
// a lazy one belongs fails here, long before anyone notices a slow start.
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/source-scan.js';

const ENTRIES = {
  cli: 'src/main/cli.ts',
  backtest: 'src/main/cli/backtest-command.ts',
  console: 'src/main/cli/console-command.ts',
} as const;

interface StaticGraph {
  /** Source files evaluated when the entry loads, repo-relative. */
  readonly sources: readonly string[];
  /** Packages (and node: builtins) imported by them. */
  readonly packages: readonly string[];
}

async function staticGraphs(): Promise<Record<keyof typeof ENTRIES, StaticGraph>> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.values(ENTRIES),
    outdir: path.join(REPO_ROOT, 'dist', 'startup-imports-test'),
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const { outputs } = result.metafile;
  const graphOf = (entry: string): StaticGraph => {
    const start = Object.keys(outputs).find((k) => outputs[k]!.entryPoint === entry);
    if (start === undefined) throw new Error(`no output for ${entry}`);
    const seen = new Set<string>();
    const sources = new Set<string>();
    const packages = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      const out: Metafile['outputs'][string] = outputs[key]!;
      for (const input of Object.keys(out.inputs)) sources.add(input);
      for (const imp of out.imports) {
        if (imp.kind !== 'import-statement') continue; // dynamic import(): loaded when used
        if (imp.external) packages.add(imp.path);
        else stack.push(imp.path);
      }
    }
    return { sources: [...sources].sort(), packages: [...packages].sort() };
  };
  return { cli: graphOf(ENTRIES.cli), backtest: graphOf(ENTRIES.backtest), console: graphOf(ENTRIES.console) };
}

const packageOf = (specifier: string): string => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);

describe('what a command loads at start', async () => {
  const graphs = await staticGraphs();

  it('--help, --version and the dispatch load no package and no command (only node builtins and the usage text)', () => {
    expect(graphs.cli.packages.filter((p) => !p.startsWith('node:'))).toEqual([]);
    expect(graphs.cli.sources.filter((s) => s.startsWith('src/main/cli/') && !/\/(usage|io|closed-pipe)\.ts$/.test(s))).toEqual([]);
    expect(graphs.cli.sources).not.toContain('src/config/env.ts');
  });

  it('a backtest loads zod and nothing else outside node: no provider SDK, no database client, no platform', () => {
    expect(graphs.backtest.packages.filter((p) => !p.startsWith('node:'))).toEqual(['zod']);
  });

  it('the console desk starts without the chat platforms, the analyst, the MCP SDK, the provider SDKs or prom-client (TRADEDESK_HTTP loads it)', () => {
    const loaded = new Set(graphs.console.packages.map(packageOf));
    for (const lazy of ['discord.js', '@slack/bolt', '@anthropic-ai/sdk', '@modelcontextprotocol/sdk', '@alpacahq/alpaca-trade-api', '@polygon.io/client-js', 'yahoo-finance2', 'echarts', 'prom-client']) {
      expect(loaded.has(lazy), `${lazy} is loaded at start`).toBe(false);
    }
    expect(graphs.console.sources.some((s) => s.startsWith('src/analyst/') && !s.endsWith('/pricing.ts'))).toBe(false);
    // What it needs at once: the database client and the command registry.
    expect(loaded.has('@prisma/client')).toBe(true);
    expect(graphs.console.sources).toContain('commands/index.ts');
  });
});
