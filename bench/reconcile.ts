// Reconciliation of one real broker account traded by 50 runs (issue 13's figure): the broker's positions against
// the 50 books, on the Prisma store (SQLite) and on the in-memory fake, the account a stub answering at once (so the
// figure is the desk's own work: reading the runs, summing, comparing, reading the open difference). Measured when
// the account agrees (what every iteration pays) and when one symbol differs (recorded once, 50 halts).
import { performance } from 'node:perf_hooks';
import { reconcileAccount, type ReconcileDeps } from '../src/app/reconcile/reconcile.js';
import type { RunStore } from '../src/app/runs/ports.js';
import { ok } from '../src/core/domain/result.js';
import { createPrismaReconciliations } from '../src/store/reconcile/reconciliations.js';
import { createPrismaRunStore } from '../src/store/runs/store.js';
// The test fakes themselves (bundled in): the figures measure what the tests run against.
import { createMemoryReconciliations } from '../tests/helpers/memory-reconciliations.js';
import { createMemoryRunStore } from '../tests/helpers/memory-run-store.js';
import { PAPER_ACCOUNT, position, startRunOn, stubAccount } from '../tests/helpers/reconcile-desk.js';
import { testLeasing } from '../tests/helpers/test-leasing.js';
import { benchDatabase } from './desk-db.js';
import { quantile, round2, type BenchFigure } from './figure.js';

const RUNS = 50;
const SYMBOLS_PER_RUN = 4;
const ROUNDS = 20;
const T0 = Date.UTC(2024, 2, 4, 21);
const workspace = { platform: 'console', externalId: 'bench', name: 'Bench desk' } as const;


/** 50 runs, each holding 4 of 20 symbols; the account holds their sum. */
async function seed(store: RunStore) {
  const account = stubAccount();
  const total = new Map<string, number>();
  for (let i = 0; i < RUNS; i++) {
    const symbols = Array.from({ length: SYMBOLS_PER_RUN }, (_, k) => `SYM${String((i + k * 5) % 20).padStart(2, '0')}`);
    const held = symbols.map((s, k) => position(s, 10 + k + (i % 7), 100, T0));
    for (const p of held) total.set(p.symbol, (total.get(p.symbol) ?? 0) + p.qty);
    await startRunOn(store, workspace, PAPER_ACCOUNT, symbols, held, T0);
  }
  for (const [symbol, qty] of total) account.set(symbol, qty);
  return account;
}

async function measure(label: string, store: RunStore, reconciliations: ReconcileDeps['reconciliations']): Promise<BenchFigure[]> {
  const account = await seed(store);
  const deps: ReconcileDeps = { store, leasing: testLeasing(), reconciliations, accountBrokers: () => ok(account) };
  const once = async (now: number): Promise<number> => {
    const t0 = performance.now();
    const r = await reconcileAccount(deps, { workspace, broker: PAPER_ACCOUNT, now });
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(r.error.message);
    return ms;
  };
  await once(T0); // warm-up
  const agree: number[] = [];
  for (let i = 0; i < ROUNDS; i++) agree.push(await once(T0 + i + 1));
  agree.sort((a, b) => a - b);
  // One symbol bought outside the desk: every run holding it is halted, the difference recorded and posted once.
  account.set('SYM00', 1_000);
  const differ = await once(T0 + ROUNDS + 1);
  return [
    { name: `reconcile.50_runs_agree.${label}.ms`, value: round2(quantile(agree, 0.5)), unit: 'ms', store: label, runs: RUNS, positions: RUNS * SYMBOLS_PER_RUN, p95_ms: round2(quantile(agree, 0.95)), rounds: ROUNDS },
    { name: `reconcile.50_runs_difference.${label}.ms`, value: round2(differ), unit: 'ms', store: label, runs: RUNS, note: 'one symbol differs: recorded, posted, the runs holding it halted' },
  ];
}

export async function benchReconcile(): Promise<BenchFigure[]> {
  const { store: db, remove } = await benchDatabase('reconcile');
  try {
    return [
      ...(await measure('prisma', createPrismaRunStore(db.prisma), createPrismaReconciliations(db.prisma))),
      ...(await measure('memory', createMemoryRunStore(), createMemoryReconciliations())),
    ];
  } finally {
    await remove();
  }
}
