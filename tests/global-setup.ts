// Runs once before the test files (vitest globalSetup): rebuilds the CLI bundle in dist/ from the sources as they are
// now, so every test that spawns bin/tradedesk.js runs this code, never a stale build. The bin itself never builds.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export default function setup(): void {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' });
}
