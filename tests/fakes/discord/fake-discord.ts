// A fake Discord (REST + gateway) on 127.0.0.1 for driving the real discord.js client in tests. It speaks just
// enough of the protocol (shared notes, offline-harness.md section 1): HELLO -> IDENTIFY -> READY + one
// GUILD_CREATE per guild (channels and roles), interaction callbacks, webhook edits/follow-ups/deletes, channel
// messages, typing, threads started from a message, single-member lookups, and bulk command registration; an
// interaction takes one callback. Like Discord it only sends guild messages to a client with the GuildMessages intent
// and blanks their content without MessageContent (unless the bot is mentioned). Every REST call is recorded so tests
// can wait for and inspect what the bot sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptWebSocket, type MiniSocket } from './mini-ws.js';
import { parseBody } from './multipart.js';
import { botUser, guildCreate, guildMember, sentMessage, threadChannel, type FakeGuild } from './payloads.js';

export type { FakeGuild, FakeMember, FakeRole } from './payloads.js';

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

/** A MESSAGE_CREATE payload: the fields the fake looks at, plus the rest of Discord's message object. */
export interface GatewayMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly guild_id?: string;
  readonly content: string;
  readonly mentions: readonly { readonly id: string }[];
  readonly [field: string]: unknown;
}

export interface FakeDiscordOptions {
  readonly applicationId: string;
  readonly guilds: readonly FakeGuild[];
  readonly botUserId?: string;
}

export interface FakeDiscord {
  /** REST base for discord.js `rest.api` (discord.js appends `/v10`). */
  readonly apiBaseUrl: string;
  readonly botUserId: string;
  readonly calls: RecordedCall[];
  /** Frames the client sent on the gateway (IDENTIFY, heartbeats). */
  readonly gatewayFrames: unknown[];
  /** Gateway sessions identified and not closed yet (one per logged-in client). */
  openSessions(): number;
  /** Sends a gateway dispatch (e.g. INTERACTION_CREATE) to every connected client. */
  dispatch(event: string, data: unknown): void;
  /** Delivers a MESSAGE_CREATE as Discord would, given each client's intents. */
  dispatchMessage(message: GatewayMessage): void;
  /** Deletes a channel or thread: posting there then fails with 404 Unknown Channel (10003). */
  deleteChannel(id: string): void;
  /** Member lookups in this guild answer 403 Missing Access (50001) from now on, as when the bot lost access. */
  failMemberLookups(guildId: string): void;
  /** Resolves with the first recorded call (past or future) that matches. */
  waitForCall(match: (c: RecordedCall) => boolean): Promise<RecordedCall>;
  close(): Promise<void>;
}

const GUILD_MESSAGES = 1 << 9;
const DIRECT_MESSAGES = 1 << 12;
const MESSAGE_CONTENT = 1 << 15;

