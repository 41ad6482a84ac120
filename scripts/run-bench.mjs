// `npm run bench`: bundles bench/run.ts the way the CLI is bundled (plain JavaScript, as it runs in production;
// the tsx loader wraps every closure in a naming helper, which would distort the hot loops) and runs it.
// Arguments pass through: `npm run bench -- engine cli`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, 'dist', 'bench', 'run.mjs');
await build({
  entryPoints: [path.join(root, 'bench', 'run.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const res = spawnSync(process.execPath, ['--max-old-space-size=4096', outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
