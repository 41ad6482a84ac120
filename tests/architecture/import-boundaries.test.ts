// The house rules on dependencies (docs: shared STYLE.md), checked on every .ts file under src/ and commands/.
// Each rule is a function from parsed sources to "file:line  what" lines, so the same rule runs on the real tree
// and, below, on small bad fixtures that prove it can fail.
import { describe, expect, it } from 'vitest';
import {
  isUnder,
  listTsFiles,
  packageName,
  parseSource,
  readSource,
  resolveRelative,
  type ImportRef,
  type SourceFile,
} from '../helpers/source-scan.js';

type Check = (files: readonly SourceFile[]) => string[];

const CORE_PACKAGES = new Set(['zod', 'technicalindicators']);

/** Layers `src/app` must not reach into: it talks to them through the ports.ts of each of its folders. */
const OUTER_LAYERS = ['src/store', 'src/main', 'src/market-data', 'src/broker', 'src/adapters', 'src/mcp', 'src/analyst', 'src/scheduler'];

interface PlatformSdk {
  readonly what: string;
  /** The only folder allowed to import it. */
  readonly owner: string;
  readonly matches: (specifier: string, target: string | null) => boolean;
}

const PLATFORM_SDKS: readonly PlatformSdk[] = [
  {
    what: 'Prisma / SQLite / PostgreSQL',
    owner: 'src/store',
    matches: (s, target) =>
      /^(@prisma\/|\.prisma\/)/.test(s) || packageName(s) === 'better-sqlite3' || packageName(s) === 'pg'
      || (target !== null && (isUnder(target, 'src/store/generated') || isUnder(target, 'src/store/generated-pg'))),
  },
  { what: 'discord.js', owner: 'src/adapters/discord', matches: (s) => packageName(s) === 'discord.js' || s.startsWith('@discordjs/') },
  { what: 'Slack Bolt', owner: 'src/adapters/slack', matches: (s) => packageName(s) === '@slack/bolt' },
  { what: 'the MCP server SDK', owner: 'src/mcp', matches: (s) => /^@modelcontextprotocol\/sdk\/server(\/|\.js$|$)/.test(s) },
  { what: 'the Anthropic SDK', owner: 'src/analyst', matches: (s) => packageName(s) === '@anthropic-ai/sdk' },
];

/** Any platform SDK at all, for src/app (which may not even use the MCP client: that is the analyst's job). */
const isPlatformSdk = (s: string, target: string | null): boolean =>
  PLATFORM_SDKS.some((p) => p.matches(s, target)) || packageName(s) === '@modelcontextprotocol/sdk';

