// The workspace's user rules (`/rules list|add|toggle|remove`). Every change writes an AuditEntry in the same
// transaction; concurrent edits are caught by compare-and-set on `version`, not lost.
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Rule } from '../../core/risk/rules.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { compareRules, parseRuleInput, RULE_SELECT, ruleColumns, ruleFromRow, type RuleRow, type StoredRule } from './rows.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';

export type { StoredRule } from './rows.js';

// Retries after losing a race (another process took the same auto key or edited the same rule first).
const MAX_TRIES = 3;
const AUTO_KEY = /^r(\d{1,15})$/;

/**
 * Adds a rule from user input (core Rule fields; `id` optional). Without an id the rule gets the next `r<N>`
 * this workspace has not handed out before, so an old run snapshot's `rule:r3` never names a different rule.
 */
export async function addRule(db: PrismaClient | Db, workspaceId: string, input: unknown, actor: string): Promise<Result<StoredRule>> {
  const parsed = parseRuleInput(input);
  if (!parsed.ok) return parsed;
  const columns = ruleColumns(parsed.value.rule);
  if (!columns.ok) return columns;

  for (let attempt = 1; ; attempt++) {
    try {
      const key = parsed.value.hasKey ? parsed.value.rule.id : await nextAutoKey(db, workspaceId);
      const rule: Rule = { ...parsed.value.rule, id: key };
      await inTransaction(db, async (tx) => {
        await tx.rule.create({ data: { workspaceId, key, ...columns.value, createdBy: actor } });
        await recordAudit(tx, { workspaceId, actor, action: 'rule.add', target: key, details: { rule } });
      });
      return ok({ rule, version: 1 });
    } catch (error) {
      if (!isUniqueViolation(error)) return storeFailure(error, 'db.write_failed', 'Could not add the rule');
      if (parsed.value.hasKey) {
        const key = parsed.value.rule.id;
        return fail('rule.duplicate', `rule '${key}' already exists in this workspace; pick another id`, { key });
      }
      if (attempt >= MAX_TRIES) return fail('db.conflict', 'Could not pick a free rule id; try again', { workspaceId });
    }
  }
}

export interface ListRulesOptions {
  /** Only rules that are switched on (shadow rules included: they are evaluated, just never enforced). */
  readonly activeOnly?: boolean;
}

/** The workspace's rules in evaluation order (priority 1 first, then key). */
export async function listRules(db: Db, workspaceId: string, options: ListRulesOptions = {}): Promise<Result<Rule[]>> {
  let rows: RuleRow[];
  try {
    rows = await db.rule.findMany({ where: { workspaceId, ...(options.activeOnly === true ? { active: true } : {}) }, select: RULE_SELECT });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not list rules');
  }
  const rules: Rule[] = [];
  for (const row of rows) {
    const rule = ruleFromRow(row);
    if (!rule.ok) return rule;
    rules.push(rule.value);
  }
  // Sorted here rather than in SQL so the order never depends on the database's collation.
  return ok(rules.sort(compareRules));
}

/** Switches a rule on or off, bumping its version. */
export async function toggleRule(db: PrismaClient | Db, workspaceId: string, key: string, actor: string): Promise<Result<StoredRule>> {
  try {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const row = await findRule(db, workspaceId, key);
      if (row === null) return notFound(db, workspaceId, key);
      const rule = ruleFromRow(row);
      if (!rule.ok) return rule;
      const active = !row.active;
      const version = row.version + 1;
      const done = await inTransaction(db, async (tx) => {
        const { count } = await tx.rule.updateMany({ where: { id: row.id, version: row.version }, data: { active, version } });
        if (count === 0) return false;
        await recordAudit(tx, { workspaceId, actor, action: 'rule.toggle', target: key, details: { active, version } });
        return true;
      });
      if (done) return ok({ rule: { ...rule.value, active }, version });
    }
  } catch (error) {
    return storeFailure(error, 'db.write_failed', `Could not toggle rule '${key}'`);
  }
  return conflict(key);
}

/** What `removeRule` deleted; `rule` is null when the row was unreadable (removing it is how to get rid of it). */
export interface RemovedRule {
  readonly key: string;
  readonly version: number;
  readonly rule: Rule | null;
}

/** Deletes a rule; the audit entry keeps its last state so it can be re-added by hand. */
export async function removeRule(db: PrismaClient | Db, workspaceId: string, key: string, actor: string): Promise<Result<RemovedRule>> {
  try {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const row = await findRule(db, workspaceId, key);
      if (row === null) return notFound(db, workspaceId, key);
      const { id, version, ...stored } = row;
      const done = await inTransaction(db, async (tx) => {
        const { count } = await tx.rule.deleteMany({ where: { id, version } });
        if (count === 0) return false;
        await recordAudit(tx, { workspaceId, actor, action: 'rule.remove', target: key, details: { ...stored, version } });
        return true;
      });
      if (done) {
        const rule = ruleFromRow(row);
        return ok({ key, version, rule: rule.ok ? rule.value : null });
      }
    }
  } catch (error) {
    return storeFailure(error, 'db.write_failed', `Could not remove rule '${key}'`);
  }
  return conflict(key);
}

function findRule(db: Db, workspaceId: string, key: string): Promise<RuleRow | null> {
  return db.rule.findUnique({ where: { workspaceId_key: { workspaceId, key } }, select: RULE_SELECT });
}

async function notFound(db: Db, workspaceId: string, key: string): Promise<Result<never>> {
  const rows = await db.rule.findMany({ where: { workspaceId }, select: { key: true }, orderBy: { key: 'asc' } });
  const keys = rows.map((r) => r.key);
  return fail('rule.not_found', `no rule '${key}' in this workspace; rules: ${keys.length === 0 ? 'none' : keys.join(', ')}`, { key, keys });
}

function conflict(key: string): Result<never> {
  return fail('db.conflict', `rule '${key}' kept changing while being edited; try again`, { key });
}

/** One past the highest `r<N>` among the current rules and every key ever added here (audit history). */
async function nextAutoKey(db: Db, workspaceId: string): Promise<string> {
  const [rules, added] = await Promise.all([
    db.rule.findMany({ where: { workspaceId, key: { startsWith: 'r' } }, select: { key: true } }),
    db.auditEntry.findMany({ where: { workspaceId, action: 'rule.add', target: { startsWith: 'r' } }, select: { target: true } }),
  ]);
  let max = 0;
  for (const key of [...rules.map((r) => r.key), ...added.map((a) => a.target)]) {
    const n = key === null ? undefined : AUTO_KEY.exec(key)?.[1];
    if (n !== undefined) max = Math.max(max, Number(n));
  }
  return `r${max + 1}`;
}
