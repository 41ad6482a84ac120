// The operations endpoints' server (src/main/ops/http.ts) on 127.0.0.1: /healthz, /readyz (200 or 503 with the
// checks), /metrics (the exposition text), 404 elsewhere, 405 for other methods, a port in use as one start error.
import { afterEach, describe, expect, it } from 'vitest';
import { OpsHttpStartError, startOpsHttp, type OpsHttpServer } from '../../../src/main/ops/http.js';
import type { Readiness } from '../../../src/main/ops/readiness.js';

const READY: Readiness = { ready: true, checks: { database: { ok: true, reason: 'file:/tmp/x.db answers' }, migrations: { ok: true, reason: 'all 15 applied' } } };
const servers: OpsHttpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(readiness: () => Promise<Readiness> = async () => READY, port = 0): Promise<OpsHttpServer> {
  const server = await startOpsHttp({
    host: '127.0.0.1', port, readiness,
    scrape: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '# HELP tradedesk_fills_total x\ntradedesk_fills_total 0\n' }),
    log: () => undefined,
  });
  servers.push(server);
  return server;
}

describe('the ops HTTP server', () => {
  it('answers /healthz with 200 while the process is up, and says where it listens', async () => {
    const s = await serve();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(s.port).toBeGreaterThan(0);
    const res = await fetch(`${s.url}/healthz`);
    expect([res.status, await res.json()]).toEqual([200, { status: 'ok' }]);
    const head = await fetch(`${s.url}/healthz`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('answers /readyz with 200 and its checks when ready, 503 and the reasons when not', async () => {
    let readiness = READY;
    const s = await serve(async () => readiness);
    const ready = await fetch(`${s.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: READY.checks }]);
    readiness = { ready: false, checks: { ...READY.checks, slack: { ok: false, reason: 'not connected: the Socket Mode connection is down (reconnecting)' } } };
    const notReady = await fetch(`${s.url}/readyz`);
    expect([notReady.status, await notReady.json()]).toEqual([503, { status: 'not ready', checks: readiness.checks }]);
  });

  it('serves /metrics as Prometheus text (a query string is ignored)', async () => {
    const s = await serve();
    const res = await fetch(`${s.url}/metrics?name[]=x`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toContain('tradedesk_fills_total 0');
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const s = await serve();
    const missing = await fetch(`${s.url}/metricz`);
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'not found: the desk serves /healthz, /readyz, /metrics' }]);
    const post = await fetch(`${s.url}/metrics`, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow'), await post.json()]).toEqual([405, 'GET, HEAD', { error: 'method not allowed: GET or HEAD' }]);
  });

  it('answers 500 when a check throws (a bug), and keeps serving', async () => {
    const s = await serve(async () => {
      throw new Error('bug');
    });
    expect((await fetch(`${s.url}/readyz`)).status).toBe(500);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('refuses a port in use with one line naming TRADEDESK_HTTP', async () => {
    const taken = await serve();
    const second = serve(async () => READY, taken.port);
    await expect(second).rejects.toBeInstanceOf(OpsHttpStartError);
    await expect(second).rejects.toThrow(`TRADEDESK_HTTP 127.0.0.1:${taken.port}: the port is already in use (another process listens there); pick another port, or 0 for any free one`);
  });

  it('stops listening when closed, even with a keep-alive connection open', async () => {
    const s = await serve();
    expect((await fetch(`${s.url}/healthz`, { keepalive: true })).status).toBe(200);
    await servers.pop()!.close();
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });
});
