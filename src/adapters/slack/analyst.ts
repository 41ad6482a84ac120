import type { App, webApi } from '@slack/bolt';
import { z } from 'zod';
import { conversationKey } from '../../app/chat/conversations.js';
import type { AskAnalyst } from '../../app/chat/ports.js';
import { errorReply, type Reply } from '../../app/chat/reply.js';
import { requestLogContext, type Identify } from './identify.js';
import { withLogContext } from '../../app/log/log-context.js';
import { SLASH_COMMAND } from './manifest.js';
import { postToChannel, type ChannelPlace } from './post.js';

export interface AnalystWiring {
  /** Absent where no analyst is configured: mentions and DMs then get a pointer to the commands. */
  readonly ask?: AskAnalyst;
  readonly now: () => number;
  readonly identify: Identify;
  readonly log: (line: string) => void;
}

export const NO_ANALYST = `The system analyst is not configured on this desk. Try \`${SLASH_COMMAND} help\` for the commands.`;

// Outside input, parsed at the edge.
const mention = z.object({ user: z.string(), text: z.string(), ts: z.string(), thread_ts: z.string().optional(), channel: z.string(), team: z.string().optional() });
const directMessage = z.object({
  channel_type: z.literal('im'),
  // Edits, joins and bot posts (any subtype or bot_id) are not questions.
  subtype: z.never().optional(),
  bot_id: z.never().optional(),
  user: z.string(),
  text: z.string(),
  channel: z.string(),
  team: z.string().optional(),
  team_id: z.string().optional(),
});
const eventBody = z.object({ team_id: z.string().optional(), event_id: z.string().optional() });

interface Question {
  readonly teamId: string;
  readonly userId: string;
  readonly text: string;
  readonly channelId: string;
  /** Where the answer goes, and so where the conversation continues (its key). */
  readonly place: ChannelPlace;
}

/**
 * Mentions of the bot (answered in their thread) and DMs (answered in the DM) go to the analyst. Bolt acks events
 * before listeners run, so a slow answer is simply posted when it is ready.
 */
export function listenForAnalyst(app: App, w: AnalystWiring): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const m = mention.safeParse(event);
    const envelope = eventBody.safeParse(body).data;
    const teamId = envelope?.team_id ?? (m.success ? m.data.team : undefined);
    if (!m.success || teamId === undefined) return w.log('slack: an app_mention without user, channel or team was ignored');
    const threadTs = m.data.thread_ts ?? m.data.ts;
    await withLogContext(requestLogContext(envelope?.event_id, teamId), () => answer(client, w, {
      teamId, userId: m.data.user, text: stripMention(m.data.text, context.botUserId), channelId: m.data.channel,
      place: { channel: m.data.channel, threadTs },
    }));
  });

  app.message(async ({ message, body, client, context }) => {
    const dm = directMessage.safeParse(message);
    if (!dm.success) return; // channel messages, edits, bots: not for the analyst
    // A DM belongs to the team of the person writing; the body's team is the app's install, the fallback.
    const envelope = eventBody.safeParse(body).data;
    const teamId = dm.data.team ?? dm.data.team_id ?? envelope?.team_id;
    if (teamId === undefined) return w.log('slack: a DM without a team was ignored');
    await withLogContext(requestLogContext(envelope?.event_id, teamId), () => answer(client, w, {
      teamId, userId: dm.data.user, text: stripMention(dm.data.text, context.botUserId), channelId: dm.data.channel,
      place: { channel: dm.data.channel },
    }));
  });
}

async function answer(client: webApi.WebClient, w: AnalystWiring, q: Question): Promise<void> {
  const conversationId = conversationKey({ channel: q.place.channel, thread: q.place.threadTs });
  let reply: Reply;
  try {
    reply = await ask(w, q, conversationId);
  } catch (err) {
    w.log(`slack: the analyst failed in ${conversationId}: ${err instanceof Error ? err.message : String(err)}`);
    reply = errorReply('The analyst could not answer just now; please try again.');
  }
  const posted = await postToChannel(client, reply, q.place);
  if (!posted.ok) w.log(`slack: the analyst's answer in ${conversationId} could not be posted: ${posted.error.message}`);
}

async function ask(w: AnalystWiring, q: Question, conversationId: string): Promise<Reply> {
  if (w.ask === undefined) return { kind: 'ok', text: NO_ANALYST };
  if (q.text === '') return { kind: 'ok', text: `Ask me about your runs, rules or results, or try \`${SLASH_COMMAND} help\`.` };
  const { workspace, actor } = await w.identify({ teamId: q.teamId, userId: q.userId });
  return w.ask({ workspace, actor, conversationId, channelId: q.channelId, text: q.text }, w.now());
}

/** Removes mentions of the bot (`<@U123>` or `<@U123|name>`); without its id, a leading mention. */
export function stripMention(text: string, botUserId: string | undefined): string {
  const bot = botUserId === undefined ? /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/ : new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g');
  return text.replace(bot, '').trim();
}
