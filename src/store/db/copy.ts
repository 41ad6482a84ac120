/**
 * `tradedesk db copy`: a desk's whole history from one database into another, empty one (SQLite to PostgreSQL, or
 * the reverse), verified row for row. Both are migrated first, so both hold this version's schema. Every table is
 * copied in pages, parents before children (COPY_ORDER), with its rows exactly as read (ids, times, Json, bytes).
 * Then each table is verified: the same number of rows and the same multiset of rows on both sides (a digest of every
 * row's canonical form, summed, so the two databases' different orderings do not matter). The migration history is
 * not copied: the target's runner wrote its own.
 */
import { createHash } from 'node:crypto';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { Prisma } from '../generated/client.js';
import type { PrismaClient } from './client.js';
import { errorLine } from './errors.js';

type ModelName = Prisma.ModelName;

/** Every model, parents before children (each one's foreign keys point at models above it), with its primary key. */
export const COPY_ORDER: readonly { readonly model: ModelName; readonly key: readonly string[] }[] = [
  { model: 'Workspace', key: ['id'] },
  { model: 'Member', key: ['id'] },
  { model: 'RoleBinding', key: ['id'] },
  { model: 'ChannelBinding', key: ['id'] },
  { model: 'AccountRisk', key: ['id'] },
  { model: 'AccountCash', key: ['id'] },
  { model: 'Account', key: ['id'] },
  { model: 'Run', key: ['id'] },
  { model: 'RunTransition', key: ['id'] },
  { model: 'RunLease', key: ['runId'] },
  { model: 'Order', key: ['id'] },
  { model: 'Fill', key: ['id'] },
  { model: 'Position', key: ['id'] },
  { model: 'Trade', key: ['id'] },
  { model: 'TradeLedger', key: ['runId'] },
  { model: 'EquitySnapshot', key: ['id'] },
  { model: 'Rule', key: ['id'] },
  { model: 'DecisionRecord', key: ['id'] },
  { model: 'RuleViolation', key: ['id'] },
  { model: 'ReasoningEntry', key: ['id'] },
  { model: 'ChatSession', key: ['id'] },
  { model: 'ChatMessage', key: ['id'] },
  { model: 'Notification', key: ['id'] },
  { model: 'Approval', key: ['id'] },
  { model: 'Reconciliation', key: ['id'] },
  { model: 'LlmUsage', key: ['id'] },
  { model: 'AuditEntry', key: ['id'] },
  { model: 'DeskClock', key: ['id'] },
  { model: 'ServiceLease', key: ['name'] },
  { model: 'BarSeriesCache', key: ['provider', 'symbol', 'timeframe', 'adjustment'] },
  { model: 'BarChunk', key: ['provider', 'symbol', 'timeframe', 'adjustment', 'start'] },
];

const PAGE = 500;

export interface TableCopied {
  readonly model: ModelName;
  readonly rows: number;
}

export interface CopyReport {
  readonly tables: readonly TableCopied[];
  readonly rows: number;
}

type Row = Record<string, unknown>;

interface Delegate {
  count(): Promise<number>;
  findMany(args: { orderBy: Record<string, 'asc'>[]; skip?: number; take: number; cursor?: Row }): Promise<Row[]>;
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
}

const delegate = (prisma: PrismaClient, model: ModelName): Delegate =>
  (prisma as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!;

/**
 * The Json fields of a model, from the client's own data model: a Json column that is NULL reads back as null, and
 * must be written back as Prisma.DbNull (a plain null is refused for Json).
 */
function jsonFields(prisma: PrismaClient, model: ModelName): readonly string[] {
  const runtime = (prisma as unknown as { _runtimeDataModel?: { models: Record<string, { fields: { name: string; kind: string; type: string }[] }> } })._runtimeDataModel;
  const fields = runtime?.models[model]?.fields;
  if (fields === undefined) throw new Error(`the Prisma client carries no data model for ${model}`);
  return fields.filter((f) => f.kind === 'scalar' && f.type === 'Json').map((f) => f.name);
}

/** Every row of the model, page by page in key order (of the database read). */
async function* pages(prisma: PrismaClient, model: ModelName, key: readonly string[]): AsyncGenerator<Row[]> {
  const table = delegate(prisma, model);
  const orderBy = key.map((k) => ({ [k]: 'asc' as const }));
  let cursor: Row | undefined;
  for (;;) {
    const rows = await table.findMany({ orderBy, take: PAGE, ...(cursor === undefined ? {} : { skip: 1, cursor }) });
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE) return;
    const last = rows.at(-1)!;
    cursor = key.length === 1 ? { [key[0]!]: last[key[0]!] } : { [key.join('_')]: Object.fromEntries(key.map((k) => [k, last[k]])) };
  }
}

/** A row in a form both databases give back identically: times in ISO, bytes in base64, Json as canonical text. */
function canonical(row: Row): string {
  const norm = (v: unknown): unknown => {
    if (v instanceof Date) return { $date: v.toISOString() };
    if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
    if (Array.isArray(v)) return v.map(norm);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Row)[k])]));
    return v;
  };
  return JSON.stringify(norm(row));
}

/** An order-free digest of a table: its row count and the sum (mod 2^128) of its rows' hashes. */
async function digest(prisma: PrismaClient, model: ModelName, key: readonly string[]): Promise<{ rows: number; sum: bigint }> {
  let rows = 0;
  let sum = 0n;
  for await (const page of pages(prisma, model, key)) {
    for (const row of page) {
      rows++;
      sum = (sum + BigInt(`0x${createHash('sha256').update(canonical(row)).digest('hex').slice(0, 32)}`)) % (1n << 128n);
    }
  }
  return { rows, sum };
}

/**
 * Copies every table of `from` into `to` (both migrated to this version; `to` empty), then verifies each table row for
 * row. `progress` hears one line per table.
 */
export async function copyDatabase(from: PrismaClient, to: PrismaClient, progress: (line: string) => void = () => undefined): Promise<Result<CopyReport>> {
  try {
    for (const { model } of COPY_ORDER) {
      const n = await delegate(to, model).count();
      if (n > 0) return fail('db.copy_target_not_empty', `the target database already holds data (${n} ${model} row(s)): db copy writes only into an empty, freshly migrated database`);
    }
    const tables: TableCopied[] = [];
    for (const { model, key } of COPY_ORDER) {
      const json = jsonFields(from, model);
      let rows = 0;
      for await (const page of pages(from, model, key)) {
        const data = page.map((row) => {
          const out: Row = { ...row };
          for (const f of json) if (out[f] === null) out[f] = Prisma.DbNull;
          return out;
        });
        rows += (await delegate(to, model).createMany({ data })).count;
      }
      tables.push({ model, rows });
      progress(`${model}: ${rows} row(s)`);
    }
    for (const { model, key } of COPY_ORDER) {
      const [a, b] = await Promise.all([digest(from, model, key), digest(to, model, key)]);
      if (a.rows !== b.rows || a.sum !== b.sum) {
        return fail('db.copy_mismatch', `${model} differs after the copy (${a.rows} row(s) read, ${b.rows} in the target${a.rows === b.rows ? ', not the same rows' : ''}): nothing else was checked`);
      }
    }
    return ok({ tables, rows: tables.reduce((s, t) => s + t.rows, 0) });
  } catch (error) {
    return fail('db.copy_failed', `the copy stopped: ${errorLine(error)}. The target now holds part of the history: empty it (drop and create the database, then db migrate) before copying again`);
  }
}
