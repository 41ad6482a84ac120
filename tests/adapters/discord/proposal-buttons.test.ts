// The approval card on Discord, end to end: /ask reaches the offline analyst, whose rule proposals come back as
// buttons; a viewer's press is refused, an admin's Approve puts the rule into force, in that guild's workspace only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBacktest } from '../../mcp/mcp-harness.js';
import { TRADER, VIEWER, callbackOf, startHarness, type Callback, type Harness } from './desk-harness.js';
import { APP_ID, GUILD_A, GUILD_B, buttonPress, slashCommand } from './interactions.js';

const WS_A = { platform: 'discord', externalId: GUILD_A.id, name: GUILD_A.name } as const;
const WS_B = { platform: 'discord', externalId: GUILD_B.id, name: GUILD_B.name } as const;
const ADMINS_A = GUILD_A.roles[1].id;

interface Component { components: { custom_id: string; label: string }[] }

describe('rule proposals on Discord', () => {
  let h: Harness;
  const send = async (interaction: { id: string }): Promise<Callback> => {
    h.fake.dispatch('INTERACTION_CREATE', interaction);
    return (await h.fake.waitForCall(callbackOf(interaction.id))).body as Callback;
  };

  beforeAll(async () => {
    h = await startHarness({ ask: (q, now) => h.setup.deps.ask(q, now) });
    await seedBacktest(h.setup, WS_A);
  });
  afterAll(async () => h.close());

  it('answers /ask "what rules would have helped run 1?" with the proposals and their buttons; only an admin can approve', async () => {
    const i = slashCommand(TRADER, 'ask', null, [{ name: 'question', type: 3, value: 'what rules would have helped run 1?' }]);
    expect((await send(i)).type).toBe(5);
    const edit = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`);
    const body = edit.body as { embeds: { title: string; description: string }[]; components: Component[] };
    expect(body.embeds[0]?.title).toBe('Rules that would have helped Run #1');
    expect(body.embeds[0]?.description).toContain('Rule proposals, waiting for a person to decide');
    const buttons = body.components.flatMap((r) => r.components);
    const approve = buttons.find((b) => b.label.startsWith('Approve') && !b.label.includes('shadow'));
    expect(approve).toBeDefined();

    const pending = await h.setup.deps.proposals.list(WS_A, 'pending', 10);
    const first = pending.ok ? pending.value.at(-1)! : undefined;
    const viewerPress = await send(buttonPress(VIEWER, approve!.custom_id));
    expect(viewerPress.data?.flags).toBe(64);
    expect(viewerPress.data?.embeds?.[0]?.description).toMatch(/needs the admin role/);

    const elsewhere = await send(buttonPress(VIEWER, approve!.custom_id, { guild: GUILD_B, roles: [], permissions: '8' }));
    expect(elsewhere.data?.embeds?.[0]?.description).toMatch(/No rule proposal .* in this workspace/);
    const rulesB = await h.setup.deps.workspaceAdmin.listRules(WS_B);
    expect(rulesB.ok && rulesB.value).toEqual([]);

    const adminPress = await send(buttonPress('100000000000000022', approve!.custom_id, { roles: [ADMINS_A], permissions: '32' }));
    expect(adminPress.data?.embeds?.[0]?.title).toBe(`Proposal approved: rule ${first?.rule.id} added`);
    const rulesA = await h.setup.deps.workspaceAdmin.listRules(WS_A);
    expect(rulesA.ok && rulesA.value.map((r) => r.id)).toContain(first?.rule.id);
  });
});
