// Runtime dependencies are only what runs (issue 12): every package the desk's code loads is a dependency, and every
// dependency is loaded by that code or used by the install itself (postinstall builds the bundle and the Prisma
// client). Test oracles and loaders (technicalindicators, tsx) are development dependencies.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTsFiles, packageName, readSource, REPO_ROOT } from '../helpers/source-scan.js';

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** Dependencies no source imports, each with what needs it at run or install time. */
const NOT_IMPORTED: Record<string, string> = {
  esbuild: 'postinstall (scripts/build-cli.mjs) bundles the CLI on `npm ci` of a consumer',
  prisma: 'postinstall (scripts/prisma-generate.mjs) generates the Prisma client',
  '@prisma/client': 'the generated client (src/store/generated) loads its runtime',
};

/** Packages the runtime code loads: imports (not `import type`), export-from, import() and require() / require.resolve(). */
function runtimePackages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of listTsFiles(['src', 'commands'], ['src/store/generated']).map(readSource)) {
    for (const ref of file.imports) {
      if (ref.kind === 'import-type' || ref.specifier === null || ref.specifier.startsWith('.') || ref.specifier.startsWith('node:')) continue;
      found.set(packageName(ref.specifier), `${file.path}:${ref.line}`);
    }
    const text = readFileSync(path.join(REPO_ROOT, file.path), 'utf8');
    for (const m of text.matchAll(/\brequire(?:\.resolve)?\(\s*'([^'.][^']*)'\s*\)/g)) found.set(packageName(m[1]!), `${file.path} (require)`);
  }
  return found;
}

describe('runtime dependencies', () => {
  const runtime = runtimePackages();
  const deps = new Set(Object.keys(pkg.dependencies));

  it('finds the packages the desk loads', () => {
    expect(runtime.has('zod')).toBe(true);
    expect(runtime.has('discord.js')).toBe(true);
  });

  it('lists every package the runtime code loads as a dependency (not a devDependency)', () => {
    const missing = [...runtime].filter(([name]) => !deps.has(name)).map(([name, where]) => `${name} (${where})`);
    expect(missing, 'add these to "dependencies"').toEqual([]);
  });

  it('holds nothing in dependencies that neither the code nor the install uses', () => {
    const unused = [...deps].filter((name) => !runtime.has(name) && !(name in NOT_IMPORTED));
    expect(unused, 'move these to "devDependencies" (or say in NOT_IMPORTED what needs them)').toEqual([]);
    for (const name of Object.keys(NOT_IMPORTED)) expect(deps.has(name), `${name} is a dependency`).toBe(true);
    expect(pkg.scripts.postinstall).toContain('scripts/build-cli.mjs');
  });

  it('keeps the test oracle and the TypeScript loader out of the runtime', () => {
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['technicalindicators', 'tsx']));
    expect(runtime.has('technicalindicators')).toBe(false);
    expect(runtime.has('tsx')).toBe(false);
  });
});
