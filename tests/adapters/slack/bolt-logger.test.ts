import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../../src/adapters/slack/bolt-logger.js';

describe("Bolt's own log into the desk's", () => {
  it('passes lines from its level up as `slack: ` lines, errors by their message and objects as JSON', () => {
    const lines: string[] = [];
    const logger = boltLogger((line) => lines.push(line), LogLevel.WARN);
    logger.setName('socket-mode');
    logger.debug('a frame');
    logger.info('connected');
    logger.warn('reconnecting in', 5, { attempt: 2 });
    logger.error(new Error('invalid_auth'));
    expect(logger.getLevel()).toBe(LogLevel.WARN);
    expect(lines).toEqual(['slack: socket-mode: reconnecting in 5 {"attempt":2}', 'slack: socket-mode: invalid_auth']);
    logger.setLevel(LogLevel.DEBUG);
    logger.debug('now shown');
    expect(lines.at(-1)).toBe('slack: socket-mode: now shown');
  });
});
