import { describe, expect, it } from 'vitest';
import { resolveAsOf } from '../../src/mcp/as-of.js';
import { parseIsoTime } from '../../src/mcp/time-input.js';

describe('parseIsoTime', () => {
  it.each([
    ['2024-01-02', Date.UTC(2024, 0, 2)],
    ['2024-01-02T15:30', Date.UTC(2024, 0, 2, 15, 30)],
    ['2024-01-02 15:30:10', Date.UTC(2024, 0, 2, 15, 30, 10)],
    ['2024-01-02T15:30:00Z', Date.UTC(2024, 0, 2, 15, 30)],
    ['2024-01-02T15:30:00-05:00', Date.UTC(2024, 0, 2, 20, 30)],
  ])('reads %s (UTC without an offset)', (text, ms) => {
    expect(parseIsoTime('from', text)).toEqual({ ok: true, value: ms });
  });

  it.each(['yesterday', '2024-13-01', '1704153600000', '02/01/2024', ''])('refuses %j naming the field', (text) => {
    const r = parseIsoTime('to', text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe(`to: expected an ISO date or time like 2024-01-02 or 2024-01-02T15:30:00Z, got '${text}'`);
  });
});

describe('resolveAsOf', () => {
  const now = Date.UTC(2024, 0, 2, 12);
  it.each([
    [undefined, now],
    ['2023-06-01', Date.UTC(2023, 5, 1)],
    ['2030-01-01', now],
  ])('resolves %j to the cut-off, never later than now', (text, ms) => {
    expect(resolveAsOf(text, now)).toEqual({ ok: true, value: ms });
  });
});
