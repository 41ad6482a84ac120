#!/usr/bin/env node
// The tradedesk CLI. Runs the TypeScript sources directly through tsx (a runtime dependency), so there is no
// build step to remember: `npm ci && npx tradedesk --help` works on a fresh clone.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main/cli.ts');
const io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
  now: () => Date.now(),
};
try {
  process.exitCode = await runCli(process.argv.slice(2), io);
} catch (err) {
  // A bug, not bad input: one line unless TRADEDESK_DEBUG=1 asks for the stack.
  process.stderr.write(`tradedesk: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.TRADEDESK_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
}
