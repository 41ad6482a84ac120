// GET /readyz: a desk process is ready when its database answers, every migration of this build is applied there,
// and every chat platform it was configured to connect is connected. Each check answers within a timeout, concurrent
// probes share one query, and the migration history (which only a deploy changes) is read at most every few seconds.
import type { Result } from '../../core/domain/result.js';
import type { MigrationStatus } from '../../store/migrations/migration-status.js';
import { redactUrl } from '../../store/db/database-kind.js';
import { withTimeout } from './timeout.js';

export interface Check {
  readonly ok: boolean;
  /** One line, never a secret. */
  readonly reason: string;
}

export interface Readiness {
  readonly ready: boolean;
  /** `database`, `migrations`, then one per configured platform (`discord`, `slack`). */
  readonly checks: Readonly<Record<string, Check>>;
}

/** A chat platform this process was configured to connect, as it is now. */
export interface PlatformState {
  readonly name: string;
  readonly connected: boolean;
  /** Why not, or how (one line). */
  readonly detail: string;
}

export interface ReadinessOptions {
  /** The database as messages name it (its URL, redacted). */
  readonly database: string;
  /** A trivial query through the store. */
  pingDatabase(): Promise<Result<void>>;
  /** The store's migration history planned against this build's migrations. */
  migrations(): Promise<Result<MigrationStatus>>;
  platforms(): readonly PlatformState[];
  /** Wall-clock ms, for the migration check's cache. */
  now(): number;
  /** Per check (default 2 s). */
  readonly timeoutMs?: number;
  /** How long an answered migration check is reused (default 10 s). */
  readonly migrationsTtlMs?: number;
}

const MAX_REASON = 300;

/** One line, the password of every URL in it hidden (a driver's message may quote the URL), bounded. */
const line = (text: string): string => {
  const one = text.split(/\s+/).filter((word) => word !== '').map(redactUrl).join(' ');
  return one.length > MAX_REASON ? `${one.slice(0, MAX_REASON - 1)}…` : one;
};

/** Runs `probe` once for every caller that arrives while it is in flight. */
function singleFlight<T>(probe: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => (inFlight ??= probe().finally(() => {
    inFlight = null;
  }));
}

export function createReadiness(o: ReadinessOptions): { check(): Promise<Readiness> } {
  const timeoutMs = o.timeoutMs ?? 2_000;
  const ttlMs = o.migrationsTtlMs ?? 10_000;
  const seconds = `${timeoutMs / 1_000} s`;
  const ping = singleFlight(() => o.pingDatabase().catch((err: unknown): Result<void> => ({ ok: false, error: { code: 'db.unreachable', message: String(err) } })));
  const readMigrations = singleFlight(() => o.migrations().catch((err: unknown): Result<MigrationStatus> => ({ ok: false, error: { code: 'db.migration_table', message: String(err) } })));
  let cached: { readonly at: number; readonly check: Check } | null = null;

  async function database(): Promise<Check> {
    const res = await withTimeout(ping(), timeoutMs);
    if (res === null) return { ok: false, reason: line(`${o.database} did not answer within ${seconds}`) };
    return res.ok ? { ok: true, reason: line(`${o.database} answers`) } : { ok: false, reason: line(`${o.database}: ${res.error.message}`) };
  }

  async function migrations(): Promise<Check> {
    if (cached !== null && o.now() - cached.at < ttlMs) return cached.check;
    const res = await withTimeout(readMigrations(), timeoutMs);
    if (res === null) return { ok: false, reason: `the migration history did not answer within ${seconds}` };
    // An answer (applied, pending or refused) stands for a while; a failure to read is asked again next time.
    if (!res.ok && res.error.code === 'db.migration_table') return { ok: false, reason: line(res.error.message) };
    const check = !res.ok ? { ok: false, reason: line(res.error.message) }
      : res.value.pending.length === 0 ? { ok: true, reason: `all ${res.value.applied} applied` }
        : { ok: false, reason: line(`${res.value.pending.length} pending (${pendingNames(res.value.pending)}): tradedesk db migrate applies them`) };
    cached = { at: o.now(), check };
    return check;
  }

  return {
    async check() {
      const [db, migrated] = await Promise.all([database(), migrations()]);
      const checks: Record<string, Check> = { database: db, migrations: migrated };
      for (const p of o.platforms()) checks[p.name] = { ok: p.connected, reason: line(p.detail) };
      return { ready: Object.values(checks).every((c) => c.ok), checks };
    },
  };
}

function pendingNames(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
