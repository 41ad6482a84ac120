// The desk process's operations endpoints over node:http: GET /healthz (the process is up), GET /readyz (it can do
// its work: readiness.ts) and GET /metrics (Prometheus text format: desk-metrics.ts). Nothing else: 404 for other
// paths, 405 for other methods. Requests never wait on long work: readiness and the metrics' database query have
// their own short timeouts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readiness } from './readiness.js';

/** The server could not listen (port in use, not an address of this machine): the desk does not start. */
export class OpsHttpStartError extends Error {}

export interface OpsHttpOptions {
  readonly host: string;
  readonly port: number;
  readiness(): Promise<Readiness>;
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
  /** A request that failed inside (a bug): one line. */
  log(line: string): void;
}

export interface OpsHttpServer {
  /** The bound port (the one asked, or the one the OS picked for port 0). */
  readonly port: number;
  /** `http://127.0.0.1:9464` */
  readonly url: string;
  close(): Promise<void>;
}

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

export async function startOpsHttp(o: OpsHttpOptions): Promise<OpsHttpServer> {
  const server = createServer((req, res) => {
    handle(o, req, res).catch((err: unknown) => {
      o.log(`${req.method ?? '?'} ${req.url ?? '?'} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  const authority = `${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new OpsHttpStartError(`TRADEDESK_HTTP ${authority}: ${listenFailure(err)}`)));
    server.listen(o.port, o.host, () => resolve());
  });
  // From here on a server error (a bad client) is not fatal.
  server.on('error', (err) => o.log(`the HTTP server: ${err.message}`));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive connections of a scraper would otherwise hold the close.
      server.closeAllConnections();
    }),
  };
}

async function handle(o: OpsHttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://desk').pathname;
  if (!(OPS_PATHS as readonly string[]).includes(path)) return json(res, 404, { error: `not found: the desk serves ${OPS_PATHS.join(', ')}` });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return json(res, 405, { error: 'method not allowed: GET or HEAD' });
  }
  if (path === '/healthz') return json(res, 200, { status: 'ok' });
  if (path === '/readyz') {
    const r = await o.readiness();
    return json(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  }
  const { contentType, body } = await o.scrape();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : `${JSON.stringify(body)}\n`);
}

function listenFailure(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EADDRINUSE': return 'the port is already in use (another process listens there); pick another port, or 0 for any free one';
    case 'EADDRNOTAVAIL': return 'not an address of this machine';
    case 'EACCES': return 'not allowed to listen there (ports below 1024 need privileges)';
    default: return `cannot listen: ${err.message}`;
  }
}
