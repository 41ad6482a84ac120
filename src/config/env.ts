import { z } from 'zod';
import { fail, ok, type Result } from '../core/domain/result.js';
import { firstIssueLine } from '../core/domain/zod-errors.js';

/** The one schema for the environment. Every variable is documented in .env.example with the same default. */
export const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^file:/, 'expected a SQLite URL like file:./data/tradedesk.db').default('file:./data/tradedesk.db'),
  /** Market data when a command does not name one: `sim` (seeded simulated market) or `csv` (needs TRADEDESK_DATA_DIR). */
  TRADEDESK_MARKET: z.enum(['sim', 'csv']).default('sim'),
  TRADEDESK_DATA_DIR: z.string().min(1).optional(),
  TRADEDESK_SIM_SEED: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(42),
  TRADEDESK_START_CASH: z.coerce.number().gt(0).default(100_000),
  TRADEDESK_COMMISSION: z.coerce.number().min(0).max(0.1).default(0),
  TRADEDESK_SLIPPAGE_BPS: z.coerce.number().min(0).max(1000).default(0),
  /** Set to 1 to print stack traces for internal errors. */
  TRADEDESK_DEBUG: z.enum(['0', '1']).default('0'),
}).superRefine((env, ctx) => {
  if (env.TRADEDESK_MARKET === 'csv' && env.TRADEDESK_DATA_DIR === undefined) {
    ctx.addIssue({ code: 'custom', path: ['TRADEDESK_DATA_DIR'], message: 'required when TRADEDESK_MARKET=csv' });
  }
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; empty strings count as unset (a blank line in .env must not override a default). */
export function loadEnv(source: Readonly<Record<string, string | undefined>>): Result<Env> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) return fail('config.env', `environment: ${firstIssueLine(parsed.error)}`);
  return ok(parsed.data);
}
