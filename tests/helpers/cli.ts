// Runs the tradedesk CLI the way a user does: in-process through runCli with a captured io (fast), or as the real
// bin in a child process (proves the shebang and loader path). Every run gets a temp DATABASE_URL, never ./data.
import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/main/cli.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'tradedesk.js');

/** A fixed clock: commands that default to "today" must not depend on when the tests run. */
export const FIXED_NOW = Date.UTC(2024, 0, 2, 12);

/** A `file:` URL for a fresh SQLite database under the OS temp folder (the file does not exist yet). */
export function tempDatabaseUrl(): string {
  return `file:${path.join(tmpdir(), `tradedesk-cli-${process.pid}-${randomUUID()}.db`)}`;
}

/** Deletes a temp database and its SQLite side files. */
export function removeDatabase(url: string): void {
  const file = url.slice('file:'.length);
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

export function makeTempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `tradedesk-${label}-`));
}

export interface CliRun {
  readonly code: number;
  /** Everything written to stdout, one `out` call per line group, joined by newlines. */
  readonly out: string;
  /** Each `err` call, as written. */
  readonly err: readonly string[];
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly now?: number;
  /** Lines piped to the console desk (stdin), as if from a file. */
  readonly stdin?: readonly string[];
}

/** runCli with a captured io. The env holds only what is given (plus a temp DATABASE_URL), not process.env. */
export async function runInProcess(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const streamed: string[] = [];
  stdout.on('data', (chunk: Buffer) => streamed.push(chunk.toString('utf8')));
  const code = await runCli(argv, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { DATABASE_URL: tempDatabaseUrl(), ...options.env },
    cwd: options.cwd ?? REPO_ROOT,
    now: () => options.now ?? FIXED_NOW,
    stdin: Readable.from((options.stdin ?? []).map((l) => `${l}\n`)),
    stdout,
    interactive: false,
  });
  const all = [...out, ...(streamed.length > 0 ? [streamed.join('').replace(/\n$/, '')] : [])];
  return { code, out: all.join('\n'), err };
}

/** Parses the stdout of a `--json` run; fails loudly with stderr when the run did not succeed. */
export function jsonOf(run: CliRun): unknown {
  if (run.code !== 0) throw new Error(`expected exit 0, got ${run.code}: ${run.err.join(' | ')}`);
  return JSON.parse(run.out);
}

export interface SpawnRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The parent's env minus any TRADEDESK_* settings and DATABASE_URL, plus `env`. */
function binEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('TRADEDESK_') && k !== 'DATABASE_URL') base[k] = v;
  }
  return { ...base, ...env };
}

/**
 * Runs `node bin/tradedesk.js ...argv` with the parent's env minus any TRADEDESK_* settings, plus `env`; in `cwd`
 * (default the repository), with `stdin` lines piped in (the console desk reads them, then exits at their end).
 */
export function spawnBin(
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  options: { readonly cwd?: string; readonly stdin?: readonly string[] } = {},
): Promise<SpawnRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd ?? REPO_ROOT, env: binEnv(env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end((options.stdin ?? []).map((l) => `${l}\n`).join(''));
  });
}

/** Runs the bin with its stdout a pipe whose reader is gone before the child starts (`tradedesk ... | head` after head quit). */
export function spawnBinClosedStdout(argv: readonly string[], env: Readonly<Record<string, string>>): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: REPO_ROOT, env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}
