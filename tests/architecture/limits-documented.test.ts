// The README's "Limits" table lists every limit with the value the code enforces, so the two cannot drift apart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIMITS, showLimit } from '../../src/core/limits.js';

const README = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('## Limits'), README.indexOf('\n## ', README.indexOf('## Limits') + 1));

describe('the README limits table', () => {
  it.each(Object.entries(LIMITS))('shows %s (%d)', (_name, value) => {
    expect(section.length).toBeGreaterThan(100);
    expect([showLimit(value), String(value)].some((shown) => new RegExp(`(^|[^\\d,])${shown}([^\\d,]|$)`).test(section))).toBe(true);
  });
});
