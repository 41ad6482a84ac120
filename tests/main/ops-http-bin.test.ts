// TRADEDESK_HTTP as an operator runs it: the real bin (`tradedesk start`) in a child process on a free port (port 0,
// read back from the banner's http line), probed over HTTP while it trades a sped-up run, while a second desk asks
// for the same port, and with Slack configured while Slack's connection (a local fake) goes away.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, removeDatabase, spawnBin, tempDatabaseUrl } from '../helpers/cli.js';
import { startFakeSlackApi } from '../adapters/slack/fake-slack-api.js';
import { startFakeSocketMode } from '../adapters/slack/fake-socket-mode.js';

const databases: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const url of databases) removeDatabase(url);
});

interface Desk {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
}

/** `tradedesk start ...args` with its stdin left open (the console desk runs until it ends), serving on a free port. */
function startDesk(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Desk> {
  const url = tempDatabaseUrl();
  databases.push(url);
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TRADEDESK_') && k !== 'DATABASE_URL') base[k] = v;
  const child = spawn(process.execPath, [BIN, 'start', ...args], { cwd: REPO_ROOT, env: { ...base, DATABASE_URL: url, TRADEDESK_HTTP: '127.0.0.1:0', ...env }, stdio: 'pipe' });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const bound = /^ {2}http {9}\/healthz \/readyz \/metrics on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
      if (bound !== undefined) resolve({ url: bound, child, output: () => ({ stdout, stderr }), exited });
    });
    void exited.then((code) => reject(new Error(`exited ${code} before serving: ${stderr}`)));
  });
}

/** Asks until `done` holds (the desk works at its own pace), failing with the last answer after `tries`. */
async function until<T>(ask: () => Promise<T>, done: (value: T) => boolean, tries = 300): Promise<T> {
  let last = await ask();
  for (let i = 0; i < tries && !done(last); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await ask();
  }
  if (!done(last)) throw new Error(`never happened; last: ${JSON.stringify(last)}`);
  return last;
}

const readyz = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: await res.json() as { status: string; checks: Record<string, { ok: boolean; reason: string }> } };
};
const metricValue = (text: string, sample: string): number => Number(text.split('\n').find((l) => l.startsWith(`${sample} `))?.slice(sample.length + 1) ?? Number.NaN);

describe('tradedesk start with TRADEDESK_HTTP (the bin)', () => {
  it('serves /healthz, /readyz and /metrics, counts the iterations of a sped-up run, and closes when the desk stops', async () => {
    const desk = await startDesk(['--speed', '600'], {});
    const health = await fetch(`${desk.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await readyz(desk.url);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks['database']).toEqual({ ok: true, reason: expect.stringMatching(/^file:.*\.db answers$/) });
    expect(ready.body.checks['migrations']).toEqual({ ok: true, reason: expect.stringMatching(/^all \d+ applied$/) });
    expect(Object.keys(ready.body.checks)).toEqual(['database', 'migrations']);

    desk.child.stdin.write('/run start strategy:mean-reversion symbols:SIM-A timeframe:1m\n');
    const text = await until(async () => (await fetch(`${desk.url}/metrics`)).text(), (t) => metricValue(t, 'tradedesk_iterations_total{outcome="committed"}') > 0);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    expect(metricValue(text, 'tradedesk_iteration_duration_seconds_count')).toBeGreaterThan(0);
    expect(metricValue(text, 'tradedesk_notifications_queued_total')).toBeGreaterThan(0);
    expect(text).toMatch(/^tradedesk_outbox_oldest_due_age_seconds \d/m);

    // A second desk on the same port does not start, in one line.
    const port = new URL(desk.url).port;
    const secondDb = tempDatabaseUrl();
    databases.push(secondDb);
    const second = await spawnBin(['console'], { DATABASE_URL: secondDb, TRADEDESK_HTTP: `127.0.0.1:${port}` }, { stdin: ['/runs'] });
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`tradedesk: TRADEDESK_HTTP 127.0.0.1:${port}: the port is already in use (another process listens there); pick another port, or 0 for any free one\n`);

    // A service outlives its console input (graceful-stop.test.ts); SIGTERM stops it, and the server with it.
    desk.child.stdin.end();
    desk.child.kill('SIGTERM');
    expect(await desk.exited).toBe(0);
    await expect(fetch(`${desk.url}/healthz`)).rejects.toThrow();
    expect(desk.output().stderr).not.toMatch(/http:/);
  }, 60_000);

  it('answers 503 from /readyz once a configured platform is no longer connected (Slack over Socket Mode, a local fake)', async () => {
    const socket = await startFakeSocketMode();
    const slackApi = await startFakeSlackApi((method) => (method === 'apps.connections.open' ? { ok: true, url: socket.url } : undefined));
    try {
      const desk = await startDesk([], { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slackApi.apiUrl });
      const connected = await until(() => readyz(desk.url), (r) => r.status === 200);
      expect(connected.body.checks['slack']).toEqual({ ok: true, reason: 'connected (Socket Mode)' });
      expect(desk.output().stdout).toMatch(/slack +connected \(Socket Mode\)/);

      await socket.close();
      const down = await until(() => readyz(desk.url), (r) => r.status === 503);
      expect(down.body).toEqual({
        status: 'not ready',
        checks: {
          database: { ok: true, reason: expect.stringMatching(/answers$/) },
          migrations: { ok: true, reason: expect.stringMatching(/^all \d+ applied$/) },
          slack: { ok: false, reason: 'not connected: the Socket Mode connection is down (reconnecting)' },
        },
      });
      expect((await fetch(`${desk.url}/healthz`)).status).toBe(200);

      // With a platform connected the desk outlives its console input until it is stopped.
      desk.child.stdin.end();
      await until(async () => desk.output().stderr, (err) => err.includes('still serving (Slack, TRADEDESK_HTTP) until stopped'));
      desk.child.kill('SIGTERM');
      expect(await desk.exited).toBe(0);
    } finally {
      await slackApi.close();
    }
  }, 60_000);
});
