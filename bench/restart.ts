// Soak (runs only when named: `npm run bench -- restart`): a `--speed 600` console desk with three running paper
// runs is killed with SIGKILL mid-trade and restarted, CYCLES times. Each restart's figure is the real time from
// the new process's spawn to the first new DecisionRecord in the database. Target: every restart within 30 s.
import type { BenchFigure } from './figure.js';
import { countRows, createSoakDir, DECISIONS, SOAK_RUNS, sleep, startDesk, stopDesk, waitFor, type DeskProcess } from './desk-process.js';
import { prng } from './prng.js';

const SPEED = 600;
const CYCLES = Number(process.env.BENCH_RESTART_CYCLES ?? 24);
const TARGET_MS = 30_000;
/** A restart that shows nothing within this long counts as not resumed (its figure is this bound). */
const GIVE_UP_MS = 120_000;

export async function benchRestart(): Promise<BenchFigure[]> {
  const soak = createSoakDir('restart');
  const rng = prng(10);
  let desk: DeskProcess | null = null;
  const resumeMs: number[] = [];
  try {
    desk = startDesk(soak, SPEED);
    for (const line of SOAK_RUNS) desk.send(line);
    if (!(await waitFor(() => countRows(soak.dbPath, DECISIONS) >= 5, GIVE_UP_MS))) throw new Error(`restart: the first desk never traded:\n${desk.err.join('\n')}`);
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // Let it trade a while (2-5 s real: 20-50 bars), then kill it wherever it is: mid-iteration, mid-delivery...
      await sleep(2_000 + Math.floor(rng() * 3_000));
      desk.kill('SIGKILL');
      await desk.exited;
      const before = countRows(soak.dbPath, DECISIONS);
      const t0 = performance.now();
      desk = startDesk(soak, SPEED);
      const resumed = await waitFor(() => countRows(soak.dbPath, DECISIONS) > before, GIVE_UP_MS, 50);
      resumeMs.push(resumed ? Math.round(performance.now() - t0) : GIVE_UP_MS);
      process.stderr.write(`restart: cycle ${cycle}/${CYCLES}: ${resumed ? `first decision after ${resumeMs.at(-1)} ms` : 'no decision'}\n`);
    }
  } finally {
    if (desk !== null) await stopDesk(desk, 30_000);
    soak.remove();
  }
  const sorted = [...resumeMs].sort((a, b) => a - b);
  const resumedCount = resumeMs.filter((ms) => ms < GIVE_UP_MS).length;
  const max = sorted.at(-1) ?? GIVE_UP_MS;
  return [
    {
      name: 'restart.resume_after_kill.max_ms', value: max, unit: 'ms', cycles: CYCLES, resumed: resumedCount,
      within_target: resumeMs.filter((ms) => ms <= TARGET_MS).length, p50_ms: sorted[Math.floor(sorted.length / 2)] ?? null,
      per_cycle_ms: resumeMs, speed: SPEED, runs: SOAK_RUNS.length, target: TARGET_MS, meets_target: resumedCount === CYCLES && max <= TARGET_MS,
    },
  ];
}
