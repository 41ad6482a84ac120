// Every desk command input is bounded: one past each limit is refused with one clear line that names the limit,
// echoes at most a few hundred characters of what was given (control characters escaped), and changes nothing.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/core/limits.js';
import { fakeDesk } from '../helpers/fake-desk.js';

const symbols = (n: number): string => Array.from({ length: n }, (_, i) => `S${i}`).join(',');
const pairs = (n: number): string => Array.from({ length: n }, (_, i) => `p${i}=1`).join(',');
const START = '/run start strategy:breakout symbols:SIM';

const CASES: readonly (readonly [string, string, RegExp | string])[] = [
  ['symbols per run', `/run start strategy:breakout symbols:${symbols(LIMITS.symbolsPerRun + 1)}`,
    /^\/run start: option 'symbols': expected at most 200 symbols \(the limit per run\) \(got 'S0,S1,.{150,}'… \(\+[\d,]+ characters\)\)$/],
  ['symbols per backtest', `/backtest strategy:breakout symbols:${symbols(LIMITS.symbolsPerRun + 1)}`, /^\/backtest: option 'symbols': expected at most 200 symbols \(the limit per run\)/],
  ['bars per backtest', '/backtest strategy:breakout symbols:SIM-A,SIM-B timeframe:1m from:2015-01-01 to:2024-01-01',
    '/backtest: 2 symbol(s) x 4,734,720 1m bars: over the limit of 5,000,000 bars per backtest; narrow the dates, use a larger timeframe or fewer symbols'],
  ['cash 1e308', `${START} cash:1e308`, "/run start: option 'cash': expected a number <= 1,000,000,000,000 (got '1e308')"],
  ['cash 1e20', `${START} cash:1e20`, "/run start: option 'cash': expected a number <= 1,000,000,000,000 (got '1e20')"],
  ['backtest cash', '/backtest strategy:breakout symbols:SIM cash:1e13', "/backtest: option 'cash': expected a number <= 1,000,000,000,000 (got '1e13')"],
  ['a param named __proto__', `${START} params:__proto__=1`,
    "/run start: option 'params': a parameter name is a letter then letters, digits or _ (at most 64) (got '__proto__=1')"],
  ['a param named constructor.x', `${START} params:constructor.x=1`,
    "/run start: option 'params': a parameter name is a letter then letters, digits or _ (at most 64) (got 'constructor.x=1')"],
  ['a param given twice', `${START} params:period=5,period=6`, "/run start: option 'params': parameter 'period' is given twice (got 'period=5,period=6')"],
  ['params per run', `${START} params:${pairs(LIMITS.paramsPerRun + 1)}`, /^\/run start: option 'params': at most 32 parameters \(got 'p0=1,/],
  ['a param value length', `${START} params:period=${'9'.repeat(LIMITS.paramValueLength + 1)}`, /^\/run start: option 'params': a parameter value is at most 200 characters/],
  ['a hex sizing', `${START} sizing:risk:0x5`, "/run start: option 'sizing': sizing 'risk:0x5': risk per trade must be a % in (0, 10]"],
  ['year 0000', '/backtest strategy:breakout symbols:SIM from:0000-01-03',
    "/backtest: option 'from': expected a real calendar date (YYYY-MM-DD) in the years 1800-2199 (got '0000-01-03')"],
  ['year 2200', '/backtest strategy:breakout symbols:SIM to:2200-01-03', /^\/backtest: option 'to': expected a real calendar date \(YYYY-MM-DD\) in the years 1800-2199/],
  ['a usage month in year 0000', '/usage month:0000-01', "/usage: option 'month': expected a year from 1800 to 2199 (got '0000-01')"],
  ['question length', `/ask ${'q'.repeat(LIMITS.questionLength + 1)}`, /^\/ask: option 'question': expected at most 1500 characters \(got 'q{200}'… \(\+1,301 characters\)\)$/],
  ['reason length', `/halt reason:${'r'.repeat(LIMITS.textLength + 1)}`, /^\/halt: option 'reason': expected at most 200 characters/],
  ['a terminal escape in a reason that would be stored and shown again', '/halt reason:"market \u001b[2Jgap"',
    "/halt: option 'reason': expected text without control characters (got 'market \\x1b[2Jgap')"],
  ['id length', `/proposal show id:${'i'.repeat(LIMITS.idLength + 1)}`, /^\/proposal show: option 'id': expected at most 64 characters/],
  ['help topic length', `/help ${'h'.repeat(LIMITS.textLength + 1)}`, /^\/help: option 'command': expected at most 200 characters/],
  ['command line length', `${START} reason:"${'x'.repeat(LIMITS.commandChars)}"`, /^the command is 10,0\d\d characters, over the limit of 10,000: \/run start strategy:breakout symbols:SIM… \(\+[\d,]+ characters\)$/],
];

describe('desk command limits', () => {
  it.each(CASES)('refuses %s with one clear line and changes nothing', async (_what, line, expected) => {
    const d = fakeDesk();
    const reply = await d.run(line);
    expect(reply.kind).toBe('error');
    const text = reply.text ?? '';
    if (typeof expected === 'string') expect(text).toBe(expected);
    else expect(text).toMatch(expected);
    expect(text).not.toContain('\n');
    expect(text.length).toBeLessThan(LIMITS.echoChars + 300);
    expect(await d.runStore.listRuns(d.ctx().workspace, {})).toEqual([]);
  });

  it('escapes control characters from the input in the error line', async () => {
    const reply = await fakeDesk().run(`/run start strategy:breakout symbols:\u001b[2J\u001b[31mX`);
    expect(reply.text).toBe("/run start: option 'symbols[0]': expected ticker symbols like AAPL,MSFT (got '\\x1b[2J\\x1b[31mX')");
  });

  it('accepts the limits themselves', async () => {
    const d = fakeDesk();
    const reply = await d.run(`${START} cash:1e12 params:entryPeriod=20`);
    expect(reply.text ?? '').toBe('');
    expect(reply.kind).toBe('ok');
  });
});

describe('strategy parameters in chat', () => {
  it('take a list value as typed, k=v,k2=v2 with the list last or first (lookbacks=21,63,126)', async () => {
    const d = fakeDesk();
    const started = await d.run('/run start strategy:sector-rotation symbols:SIM-A,SIM-B,SIM-C params:lookbacks=10,30,60,topN=2');
    expect(started.kind).toBe('ok');
    const [run] = await d.runStore.listActive();
    expect(run!.manifest.params).toMatchObject({ lookbacks: [10, 30, 60], topN: 2 });
    const backtest = await d.run('/backtest strategy:sector-rotation symbols:SIM-A,SIM-B,SIM-C params:topN=1,lookbacks=5,15 from:2023-01-02 to:2023-06-30');
    expect(backtest.kind).toBe('ok');
  });

  it('still refuses an item with no name before any pair', async () => {
    expect((await fakeDesk().run(`${START} params:20,entryPeriod=5`)).text).toBe("/run start: option 'params': expected key=value pairs separated by commas (got '20,entryPeriod=5')");
  });
});
