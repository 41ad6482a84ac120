// `Order.payload` and `DecisionRecord.orders`: the core's PlannedOrder, read back exactly (NaN protection levels
// and an Infinity notional cap included, see json.ts), so a pending order fills the same after a restart.
import { z } from 'zod';
import { EXIT_REASONS, type PlannedOrder, type ShadowExitRule } from '../../core/domain/order.js';
import { anyNumber } from './json.js';

export const exitReasonSchema = z.enum(EXIT_REASONS);

export const shadowExitRuleSchema: z.ZodType<ShadowExitRule> = z.object({
  by: z.string(),
  type: z.enum(['stop_loss_pct', 'take_profit_pct', 'trailing_stop_pct', 'max_holding_bars']),
  value: z.number(),
});

const sizingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('qty'), qty: z.number() }),
  z.object({ kind: z.literal('percent'), pct: z.number() }),
  z.object({ kind: z.literal('close') }),
]);

export const plannedOrderSchema: z.ZodType<PlannedOrder> = z.object({
  clientOrderId: z.string().min(1),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  intent: z.enum(['entry', 'exit']),
  positionSide: z.enum(['long', 'short']),
  sizing: sizingSchema,
  confidence: z.number(),
  reason: z.string(),
  exitReason: exitReasonSchema.nullable(),
  protection: z.object({
    stopDistance: anyNumber,
    stopLossPct: anyNumber,
    takeProfitPct: anyNumber,
    trailingStopPct: anyNumber,
    maxHoldingBars: anyNumber,
    shadow: z.array(shadowExitRuleSchema),
  }),
  caps: z
    .object({ maxPositionPct: anyNumber, maxPositionBy: z.string(), maxNotional: anyNumber, maxNotionalBy: z.string() })
    .nullable(),
  barTime: z.number(),
});

export const plannedOrdersSchema = z.array(plannedOrderSchema);
