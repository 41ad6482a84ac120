import { mkdtempSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv, type Env } from '../../../src/config/env.js';
import { parseDataOption } from '../../../src/main/cli/data-option.js';

const env = (source: Record<string, string> = {}): Env => {
  const e = loadEnv(source);
  if (!e.ok) throw new Error(e.error.message);
  return e.value;
};

describe('--data', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'data-option-'));
  mkdirSync(path.join(cwd, 'prices'));
  mkdirSync(path.join(cwd, 'yahoo'));

  it.each([
    ['sim', { kind: 'sim' }],
    ['yahoo', { kind: 'providers', chain: ['yahoo'] }],
    ['alpaca,yahoo', { kind: 'providers', chain: ['alpaca', 'yahoo'] }],
    ['prices', { kind: 'folder', dir: path.join(cwd, 'prices') }],
    ['./yahoo', { kind: 'folder', dir: path.join(cwd, 'yahoo') }],
    ['/no/such/folder', { kind: 'folder', dir: '/no/such/folder' }],
  ])('reads %j', (value, choice) => {
    expect(parseDataOption(value, env(), cwd)).toEqual({ ok: true, value: choice });
  });

  it('defaults to MARKET_DATA, then TRADEDESK_MARKET', () => {
    expect(parseDataOption(undefined, env(), cwd)).toEqual({ ok: true, value: { kind: 'sim' } });
    expect(parseDataOption(undefined, env({ MARKET_DATA: 'yahoo' }), cwd)).toEqual({ ok: true, value: { kind: 'providers', chain: ['yahoo'] } });
    expect(parseDataOption(undefined, env({ TRADEDESK_MARKET: 'csv', TRADEDESK_DATA_DIR: '/x' }), cwd)).toEqual({ ok: true, value: { kind: 'csv' } });
  });

  it.each([
    ['yahooo', "--data 'yahooo': not a source (sim, csv, alpaca, polygon, yahoo, or a list such as alpaca,yahoo) nor a folder of CSV files"],
    ['alpaca,sim', "--data 'alpaca,sim': sim cannot be part of a list of providers"],
    ['yahoo,bloomberg', "unknown source 'bloomberg'"],
  ])('refuses %j in one line', (value, message) => {
    const res = parseDataOption(value, env(), cwd);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toContain(message);
  });
});
