import type { RespondFn, webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Reply } from '../../app/reply.js';
import { renderSlackReply } from './render.js';

/** Where a reply goes: the channel for results, the person who asked (response_url) for errors. */
export interface ReplyTarget {
  readonly client: webApi.WebClient;
  readonly respond: RespondFn;
  readonly channelId: string;
}

// Slack's answer when the bot may not post in a channel (not a member, a DM with someone else, a private channel).
const NO_ACCESS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const platformError = z.object({ data: z.object({ error: z.string() }) });

/**
 * Errors go back only to the person who asked (ephemeral, via response_url). Results are posted to the channel so
 * the team sees them; where the bot cannot post, the response_url shows them in the channel instead, which works
 * without membership. Images (charts) follow as file uploads.
 */
export async function postReply(t: ReplyTarget, reply: Reply): Promise<void> {
  const message = renderSlackReply(reply);
  if (reply.kind === 'error') {
    await t.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    return;
  }
  try {
    await t.client.chat.postMessage({ channel: t.channelId, ...message });
  } catch (err) {
    if (!NO_ACCESS.has(slackErrorCode(err) ?? '')) throw err;
    await t.respond({ response_type: 'in_channel', replace_original: false, ...message });
  }
  for (const image of reply.images ?? []) {
    try {
      await t.client.files.uploadV2({ channel_id: t.channelId, file: Buffer.from(image.png), filename: image.filename, title: image.alt, alt_text: image.alt });
    } catch (err) {
      await t.respond({ response_type: 'ephemeral', replace_original: false, text: `The chart ${image.filename} could not be uploaded (${slackErrorCode(err) ?? 'error'}); invite the bot to this channel to get charts.` });
    }
  }
}

/** The `error` field of a Web API platform error (`ok: false`), if that is what `err` is. */
export function slackErrorCode(err: unknown): string | undefined {
  const parsed = platformError.safeParse(err);
  return parsed.success ? parsed.data.data.error : undefined;
}
