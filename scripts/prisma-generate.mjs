// Runs `prisma generate` after install. The CLI is preloaded with the timer shim so it exits as soon
// as it is done (the Wasm schema engine otherwise keeps the process alive for up to a minute).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const shim = path.join(root, 'scripts', 'unref-long-timers.cjs');
const res = spawnSync(process.execPath, ['--require', shim, path.join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'file:./data/tradedesk.db', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(res.status ?? 1);