/** Clock, randomness and environment access; matched on code with comments and literals blanked. */
const IMPURE_CODE: readonly { readonly re: RegExp; readonly what: string }[] = [
  { re: /\bDate\s*\.\s*now\b/, what: 'Date.now (clock: take `now` as an input)' },
  { re: /\bnew\s+Date\b(?!\s*\(\s*[^\s)])/, what: 'new Date() without an argument (clock)' },
  { re: /(?<![\w$.])(?<!\bnew\s+)Date\s*\(/, what: 'Date() called as a function (clock)' },
  { re: /\bMath\s*\.\s*random\b/, what: 'Math.random (randomness: take an injected rng)' },
  { re: /(?<![\w$.])performance\s*\.\s*now\b/, what: 'performance.now (clock)' },
  { re: /(?<![\w$.])crypto\s*\.\s*(randomUUID|getRandomValues)\b/, what: 'crypto randomness' },
  { re: /(?<![\w$.])process\s*(\??\.|\[)/, what: 'process (environment: src/main reads it)' },
  { re: /\bglobalThis\b/, what: 'globalThis (ambient state)' },
];

const where = (f: SourceFile, ref: ImportRef, why: string): string =>
  `${f.path}:${ref.line}  ${ref.kind} '${ref.specifier ?? '<computed specifier>'}'  ${why}`;

/** Every import with its resolved repo-relative target (null for packages and computed specifiers). */
function* importsOf(files: readonly SourceFile[], under: (p: string) => boolean) {
  for (const f of files) {
    if (!under(f.path)) continue;
    for (const ref of f.imports) {
      const target = ref.specifier === null ? null : resolveRelative(f.path, ref.specifier);
      yield { f, ref, target };
    }
  }
}

const inCore = (p: string): boolean => isUnder(p, 'src/core');

const coreImportsOnlyCoreAndAllowedPackages: Check = (files) => {
  const bad: string[] = [];
  for (const { f, ref, target } of importsOf(files, inCore)) {
    if (ref.specifier === null) bad.push(where(f, ref, 'cannot be checked: core imports must be literal'));
    else if (target !== null ? !inCore(target) : !CORE_PACKAGES.has(packageName(ref.specifier))) {
      bad.push(where(f, ref, 'is outside src/core, zod and technicalindicators'));
    }
  }
  return bad;
};

const coreHasNoClockRandomnessOrEnv: Check = (files) => {
  const bad: string[] = [];
  for (const f of files) {
    if (!inCore(f.path)) continue;
    f.code.split('\n').forEach((line, i) => {
      for (const p of IMPURE_CODE) if (p.re.test(line)) bad.push(`${f.path}:${i + 1}  ${p.what}: ${line.trim()}`);
    });
  }
  return bad;
};

const platformSdksStayInTheirFolder: Check = (files) => {
  const bad: string[] = [];
  for (const { f, ref, target } of importsOf(files, () => true)) {
    if (ref.specifier === null) continue;
    for (const sdk of PLATFORM_SDKS) {
      if (sdk.matches(ref.specifier, target) && !isUnder(f.path, sdk.owner)) bad.push(where(f, ref, `${sdk.what} belongs in ${sdk.owner} only`));
    }
  }
  return bad;
};

const appTalksToPortsOnly: Check = (files) => {
  const bad: string[] = [];
  for (const { f, ref, target } of importsOf(files, (p) => isUnder(p, 'src/app'))) {
    if (ref.specifier === null) continue;
    const layer = target === null ? undefined : OUTER_LAYERS.find((l) => isUnder(target, l));
    if (layer !== undefined) bad.push(where(f, ref, `src/app must not import ${layer}; add a port to the ports.ts of its src/app folder`));
    else if (isPlatformSdk(ref.specifier, target)) bad.push(where(f, ref, 'src/app must not import a platform SDK'));
  }
  return bad;
};

/** Dependencies point inward: only the composition roots in src/main import src/main. */
const nothingImportsMain: Check = (files) => {
  const bad: string[] = [];
  for (const { f, ref, target } of importsOf(files, (p) => !isUnder(p, 'src/main'))) {
    if (target !== null && isUnder(target, 'src/main')) bad.push(where(f, ref, 'imports src/main (dependencies point inward)'));
  }
  return bad;
};

/** Each chat adapter stands alone: shared code lives in src/app, never in another adapter's folder. */
const adapterOf = (p: string): string | null => (isUnder(p, 'src/adapters') ? (p.split('/')[2] ?? null) : null);
const adaptersStandAlone: Check = (files) => {
  const bad: string[] = [];
  for (const { f, ref, target } of importsOf(files, (p) => adapterOf(p) !== null)) {
    const to = target === null ? null : adapterOf(target);
    if (to !== null && to !== adapterOf(f.path)) bad.push(where(f, ref, `src/adapters/${adapterOf(f.path)} must not import src/adapters/${to}; share it through src/app`));
  }
  return bad;
};

/** The domain's values and rules are the bottom of core: they never reach up into the engine. */
const domainBelowEngine: Check = (files) => {
  const bad: string[] = [];
  for (const { f, ref, target } of importsOf(files, (p) => isUnder(p, 'src/core/domain'))) {
    if (target !== null && isUnder(target, 'src/core/engine')) bad.push(where(f, ref, 'src/core/domain must not import src/core/engine'));
  }
  return bad;
};

/** The folder of src/app a file is in (`runs` for src/app/runs/iterate.ts); null outside src/app's folders. */
const appFolder = (p: string): string | null => /^src\/app\/([^/]+)\//.exec(p)?.[1] ?? null;

/**
 * src/app's folders import each other one way: chat at the bottom (commands, replies, the platform ports), then
 * workspace, market-data, broker, account (a broker account's gates and limits), runs, and the use-cases built on them
 * (backtest, notifications, replay, reconcile, desk, cards). A
 * circle between two folders means one of them holds something that belongs to the other.
 */
const appFoldersOneWay: Check = (files) => {
  const edges = new Map<string, Map<string, string>>();
  for (const { f, ref, target } of importsOf(files, (p) => appFolder(p) !== null)) {
    const from = appFolder(f.path);
    const to = target === null ? null : appFolder(target);
    if (from === null || to === null || from === to) continue;
    const out = edges.get(from) ?? new Map<string, string>();
    if (!out.has(to)) out.set(to, where(f, ref, `src/app/${from} imports src/app/${to}`));
    edges.set(from, out);
  }
  const bad: string[] = [];
  for (const [from, out] of edges) {
    for (const [to, first] of out) {
      // A path back from `to` to `from` closes a circle; report each circle once, from its alphabetically first folder.
      if (from < to && reaches(edges, to, from)) bad.push(`${first}, and src/app/${to} leads back to src/app/${from}`);
    }
  }
  return bad;
};

function reaches(edges: ReadonlyMap<string, ReadonlyMap<string, string>>, start: string, goal: string): boolean {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at === goal) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    for (const next of edges.get(at)?.keys() ?? []) stack.push(next);
  }
  return false;
}

