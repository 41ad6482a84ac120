// A fake Discord (REST + gateway) on 127.0.0.1 for driving the real discord.js client in tests. It speaks just
// enough of the protocol (shared notes, offline-harness.md section 1): HELLO -> IDENTIFY -> READY + GUILD_CREATE,
// interaction callbacks, webhook edits/follow-ups/deletes and bulk command registration; every REST call is
// recorded so tests can wait for and inspect what the bot sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptWebSocket, type MiniSocket } from './mini-ws.js';

export interface RecordedCall {
  readonly method: string;
  /** Path after `/api/v10`, URL-decoded (`@original`), without the query. */
  readonly path: string;
  readonly query: string;
  readonly contentType: string;
  /** The JSON body, or for multipart the parsed `payload_json`. */
  readonly body: unknown;
  /** Multipart parts other than payload_json: field name, filename, size in bytes. */
  readonly files: readonly { field: string; filename: string; bytes: number }[];
}

export interface FakeDiscordOptions {
  readonly applicationId: string;
  readonly guild: { readonly id: string; readonly name: string; readonly channelId: string };
  readonly botUserId?: string;
}

export interface FakeDiscord {
  /** REST base for discord.js `rest.api` (discord.js appends `/v10`). */
  readonly apiBaseUrl: string;
  readonly calls: RecordedCall[];
  /** Frames the client sent on the gateway (IDENTIFY, heartbeats). */
  readonly gatewayFrames: unknown[];
  /** Sends a gateway dispatch (e.g. INTERACTION_CREATE) to every connected client. */
  dispatch(event: string, data: unknown): void;
  /** Resolves with the first recorded call (past or future) that matches. */
  waitForCall(match: (c: RecordedCall) => boolean): Promise<RecordedCall>;
  close(): Promise<void>;
}

export async function startFakeDiscord(o: FakeDiscordOptions): Promise<FakeDiscord> {
  const calls: RecordedCall[] = [];
  const gatewayFrames: unknown[] = [];
  const waiters: { match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  const sockets: MiniSocket[] = [];
  const botUserId = o.botUserId ?? '900000000000000001';
  let seq = 0;
  let messageId = 1000;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
      const contentType = req.headers['content-type'] ?? '';
      const { body, files } = parseBody(contentType, raw);
      const call: RecordedCall = { method: req.method ?? 'GET', path, query: url.search, contentType, body, files };
      calls.push(call);
      for (const w of waiters.filter((x) => x.match(call))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
      const json = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      };
      if (call.method === 'GET' && path === '/gateway/bot') {
        return json(200, { url: `ws://127.0.0.1:${port()}/gateway`, shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } });
      }
      if (/^\/interactions\/[^/]+\/[^/]+\/callback$/.test(path)) return void res.writeHead(204).end();
      if (call.method === 'DELETE' && /^\/webhooks\/[^/]+\/[^/]+\/messages\//.test(path)) return void res.writeHead(204).end();
      if (/^\/webhooks\/[^/]+\/[^/]+(\/messages\/[^/]+)?$/.test(path)) {
        messageId += 1;
        return json(200, message(String(messageId), o.guild.channelId, botUserId, call.body));
      }
      if (call.method === 'PUT' && /^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/.test(path) && Array.isArray(call.body)) {
        return json(200, call.body.map((c: Record<string, unknown>, i: number) => ({ ...c, id: String(5000 + i), application_id: o.applicationId, version: '1' })));
      }
      json(404, { message: 'Unknown route (fake)', code: 0 });
    });
  });
  server.on('upgrade', (req, socket) => {
    const ws = acceptWebSocket(req, socket);
    sockets.push(ws);
    ws.sendText(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.onText((text) => {
      const frame = JSON.parse(text) as { op: number; d: unknown };
      gatewayFrames.push(frame);
      if (frame.op === 1) ws.sendText(JSON.stringify({ op: 11 }));
      if (frame.op !== 2) return;
      send(ws, 'READY', {
        v: 10,
        user: { id: botUserId, username: 'tradedesk', discriminator: '0', avatar: null, bot: true },
        guilds: [{ id: o.guild.id, unavailable: true }],
        session_id: 'fake-session',
        resume_gateway_url: `ws://127.0.0.1:${port()}/gateway`,
        shard: [0, 1],
        application: { id: o.applicationId, flags: 0 },
      });
      send(ws, 'GUILD_CREATE', guildPayload(o.guild));
    });
  });
  const send = (ws: MiniSocket, t: string, d: unknown): void => {
    seq += 1;
    ws.sendText(JSON.stringify({ op: 0, t, s: seq, d }));
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (): number => (server.address() as AddressInfo).port;
  return {
    apiBaseUrl: `http://127.0.0.1:${port()}/api`,
    calls,
    gatewayFrames,
    dispatch: (event, data) => {
      for (const ws of sockets) send(ws, event, data);
    },
    waitForCall: (match) => {
      const past = calls.find(match);
      return past !== undefined ? Promise.resolve(past) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: async () => {
      for (const ws of sockets) ws.close(1000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function guildPayload(g: FakeDiscordOptions['guild']) {
  return {
    id: g.id, name: g.name, icon: null, owner_id: '1', unavailable: false, member_count: 2, large: false,
    features: [], emojis: [], stickers: [], members: [], presences: [], voice_states: [], threads: [],
    stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    roles: [{ id: g.id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false }],
    channels: [{ id: g.channelId, type: 0, name: 'desk', position: 0, permission_overwrites: [] }],
    joined_at: '2024-01-01T00:00:00.000Z', afk_timeout: 300, verification_level: 0, default_message_notifications: 0,
    explicit_content_filter: 0, mfa_level: 0, premium_tier: 0, preferred_locale: 'en-US', nsfw_level: 0,
  };
}

function message(id: string, channelId: string, botUserId: string, body: unknown) {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return {
    id, channel_id: channelId, type: 0, content: typeof b.content === 'string' ? b.content : '',
    author: { id: botUserId, username: 'tradedesk', discriminator: '0', avatar: null, bot: true },
    timestamp: '2024-01-02T12:00:00.000Z', edited_timestamp: null, tts: false, mention_everyone: false,
    mentions: [], mention_roles: [], attachments: [], embeds: Array.isArray(b.embeds) ? b.embeds : [],
    components: Array.isArray(b.components) ? b.components : [], pinned: false, flags: 0,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(contentType: string, raw: Buffer): { body: unknown; files: RecordedCall['files'] } {
  if (raw.length === 0) return { body: null, files: [] };
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || boundary === null) {
    return { body: contentType.includes('json') ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8'), files: [] };
  }
  // Multipart: split on the boundary; each part is headers, a blank line, then its bytes.
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let body: unknown = null;
  const files: { field: string; filename: string; bytes: number }[] = [];
  let start = raw.indexOf(marker);
  while (start !== -1) {
    const next = raw.indexOf(marker, start + marker.length);
    if (next === -1) break;
    const part = raw.subarray(start + marker.length + 2, next - 2); // skip CRLF after the marker and before the next
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const field = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (field === 'payload_json') body = JSON.parse(content.toString('utf8'));
    else files.push({ field, filename: filename ?? '', bytes: content.length });
    start = next;
  }
  return { body, files };
}
