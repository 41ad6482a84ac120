import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/app/chat/command-line.js';

describe('command line parser', () => {
  it.each([
    ['/help', ['help'], {}],
    ['/run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m', ['run', 'start'], { strategy: 'mean-reversion', symbols: 'SIM-A,SIM-B', timeframe: '1m' }],
    ['/halt reason:"market gap at the open"', ['halt'], { reason: 'market gap at the open' }],
    ["/halt reason:'single quotes'", ['halt'], { reason: 'single quotes' }],
    ['  /RUN   Status   run:3  ', ['run', 'status'], { run: '3' }],
    ['/rules add params:{"pct":5}', ['rules', 'add'], { params: '{"pct":5}' }],
    ['/rules add params:{"reason": "gap at the open", "n": [1, 2]} shadow:true', ['rules', 'add'], { params: '{"reason": "gap at the open", "n": [1, 2]}', shadow: 'true' }],
    ['/rules add params:{"note":"a } and a \\" inside"}', ['rules', 'add'], { params: '{"note":"a } and a \\" inside"}' }],
    ['/rules add params:pct=8,symbols=SIM-A,SIM-B', ['rules', 'add'], { params: 'pct=8,symbols=SIM-A,SIM-B' }],
    ['/x list:["a b","c"]', ['x'], { list: '["a b","c"]' }],
    ['/halt reason:\u201cgap at the open\u201d', ['halt'], { reason: 'gap at the open' }],
    ["/ask what's up with run 2", ['ask', "what's", 'up', 'with', 'run', '2'], {}],
    ["/halt reason:don't", ['halt'], { reason: "don't" }],
    ['/ask is [this] ok', ['ask', 'is', '[this]', 'ok'], {}],
    ['/rules add params:\'{"pct":5}\'', ['rules', 'add'], { params: '{"pct":5}' }],
    ['/x at:09:30', ['x'], { at: '09:30' }],
  ])('parses %s', (line, words, options) => {
    const r = parseCommandLine(line);
    expect(r.ok && r.value).toEqual({ words, options });
  });

  it.each([
    ['help', 'commands start with /'],
    ['/', 'no command after /'],
    ['/halt reason:"open', 'unclosed " quote'],
    ['/run start run:1 run:2', "option 'run' is given twice"],
    ['/run start x:1 stray', "'stray' is not an option"],
    ['/run :5', 'has no option name'],
    ['/rules add params:{"pct":8 shadow:true', "option 'params': unclosed { (JSON values run to their matching })"],
  ])('refuses %s', (line, message) => {
    const r = parseCommandLine(line);
    expect(r.ok ? '' : r.error.message).toContain(message);
  });
});
