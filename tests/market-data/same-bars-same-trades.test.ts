// The same daily bars served by Alpaca, Polygon, Yahoo (each through its real client library against a local fake)
// or read from a CSV file give the same trend-following backtest: the same trades and equity to the cent.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newYorkLocalToUtcMs } from '../../src/core/risk/exchange-time.js';
import { startFakeAlpaca, type FakeAlpaca } from '../fakes/alpaca/fake-alpaca.js';
import { startFakePolygon, type FakePolygon } from '../fakes/polygon/fake-polygon.js';
import { startFakeYahoo, type FakeYahoo } from '../fakes/yahoo/fake-yahoo.js';
import { jsonOf, runInProcess } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';

const FROM = '2010-01-04';
const TO = '2014-12-31';
const HALF_PAST_NINE_MS = (9 * 60 + 30) * 60_000;

interface Row { day: number; o: number; h: number; l: number; c: number; v: number }

function orclRows(): Row[] {
  const lines = readFileSync(path.join(EXAMPLE_DATA_DIR, 'ORCL.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines
    .map((line) => line.split(','))
    .filter((f) => f[0]! >= FROM && f[0]! <= TO)
    .map((f) => ({ day: Date.parse(`${f[0]}T00:00:00Z`), o: Number(f[1]), h: Number(f[2]), l: Number(f[3]), c: Number(f[4]), v: Number(f[6]) }));
}

describe('one backtest whatever the provider', () => {
  let alpaca: FakeAlpaca;
  let polygon: FakePolygon;
  let yahoo: FakeYahoo;
  let env: Record<string, string>;
  const noProxy = process.env.NO_PROXY;

  beforeAll(async () => {
    const rows = orclRows();
    alpaca = await startFakeAlpaca({ keyId: 'key', secretKey: 'secret', pageSize: 500 });
    // Alpaca and Polygon stamp a daily bar at midnight New York; Yahoo at the session open.
    alpaca.setBars('ORCL', '1Day', rows.map((r) => ({ t: new Date(newYorkLocalToUtcMs(r.day)).toISOString().replace('.000Z', 'Z'), o: r.o, h: r.h, l: r.l, c: r.c, v: r.v })));
    polygon = await startFakePolygon({ apiKey: 'pkey', tickers: { ORCL: { daily: rows.map((r) => ({ t: newYorkLocalToUtcMs(r.day), o: r.o, h: r.h, l: r.l, c: r.c, v: r.v })) } } });
    yahoo = await startFakeYahoo();
    yahoo.setBars('ORCL', '1d', rows.map((r) => ({ t: newYorkLocalToUtcMs(r.day + HALF_PAST_NINE_MS) / 1000, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v })));
    process.env.NO_PROXY = '127.0.0.1,localhost';
    env = {
      APCA_API_KEY_ID: 'key', APCA_API_SECRET_KEY: 'secret', APCA_API_DATA_URL: alpaca.url, APCA_API_BASE_URL: alpaca.url,
      POLYGON_API_KEY: 'pkey', POLYGON_API_URL: polygon.baseUrl, YAHOO_API_URL: yahoo.baseUrl,
    };
  });

  afterAll(async () => {
    if (noProxy === undefined) delete process.env.NO_PROXY;
    else process.env.NO_PROXY = noProxy;
    await Promise.all([alpaca.close(), polygon.close(), yahoo.close()]);
  });

  it('gives the same trades and equity to the cent from Alpaca, Polygon, Yahoo and a CSV file', async () => {
    const args = ['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--from', FROM, '--to', TO, '--json'];
    const docs: Record<string, Record<string, unknown>> = {};
    for (const data of [EXAMPLE_DATA_DIR, 'alpaca', 'polygon', 'yahoo']) {
      docs[data] = jsonOf(await runInProcess([...args, '--data', data], { env })) as Record<string, unknown>;
    }
    const csv = docs[EXAMPLE_DATA_DIR]!;
    expect((csv.trades as unknown[]).length).toBeGreaterThan(3);
    for (const provider of ['alpaca', 'polygon', 'yahoo']) {
      const doc = docs[provider]!;
      expect(doc.bars).toBe(csv.bars);
      expect([doc.from, doc.to]).toEqual([csv.from, csv.to]);
      expect(doc.trades).toEqual(csv.trades);
      expect(doc.metrics).toEqual(csv.metrics);
      expect((doc.data as { sources: unknown }).sources).toEqual({ ORCL: provider });
    }
  }, 60_000);
});
