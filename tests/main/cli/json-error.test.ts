import { describe, expect, it } from 'vitest';
import { describeJsonError, firstJsonErrorOffset } from '../../../src/main/cli/json-error.js';

const VALID = [
  '[]', '{}', ' [ 1 , -2.5e+3 , 0 , "a\\u00e9\\n" , true , false , null ] ', '{"a":{"b":[{}]},"c":""}',
  '"just a string"', '0', '-0.5', '1E9', '\n\t{ "rules" : [ ] }\r\n',
];
// [text, offset of the first bad character]
const INVALID: [string, number][] = [
  ['', 0], ['   ', 3], ['[1,2,]', 5], ['{"a":1', 6], ['[1 2]', 3], ['{a:1}', 1], ['["x]', 4], ['[01]', 2],
  ['[tru]', 4], ['{"a" 1}', 5], ['[1.]', 3], ['[-]', 2], ['[1e]', 3], ['[1e+]', 4], ['[-x]', 2], ['["\\x"]', 3], ['["\\u12g4"]', 6], ['["a\nb"]', 3],
  ['[] []', 3], ['[\n  {"id": "stop",\n    "type": oops }\n]', 31], ['\uFEFF[]', 0], ['{"a":1,}', 7], ["['a']", 1],
];

describe('firstJsonErrorOffset', () => {
  it.each(VALID)('accepts %j like JSON.parse does', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(firstJsonErrorOffset(text)).toBeNull();
  });

  it.each(INVALID)('rejects %j like JSON.parse, at offset %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(firstJsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with the position JSON.parse reports when it reports one', () => {
    for (const [text] of INVALID) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (err) {
        message = err instanceof Error ? err.message : '';
      }
      const pos = /at position (\d+)/.exec(message);
      if (pos !== null) expect(firstJsonErrorOffset(text), text).toBe(Number(pos[1]));
    }
  });
});

describe('describeJsonError', () => {
  it.each([
    ['[\n  {"id": "stop",\n    "type": oops }\n]', "line 3, column 13 (unexpected 'o')"],
    ['{"a":1', 'line 1, column 7 (unexpected end of input)'],
    ['["a\tb"]', 'line 1, column 4 (unexpected U+0009)'],
    ['[1]', null],
  ])('describes %j as %j', (text, expected) => {
    expect(describeJsonError(text)).toBe(expected);
  });
});
