// Soak (runs only when named: `npm run bench -- restart`): a `--speed 600` console desk with three running paper
// runs is killed with SIGKILL mid-trade and restarted, CYCLES times. For each restart, real time from the new
// process's spawn to: its answer to a first command (the desk is up), the first new DecisionRecord of any run, and
// a new DecisionRecord of every run that was running (the slowest run: the one whose lease the killed desk held).
// Target: every run resumes within 30 s of every restart.
import type { BenchFigure } from './figure.js';
import { countRows, createSoakDir, DECISIONS, queryRows, SOAK_RUNS, sleep, startDesk, stopDesk, waitFor, type DeskProcess } from './desk-process.js';
import { prng } from './prng.js';

const SPEED = 600;
const CYCLES = Number(process.env.BENCH_RESTART_CYCLES ?? 24);
const TARGET_MS = 30_000;
/** A restart that shows nothing within this long counts as not resumed (its figure is this bound). */
const GIVE_UP_MS = 120_000;

/** Decisions so far per running run. */
function decisionsPerRunningRun(dbPath: string): Map<string, number> {
  const rows = queryRows<{ id: string; n: number }>(
    dbPath,
    `SELECT r.id AS id, count(d.id) AS n FROM "Run" r LEFT JOIN "DecisionRecord" d ON d.runId = r.id WHERE r.status = 'running' GROUP BY r.id`,
  );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

const stats = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { max: sorted.at(-1) ?? GIVE_UP_MS, p50: sorted[Math.floor(sorted.length / 2)] ?? null };
};

export async function benchRestart(): Promise<BenchFigure[]> {
  const soak = createSoakDir('restart');
  const rng = prng(10);
  let desk: DeskProcess | null = null;
  const upMs: number[] = [];
  const firstMs: number[] = [];
  const allMs: number[] = [];
  try {
    desk = startDesk(soak, SPEED);
    for (const line of SOAK_RUNS) desk.send(line);
    if (!(await waitFor(() => countRows(soak.dbPath, DECISIONS) >= 5, GIVE_UP_MS))) throw new Error(`restart: the first desk never traded:\n${desk.err.join('\n')}`);
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // Let it trade a while (2-5 s real: 20-50 bars), then kill it wherever it is: mid-iteration, mid-delivery...
      await sleep(2_000 + Math.floor(rng() * 3_000));
      desk.kill('SIGKILL');
      await desk.exited;
      const before = decisionsPerRunningRun(soak.dbPath);
      const total = countRows(soak.dbPath, DECISIONS);
      const t0 = performance.now();
      const since = (): number => Math.round(performance.now() - t0);
      const started = startDesk(soak, SPEED);
      desk = started;
      // The answer to a command marks the moment the new desk is up (migrated, store open, scheduler started).
      started.send('/runs');
      const up = waitFor(() => started.out.length > 0, GIVE_UP_MS, 20).then((ok) => (ok ? since() : GIVE_UP_MS));
      const first = waitFor(() => countRows(soak.dbPath, DECISIONS) > total, GIVE_UP_MS, 50).then((ok) => (ok ? since() : GIVE_UP_MS));
      const all = waitFor(() => {
        const now = decisionsPerRunningRun(soak.dbPath);
        return [...before].every(([id, n]) => (now.get(id) ?? Infinity) > n);
      }, GIVE_UP_MS, 50).then((ok) => (ok ? since() : GIVE_UP_MS));
      const [u, f, a] = await Promise.all([up, first, all]);
      upMs.push(u);
      firstMs.push(f);
      allMs.push(a);
      process.stderr.write(`restart: cycle ${cycle}/${CYCLES}: desk up after ${u} ms, first decision after ${f} ms, every run after ${a} ms\n`);
    }
  } finally {
    if (desk !== null) await stopDesk(desk, 30_000);
    soak.remove();
  }
  const all = stats(allMs);
  const first = stats(firstMs);
  const common = { cycles: CYCLES, speed: SPEED, runs: SOAK_RUNS.length, target: TARGET_MS };
  return [
    {
      name: 'restart.every_run_resumed.max_ms', value: all.max, unit: 'ms', ...common, p50_ms: all.p50,
      within_target: allMs.filter((ms) => ms <= TARGET_MS).length, per_cycle_ms: allMs, desk_up_ms: upMs,
      meets_target: allMs.every((ms) => ms <= TARGET_MS),
    },
    {
      name: 'restart.first_decision.max_ms', value: first.max, unit: 'ms', ...common, p50_ms: first.p50,
      within_target: firstMs.filter((ms) => ms <= TARGET_MS).length, per_cycle_ms: firstMs, meets_target: firstMs.every((ms) => ms <= TARGET_MS),
    },
  ];
}
