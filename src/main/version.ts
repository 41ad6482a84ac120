import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding tradedesk's package.json, found by walking up (this module runs from src/ or dist/). */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'prisma'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

let cached: string | undefined;

/** `<package version>+<git commit>` when run from a checkout, so a run's manifest names the code that decided. */
export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const pkg: unknown = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  cached = version + gitSuffix();
  return cached;
}

function gitSuffix(): string {
  try {
    const head = readFileSync(path.join(PACKAGE_ROOT, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return `+${head.slice(0, 12)}`;
    const ref = head.slice(5);
    try {
      return `+${readFileSync(path.join(PACKAGE_ROOT, '.git', ref), 'utf8').trim().slice(0, 12)}`;
    } catch {
      const packed = readFileSync(path.join(PACKAGE_ROOT, '.git', 'packed-refs'), 'utf8');
      const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
      return line === undefined ? '' : `+${line.slice(0, 12)}`;
    }
  } catch {
    return '';
  }
}
