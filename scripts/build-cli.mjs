// Bundles the CLI (src/main/cli.ts and everything it imports from src/) into dist/ with esbuild, so the bin
// starts as plain JavaScript: no TypeScript loader hooks, which cost ~1 s per run on a cold start.
// Runs on `npm install` / `npm ci` (postinstall) and again, automatically, whenever a source file is newer than
// the bundle: there is no build step to remember and the bin never runs stale code.
// Each build goes to its own folder and the stamp file is swapped in atomically, so two processes rebuilding at
// once never read a half-written bundle.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const distDir = path.join(root, 'dist');
const stampFile = path.join(distDir, 'build-stamp.json');
const watched = ['src', 'commands', 'package.json', 'scripts/build-cli.mjs'];

function newestMtimeMs(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtimeMs(path.join(p, entry)));
  return newest;
}

const sourcesMtimeMs = () => Math.max(...watched.map((w) => newestMtimeMs(path.join(root, w))));

function readStamp() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    return existsSync(path.join(distDir, stamp.dir, 'cli.mjs')) ? stamp : null;
  } catch {
    return null;
  }
}

export async function buildCli() {
  const sourceMtimeMs = sourcesMtimeMs();
  const dir = `build-${Date.now()}-${process.pid}`;
  const { build } = await import('esbuild');
  mkdirSync(distDir, { recursive: true });
  await build({
    entryPoints: { cli: path.join(root, 'src/main/cli.ts') },
    outdir: path.join(distDir, dir),
    bundle: true,
    splitting: true, // lazy imports (the database client) stay lazy
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
  writeFileSync(tmp, JSON.stringify({ dir, sourceMtimeMs }));
  renameSync(tmp, stampFile);
  // Old builds: remove those no process could still be loading.
  for (const entry of readdirSync(distDir)) {
    if (!entry.startsWith('build-') || entry === dir || entry.endsWith('.json')) continue;
    const full = path.join(distDir, entry);
    if (Date.now() - statSync(full).mtimeMs > 60_000) rmSync(full, { recursive: true, force: true });
  }
  return dir;
}

/** URL of the bundled entry, rebuilt first when the sources changed. */
export async function cliEntry() {
  const stamp = readStamp();
  const dir = stamp !== null && stamp.sourceMtimeMs >= sourcesMtimeMs() ? stamp.dir : await buildCli();
  return pathToFileURL(path.join(distDir, dir, 'cli.mjs')).href;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
}
