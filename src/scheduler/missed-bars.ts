/**
 * Missed bar closes, summarised. A desk that cannot keep up with a fast clock (`--speed 600` on a small machine)
 * misses a close or two on most ticks; one line each would flood the console. The first gap after a quiet window
 * is logged at once with its range; later ones are counted per run and logged as one line per window.
 */
export interface MissedBars {
  /** `count` closes of the run labelled `run` were skipped between `from` and `to` (desk clock ms). */
  add(run: string, count: number, atLeast: boolean, from: number, to: number): void;
  /** Logs the counts gathered once the window since the last line has passed; `force` logs them now (at stop). */
  flush(force?: boolean): void;
}

export interface MissedBarsOptions {
  log(line: string): void;
  /** Real (wall-clock) ms: the window is real time, whatever the desk clock's speed. */
  realNow(): number;
  readonly windowMs: number;
}

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
/** A line names at most this many runs. */
const MAX_NAMED = 6;

export function createMissedBars(opts: MissedBarsOptions): MissedBars {
  const counts = new Map<string, { count: number; atLeast: boolean }>();
  let lastLineAt: number | null = null;
  let since = 0;
  const quiet = (): boolean => lastLineAt === null || opts.realNow() - lastLineAt >= opts.windowMs;

  function logged(): void {
    lastLineAt = opts.realNow();
  }

  return {
    add(run, count, atLeast, from, to) {
      if (count <= 0) return;
      if (counts.size === 0 && quiet()) {
        opts.log(`${run}: missed ${atLeast ? 'at least ' : ''}${count} bar(s) between ${iso(from)} and ${iso(to)}; trading resumes at the latest close`);
        logged();
        return;
      }
      if (counts.size === 0) since = lastLineAt ?? opts.realNow();
      const held = counts.get(run) ?? { count: 0, atLeast: false };
      counts.set(run, { count: held.count + count, atLeast: held.atLeast || atLeast });
    },
    flush(force = false) {
      if (counts.size === 0 || (!force && !quiet())) return;
      const seconds = Math.max(1, Math.round((opts.realNow() - since) / 1_000));
      const runs = [...counts.entries()].map(([run, c]) => `${run} ${c.atLeast ? 'at least ' : ''}${c.count}`);
      const named = runs.length > MAX_NAMED ? [...runs.slice(0, MAX_NAMED), `${runs.length - MAX_NAMED} more run(s)`] : runs;
      opts.log(`missed bars in the last ${seconds} s (the desk fell behind its clock; each run trades at its latest close): ${named.join(', ')}`);
      counts.clear();
      logged();
    },
  };
}
