import { describe, expect, it } from 'vitest';
import { currentLogContext, withLogContext, workspaceLogContext } from '../../../src/app/log/log-context.js';

describe('the log context', () => {
  it('is none outside any work, and follows the work through awaits and timers', async () => {
    expect(currentLogContext()).toBeUndefined();
    const seen = await withLogContext({ requestId: 'console:1' }, async () => {
      await Promise.resolve();
      return new Promise((resolve) => setTimeout(() => resolve(currentLogContext()), 1));
    });
    expect(seen).toEqual({ requestId: 'console:1' });
    expect(currentLogContext()).toBeUndefined();
  });

  it('adds an inner context to the outer one, the inner values winning, and restores the outer after', () => {
    withLogContext({ ...workspaceLogContext({ platform: 'slack', externalId: 'T1', name: 'acme' }), requestId: 'slack:a' }, () => {
      withLogContext({ runId: 'r1', run: 2, requestId: 'slack:b' }, () => {
        expect(currentLogContext()).toEqual({ workspaceId: 'slack:T1', workspace: 'acme', runId: 'r1', run: 2, requestId: 'slack:b' });
      });
      expect(currentLogContext()).toEqual({ workspaceId: 'slack:T1', workspace: 'acme', requestId: 'slack:a' });
    });
  });

  it('keeps concurrent work apart', async () => {
    const one = withLogContext({ requestId: 'a' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return currentLogContext()?.requestId;
    });
    const two = withLogContext({ requestId: 'b' }, async () => currentLogContext()?.requestId);
    expect(await Promise.all([one, two])).toEqual(['a', 'b']);
  });
});
