// Parity: every registry command, run once with valid options, renders on the console, on Discord (embed within
// Discord's limits, reachable as a slash command) and on Slack (Block Kit within Slack's limits, reachable as
// `/desk <command>`). A command added to the registry without a line here fails the test.
import { describe, expect, it } from 'vitest';
import { findCommand } from '../../src/app/chat/dispatch.js';
import { parseCommandLine } from '../../src/app/chat/command-line.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { renderReply } from '../../src/adapters/console/render.js';
import { createButtonIds } from '../../src/adapters/discord/button-ids.js';
import { discordCommandPayload } from '../../src/adapters/discord/command-payload.js';
import { renderDiscordReply } from '../../src/adapters/discord/render.js';
import { blockTextLength, MESSAGE_TEXT_MAX, renderSlackMessages } from '../../src/adapters/slack/render.js';
import { splitReply } from '../../src/adapters/discord/split-reply.js';
import { COMMANDS } from '../../commands/index.js';
import { ruleSchema } from '../../src/core/risk/rules.js';
import { DEFAULT_ACCOUNT_LIMITS } from '../../src/core/risk/account-gates.js';
import type { LimitsLoosenRequest } from '../../src/app/account/limits.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';

const WORKSPACE = { platform: 'console', externalId: 'a', name: 'a' } as const;

/** One valid line per command, in an order that works on a fresh desk (start before stop, add before remove). */
const LINES = [
  '/help',
  '/help run start',
  '/run start strategy:breakout symbols:SIM-A,SIM-B',
  '/run start strategy:trend-following symbols:SIM-C',
  '/ask how is run 1 doing?',
  '/runs',
  '/run status run:1',
  '/run show run:1',
  '/run summary run:1',
  '/positions',
  '/portfolio',
  '/compare a:1 b:2',
  '/backtest strategy:trend-following symbols:SIM from:2023-01-01 to:2023-06-30',
  '/rules add category:risk type:max_position_pct params:pct=10',
  '/rules list',
  '/rules toggle id:r1',
  '/rules remove id:r1',
  '/proposals',
  '/proposal show id:p1',
  '/proposal replay id:p1',
  '/proposal approve id:p1 shadow:true',
  '/proposal reject id:p2',
  '/approvals',
  '/approval approve id:ap1',
  '/approval refuse id:ap2',
  '/run pause run:1',
  '/run resume run:1',
  '/run stop run:2',
  '/halt reason:parity',
  '/resume-all',
  '/reconcile',
  '/notify',
  '/settings roles',
  '/settings role target:<@&123456789012345678> role:trader',
  '/settings channel',
  '/settings budget usd:50',
  '/settings data source:sim',
  '/settings risk',
  '/settings risk account:live daily-loss:2 order-rate:30',
  '/settings risk account:live daily-loss:3',
  '/usage',
  '/usage month:2023-12',
  '/audit limit:5',
];

function charsOfEmbed(e: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0)
    + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

