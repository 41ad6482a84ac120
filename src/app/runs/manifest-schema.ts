// The frozen manifest of a paper/live run, as the store reads it back from `Run.manifest` and the replay reads it: one
// schema. Rules and gate limits are checked with the core's own schemas, so a run never resumes with a rule or limit
// this version would not accept.
import { z } from 'zod';
import type { RunManifest } from './model.js';
import { TIMEFRAMES } from '../../core/domain/bar.js';
import { parseSourceSpec } from '../../core/domain/data-source.js';
import { costsSchema, quantSchema, sizingSchema } from '../../core/engine/config.js';
import { gateLimitsSchema } from '../../core/risk/gates.js';
import { ruleSchema } from '../../core/risk/rules.js';
import { runBrokerSchema } from '../../core/runs/run-broker.js';

export const runManifestSchema: z.ZodType<RunManifest> = z.object({
  strategy: z.object({ id: z.string(), version: z.string() }),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  dataSymbols: z.array(z.string()),
  timeframe: z.enum(TIMEFRAMES),
  dataSource: z.string().refine((s) => parseSourceSpec(s).ok, 'expected sim, csv or a list of providers'),
  sources: z.record(z.string(), z.string()).optional(),
  adjustment: z.literal('raw').optional(),
  broker: runBrokerSchema.optional(),
  startCash: z.number(),
  sizing: sizingSchema,
  costs: costsSchema,
  gates: z.object({ mode: z.literal('enforce'), limits: gateLimitsSchema }),
  quant: quantSchema,
  rules: z.array(ruleSchema),
  rulesHash: z.string(),
  codeVersion: z.string(),
});
