// Slack's Socket Mode side on 127.0.0.1: accepts the WebSocket that apps.connections.open points at, says hello,
// sends envelopes and records the client's ack frames ({ envelope_id, payload }).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptWebSocket, type MiniSocket } from '../../fakes/discord/mini-ws.js';

export interface AckFrame {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

export interface Envelope {
  readonly envelope_id: string;
  readonly type: 'slash_commands' | 'events_api' | 'interactive';
  readonly payload: Record<string, unknown>;
  readonly accepts_response_payload: boolean;
}

export async function startFakeSocketMode() {
  const acks: AckFrame[] = [];
  const waiters: { id: string; resolve: (a: AckFrame) => void }[] = [];
  const sockets: MiniSocket[] = [];
  let connected: () => void = () => undefined;
  const firstConnection = new Promise<void>((resolve) => (connected = resolve));

  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket) => {
    const ws = acceptWebSocket(req, socket);
    sockets.push(ws);
    ws.onText((text) => {
      const frame = JSON.parse(text) as AckFrame;
      acks.push(frame);
      for (const w of waiters.splice(0)) {
        if (w.id === frame.envelope_id) w.resolve(frame);
        else waiters.push(w);
      }
    });
    ws.sendText(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' }, debug_info: { host: 'fake' } }));
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const current = (): MiniSocket => {
    const ws = sockets.at(-1);
    if (ws === undefined || ws.closed) throw new Error('fake socket mode: no client connected');
    return ws;
  };

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=fake`,
    connected: firstConnection,
    send(envelope: Envelope): void {
      current().sendText(JSON.stringify(envelope));
    },
    /** Resolves with the client's ack frame for `envelopeId` (past or future). */
    ack(envelopeId: string): Promise<AckFrame> {
      const seen = acks.find((a) => a.envelope_id === envelopeId);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ id: envelopeId, resolve }));
    },
    close: async (): Promise<void> => {
      for (const ws of sockets) ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeSocketMode = Awaited<ReturnType<typeof startFakeSocketMode>>;
