// TRADEDESK_HTTP for a desk process: its metrics registry, its readiness checks and the HTTP server that serves them,
// started before the desk connects anything (a port in use stops the start at once) and closed when the desk stops.
// Loaded only when TRADEDESK_HTTP is set, so a desk without it never loads prom-client.
import type { Store } from '../../store/db/client.js';
import { redactUrl } from '../../store/db/database-kind.js';
import { pingDatabase } from '../../store/db/health.js';
import { migrationFilesOf, migrationStatus } from '../../store/migrations/migration-status.js';
import { oldestDueNotificationAt } from '../../store/outbox/backlog.js';
import type { DeskMetrics } from './counters.js';
import { createDeskRegistry } from './desk-metrics.js';
import { OPS_PATHS, startOpsHttp } from './http.js';
import { createReadiness, type PlatformState } from './readiness.js';

export interface DeskOps {
  readonly metrics: DeskMetrics;
  /** For the start banner: `http         /healthz /readyz /metrics on http://127.0.0.1:9464` (the bound port). */
  readonly line: string;
  /** Readiness asks this from now on; until then each configured platform is "connecting". */
  setPlatforms(states: () => readonly PlatformState[]): void;
  close(): Promise<void>;
}

export interface DeskOpsOptions {
  readonly listen: { readonly host: string; readonly port: number };
  readonly store: Store;
  readonly databaseUrl: string;
  /** The chat platforms this process will connect (`discord`, `slack`). */
  readonly platforms: readonly string[];
  /** The desk clock (the outbox's times). */
  deskNow(): number;
  log(line: string): void;
}

export async function startDeskOps(o: DeskOpsOptions): Promise<DeskOps> {
  const desk = createDeskRegistry({ oldestDueAt: () => oldestDueNotificationAt(o.store.prisma, o.deskNow()), now: o.deskNow });
  let files: ReturnType<typeof migrationFilesOf> | null = null;
  let platforms = (): readonly PlatformState[] => o.platforms.map((name) => ({ name, connected: false, detail: 'connecting' }));
  const readiness = createReadiness({
    database: redactUrl(o.databaseUrl),
    pingDatabase: () => pingDatabase(o.store.prisma),
    migrations: async () => {
      const loaded = await (files ??= migrationFilesOf(o.store.kind));
      return loaded.ok ? migrationStatus(o.store, loaded.value) : loaded;
    },
    platforms: () => platforms(),
    now: () => Date.now(),
  });
  const server = await startOpsHttp({ ...o.listen, readiness: () => readiness.check(), scrape: () => desk.scrape(), log: (line) => o.log(`http: ${line}`) });
  return {
    metrics: desk.metrics,
    line: `http         ${OPS_PATHS.join(' ')} on ${server.url}`,
    setPlatforms: (states) => {
      platforms = states;
    },
    close: () => server.close(),
  };
}
