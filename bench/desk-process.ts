// Soak helpers: real `tradedesk console` processes on one temporary SQLite file, and a read-only view of that file.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** The repo root: the nearest folder above this file with bin/tradedesk.js (this file also runs bundled from dist/). */
export const ROOT = (() => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'tradedesk.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('bench/desk-process.ts: cannot find bin/tradedesk.js above this file');
  }
})();

export interface DeskProcess {
  readonly pid: number;
  readonly out: string[];
  readonly err: string[];
  /** Writes one console line (a command). */
  send(line: string): void;
  /** Ends the console input: the desk finishes its work and exits. */
  endInput(): void;
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

export interface SoakDir {
  readonly dir: string;
  readonly dbPath: string;
  /** Always given to the desk explicitly, so a sped-up desk never picks a database of its own. */
  readonly databaseUrl: string;
  remove(): void;
}

export function createSoakDir(label: string): SoakDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tradedesk-bench-${label}-`));
  const dbPath = path.join(dir, 'desk.db');
  return { dir, dbPath, databaseUrl: `file:${dbPath}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `node bin/tradedesk.js console --speed <speed>` with piped input kept open until `endInput()`. */
export function startDesk(soak: SoakDir, speed: number, extraEnv: Readonly<Record<string, string>> = {}): DeskProcess {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'tradedesk.js'), 'console', '--speed', String(speed)], {
    cwd: soak.dir,
    // JSON log lines (what a pipe gets anyway), whatever the shell running the bench set: deskLogLine reads them.
    env: { ...process.env, DATABASE_URL: soak.databaseUrl, TRADEDESK_MARKET: 'sim', TRADEDESK_LOG_FORMAT: 'json', ...extraEnv },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  collectLines(child.stdout, out);
  collectLines(child.stderr, err);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    pid: child.pid ?? -1,
    out,
    err,
    send: (line) => {
      child.stdin?.write(`${line}\n`);
    },
    endInput: () => {
      child.stdin?.end();
    },
    kill: (signal) => {
      child.kill(signal);
    },
    exited,
  };
}

export function collectLines(stream: NodeJS.ReadableStream | null, into: string[]): void {
  if (stream === null) return;
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    into.push(...parts);
  });
  stream.on('end', () => {
    if (rest !== '') into.push(rest);
  });
}

/** One line of a desk's log: its level and message. */
export interface DeskLogLine {
  readonly level: string;
  readonly msg: string;
}

/**
 * A desk's stderr line as a log entry: a JSON line (the desk's log when stderr is not a terminal), or an earlier
 * version's `[desk] ...` text line (`[desk] debug: ...` at the debug level); null for any other line.
 */
export function deskLogLine(line: string): DeskLogLine | null {
  if (line.startsWith('{')) {
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown };
      if (typeof entry.level === 'string' && typeof entry.msg === 'string') return { level: entry.level, msg: entry.msg };
    } catch {
      return null;
    }
    return null;
  }
  if (!line.startsWith('[desk] ')) return null;
  const text = line.slice('[desk] '.length);
  return text.startsWith('debug: ') ? { level: 'debug', msg: text.slice('debug: '.length) } : { level: 'info', msg: text };
}

/** Stops a desk for good: its input ends, and a desk still running after `graceMs` is killed. */
export async function stopDesk(desk: DeskProcess, graceMs: number): Promise<number | null> {
  desk.endInput();
  const timer = setTimeout(() => desk.kill('SIGKILL'), graceMs);
  try {
    return await desk.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the desk's database while desks write it (WAL: a reader never blocks them). */
export function countRows(dbPath: string, sql: string, ...params: unknown[]): number {
  if (!existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const row = db.prepare(sql).get(...params) as { n: number | bigint } | undefined;
    return Number(row?.n ?? 0);
  } catch {
    return 0; // not migrated yet
  } finally {
    db.close();
  }
}

export function queryRows<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `everyMs` until it returns true; false when `timeoutMs` passed first. */
export async function waitFor(probe: () => boolean, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (probe()) return true;
    if (performance.now() >= until) return false;
    await sleep(everyMs);
  }
}

/** Three paper runs on 1-minute simulated bars, as the README's quick start creates them. */
export const SOAK_RUNS = [
  '/run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m',
  '/run start strategy:trend-following symbols:SIM-C timeframe:1m params:fast=5,slow=20',
  '/run start strategy:mean-reversion symbols:SIM-D,SIM-E timeframe:1m',
];

export const DECISIONS = 'SELECT count(*) AS n FROM "DecisionRecord"';
