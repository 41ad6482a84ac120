// Bundles the CLI (src/main/cli.ts and everything it imports from src/) into dist/ with esbuild, so the bin
// starts as plain JavaScript: no TypeScript loader hooks, which cost ~1 s per run on a cold start.
// Runs on `npm install` / `npm ci` (postinstall), as `npm run build` (after editing sources) and once before the
// tests (tests/global-setup.ts). The bin only reads the result: it never builds and never walks the sources.
// Each build goes to its own folder and the stamp file is swapped in atomically, so a process starting while
// another builds never reads a half-written bundle.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const distDir = path.join(root, 'dist');
const stampFile = path.join(distDir, 'build-stamp.json');
const BUILD_KEPT_MS = 24 * 60 * 60 * 1000;

/** Builds dist/build-<time>-<pid>/cli.mjs (and its chunks) and makes it the one the bin runs. */
export async function buildCli() {
  const dir = `build-${Date.now()}-${process.pid}`;
  const { build } = await import('esbuild');
  mkdirSync(distDir, { recursive: true });
  await build({
    entryPoints: { cli: path.join(root, 'src/main/cli.ts') },
    outdir: path.join(distDir, dir),
    bundle: true,
    splitting: true, // lazy imports (each subcommand, the database client, the platforms) stay lazy
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  const tmp = `${stampFile}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ dir }));
  renameSync(tmp, stampFile);
  // Old builds: a process started from one loads its chunks lazily, when a command or the analyst is first used, so a
  // desk started before this build may still need its own for a long while. Builds a day old are removed.
  for (const entry of readdirSync(distDir)) {
    if (!entry.startsWith('build-') || entry === dir || entry.endsWith('.json')) continue;
    const full = path.join(distDir, entry);
    if (Date.now() - statSync(full).mtimeMs > BUILD_KEPT_MS) rmSync(full, { recursive: true, force: true });
  }
  return dir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
