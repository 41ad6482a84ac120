// One desk process plays a role (the Discord gateway session) while it holds the role's database lease; the others
// stand by and ask again every round. The holder renews the lease every `everyMs` (real time), so a holder that dies
// is replaced once its lease expires (or at once when provably gone), and one that stops releases it for a successor.
// A holder that cannot renew in time lays the role down by itself before its lease can expire, so two processes
// never play it at once for longer than a renewal round, even when the database is unreachable.

/** What asking for the lease says: held (taken or renewed) with its fencing token, or refused with who holds it. */
export type ElectionGrant =
  | { readonly kind: 'held'; readonly token: number; readonly takenFrom: string | null }
  | { readonly kind: 'refused'; readonly holder: string };

export type ElectionState =
  /** Holds the lease and is taking the role up (logging in), or trying again after it failed to. */
  | { readonly kind: 'taking-up'; readonly token: number; readonly takenFrom: string | null }
  /** Holds the lease and plays the role. */
  | { readonly kind: 'leading'; readonly token: number }
  /**
   * Another process plays the role (`holder`), or nobody known: this one laid it down because its lease could not be
   * renewed in time (`expired`).
   */
  | { readonly kind: 'following'; readonly holder: string | null }
  | { readonly kind: 'stopped' };

export type ElectionTrouble =
  /** Taking the role up failed; `first` of a streak (log it once); tried again after `retryInMs`, lease kept. */
  | { readonly kind: 'take-up-failed'; readonly error: unknown; readonly first: boolean; readonly retryInMs: number }
  /** Asking for the lease failed (the database); the next round asks again. `first` of a streak. */
  | { readonly kind: 'lease-failed'; readonly error: unknown; readonly first: boolean }
  /** Stopping: giving the lease back failed (a successor waits for its expiry instead). */
  | { readonly kind: 'release-failed'; readonly error: unknown };

export interface ElectionDeps {
  /** Takes or renews the lease for this process (one compare-and-set). */
  acquire(): Promise<ElectionGrant>;
  /** Gives the lease back if this process still holds it. */
  release(): Promise<void>;
  /** Takes the role up (logs in); resolves once playing it, rejects when it could not. */
  lead(token: number): Promise<void>;
  /** Lays the role down (closes the session); safe to call when not playing it; never rejects. */
  follow(): Promise<void>;
  /** Real epoch ms. */
  realNow(): number;
  readonly ttlMs: number;
  /** Real ms between rounds; well under `ttlMs`. */
  readonly everyMs: number;
  /** First wait before taking the role up again after a failure, doubled each time up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Every change of state: the hand-overs to log. */
  onState(state: ElectionState): void;
  onTrouble(trouble: ElectionTrouble): void;
}

export interface Election {
  state(): ElectionState;
  /**
   * Stops the rounds, lays the role down and then releases the lease (the session is closed before a successor can
   * take over); resolves once done.
   */
  stop(): Promise<void>;
}

export const DEFAULT_ELECTION_TTL_MS = 20_000;
export const DEFAULT_ELECTION_EVERY_MS = 5_000;
const DEFAULT_MAX_RETRY_MS = 60_000;

/**
 * The first round, then one every `everyMs`. Resolves once this process plays the role (it won and took it up) or
 * stands by; rejects when it won but could not take the role up (a start error: nothing kept, the lease released)
 * or could not ask for the lease at all. Later, a failure to take the role up is tried again with backoff, keeping
 * the lease: the desk goes on without the role meanwhile.
 */
