// Scale (runs only when named: `npm run bench -- postgres-desks`): BENCH_PG_DESKS (3) `tradedesk start` processes on
// one embedded PostgreSQL (fsync and synchronous commits on), BENCH_PG_RUNS (1,000) running paper runs of 5 symbols
// each on 1-minute simulated bars, at real time, for BENCH_PG_MINUTES (8) minutes of bar closes once every run
// exists. The runs are started through the desks' own consoles, spread over the desks. In the middle one desk is
// killed with SIGKILL while it iterates. That desk runs in a PID namespace of its own (`unshare`, when this machine
// allows it), so the others cannot prove it dead: they wait for its leases to expire, as desks on other hosts would.
// With TRADEDESK_DEBUG=1 every desk logs each close it iterated and each notification it delivered, so:
// - every (run, close) in the measured window has exactly one DecisionRecord (none missed), committed within its bar;
// - no (run, close) was committed by two desks; no notification was delivered twice; none is left undelivered;
// - figures: iterations per second while a close is swept, the commit latency (bar close to committed decision:
//   p50, p95, max) per phase, and the takeover time (kill to the last decision of the killed desk's leased runs).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { collectLines, deskLogLine, ROOT, sleep } from './desk-process.js';
import { quantile, round2, type BenchFigure } from './figure.js';

