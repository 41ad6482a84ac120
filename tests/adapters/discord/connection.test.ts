// Whether the Discord desk is connected now (its readiness, /readyz): not before it logs in, connected once the
// gateway is ready, not while discord.js reconnects after the gateway went away, not after it stopped.
import { describe, expect, it } from 'vitest';
import { startHarness } from './desk-harness.js';

describe('the Discord desk connection', () => {
  it('is up once the gateway is ready, down when the gateway goes away and after the desk stops', async () => {
    const h = await startHarness();
    try {
      expect(h.desk.connection()).toEqual({ connected: true, detail: `connected as ${h.desk.client.user?.tag}` });
      await h.fake.close();
      for (let i = 0; i < 200 && h.desk.connection().connected; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      // discord.js keeps trying; which step it is at when asked varies (connecting, reconnecting, resuming...).
      expect(h.desk.connection()).toEqual({ connected: false, detail: expect.stringMatching(/^not connected: gateway shard 0 is [a-z]+$/) });
    } finally {
      await h.desk.stop();
    }
    expect(h.desk.connection().connected).toBe(false);
  });
});
