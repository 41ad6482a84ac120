import { describe, expect, it } from 'vitest';
import { formatSourceSpec, isProviderSource, parseSourceSpec } from '../../src/core/domain/data-source.js';

describe('parseSourceSpec', () => {
  it.each([
    ['sim', { kind: 'sim' }],
    ['CSV', { kind: 'csv' }],
    ['yahoo', { kind: 'providers', chain: ['yahoo'] }],
    ['alpaca, yahoo', { kind: 'providers', chain: ['alpaca', 'yahoo'] }],
    ['polygon,alpaca,yahoo', { kind: 'providers', chain: ['polygon', 'alpaca', 'yahoo'] }],
  ])('reads %j', (text, spec) => {
    expect(parseSourceSpec(text)).toEqual({ ok: true, value: spec });
    expect(formatSourceSpec(spec as never)).toBe(text.toLowerCase().replace(/ /g, ''));
  });

  it.each([
    ['alpaca,sim', 'sim cannot be part of a list of providers'],
    ['yahoo,csv', 'csv cannot be part of a list of providers'],
    ['bloomberg', "unknown source 'bloomberg' (expected sim, csv, alpaca, polygon, yahoo)"],
    ['yahoo,yahoo', 'yahoo is listed twice'],
    ['alpaca,,yahoo', 'an empty name in the list'],
  ])('refuses %j in one line saying why', (text, why) => {
    const res = parseSourceSpec(text, 'data:');
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('data.source');
      expect(res.error.message).toContain(why);
      expect(res.error.message).not.toContain('\n');
    }
  });
});

describe('isProviderSource', () => {
  it.each([
    ['yahoo', true],
    ['alpaca,yahoo', true],
    ['sim', false],
    ['csv', false],
    ['nonsense', false],
  ])('%j -> %s', (source, expected) => {
    expect(isProviderSource(source)).toBe(expected);
  });
});
