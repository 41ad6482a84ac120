/**
 * Which broker a run trades at and on which account. The internal paper broker (src/broker/paper) is the default and
 * is recorded as nothing at all: a manifest or a notification without `broker` is the internal broker's, so every
 * run and notification written before brokers could be chosen reads as it always did. A real broker is recorded
 * with its account, and a live account is marked LIVE wherever the run is shown.
 */
import { z } from 'zod';

/** What `/run start broker:` accepts: `paper` (the internal broker, the default) or a real broker. */
export const BROKER_NAMES = ['paper', 'alpaca'] as const;
export type BrokerName = (typeof BROKER_NAMES)[number];

/** A real broker's account: paper (the broker's own simulation) or live (real money). */
export type BrokerAccountKind = 'paper' | 'live';

/** A run's broker when it is not the internal one (absent: the internal paper broker). */
export interface RunBroker {
  readonly name: 'alpaca';
  readonly account: BrokerAccountKind;
}

export const runBrokerSchema: z.ZodType<RunBroker> = z.object({ name: z.literal('alpaca'), account: z.enum(['paper', 'live']) });

const DISPLAY: Readonly<Record<RunBroker['name'], string>> = { alpaca: 'Alpaca' };

export const isLiveBroker = (broker: RunBroker | undefined): boolean => broker?.account === 'live';

/** `Alpaca paper account`, `Alpaca live account`. */
export const accountText = (broker: RunBroker): string => `${DISPLAY[broker.name]} ${broker.account} account`;

/** `paper (internal)`, `Alpaca paper account`, `LIVE: Alpaca live account`. */
export function brokerText(broker: RunBroker | undefined): string {
  if (broker === undefined) return 'paper (internal)';
  return isLiveBroker(broker) ? `LIVE: ${accountText(broker)}` : accountText(broker);
}