describe('every registry command on every platform', () => {
  it('has a parity line for each command, and each line names one', () => {
    const covered = new Set(LINES.map((line) => {
      const parsed = parseCommandLine(line);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return findCommand(COMMANDS, parsed.value.words)?.command.name;
    }));
    expect(COMMANDS.map((c) => c.name).filter((name) => !covered.has(name))).toEqual([]);
  });

  it('is a Discord slash command (or subcommand) and a Slack /desk command', () => {
    const payload = discordCommandPayload(COMMANDS);
    const discordNames = payload.flatMap((c) => {
      const subs = (c.options ?? []).filter((o) => o.type === 1);
      return subs.length === 0 ? [c.name] : subs.map((s) => `${c.name} ${s.name}`);
    });
    for (const c of COMMANDS) {
      expect(discordNames).toContain(c.name);
      expect(findCommand(COMMANDS, c.name.split(' '))?.command.name).toBe(c.name);
    }
  });

  it('runs each command and renders its reply natively on the console, Discord and Slack', async () => {
    const d = fakeDesk();
    // Two analyst proposals to act on: p1 from the backtest the lines save as run #3, p2 from no run.
    for (const run of [3, null]) {
      const rule = ruleSchema.parse({ id: `sugg-${run ?? 'x'}`, category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 6 } });
      await d.deps.proposals.propose(WORKSPACE, { rule, rationale: 'Losers ran far past the median loss.', summary: '3 trades lost over 6%.', run, source: 'suggest_rules' }, 'u', FAKE_NOW);
    }
    // Two four-eyes requests another admin filed, for this one to approve and refuse.
    for (let i = 0; i < 2; i++) {
      const payload: LimitsLoosenRequest = { broker: 'alpaca', account: 'paper', limits: DEFAULT_ACCOUNT_LIMITS, from: { ...DEFAULT_ACCOUNT_LIMITS, dailyLossPct: 3 }, channelId: 'console', requestedBy: { id: 'u-other', name: 'cy' } };
      await d.deps.approvals.request(WORKSPACE, 'account_limit_loosen', payload, { actor: { id: 'u-other', name: 'cy', role: 'admin' }, channelId: 'console', now: FAKE_NOW }, 30 * 60_000);
    }
    const ids = createButtonIds();
    const replies: { line: string; reply: Reply }[] = [];
    for (const line of LINES) replies.push({ line, reply: await d.run(line) });
    for (const { line, reply } of replies) {
      expect({ line, kind: reply.kind, text: reply.kind === 'error' ? reply.text : '' }).toEqual({ line, kind: 'ok', text: '' });
      const consoleText = renderReply(reply);
      expect(consoleText.length, line).toBeGreaterThan(0);
      if (reply.title !== undefined) expect(consoleText, line).toContain(reply.title);

      // Every message a reply takes is within the platform's limits, and together they carry all of it.
      const discord = splitReply(reply).map((part) => renderDiscordReply(part, ids));
      for (const m of discord) {
        expect(m.embeds, line).toHaveLength(1);
        expect(charsOfEmbed(m.embeds[0]!), line).toBeLessThanOrEqual(6000);
        expect((m.embeds[0]!.description ?? '').length, line).toBeLessThanOrEqual(4096);
      }
      if (reply.title !== undefined && reply.title.length <= 256) expect(discord[0]!.embeds[0]!.title, line).toBe(reply.title);
      expect(discord.flatMap((m) => m.files).length, line).toBe(reply.images?.length ?? 0);
      expect(discord.flatMap((m) => m.components.flatMap((r) => r.components)).length, line).toBe(reply.buttons?.length ?? 0);
      expect(discord.flatMap((m) => m.embeds[0]!.fields ?? []).length, line).toBeGreaterThanOrEqual(reply.fields?.length ?? 0);

      const slack = renderSlackMessages(reply);
      for (const m of slack) {
        expect(m.text.length, line).toBeGreaterThan(0);
        expect(m.blocks.length, line).toBeGreaterThan(0);
        expect(m.blocks.length, line).toBeLessThanOrEqual(50);
        expect(blockTextLength(m.blocks), line).toBeLessThanOrEqual(MESSAGE_TEXT_MAX);
      }
      if (reply.title !== undefined) expect(JSON.stringify(slack[0]!.blocks), line).toContain(JSON.stringify(reply.title.slice(0, 20)).slice(1, -1));
      const buttons = slack.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])));
      expect(buttons.length, line).toBe(reply.buttons?.length ?? 0);
      const rows = reply.table?.rows.length ?? 0;
      const shownRows = slack.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'section' && b.text?.text.startsWith('```') === true ? b.text.text.split('\n').slice(1, -1) : [])));
      // Each table part shows the header and its rule line, then its rows.
      if (rows > 0) expect(shownRows.length - 2 * slack.filter((m) => JSON.stringify(m.blocks).includes('```')).length, line).toBeGreaterThanOrEqual(rows);
    }
  });
});
