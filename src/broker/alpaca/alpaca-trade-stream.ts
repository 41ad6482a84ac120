/**
 * Alpaca's trade-updates websocket (`wss://<trading host>/stream`), through the SDK's `TradingStream`: authenticate,
 * listen to `trade_updates`, and hand each update (the order as it is after the event; for fills the execution's
 * price, quantity and time; any reason the event gives) to the broker. The SDK's own reconnect is off: this keeps
 * reconnecting, whatever closed the stream (a drop, refused keys, an unreachable host), with a bounded exponential
 * backoff on unref'd timers, until `stop()`. Whether it is listening is `listening`; the broker polls while it is not.
 */
import type { streaming } from '@alpacahq/alpaca-trade-api';
import { ALPACA_BROKER_ENV } from './alpaca-broker-config.js';
import { readOrder, type AlpacaOrder } from './alpaca-orders.js';
import { alpacaSdk } from '../../market-data/alpaca/alpaca-clients.js';

/** One trade update the broker reads. */
export interface StreamUpdate {
  readonly event: string;
  readonly order: AlpacaOrder;
  /** Fills: this execution (price, quantity, epoch ms or null). */
  readonly execution: { readonly price: number; readonly qty: number; readonly time: number | null } | null;
  readonly reason: string | null;
}

export interface StreamBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_STREAM_BACKOFF: StreamBackoff = { initialMs: 1_000, maxMs: 60_000 };

export interface TradeStreamOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** The trading host (http/https); the stream is its `/stream` over ws/wss. */
  readonly baseUrl: string;
  readonly backoff: StreamBackoff;
  readonly onUpdate: (u: StreamUpdate) => void;
  /** Listening again (first time or after a reconnect): what happened while down is caught up by the broker. */
  readonly onListening: () => void;
  readonly log: (line: string) => void;
}

/** `https://paper-api.alpaca.markets` -> `wss://paper-api.alpaca.markets/stream`. */
export function tradeStreamUrl(baseUrl: string): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + '/stream');
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** The order as sent on the wire: the SDK keeps the wire's snake_case keys beside its camelCase ones. */
export function readStreamUpdate(update: streaming.TradeUpdate): StreamUpdate | string {
  const order = readOrder(update.order);
  if (typeof order === 'string') return `the update's order: ${order}`;
  const price = num(update.price);
  const qty = num(update.qty);
  const time = update.timestamp instanceof Date && !Number.isNaN(update.timestamp.getTime()) ? update.timestamp.getTime() : null;
  const reason = typeof update.reason === 'string' && update.reason.trim() !== '' ? update.reason.trim() : null;
  return { event: String(update.event), order, execution: price !== null && qty !== null && qty > 0 ? { price, qty, time } : null, reason };
}

export class TradeStream {
  private current: streaming.TradingStream | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private failures = 0;
  private isListening = false;
  private refusedLogged = false;

  constructor(private readonly o: TradeStreamOptions) {}

  get listening(): boolean {
    return this.isListening;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.isListening = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const s = this.current;
    this.current = undefined;
    s?.disconnect();
  }

  private async connect(): Promise<void> {
    let s: streaming.TradingStream;
    try {
      const { streaming: sdkStreaming } = await alpacaSdk();
      if (!this.running) return;
      s = new sdkStreaming.TradingStream({
        credentials: { keyId: this.o.keyId, secret: this.o.secretKey },
        url: tradeStreamUrl(this.o.baseUrl),
        reconnect: false,
      });
    } catch (e) {
      this.down(`cannot open: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.current = s;
    const mine = (): boolean => this.current === s && this.running;
    let refused = false;
    s.onError((message) => {
      if (!mine()) return;
      if (/auth/i.test(message)) refused = true;
    });
    s.on('subscription', (streams: unknown) => {
      if (!mine() || !Array.isArray(streams) || !streams.includes('trade_updates')) return;
      this.isListening = true;
      this.failures = 0;
      this.refusedLogged = false;
      this.o.log('Alpaca trade-updates stream: listening; order updates arrive by the stream');
      this.o.onListening();
    });
    s.onTradeUpdate((update) => {
      if (!mine()) return;
      const read = readStreamUpdate(update);
      if (typeof read === 'string') this.o.log(`Alpaca trade-updates stream: an update was skipped (${read}); polling will see the order`);
      else this.o.onUpdate(read);
    });
    s.onStateChange((state) => {
      if (!mine() || state !== 'disconnected') return;
      this.current = undefined;
      this.down(refused ? 'refused' : 'closed');
    });
    s.subscribeTradeUpdates(); // sent once the keys are accepted
    s.connect();
  }

  /** The stream is down: say so (a refusal once until it listens again), poll meanwhile, and try again later. */
  private down(why: string): void {
    const wasListening = this.isListening;
    this.isListening = false;
    if (!this.running) return;
    const delay = Math.min(this.o.backoff.initialMs * 2 ** this.failures, this.o.backoff.maxMs);
    this.failures += 1;
    if (why === 'refused') {
      if (!this.refusedLogged) {
        this.o.log(
          `Alpaca trade-updates stream: authorization refused (check ${ALPACA_BROKER_ENV.keyId} and ${ALPACA_BROKER_ENV.secretKey}); order updates by polling, retrying the stream every ${Math.round(this.o.backoff.maxMs / 1000)} s at most`,
        );
        this.refusedLogged = true;
      }
    } else if (wasListening || this.failures === 1) {
      this.o.log(`Alpaca trade-updates stream: ${why}; order updates by polling until it reconnects`);
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running && this.current === undefined) void this.connect();
    }, delay);
    this.timer.unref();
  }
}
