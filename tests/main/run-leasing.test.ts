// A person's change to a run (stop, pause, halt, a rule applied to it) holds the run's lease under an id that names
// this desk process, so a desk restarted after a crash in the middle of one takes that lease over at once.
import { describe, expect, it } from 'vitest';
import { createRunLeasing } from '../../src/main/desk-deps.js';
import { isHolderGone, processLeaseHolder } from '../../src/store/db/lease-holder.js';

describe('createRunLeasing', () => {
  it("gives each change its own holder id, tagged under this process's id", () => {
    const leasing = createRunLeasing();
    const [first, second] = [leasing.holder(), leasing.holder()];
    expect(first).not.toBe(second);
    for (const holder of [first, second]) {
      expect(holder.startsWith(`${processLeaseHolder()}/change-`)).toBe(true);
      expect(isHolderGone(holder)).toBe(false);
    }
  });

  it('is recognised as gone once its process is (same host, pid no longer running)', () => {
    const holder = createRunLeasing().holder();
    const dead = holder.replace(`:${process.pid}:`, ':2147483646:');
    expect(isHolderGone(dead)).toBe(true);
  });
});
