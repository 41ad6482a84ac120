// Memory of the real `tradedesk mcp` server under many distinct symbols: 10,000 `get_bars` calls, each on its own
// simulated symbol, first over Streamable HTTP (`tradedesk mcp --http` with a read-only bearer token), then over
// stdio. The server's resident memory is sampled from /proc/<pid>/status (VmRSS) while the calls run, and its
// high-water mark (VmHWM) read at the end. Target: under 400 MB. A server that passes 3 GB is stopped early (the
// figure then says after how many calls), so a leak cannot take the machine down with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';
import type { BenchFigure } from './figure.js';

const CALLS = 10_000;
const IN_FLIGHT = 4;
const TARGET_MB = 400;
const ABORT_MB = 3072;
const SAMPLE_MS = 100;
const BIN = path.join(ROOT, 'bin', 'tradedesk.js');

export async function benchMcpMemory(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-mcp-'));
  const env = benchEnv(`file:${path.join(dir, 'bench.db')}`);
  try {
    const token = (await runToEnd(['mcp', 'token', '--workspace', 'console:local'], env)).trim();
    return [await overHttp(env, token), await overStdio(env)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The parent's environment minus tradedesk settings, so the server uses the simulated market and this database. */
function benchEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TRADEDESK_') && k !== 'DATABASE_URL') env[k] = v;
  return { ...env, DATABASE_URL: databaseUrl };
}

/** `S00000`, `S00001`, ...: a fresh simulated symbol per call. */
const symbolOf = (i: number): string => `S${String(i).padStart(5, '0')}`;

const callOf = (i: number): object => ({
  jsonrpc: '2.0',
  id: i + 2,
  method: 'tools/call',
  params: { name: 'get_bars', arguments: { symbol: symbolOf(i), timeframe: '1d', max_bars: 100 } },
});

async function overHttp(env: NodeJS.ProcessEnv, token: string): Promise<BenchFigure> {
  const child = spawn(process.execPath, [BIN, 'mcp', '--http', '127.0.0.1:0'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const url = await servingUrl(child);
    const post = async (body: object): Promise<string> => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify(body),
      });
      return res.text();
    };
    const reply = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } });
    if (!reply.includes('"result"')) throw new Error(`mcp --http did not initialize: ${reply.slice(0, 300)}`);
    return await measure('mcp_http', child, (i) => post(callOf(i)));
  } finally {
    child.kill('SIGKILL');
  }
}

async function overStdio(env: NodeJS.ProcessEnv): Promise<BenchFigure> {
  const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = new Map<number, (line: string) => void>();
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const id = /"id":(\d+)/.exec(line)?.[1];
      if (id !== undefined) waiting.get(Number(id))?.(line);
    }
  });
  const send = (message: { id?: number }): Promise<string> => {
    const answered = message.id === undefined ? Promise.resolve('') : new Promise<string>((resolve) => waiting.set(message.id!, resolve));
    child.stdin!.write(`${JSON.stringify(message)}\n`);
    return answered.finally(() => message.id !== undefined && waiting.delete(message.id));
  };
  try {
    const reply = await withExit(child, send({ id: 1, jsonrpc: '2.0', method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } } as { id: number }));
    if (!reply.includes('"result"')) throw new Error(`mcp (stdio) did not initialize: ${reply.slice(0, 300)}`);
    await send({ jsonrpc: '2.0', method: 'notifications/initialized' } as object);
    return await measure('mcp_stdio', child, (i) => withExit(child, send(callOf(i) as { id: number })));
  } finally {
    child.kill('SIGKILL');
  }
}

/** Makes the calls (IN_FLIGHT at a time) while sampling the child's memory; stops early past ABORT_MB. */
async function measure(label: string, child: ChildProcess, call: (i: number) => Promise<string>): Promise<BenchFigure> {
  const pid = child.pid!;
  const startMb = memoryMb(pid).rss;
  let peakMb = startMb;
  let aborted = false;
  const sampler = setInterval(() => {
    const { rss } = memoryMb(pid);
    peakMb = Math.max(peakMb, rss);
    if (rss > ABORT_MB) aborted = true;
  }, SAMPLE_MS);
  let next = 0;
  let done = 0;
  let failed = 0;
  let firstFailure = '';
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < CALLS && !aborted) {
      const reply = await call(next++);
      done++;
      if (!reply.includes('"structuredContent"')) {
        failed++;
        firstFailure ||= reply.slice(0, 300);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  } finally {
    clearInterval(sampler);
  }
  const { rss, hwm } = memoryMb(pid);
  peakMb = Math.max(peakMb, rss, hwm);
  const seconds = (performance.now() - t0) / 1000;
  return {
    name: `${label}.get_bars_${CALLS}_distinct_symbols.peak_rss_mb`,
    value: Math.round(peakMb),
    unit: 'MB',
    target: TARGET_MB,
    meets_target: !aborted && done === CALLS && peakMb < TARGET_MB,
    calls: done,
    failed_calls: failed,
    ...(firstFailure === '' ? {} : { first_failure: firstFailure }),
    ...(aborted ? { aborted_above_mb: ABORT_MB } : {}),
    start_rss_mb: Math.round(startMb),
    end_rss_mb: Math.round(rss),
    seconds: Math.round(seconds * 10) / 10,
  };
}

/** VmRSS and VmHWM of a process, in MB (Linux). */
function memoryMb(pid: number): { rss: number; hwm: number } {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rss: 0, hwm: 0 };
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

function servingUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 100_000) stderr += chunk;
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`tradedesk mcp --http exited ${code} before serving: ${stderr.slice(0, 2000)}`)));
  });
}

/** `promise`, or a rejection if the child exits first. */
function withExit<T>(child: ChildProcess, promise: Promise<T>): Promise<T> {
  if (child.exitCode !== null) return Promise.reject(new Error(`the server exited ${child.exitCode}`));
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the server exited ${code}`));
    child.once('exit', onExit);
    promise.then((v) => { child.off('exit', onExit); resolve(v); }, (e: unknown) => { child.off('exit', onExit); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}

function runToEnd(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`tradedesk ${args.join(' ')} exited ${code}: ${err}`))));
  });
}