const RUNS = Number(process.env.BENCH_PG_RUNS ?? 1_000);
const DESKS = Number(process.env.BENCH_PG_DESKS ?? 3);
const MINUTES = Number(process.env.BENCH_PG_MINUTES ?? 8);
const BAR_MS = 60_000;
const SYMBOLS_PER_RUN = 5;
/** 40 simulated symbols; run i trades 5 of them (a window sliding by 3), so runs share symbols as a team's would. */
const POOL = Array.from({ length: 40 }, (_, i) => `SIM-${i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`}`);
const STRATEGIES = [
  'strategy:mean-reversion',
  'strategy:trend-following params:fast=5,slow=20',
  'strategy:bollinger-bands',
  'strategy:breakout',
  'strategy:momentum-rotation',
];

const ITERATED = /^Run #(\d+) \((.*)\) at the (\S+) close: (committed|skipped|failed)/;
const DELIVERED = /^delivered notification (\S+)$/;
/** A close tried again at the next tick (a serialization failure, a lease race; logged once per run until it works), and one given up on. */
const RETRIED = /^Run #\d+ \(.*\): (?:iteration at|could not take the lease for) the (\S+) close/;
const GAVE_UP = /gave up on the (\S+) close/;

interface Desk {
  readonly name: string;
  readonly child: ChildProcess;
  readonly err: string[];
  readonly out: string[];
  readonly exited: Promise<number | null>;
  send(line: string): void;
}

/** `unshare` gives the desk a PID namespace of its own (root only); null when this machine cannot. */
function isolatedPrefix(): string[] | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const probe = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL', 'true']);
  return probe.status === 0 ? ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL'] : null;
}

function startDesk(name: string, dir: string, url: string, prefix: string[] | null): Desk {
  const argv = [process.execPath, path.join(ROOT, 'bin', 'tradedesk.js'), 'start'];
  const [cmd, ...args] = prefix === null ? argv : [...prefix, ...argv];
  const child = spawn(cmd!, args, {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: url, TRADEDESK_MARKET: 'sim', TRADEDESK_DEBUG: '1', TRADEDESK_LOG_FORMAT: 'json' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const err: string[] = [];
  const out: string[] = [];
  collectLines(child.stdout, out);
  collectLines(child.stderr, err);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name, child, err, out, exited, send: (line) => void child.stdin?.write(`${line}\n`) };
}

async function stopDesk(desk: Desk, graceMs: number): Promise<void> {
  desk.child.stdin?.end();
  const timer = setTimeout(() => desk.child.kill('SIGKILL'), graceMs);
  await desk.exited;
  clearTimeout(timer);
}

async function startPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'tests', 'helpers', 'postgres-process.mjs'), '--durable'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`postgres-desks: PostgreSQL did not start (exit ${code})`)));
  });
  return { url, stop: async () => { child.stdin!.end(); await exited; } };
}

const stats = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? { p50: null, p95: null, max: null } : { p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s.at(-1)! };
};

export async function benchPostgresDesks(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-bench-pg-'));
  const server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE desk');
  await admin.end();
  const url = new URL(server.url);
  url.pathname = '/desk';
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const count = async (sql: string, ...params: unknown[]): Promise<number> => Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
  const migrate = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tradedesk.js'), 'db', 'migrate'], { env: { ...process.env, DATABASE_URL: url.toString() }, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`postgres-desks: db migrate failed:\n${migrate.stdout}${migrate.stderr}`);

  const isolated = isolatedPrefix();
  const victimIndex = 1;
  const desks: Desk[] = Array.from({ length: DESKS }, (_, i) => startDesk(`desk ${i + 1}`, dir, url.toString(), i === victimIndex ? isolated : null));
  const alive = new Set(desks);
  let killedAt = 0;
  let killedLeases: string[] = [];
  const figures: BenchFigure[] = [];
  try {
    // Spread the run starts over the desks' consoles, as a team's members would type them in different processes.
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const symbols = Array.from({ length: SYMBOLS_PER_RUN }, (_, k) => POOL[(i * 3 + k) % POOL.length]).join(',');
      desks[i % DESKS]!.send(`/run start ${STRATEGIES[i % STRATEGIES.length]} symbols:${symbols} timeframe:1m`);
    }
    for (;;) {
      const n = await count(`SELECT count(*) AS n FROM "Run" WHERE status = 'running'`);
      if (n >= RUNS) break;
      if (performance.now() - t0 > 15 * 60_000) throw new Error(`postgres-desks: only ${n} of ${RUNS} runs started in 15 minutes`);
      const dead = desks.find((d) => d.child.exitCode !== null);
      if (dead !== undefined) throw new Error(`postgres-desks: ${dead.name} exited:\n${dead.err.slice(-20).join('\n')}`);
      await sleep(1_000);
    }
    const seededS = (performance.now() - t0) / 1_000;
    process.stderr.write(`postgres-desks: ${RUNS} runs started in ${seededS.toFixed(1)} s over ${DESKS} desks\n`);
    // The measured closes: from the first close after every run exists, MINUTES of them.
    const firstClose = Math.ceil(Date.now() / BAR_MS) * BAR_MS + BAR_MS;
    const lastClose = firstClose + (MINUTES - 1) * BAR_MS;
    const killClose = firstClose + Math.floor(MINUTES / 2) * BAR_MS;
    // Kill the victim in the sweep of the middle close, at the first moment (from 2 s in) it holds run leases: the
    // others' pids are the ones spawned, so a live lease held by any other pid is the victim's.
    await sleep(Math.max(0, killClose + 2_000 - Date.now()));
    const victim = desks[victimIndex]!;
    const others = new Set(desks.filter((d) => d !== victim).map((d) => String(d.child.pid)));
    const victimLeases = async (): Promise<string[]> => (await db.query<{ runId: string; holder: string }>(`SELECT "runId", holder FROM "RunLease" WHERE "expiresAt" > now()`)).rows
      .filter((r) => { const pid = /^desk:.+:(\d+):[0-9a-f]+/.exec(r.holder)?.[1]; return pid !== undefined && !others.has(pid); })
      .map((r) => r.runId);
    // A lease over a close the victim already committed (between its commit and its release) leaves nothing to take
    // over: only runs whose close is still undecided count.
    const undecided = async (runIds: string[]): Promise<string[]> => {
      const decided = new Set((await db.query<{ runId: string }>(
        `SELECT "runId" FROM "DecisionRecord" WHERE "runId" = ANY($1) AND (inputs->>'barClose')::bigint = $2`, [runIds, killClose],
      )).rows.map((r) => r.runId));
      return runIds.filter((runId) => !decided.has(runId));
    };
    for (let i = 0; i < 200 && (await undecided(await victimLeases())).length === 0; i++) await sleep(50);
    victim.child.kill('SIGKILL');
    killedAt = Date.now();
    alive.delete(victim);
    await victim.exited;
    const held = await victimLeases();
    killedLeases = await undecided(held);
    process.stderr.write(`postgres-desks: killed ${victim.name} (${isolated === null ? 'same PID namespace' : 'own PID namespace'}) at +${killedAt - killClose} ms into the ${new Date(killClose).toISOString()} close; it held ${held.length} run leases, ${killedLeases.length} of them over a close still undecided\n`);
    // Then the rest of the window, plus one bar for the last close to be swept.
    await sleep(Math.max(0, lastClose + BAR_MS - Date.now()));
    for (const d of alive) await stopDesk(d, 60_000);
    alive.clear();

    // What the database says.
    const decisions = (await db.query<{ runId: string; close: string; created: Date }>(
      `SELECT d."runId", (d.inputs->>'barClose') AS close, d."createdAt" AS created FROM "DecisionRecord" d WHERE (d.inputs->>'barClose')::bigint BETWEEN $1 AND $2`,
      [firstClose, lastClose],
    )).rows;
    const runIds = (await db.query<{ id: string }>(`SELECT id FROM "Run" WHERE status IN ('running', 'paused', 'halted')`)).rows.map((r) => r.id);
    const perClose = new Map<number, { created: number[]; runs: Set<string> }>();
    for (const d of decisions) {
      const close = Number(d.close);
      const entry = perClose.get(close) ?? { created: [], runs: new Set<string>() };
      entry.created.push(d.created.getTime());
      entry.runs.add(d.runId);
      perClose.set(close, entry);
    }
    const closes = Array.from({ length: MINUTES }, (_, i) => firstClose + i * BAR_MS);
    const missing = closes.map((c) => runIds.length - (perClose.get(c)?.runs.size ?? 0));
    const latency = (which: (c: number) => boolean) => decisions.filter((d) => which(Number(d.close))).map((d) => d.created.getTime() - Number(d.close));
    const sweeps = closes.map((c) => {
      const created = perClose.get(c)?.created ?? [];
      return created.length === 0 ? null : Math.max(...created) - c;
    });
    const lateOrMissing = decisions.filter((d) => d.created.getTime() - Number(d.close) >= BAR_MS).length + missing.reduce((a, b) => a + b, 0);
    const takeover = killedLeases.length === 0 ? null : Math.max(...(await db.query<{ created: Date }>(
      `SELECT "createdAt" AS created FROM "DecisionRecord" WHERE "runId" = ANY($1) AND (inputs->>'barClose')::bigint = $2`, [killedLeases, killClose],
    )).rows.map((r) => r.created.getTime() - killedAt));

    // What the desks' logs say.
    const committedBy = new Map<string, string[]>();
    let retried = 0;
    let gaveUp = 0;
    const inWindow = (iso: string): boolean => Date.parse(iso) >= firstClose && Date.parse(iso) <= lastClose;
    const deliveredBy = new Map<string, string[]>();
    for (const d of desks) {
      for (const line of d.err) {
        const entry = deskLogLine(line);
        if (entry === null) continue;
        const msg = entry.msg;
        const it = ITERATED.exec(msg);
        if (it !== null && it[4] === 'committed') {
          const key = `${it[2]}#${it[1]}@${Date.parse(it[3]!)}`;
          committedBy.set(key, [...(committedBy.get(key) ?? []), d.name]);
        }
        const again = RETRIED.exec(msg);
        if (again !== null && inWindow(again[1]!)) retried++;
        const given = GAVE_UP.exec(msg);
        if (given !== null && inWindow(given[1]!)) gaveUp++;
        const dl = DELIVERED.exec(msg);
        if (dl !== null) deliveredBy.set(dl[1]!, [...(deliveredBy.get(dl[1]!) ?? []), d.name]);
      }
    }
    const doubleIterations = [...committedBy.values()].filter((by) => by.length > 1).length;
    const doubleDeliveries = [...deliveredBy.values()].filter((by) => by.length > 1).length;
    const undelivered = await count(`SELECT count(*) AS n FROM "Notification" WHERE status NOT IN ('delivered', 'suppressed')`);
    const notifications = await count(`SELECT count(*) AS n FROM "Notification" WHERE status = 'delivered'`);
    const before = latency((c) => c < killClose);
    const after = latency((c) => c >= killClose);
    const sweepRate = closes.map((c, i) => (sweeps[i] === null ? 0 : (perClose.get(c)?.created.length ?? 0) / (sweeps[i]! / 1_000)));
    const common = { desks: DESKS, runs: RUNS, symbols_per_run: SYMBOLS_PER_RUN, timeframe: '1m', closes: MINUTES };
    const all = stats(latency(() => true));
    figures.push(
      { name: 'postgres_desks.iterations_per_s', value: round2(Math.min(...sweepRate.filter((r) => r > 0))), unit: 'iterations/s', ...common,
        per_close: sweepRate.map(round2), note: 'per close: its decisions / (its last commit - the bar close); value: the slowest close' },
      { name: 'postgres_desks.commit_latency.p95_ms', value: all.p95 ?? -1, unit: 'ms', ...common, p50_ms: all.p50, max_ms: all.max,
        before_kill: stats(before), from_kill_close: stats(after), sweep_ms_per_close: sweeps },
      { name: 'postgres_desks.takeover_after_kill_ms', value: takeover ?? -1, unit: 'ms', ...common,
        victim: isolated === null ? 'same PID namespace (proved gone at once)' : 'own PID namespace (waits out the lease, as another host)',
        leases_held_at_kill: killedLeases.length, kill_into_close_ms: killedAt - killClose, target_ms: 30_000 },
      { name: 'postgres_desks.correctness', value: lateOrMissing + doubleIterations + doubleDeliveries + undelivered + gaveUp, unit: 'faults', ...common,
        gave_up: gaveUp, retried_closes: retried,
        decisions: decisions.length, expected: runIds.length * MINUTES, missing_per_close: missing, late: lateOrMissing - missing.reduce((a, b) => a + b, 0),
        double_iterations: doubleIterations, notifications_delivered: notifications, double_deliveries: doubleDeliveries, undelivered, seed_s: round2(seededS) },
    );
    for (const d of desks) {
      const errors = d.err.map((line) => deskLogLine(line) ?? { level: 'info', msg: line }).filter((e) => e.level !== 'debug').map((e) => e.msg);
      if (errors.length > 0) process.stderr.write(`${d.name} log (${errors.length} lines, first 15):\n${errors.slice(0, 15).map((m) => `  ${m}`).join('\n')}\n`);
    }
  } finally {
    for (const d of alive) d.child.kill('SIGKILL');
    await db.end().catch(() => undefined);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
