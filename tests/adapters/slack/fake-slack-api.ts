// A fake Slack Web API (+ upload URL and response_url endpoints) on 127.0.0.1, recording every call.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_TEAM = 'T0TEST';
export const BOT_USER = 'U0BOT';
/** chat.postMessage to this channel fails as Slack does when the bot is not a member. */
export const PRIVATE_CHANNEL = 'C0PRIVATE';

export interface FakeCall {
  /** A Web API method (`chat.postMessage`), `upload` (the upload_url POST) or `respond` (a response_url POST). */
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly contentType: string;
  readonly bytes: number;
  /** What the fake answered (Web API methods only). */
  readonly answer?: Record<string, unknown>;
}

// Web API arguments that the client sends as JSON strings inside the form.
const JSON_FIELDS = new Set(['blocks', 'files', 'attachments']);

/** A test's own answer for a Web API method (`{ ok: false, error }` for a failure); undefined -> the default. */
export type FakeAnswer = (method: string, body: Record<string, unknown>) => Record<string, unknown> | undefined;

export async function startFakeSlackApi(answer: FakeAnswer = () => undefined) {
  const calls: FakeCall[] = [];
  const waiters: { match: (c: FakeCall) => boolean; resolve: (c: FakeCall) => void }[] = [];
  let fileSeq = 0;
  let messageSeq = 0;
  let base = '';

  const record = (call: FakeCall): void => {
    calls.push(call);
    for (const w of waiters.splice(0).filter((x) => !x.match(call) || (x.resolve(call), false))) waiters.push(w);
  };

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', base);
      const contentType = req.headers['content-type'] ?? '';
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (url.pathname.startsWith('/upload/')) {
        record({ method: 'upload', path: url.pathname, body: {}, contentType, bytes: raw.length });
        return send(200, {});
      }
      if (url.pathname.startsWith('/respond/')) {
        record({ method: 'respond', path: url.pathname, body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, contentType, bytes: raw.length });
        return send(200, { ok: true });
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const body = parseForm(raw.toString('utf8'));
      const reply = answer(method, body) ?? defaultAnswer(method, body);
      record({ method, path: url.pathname, body, contentType, bytes: raw.length, answer: reply });
      return send(200, reply);
    });
  });
  const defaultAnswer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: BOT_USER, bot_id: 'B0BOT', team_id: FAKE_TEAM, team: 'Acme', url: 'https://acme.slack.com/' };
      case 'chat.postMessage':
        if (body.channel === PRIVATE_CHANNEL) return { ok: false, error: 'not_in_channel' };
        // Every message gets its own ts, as on Slack: run threads are keyed by their parent's ts.
        messageSeq += 1;
        return { ok: true, channel: body.channel, ts: `1700000000.${String(messageSeq).padStart(6, '0')}`, message: { text: body.text } };
      case 'usergroups.list':
        return { ok: true, usergroups: [] };
      case 'users.info':
        return { ok: true, user: { id: body.user, name: String(body.user).toLowerCase(), is_admin: false, is_owner: false } };
      case 'files.getUploadURLExternal':
        fileSeq += 1;
        return { ok: true, upload_url: `${base}/upload/F${fileSeq}`, file_id: `F${fileSeq}` };
      case 'files.completeUploadExternal':
        return { ok: true, files: body.files };
      default:
        return { ok: true };
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    /** Resolves with the first recorded call (past or future) of `method` that matches. */
    next(method: string, match: (c: FakeCall) => boolean = () => true): Promise<FakeCall> {
      const test = (c: FakeCall): boolean => c.method === method && match(c);
      const seen = calls.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match: test, resolve }));
    },
    close: async (): Promise<void> => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeSlackApi = Awaited<ReturnType<typeof startFakeSlackApi>>;

function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
