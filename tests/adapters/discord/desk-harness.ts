// One Discord desk over fakeDesk() deps, connected to a fake Discord with guilds A and B, for the adapter tests.
import type { AskAnalyst, Autocomplete, RoleQuery } from '../../../src/app/chat/ports.js';
import type { AnyCommand, Role } from '../../../src/app/chat/command.js';
import type { DeskDeps } from '../../../src/app/desk/desk-deps.js';
import { createDiscordDesk, type DiscordDesk } from '../../../src/adapters/discord/desk.js';
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from '../../fakes/discord/fake-discord.js';
import { FAKE_NOW, fakeDesk } from '../../helpers/fake-desk.js';
import { APP_ID, GUILD_A, GUILD_B } from './interactions.js';

/** Users with a fixed role whatever their guild roles: a viewer and a trader. */
export const VIEWER = '100000000000000001';
export const TRADER = '100000000000000002';
export const STRANGER = '100000000000000009';
const BY_USER: Readonly<Record<string, Role>> = { [VIEWER]: 'viewer', [TRADER]: 'trader' };

export interface HarnessOptions {
  readonly registry?: (commands: readonly AnyCommand<DeskDeps>[]) => readonly AnyCommand<DeskDeps>[];
  readonly autocomplete?: Autocomplete;
  readonly ask?: AskAnalyst;
  readonly channelChat?: boolean;
  readonly isChatChannel?: (guildId: string, channelId: string) => Promise<boolean>;
  readonly deferAfterMs?: number;
  /** The desk's clock; FAKE_NOW throughout when absent. */
  readonly now?: () => number;
}

export interface Harness {
  readonly fake: FakeDiscord;
  readonly desk: DiscordDesk;
  readonly setup: ReturnType<typeof fakeDesk>;
  /** Every RoleQuery the desk resolved, in order. */
  readonly queries: RoleQuery[];
  /** Lines the desk logged (failures it survived). */
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * The test's role bindings: platform admins are admins, the "Traders" role (by name, in either guild) and TRADER
 * are traders, everyone else a viewer.
 */
export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscord({ applicationId: APP_ID, guilds: [GUILD_A, GUILD_B] });
  const setup = fakeDesk();
  const queries: RoleQuery[] = [];
  const logs: string[] = [];
  const desk = createDiscordDesk({
    token: 'fake-token', applicationId: APP_ID, apiBaseUrl: fake.apiBaseUrl, restRetries: 0,
    deps: setup.deps,
    registry: o.registry === undefined ? setup.deps.commands : o.registry(setup.deps.commands),
    resolveRole: async (q) => {
      queries.push(q);
      if (q.platformAdmin) return 'admin';
      return q.memberOf.includes('Traders') ? 'trader' : BY_USER[q.userId] ?? 'viewer';
    },
    ...(o.autocomplete === undefined ? {} : { autocomplete: o.autocomplete }),
    ...(o.ask === undefined ? {} : { ask: o.ask }),
    ...(o.channelChat === undefined ? {} : { channelChat: o.channelChat }),
    ...(o.isChatChannel === undefined ? {} : { isChatChannel: o.isChatChannel }),
    now: o.now ?? (() => FAKE_NOW),
    deferAfterMs: o.deferAfterMs ?? 300,
    log: (line) => logs.push(line),
  });
  await desk.start();
  return {
    fake, desk, setup, queries, logs,
    close: async () => {
      await desk.stop();
      await fake.close();
    },
  };
}

export const callbackOf = (interactionId: string) => (c: RecordedCall): boolean =>
  c.method === 'POST' && c.path.startsWith(`/interactions/${interactionId}/`);

export interface Embed { title?: string; description?: string; fields?: { name: string; value: string }[]; image?: { url: string } }
export interface Callback { type: number; data?: { flags?: number; embeds?: Embed[]; choices?: { name: string; value: string | number }[] } }
export interface PostedMessage { content?: string; flags?: number; embeds?: Embed[]; message_reference?: { message_id: string } }
