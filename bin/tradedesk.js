#!/usr/bin/env node
// The tradedesk CLI. Runs the bundle of the TypeScript sources in dist/, built by `npm install` / `npm ci`
// (postinstall) and by `npm run build`: after editing sources, `npm run build` before running the bin (the tests
// rebuild it themselves). It never builds, and never looks at the sources, so it starts as fast as node itself.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/', import.meta.url);
let entry = null;
try {
  // The build in use: build-stamp.json names its folder (swapped in atomically by scripts/build-cli.mjs).
  const { dir } = JSON.parse(readFileSync(new URL('build-stamp.json', dist), 'utf8'));
  const url = new URL(`${dir}/cli.mjs`, dist);
  if (typeof dir === 'string' && existsSync(url)) entry = url;
} catch {
  // No build: said below.
}
if (entry === null) {
  process.stderr.write(`tradedesk: no build of the CLI in ${fileURLToPath(dist)} (installed with --ignore-scripts?): run \`npm run build\` in ${fileURLToPath(new URL('..', dist))}\n`);
  process.exit(1);
}

if (process.env.TRADEDESK_DEBUG === '1') process.setSourceMapsEnabled(true);
const { runCli, endOnClosedPipe } = await import(entry.href);
endOnClosedPipe(process.stdout, process.stderr, (code) => process.exit(code));
const io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
  now: () => Date.now(),
  stdin: process.stdin,
  stdout: process.stdout,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
  stderrTty: process.stderr.isTTY === true ? (text) => process.stderr.write(text) : undefined,
};
try {
  process.exitCode = await runCli(process.argv.slice(2), io);
} catch (err) {
  // A bug, not bad input: one line unless TRADEDESK_DEBUG=1 asks for the stack.
  process.stderr.write(`tradedesk: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.TRADEDESK_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
}
