// A rule change applied to the runs in progress (`/rules ... apply:running`): each run's frozen rules, rules hash
// and manifest are rewritten together, with an audit entry and a reasoning entry in the run's history. The
// iteration reads the manifest every bar, so the next bar already trades under the new rules.
import type { RuleChange, RunRulesChanged } from '../../app/workspace/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Rule } from '../../core/risk/rules.js';
import { recordAudit } from '../audit/audit.js';
import type { PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { CommitRefused } from './commit-orders.js';
import { encodeColumn } from './json.js';
import { runManifestSchema } from '../../app/runs/manifest-schema.js';
import { compareRules } from '../rules/rows.js';
import { ruleSnapshot } from '../rules/snapshot.js';
import { LIVE_MODES, LIVE_RUN_SELECT, runSummaryFromRow } from './summary-rows.js';
import { inTransaction } from '../db/transaction.js';

/** Runs that may trade again: an ended run's manifest is history and never changes. */
const IN_PROGRESS = ['running', 'paused', 'halted'];
const MAX_TRIES = 3;

/** Thrown out of the transaction (rolling back the runs already rewritten in it) to read again and retry. */
class LostRace extends Error {}

/** A run's rule list after the change (runs hold only active rules, in evaluation order). */
export function withRuleChange(rules: readonly Rule[], change: RuleChange): Rule[] {
  const id = change.kind === 'upsert' ? change.rule.id : change.id;
  const kept = rules.filter((r) => r.id !== id);
  if (change.kind === 'upsert' && change.rule.active) kept.push(change.rule);
  return kept.sort(compareRules);
}

export interface RuleChangeBy {
  /** Audit actor (the member's platform user id). */
  readonly actorId: string;
  /** Shown in the run's reasoning: "rules changed by <name>: <note>". */
  readonly actorName: string;
  readonly note: string;
  readonly now: number;
}

export async function applyRuleChangeToRuns(prisma: PrismaClient, workspaceId: string, change: RuleChange, by: RuleChangeBy): Promise<Result<RunRulesChanged[]>> {
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    try {
      return ok(await inTransaction(prisma, async (tx) => {
        const rows = await tx.run.findMany({
          where: { workspaceId, mode: { in: [...LIVE_MODES] }, status: { in: IN_PROGRESS } },
          orderBy: { number: 'asc' },
          select: { ...LIVE_RUN_SELECT, ruleSnapshotHash: true },
        });
        const changed: RunRulesChanged[] = [];
        for (const row of rows) {
          const run = runSummaryFromRow(row);
          // Refuse the whole change rather than leave one run silently on the old rules.
          if (!run.ok) throw new CommitRefused(run);
          const before = ruleSnapshot(run.value.manifest.rules);
          const after = ruleSnapshot(withRuleChange(before.rules, change));
          if (after.hash === before.hash) continue;
          const manifest = encodeColumn(runManifestSchema, { ...run.value.manifest, rules: after.rules, rulesHash: after.hash }, 'manifest');
          if (!manifest.ok) throw new CommitRefused(manifest);
          const rules = toJsonInput(after.rules, 'rules');
          if (!rules.ok) throw new CommitRefused(rules);
          // Compare-and-set on the hash read: a concurrent rule change to the same run is retried, never lost.
          const { count } = await tx.run.updateMany({
            where: { id: row.id, ruleSnapshotHash: row.ruleSnapshotHash },
            // The version too: an iteration decided under the old rules is refused and decides again under these.
            data: { manifest: manifest.value, ruleSnapshot: rules.value, ruleSnapshotHash: after.hash, stateVersion: { increment: 1 } },
          });
          if (count === 0) throw new LostRace();
          const previousHash = run.value.manifest.rulesHash;
          const ids = after.rules.map((r) => r.id);
          await recordAudit(tx, {
            workspaceId, actor: by.actorId, action: 'run.rules', target: row.id,
            details: { run: row.number, change: by.note, previousHash, rulesHash: after.hash, rules: ids },
          });
          await tx.reasoningEntry.create({
            data: {
              runId: row.id, kind: 'decision', content: `rules changed by ${by.actorName}: ${by.note}`, at: new Date(by.now),
              // The whole rule lists too: a replay of the run applies the change where it happened (journal.ts).
              data: { previousHash, rulesHash: after.hash, rules: ids, rulesBefore: before.rules, rulesAfter: after.rules },
            },
          });
          changed.push({ number: row.number, previousHash, rulesHash: after.hash });
        }
        return changed;
      }));
    } catch (error) {
      if (error instanceof CommitRefused) return error.failure;
      if (!(error instanceof LostRace)) return storeFailure(error, 'db.write_failed', 'Could not apply the rule change to the runs in progress');
    }
  }
  return fail('db.conflict', 'The runs\' rules kept changing while being updated; try again', { workspaceId });
}
