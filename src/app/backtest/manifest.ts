// A backtest's manifest: everything that decided it, saved with the run so it can be compared and replayed. One
// schema: backtest() builds a value of this type, and the replay reads back the part it needs with a schema picked
// from this one (src/app/replay/manifest.ts). A paper/live run's manifest is src/app/runs/manifest-schema.ts.
import { z } from 'zod';
import { TIMEFRAMES } from '../../core/domain/bar.js';
import { costsSchema, quantSchema, sizingSchema } from '../../core/engine/config.js';
import { gateLimitsSchema } from '../../core/risk/gates.js';
import { ruleSchema } from '../../core/risk/rules.js';

export const backtestManifestSchema = z.object({
  strategy: z.object({ id: z.string(), version: z.string() }),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()).min(1),
  /** Symbols the strategy reads but does not trade (a benchmark). */
  dataSymbols: z.array(z.string()),
  timeframe: z.enum(TIMEFRAMES),
  data: z.object({
    /** The market data's label (a replay must find the same data to reload the bars). */
    source: z.string(),
    simulated: z.boolean(),
    /** The provider that served each symbol. */
    sources: z.record(z.string(), z.string()),
    from: z.string(),
    to: z.string(),
    bars: z.number().int(),
    /** Only for raw prices: a split-adjusted backtest's manifest is as it always was. */
    adjustment: z.literal('raw').optional(),
  }),
  startCash: z.number().positive(),
  sizing: sizingSchema,
  costs: costsSchema,
  gates: z.object({ mode: z.enum(['enforce', 'shadow']), limits: gateLimitsSchema }),
  quant: quantSchema,
  rules: z.array(ruleSchema),
  rulesHash: z.string(),
  codeVersion: z.string(),
});

export type BacktestManifest = z.infer<typeof backtestManifestSchema>;
