import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { createLru } from '../../core/domain/lru.js';

const authTest = z.object({ team_id: z.string(), url: z.string() });

/**
 * Workspace names (Slack team domains) by team id. Slash commands and buttons carry the domain; events (mentions,
 * DMs) do not, so those use the last domain seen, else the bot's own team from auth.test, else the id. The store
 * keeps the latest name per workspace, so a stable name keeps its records readable.
 */
export function createTeamNames(client: webApi.WebClient) {
  const known = createLru<string, string>({ maxEntries: 1000 }); // one per Slack team the bot serves
  let own: Promise<{ teamId: string; domain: string } | null> | undefined;

  const loadOwn = async () => {
    try {
      const res = authTest.parse(await client.auth.test());
      const domain = new URL(res.url).hostname.split('.')[0];
      return domain === undefined || domain === '' ? null : { teamId: res.team_id, domain };
    } catch {
      return null; // the name is cosmetic: fall back to the id
    }
  };

  return {
    remember(teamId: string, domain: string): void {
      known.set(teamId, domain);
    },
    async name(teamId: string): Promise<string> {
      const seen = known.get(teamId);
      if (seen !== undefined) return seen;
      own ??= loadOwn();
      const bot = await own;
      return bot !== null && bot.teamId === teamId ? bot.domain : teamId;
    },
  };
}

export type TeamNames = ReturnType<typeof createTeamNames>;