/** No folder of src or commands holds more than this many source files directly: past it, it wants subfolders. */
const MAX_FILES_PER_FOLDER = 24;

const foldersStaySmall = (files: readonly SourceFile[]): string[] => {
  const count = new Map<string, number>();
  for (const f of files) {
    const dir = f.path.slice(0, f.path.lastIndexOf('/'));
    count.set(dir, (count.get(dir) ?? 0) + 1);
  }
  return [...count].filter(([, n]) => n > MAX_FILES_PER_FOLDER).map(([dir, n]) => `${dir} holds ${n} source files`);
};

const expectNone = (violations: readonly string[], rule: string): void => {
  expect(violations, `${rule}; offending:\n${violations.join('\n')}`).toEqual([]);
};

describe('import boundaries of the source tree', () => {
  const files = listTsFiles(['src', 'commands'], ['src/store/generated', 'src/store/generated-pg']).map(readSource);

  it('finds the sources it checks', () => {
    expect(files.filter((f) => inCore(f.path)).length).toBeGreaterThan(20);
    expect(files.some((f) => f.path.startsWith('src/store/generated/') || f.path.startsWith('src/store/generated-pg/'))).toBe(false);
  });

  it('keeps src/core importing only src/core, zod and technicalindicators', () => {
    expectNone(coreImportsOnlyCoreAndAllowedPackages(files), 'src/core may import only src/core/**, zod and technicalindicators');
  });

  it('keeps clocks, randomness and the environment out of src/core', () => {
    expectNone(coreHasNoClockRandomnessOrEnv(files), 'src/core is pure: time arrives as `now`, randomness as an injected rng');
  });

  it('keeps Prisma in src/store, discord.js, Bolt, the MCP server SDK and the Anthropic SDK in their folders', () => {
    expectNone(platformSdksStayInTheirFolder(files), 'platform code stays at the edge');
  });

  it('keeps src/app off the store, market data, main and platform SDKs', () => {
    expectNone(appTalksToPortsOnly(files), 'src/app talks to the outside through its folders\' ports.ts');
  });

  it('lets nothing outside src/main import src/main (market-data and store included)', () => {
    expectNone(nothingImportsMain(files), 'dependencies point inward');
  });

  it('keeps each chat adapter from importing another', () => {
    expectNone(adaptersStandAlone(files), 'adapters share code through src/app');
  });

  it('keeps the folders of src/app importing each other one way (no circle between folders)', () => {
    expectNone(appFoldersOneWay(files), 'src/app folders are layered');
  });

  it('keeps src/app to its subdomain folders, and every folder small enough to read', () => {
    expect(files.filter((f) => /^src\/app\/[^/]+\.ts$/.test(f.path)).map((f) => f.path)).toEqual([]);
    expectNone(foldersStaySmall(files), `at most ${MAX_FILES_PER_FOLDER} source files a folder`);
  });

  it('keeps src/core/domain from importing src/core/engine', () => {
    expectNone(domainBelowEngine(files), 'the domain is below the engine');
  });
});