export async function startElection(deps: ElectionDeps): Promise<Election> {
  const margin = Math.min(deps.everyMs, deps.ttlMs / 4);
  const retryMs = deps.retryMs ?? deps.everyMs;
  const maxRetryMs = deps.maxRetryMs ?? DEFAULT_MAX_RETRY_MS;
  let state: ElectionState = { kind: 'following', holder: null };
  /** Whether the lease may be this process's (held at the last answer, not given back). */
  let holding = false;
  let stopped = false;
  /** Bumped at every step down: a take-up of an earlier term that finishes late changes nothing. */
  let term = 0;
  let roundTimer: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let round: Promise<void> | null = null;
  /** Rounds in a row whose question failed. */
  let leaseFailures = 0;
  /** Wakes a take-up waiting to try again (stop, step down). */
  let wake: () => void = () => undefined;

  const setState = (next: ElectionState): void => {
    state = next;
    deps.onState(next);
  };
  const playing = (): boolean => state.kind === 'taking-up' || state.kind === 'leading';

  async function stepDown(holder: string | null): Promise<void> {
    term += 1;
    clearTimeout(deadline);
    wake();
    setState({ kind: 'following', holder });
    await deps.follow();
  }

  /** The lease runs out at `until` unless renewed: lay the role down a margin before another process may take it. */
  function armDeadline(until: number): void {
    clearTimeout(deadline);
    deadline = setTimeout(() => {
      if (playing()) void stepDown(null);
    }, Math.max(0, until - margin - deps.realNow()));
    deadline.unref?.();
  }

  /** Takes the role up under this term, trying again with backoff while it fails (unless `once`: the start). */
  async function takeUp(token: number, takenFrom: string | null, once: boolean): Promise<void> {
    const mine = term;
    setState({ kind: 'taking-up', token, takenFrom });
    for (let failures = 0; ; ) {
      try {
        await deps.lead(token);
        if (mine === term && !stopped) setState({ kind: 'leading', token });
        // Laid down while it was being taken up: close what the late take-up opened.
        else await deps.follow();
        return;
      } catch (error) {
        if (once) throw error;
        if (mine !== term || stopped) return;
        failures += 1;
        const waitMs = Math.min(maxRetryMs, retryMs * 2 ** (failures - 1));
        deps.onTrouble({ kind: 'take-up-failed', error, first: failures === 1, retryInMs: waitMs });
        await deps.follow();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          timer.unref?.();
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (mine !== term || stopped) return;
      }
    }
  }

  /** One round: renew or take the lease, and follow what it says. Resolves with a take-up to await (the start's). */
  async function ask(): Promise<{ token: number; takenFrom: string | null } | null> {
    const askedAt = deps.realNow();
    const grant = await deps.acquire();
    leaseFailures = 0;
    if (stopped) return null;
    if (grant.kind === 'refused') {
      holding = false;
      if (playing()) await stepDown(grant.holder);
      else if (state.kind !== 'following' || state.holder !== grant.holder) setState({ kind: 'following', holder: grant.holder });
      return null;
    }
    holding = true;
    const until = askedAt + deps.ttlMs;
    // Granted too late to rely on (the answer took most of the lease): the next round renews it.
    if (deps.realNow() >= until - margin) return null;
    armDeadline(until);
    return playing() ? null : { token: grant.token, takenFrom: grant.takenFrom };
  }

  const schedule = (): void => {
    if (stopped) return;
    roundTimer = setTimeout(() => {
      round = ask()
        .then((won) => {
          if (won !== null) void takeUp(won.token, won.takenFrom, false);
        }, (error: unknown) => {
          leaseFailures += 1;
          deps.onTrouble({ kind: 'lease-failed', error, first: leaseFailures === 1 });
        })
        .finally(() => {
          round = null;
          schedule();
        });
    }, deps.everyMs);
    roundTimer.unref?.();
  };

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    clearTimeout(roundTimer);
    clearTimeout(deadline);
    wake();
    // A round stuck on the database is not waited for long: its answer is ignored once stopped.
    await atMost(round, deps.everyMs);
    term += 1;
    await deps.follow();
    if (holding) {
      holding = false;
      // Nor a release: unanswered, the lease runs out by itself.
      await atMost(deps.release().catch((error: unknown) => deps.onTrouble({ kind: 'release-failed', error })), deps.everyMs);
    }
    setState({ kind: 'stopped' });
  }

  const won = await ask();
  schedule();
  if (won !== null) {
    try {
      await takeUp(won.token, won.takenFrom, true);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { state: () => state, stop };
}

/** Waits for `promise` (which must not reject), but no longer than `ms`. */
async function atMost(promise: Promise<void> | null, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  })]);
  clearTimeout(timer);
}
