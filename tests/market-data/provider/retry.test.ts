import { describe, expect, it } from 'vitest';
import { retryAfterMs, withRetry, type Attempt } from '../../../src/market-data/provider/retry.js';

const policy = (waits: number[]) => ({ attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, sleep: async (ms: number) => void waits.push(ms) });

describe('withRetry', () => {
  it('tries a temporary failure again with doubling backoff, honouring the server wait up to the cap', async () => {
    const waits: number[] = [];
    const outcomes: Attempt<number>[] = [{ kind: 'retry', why: '503' }, { kind: 'retry', why: '429', afterMs: 5_000 }, { kind: 'done', value: 7 }];
    const res = await withRetry('Fake', async () => outcomes.shift()!, policy(waits));
    expect(res).toEqual({ ok: true, value: 7 });
    expect(waits).toEqual([100, 1_000]);
  });

  it('ends with data.unavailable naming the provider and the last reason after the last attempt', async () => {
    const waits: number[] = [];
    const res = await withRetry('Fake', async () => ({ kind: 'retry', why: 'HTTP 502' }) as const, policy(waits));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error).toMatchObject({ code: 'data.unavailable', message: 'Fake did not answer after 3 attempts: HTTP 502' });
    expect(waits).toEqual([100, 200]);
  });

  it('stops at once on a final failure', async () => {
    let calls = 0;
    const res = await withRetry('Fake', async () => {
      calls++;
      return { kind: 'fail', code: 'data.auth', message: 'refused: check FAKE_KEY' } as const;
    }, policy([]));
    expect(calls).toBe(1);
    expect(res.ok ? null : res.error.code).toBe('data.auth');
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['3', 3_000],
    [' 0 ', 0],
    ['Wed, 21 Oct 2015 07:28:10 GMT', 10_000],
    ['soon', undefined],
    [null, undefined],
  ])('reads %j', (header, expected) => {
    expect(retryAfterMs(header, Date.parse('2015-10-21T07:28:00Z'))).toBe(expected);
  });
});
