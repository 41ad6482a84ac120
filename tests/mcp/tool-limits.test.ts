// MCP tool inputs: refused in one readable line naming the argument and the limit, never a dump of zod issues.
import { describe, expect, it } from 'vitest';
import { seededMcp, textOf } from './mcp-harness.js';

describe('MCP tool input limits', () => {
  it.each([
    ['a wrong type', 'get_bars', { symbol: 5 }, "get_bars: argument 'symbol': expected a string, got 5"],
    ['a missing argument', 'get_run', {}, "get_run: argument 'run' is required (a number)"],
    ['an unknown argument', 'get_bars', { symbol: 'SIM-A', maxbars: 10 }, "get_bars: unknown argument 'maxbars' (arguments: symbol, timeframe, source, adjustment, from, to, max_bars, as_of)"],
    ['a bad enum value', 'get_bars', { symbol: 'SIM-A', timeframe: '2m' }, "get_bars: argument 'timeframe': expected one of 1m, 5m, 15m, 1h, 1d, got '2m'"],
    ['an unknown indicator', 'get_indicators', { symbol: 'SIM-A', indicators: [{ kind: 'nope' }] },
      "get_indicators: argument 'indicators[0].kind': expected one of sma, ema, rsi, atr, bollinger, donchian, macd, got 'nope'"],
    ['a long symbol', 'get_bars', { symbol: `\u001b[31m${'A'.repeat(300)}` }, /^get_bars: argument 'symbol': expected at most 20 character\(s\), got '\\x1b\[31mA+'… \(\+[\d,]+ characters\)$/],
    ['a window of too many bars', 'get_bars', { symbol: 'SIM-A', timeframe: '1m', from: '2023-01-01' },
      /^from\.\.to spans [\d,]+ 1m bars, over the limit of 100,000 per window: give a later from or a larger timeframe$/],
    ['year 0000', 'get_bars', { symbol: 'SIM-A', as_of: '0000-01-01' }, "as_of: the year must be from 1800 to 2199, got '0000-01-01'"],
    ['an unknown tool', 'place_order', { symbol: 'TSLA' }, /^unknown tool 'place_order'; tools: list_runs, /],
  ])('refuses %s', async (_what, tool, args, expected) => {
    const { call } = await seededMcp();
    const result = await call(tool, args);
    expect(result.isError).toBe(true);
    if (typeof expected === 'string') expect(textOf(result)).toBe(expected);
    else expect(textOf(result)).toMatch(expected);
  });
});
