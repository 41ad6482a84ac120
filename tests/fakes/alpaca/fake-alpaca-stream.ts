// The fake Alpaca's trade-updates websocket, at the trading host's `/stream`, as Alpaca documents it: the client sends
// {"action":"authenticate","data":{"key_id","secret_key"}} (or {"action":"auth","key","secret"}) and is answered on
// the `authorization` stream (status authorized or unauthorized), then {"action":"listen","data":{"streams":
// ["trade_updates"]}} and is answered on `listening`; from then on every trade update of the fake's orders arrives on
// `trade_updates` (`data`: event, order, timestamp, and for fills price, qty, position_qty). Frames are binary, as on
// Alpaca's paper stream, unless `binary` is turned off. Tests can refuse the keys and drop every connection.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { FakeTrading } from './fake-alpaca-trading.js';

export interface FakeTradeStream {
  /** Answer every authentication with `unauthorized` (then close, as Alpaca does). */
  refuseAuth: boolean;
  /** Send binary frames (default, as Alpaca's paper stream) or text frames. */
  binary: boolean;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections listening to trade_updates now. */
  readonly listening: number;
  /** Closes every connection (the stream is dropped); clients may connect again. */
  drop(): void;
}

export function createFakeTradeStream(
  keys: { readonly keyId: string; readonly secretKey: string },
  trading: FakeTrading,
): FakeTradeStream & { upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void; close(): void } {
  const wss = new WebSocketServer({ noServer: true });
  const listeners = new Set<WebSocket>();
  let connections = 0;
  const send = (ws: WebSocket, message: unknown): void => {
    if (ws.readyState !== ws.OPEN) return;
    const text = JSON.stringify(message);
    ws.send(stream.binary ? Buffer.from(text, 'utf8') : text, { binary: stream.binary });
  };
  trading.onEvent((data) => {
    for (const ws of listeners) send(ws, { stream: 'trade_updates', data });
  });

  wss.on('connection', (ws: WebSocket) => {
    connections += 1;
    let authorized = false;
    ws.on('close', () => listeners.delete(ws));
    ws.on('message', (raw: RawData) => {
      let msg: { action?: unknown; data?: Record<string, unknown>; key?: unknown; secret?: unknown };
      try {
        msg = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.concat(raw as Buffer[]).toString('utf8')) as typeof msg;
      } catch {
        return send(ws, { stream: 'listening', data: { error: 'invalid syntax' } });
      }
      if (msg.action === 'authenticate' || msg.action === 'auth') {
        // The documented forms: {"action":"authenticate","data":{"key_id","secret_key"}} and {"action":"auth","key","secret"}.
        const keyId = msg.data?.key_id ?? msg.key;
        const secret = msg.data?.secret_key ?? msg.secret;
        authorized = !stream.refuseAuth && keyId === keys.keyId && secret === keys.secretKey;
        send(ws, { stream: 'authorization', data: { status: authorized ? 'authorized' : 'unauthorized', action: 'authenticate' } });
        if (!authorized) ws.close();
        return;
      }
      if (msg.action === 'listen') {
        if (!authorized) return send(ws, { stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } });
        const streams = Array.isArray(msg.data?.streams) ? (msg.data.streams as unknown[]) : [];
        if (streams.includes('trade_updates')) listeners.add(ws);
        else listeners.delete(ws);
        return send(ws, { stream: 'listening', data: { streams: listeners.has(ws) ? ['trade_updates'] : [] } });
      }
    });
  });

  const stream = {
    refuseAuth: false,
    binary: true,
    get connections() {
      return connections;
    },
    get listening() {
      return listeners.size;
    },
    drop() {
      // Stop sending at once (what happens next is not seen by the dropped clients), then close the sockets.
      listeners.clear();
      for (const ws of wss.clients) ws.terminate();
    },
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      stream.drop();
      wss.close();
    },
  };
  return stream;
}