export async function startFakeDiscord(o: FakeDiscordOptions): Promise<FakeDiscord> {
  const calls: RecordedCall[] = [];
  const gatewayFrames: unknown[] = [];
  const waiters: { match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  const sockets: { ws: MiniSocket; intents: number }[] = [];
  const botUserId = o.botUserId ?? '900000000000000001';
  /** Channel id -> its guild (null for a DM); messages and threads can only be created in known channels. */
  const channels = new Map<string, string | null>(o.guilds.flatMap((g) => g.channels.map((c) => [c.id, g.id] as const)));
  const messages = new Map<string, string>(); // message id -> channel id
  const failingMemberLookups = new Set<string>();
  const answered = new Set<string>(); // interaction callback paths
  let seq = 0;
  let nextId = 1_200_000_000_000_000_000n;
  const newId = (): string => String((nextId += 1n));
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
      const contentType = req.headers['content-type'] ?? '';
      const call: RecordedCall = { method: req.method ?? 'GET', path, query: url.search, contentType, ...parseBody(contentType, raw) };
      calls.push(call);
      for (const w of waiters.filter((x) => x.match(call))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
      const json = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      };
      const unknownChannel = (): void => json(404, { message: 'Unknown Channel', code: 10003 });
      if (call.method === 'GET' && path === '/gateway/bot') {
        return json(200, { url: `ws://127.0.0.1:${port()}/gateway`, shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } });
      }
      if (/^\/interactions\/[^/]+\/[^/]+\/callback$/.test(path)) {
        // Like Discord, an interaction is answered once: a second callback is refused.
        if (answered.has(path)) return json(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
        answered.add(path);
        return void res.writeHead(204).end();
      }
      if (call.method === 'DELETE' && /^\/webhooks\/[^/]+\/[^/]+\/messages\//.test(path)) return void res.writeHead(204).end();
      if (/^\/webhooks\/[^/]+\/[^/]+(\/messages\/[^/]+)?$/.test(path)) {
        return json(200, sentMessage(newId(), o.guilds[0]?.channels[0]?.id ?? '0', botUserId, call.body));
      }
      const post = call.method === 'POST' ? /^\/channels\/(\d+)\/(messages|typing)$/.exec(path) : null;
      if (post !== null) {
        const channelId = post[1]!;
        if (!channels.has(channelId)) return unknownChannel();
        if (post[2] === 'typing') return void res.writeHead(204).end();
        const id = newId();
        messages.set(id, channelId);
        return json(200, sentMessage(id, channelId, botUserId, call.body));
      }
      const member = call.method === 'GET' ? /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path) : null;
      if (member !== null) {
        const guild = o.guilds.find((g) => g.id === member[1]);
        if (guild === undefined) return json(404, { message: 'Unknown Guild', code: 10004 });
        if (failingMemberLookups.has(guild.id)) return json(403, { message: 'Missing Access', code: 50001 });
        const found = guild.members?.find((m) => m.userId === member[2]);
        return found === undefined ? json(404, { message: 'Unknown Member', code: 10007 }) : json(200, guildMember(found));
      }
      const thread = call.method === 'POST' ? /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path) : null;
      if (thread !== null) {
        const channelId = thread[1]!;
        const messageId = thread[2]!;
        const guildId = channels.get(channelId);
        if (guildId === undefined) return unknownChannel();
        if (messages.get(messageId) !== channelId || guildId === null) return json(404, { message: 'Unknown Message', code: 10008 });
        const b = call.body as { name: string; auto_archive_duration?: number };
        const created = threadChannel(messageId, guildId, channelId, botUserId, b.name, b.auto_archive_duration ?? 4320);
        channels.set(messageId, guildId);
        for (const s of sockets) send(s.ws, 'THREAD_CREATE', { ...created, newly_created: true });
        return json(201, created);
      }
      if (call.method === 'PUT' && /^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/.test(path) && Array.isArray(call.body)) {
        return json(200, call.body.map((c: Record<string, unknown>, i: number) => ({ ...c, id: String(5000 + i), application_id: o.applicationId, version: '1' })));
      }
      json(404, { message: 'Unknown route (fake)', code: 0 });
    });
  });
  server.on('upgrade', (req, socket) => {
    const ws = acceptWebSocket(req, socket);
    ws.sendText(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.onText((text) => {
      const frame = JSON.parse(text) as { op: number; d: { intents?: number } };
      gatewayFrames.push(frame);
      if (frame.op === 1) ws.sendText(JSON.stringify({ op: 11 }));
      if (frame.op !== 2) return;
      sockets.push({ ws, intents: frame.d.intents ?? 0 });
      send(ws, 'READY', {
        v: 10,
        user: botUser(botUserId),
        guilds: o.guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: 'fake-session',
        resume_gateway_url: `ws://127.0.0.1:${port()}/gateway`,
        shard: [0, 1],
        application: { id: o.applicationId, flags: 0 },
      });
      for (const g of o.guilds) send(ws, 'GUILD_CREATE', guildCreate(g));
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
    botUserId,
    calls,
    gatewayFrames,
    openSessions: () => sockets.filter((s) => !s.ws.closed).length,
    dispatch: (event, data) => {
      for (const s of sockets) send(s.ws, event, data);
    },
    dispatchMessage: (m) => {
      const inGuild = m.guild_id !== undefined;
      if (!inGuild && !channels.has(m.channel_id)) channels.set(m.channel_id, null); // a DM channel opens on first use
      messages.set(m.id, m.channel_id);
      for (const s of sockets) {
        if ((s.intents & (inGuild ? GUILD_MESSAGES : DIRECT_MESSAGES)) === 0) continue;
        const readable = !inGuild || (s.intents & MESSAGE_CONTENT) !== 0 || m.mentions.some((u) => u.id === botUserId);
        send(s.ws, 'MESSAGE_CREATE', readable ? m : { ...m, content: '' });
      }
    },
    deleteChannel: (id) => {
      channels.delete(id);
    },
    failMemberLookups: (guildId) => {
      failingMemberLookups.add(guildId);
    },
    waitForCall: (match) => {
      const past = calls.find(match);
      return past !== undefined ? Promise.resolve(past) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: async () => {
      for (const s of sockets) s.ws.close(1000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
