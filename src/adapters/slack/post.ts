import type { RespondFn, webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Reply, ReplyImage } from '../../app/chat/reply.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { renderSlackMessages } from './render.js';

/** Where a reply goes: the channel for results, the person who asked (response_url) for errors. */
export interface ReplyTarget {
  readonly client: webApi.WebClient;
  readonly respond: RespondFn;
  readonly channelId: string;
}

// Slack's answer when the bot may not post in a channel (not a member, a DM with someone else, a private channel).
const NO_ACCESS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const platformError = z.object({ data: z.object({ error: z.string() }) });
const postedMessage = z.object({ ts: z.string() });

/**
 * Errors go back only to the person who asked (ephemeral, via response_url). Results are posted to the channel so
 * the team sees them; where the bot cannot post, the response_url shows them in the channel instead, which works
 * without membership. Images (charts) follow as file uploads.
 */
export async function postReply(t: ReplyTarget, reply: Reply): Promise<void> {
  // A reply too long for one message goes on in the next ones (renderSlackMessages), in order.
  const messages = renderSlackMessages(reply);
  if (reply.kind === 'error') {
    for (const message of messages) await t.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    return;
  }
  let viaResponseUrl = false;
  for (const message of messages) {
    if (!viaResponseUrl) {
      try {
        await t.client.chat.postMessage({ channel: t.channelId, ...message });
        continue;
      } catch (err) {
        if (!NO_ACCESS.has(slackErrorCode(err) ?? '')) throw err;
        viaResponseUrl = true;
      }
    }
    await t.respond({ response_type: 'in_channel', replace_original: false, ...message });
  }
  for (const image of reply.images ?? []) {
    try {
      await uploadImage(t.client, image, { channel: t.channelId });
    } catch (err) {
      await t.respond({ response_type: 'ephemeral', replace_original: false, text: `The chart ${image.filename} could not be uploaded (${slackErrorCode(err) ?? 'error'}); invite the bot to this channel to get charts.` });
    }
  }
}

/** A channel, or a thread in it (`threadTs`); `broadcast` also shows a thread reply in the channel. */
export interface ChannelPlace {
  readonly channel: string;
  readonly threadTs?: string;
  readonly broadcast?: boolean;
}

/**
 * Posts a reply where no one is waiting on a response_url (notifications, analyst answers): its messages, then its
 * images as files in the same place; returns the first message's ts. Never throws: a Web API failure is a
 * `slack.<error>` result.
 */
export async function postToChannel(client: webApi.WebClient, reply: Reply, place: ChannelPlace): Promise<Result<{ ts: string }>> {
  const thread = place.threadTs === undefined ? {} : { thread_ts: place.threadTs, ...(place.broadcast === true ? { reply_broadcast: true } : {}) };
  let ts: string | undefined;
  for (const message of renderSlackMessages(reply)) {
    try {
      const res = postedMessage.safeParse(await client.chat.postMessage({ channel: place.channel, ...message, ...thread }));
      if (!res.success) return fail('slack.bad_response', 'chat.postMessage answered without a message ts');
      ts ??= res.data.ts;
    } catch (err) {
      return slackFailure('chat.postMessage', err);
    }
  }
  if (ts === undefined) return fail('slack.bad_response', 'nothing was posted'); // a bug: every reply renders to a message
  // A broadcast (a run summary) shows in the channel, so its chart goes to the channel too: Slack cannot broadcast
  // a file shared in a thread.
  const imagePlace = place.broadcast === true ? { channel: place.channel } : place;
  for (const image of reply.images ?? []) {
    try {
      await uploadImage(client, image, imagePlace);
    } catch (err) {
      return slackFailure(`uploading ${image.filename}`, err);
    }
  }
  return ok({ ts });
}

/** files.uploadV2 (get URL -> upload -> complete) into a channel or a thread. */
async function uploadImage(client: webApi.WebClient, image: ReplyImage, place: Pick<ChannelPlace, 'channel' | 'threadTs'>): Promise<void> {
  const file = { file: Buffer.from(image.png), filename: image.filename, title: image.alt, alt_text: image.alt };
  await (place.threadTs === undefined
    ? client.files.uploadV2({ channel_id: place.channel, ...file })
    : client.files.uploadV2({ channel_id: place.channel, thread_ts: place.threadTs, ...file }));
}

/** A failed Web API call as a result: Slack's own error code when it gave one, else the transport's message. */
export function slackFailure(what: string, err: unknown): Result<never> {
  const code = slackErrorCode(err);
  if (code !== undefined) return fail(`slack.${code}`, `${what} failed: ${code}`, { slackError: code });
  return fail('slack.request_failed', `${what} failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** The `error` field of a Web API platform error (`ok: false`), if that is what `err` is. */
export function slackErrorCode(err: unknown): string | undefined {
  const parsed = platformError.safeParse(err);
  return parsed.success ? parsed.data.data.error : undefined;
}