describe('the boundary checks themselves', () => {
  const src = (path: string, text: string): SourceFile[] => [parseSource(path, text)];
  const cases: readonly { name: string; check: Check; bad: SourceFile[]; good: SourceFile[]; count: number }[] = [
    {
      name: 'core imports',
      check: coreImportsOnlyCoreAndAllowedPackages,
      bad: src('src/core/engine/x.ts', [
        "import { readFileSync } from 'node:fs';",
        "import type { MarketData } from '../../app/market-data/ports.js';",
        "export { y } from '../../store/runs.js';",
        'const m = await import(`../../market-data/${name}.js`);',
        "type T = import('lodash').Dictionary<number>;",
        "import {\n  a,\n} from 'left-pad';",
      ].join('\n')),
      good: src('src/core/engine/x.ts', "import { z } from 'zod';\nimport { SMA } from 'technicalindicators';\nexport * from '../risk/gates.js';\n// import x from 'node:fs'\nconst s = \"import('node:fs')\";"),
      count: 6,
    },
    {
      name: 'core purity',
      check: coreHasNoClockRandomnessOrEnv,
      bad: src('src/core/x.ts', 'const a = Date.now();\nconst b = new Date();\nconst c = Math.random();\nconst d = process.env.X;\nconst e = new Date;\nconst f = `${process.env.Y}`;'),
      good: src('src/core/x.ts', [
        '/** Never Date.now() or new Date() or Math.random() or process.env here. */',
        "const a = new Date(t).getUTCDay(); // not Date.now()",
        "const b = 'process.env and Math.random()';",
        'const c = `Date.now() ${x.process.y}`;',
        'const d = /Date.now()/;',
      ].join('\n')),
      count: 6,
    },
    {
      name: 'platform SDKs',
      check: platformSdksStayInTheirFolder,
      bad: [
        ...src('src/app/x.ts', "import { PrismaClient } from '@prisma/client';"),
        ...src('src/main/x.ts', "import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';\nimport Database from 'better-sqlite3';"),
        ...src('src/scheduler/x.ts', "import type { Prisma } from '../store/generated/client.js';"),
        ...src('src/adapters/slack/x.ts', "import { Client } from 'discord.js';"),
        ...src('src/adapters/discord/x.ts', "import { App } from '@slack/bolt';"),
        ...src('src/analyst/x.ts', "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';"),
        ...src('src/mcp/x.ts', "const { default: Anthropic } = await import('@anthropic-ai/sdk');"),
      ],
      good: [
        ...src('src/store/db/client.ts', "import { PrismaClient } from '../generated/client.js';\nimport Database from 'better-sqlite3';"),
        ...src('src/adapters/discord/bot.ts', "import { Client } from 'discord.js';"),
        ...src('src/adapters/slack/app.ts', "import { App } from '@slack/bolt';"),
        ...src('src/mcp/server.ts', "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';"),
        ...src('src/analyst/agent.ts', "import Anthropic from '@anthropic-ai/sdk';\nimport { Client } from '@modelcontextprotocol/sdk/client/index.js';"),
      ],
      count: 8,
    },
    {
      name: 'app layering',
      check: appTalksToPortsOnly,
      bad: src('src/app/x.ts', [
        "import { saveBacktestRun } from '../store/runs/backtest-runs.js';",
        "import { createMarketData } from '../main/market-data.js';",
        "import { createCsvMarketData } from '../market-data/csv/csv-market-data.js';",
        "import { Client } from 'discord.js';",
        "import { Client as Mcp } from '@modelcontextprotocol/sdk/client/index.js';",
      ].join('\n')),
      good: src('src/app/x.ts', "import type { MarketData } from './ports.js';\nimport { runBacktest } from '../core/engine/backtest.js';"),
      count: 5,
    },
    {
      name: 'inward dependencies',
      check: nothingImportsMain,
      bad: [
        ...src('src/market-data/x.ts', "import { loadEnv } from '../main/cli.js';"),
        ...src('src/store/x.ts', "export { LOCAL_WORKSPACE } from '../main/local-workspace.js';"),
      ],
      good: src('src/main/cli/x.ts', "import { codeVersion } from '../version.js';\nimport { migrateDatabase } from '../../store/migrations/migrate.js';"),
      count: 2,
    },
    {
      name: 'adapters apart',
      check: adaptersStandAlone,
      bad: [
        ...src('src/adapters/slack/x.ts', "import { renderReply } from '../discord/render.js';"),
        ...src('src/adapters/console/x.ts', "export { y } from '../slack/render.js';"),
      ],
      good: src('src/adapters/slack/x.ts', "import { render } from './render.js';\nimport type { Reply } from '../../app/chat/reply.js';"),
      count: 2,
    },
    {
      name: 'src/app folders one way',
      check: appFoldersOneWay,
      bad: [
        ...src('src/app/chat/x.ts', "import type { Y } from '../runs/y.js';"),
        ...src('src/app/runs/y.ts', "import type { X } from '../chat/x.js';"),
      ],
      good: [
        ...src('src/app/chat/x.ts', "import type { Z } from './z.js';"),
        ...src('src/app/runs/y.ts', "import type { X } from '../chat/x.js';"),
      ],
      count: 1,
    },
    {
      name: 'domain below engine',
      check: domainBelowEngine,
      bad: src('src/core/domain/x.ts', "import type { Book } from '../engine/book.js';"),
      good: src('src/core/domain/x.ts', "import type { Bar } from './bar.js';\nimport { isCryptoSymbol } from '../calendar/calendar.js';"),
      count: 1,
    },
  ];

  it.each(cases)('$name: reports every bad import with its file and line', ({ check, bad, count }) => {
    const found = check(bad);
    expect(found, found.join('\n')).toHaveLength(count);
    for (const v of found) expect(v).toMatch(/^src\/[\w/.-]+\.ts:\d+ {2}/);
  });

  it.each(cases)('$name: passes clean code, comments and strings', ({ check, good }) => {
    expect(check(good)).toEqual([]);
  });
});
