#!/usr/bin/env node
// The tradedesk CLI. Runs a bundle of the TypeScript sources (dist/, built on install and rebuilt automatically
// whenever a source is newer), so `npm ci && npx tradedesk --help` works with no build step to remember.
import { cliEntry } from '../scripts/build-cli.mjs';

if (process.env.TRADEDESK_DEBUG === '1') process.setSourceMapsEnabled(true);
const { runCli, endOnClosedPipe } = await import(await cliEntry());
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
