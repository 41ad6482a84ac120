import { DiscordAPIError, RESTJSONErrorCodes, Routes, ThreadAutoArchiveDuration, type REST } from 'discord.js';
import { z } from 'zod';
import type { DeliveryTarget, PostNotification } from '../../app/chat/ports.js';
import type { Reply } from '../../app/chat/reply.js';
import { fail, ok } from '../../core/domain/result.js';
import type { ButtonIds } from './button-ids.js';
import { postReply, postText } from './post.js';

export const NO_CHANNEL = 'no channel to post to: run /settings channel in the desk channel';
/** Discord's limit on a thread name. */
const THREAD_NAME_MAX = 100;
const SYMBOLS_SHOWN = 10;
const thread = z.object({ id: z.string() });

type RunTarget = NonNullable<DeliveryTarget['run']>;

/**
 * Posts outbox notifications over the client's REST. Workspace notices go to their own channel when they name one
 * (a lapsed approval request), else the desk channel (else nowhere: a
 * clear error the outbox keeps retrying until someone runs /settings channel). A run's notifications go to its
 * thread, created on first use under a short header message in the desk channel (else the run's own channel); a
 * summary (with its chart) also goes to the channel itself. Never throws: a REST failure is a Result error.
 */
export function createDiscordNotifier(rest: REST, ids: ButtonIds): PostNotification {
  return async (target, reply) => {
    const channel = (target.run === null ? target.noticeChannelId : undefined) ?? target.deskChannelId ?? target.run?.channelRef ?? null;
    if (channel === null) return fail('discord.no_channel', NO_CHANNEL);
    const silent = target.silent;
    try {
      if (target.run === null) {
        await postReply(rest, ids, channel, reply, { silent });
        return ok({});
      }
      // The channel copy goes first: if it fails nothing was posted yet, so the outbox's retry duplicates nothing.
      if (target.eventType === 'run_summary') await postReply(rest, ids, channel, reply, { silent });
      return ok({ threadRef: await postInRunThread(rest, ids, channel, target.run, reply, silent) });
    } catch (err) {
      return fail('discord.post_failed', `Discord: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** Posts in the run's thread (a new one when it has none or its thread is gone); returns the thread id used. */
async function postInRunThread(rest: REST, ids: ButtonIds, channel: string, run: RunTarget, reply: Reply, silent: boolean): Promise<string> {
  if (run.threadRef !== null) {
    try {
      await postReply(rest, ids, run.threadRef, reply, { silent });
      return run.threadRef;
    } catch (err) {
      if (!threadGone(err)) throw err;
    }
  }
  const header = await postText(rest, channel, `${runTitle(run)} · ${symbolList(run.symbols)} — notifications in the thread`, { silent });
  const created = thread.parse(await rest.post(Routes.threads(channel, header), {
    body: { name: clip(runTitle(run), THREAD_NAME_MAX), auto_archive_duration: ThreadAutoArchiveDuration.OneWeek },
  }));
  await postReply(rest, ids, created.id, reply, { silent });
  return created.id;
}

/** A deleted thread (Unknown Channel / 404), or one archived and locked so the bot cannot reopen it. */
function threadGone(err: unknown): boolean {
  return err instanceof DiscordAPIError
    && (err.status === 404 || err.code === RESTJSONErrorCodes.UnknownChannel || err.code === RESTJSONErrorCodes.InvalidActionOnArchivedThread);
}

const runTitle = (run: RunTarget): string => `Run #${run.number} · ${run.strategyId}`;

function symbolList(symbols: readonly string[]): string {
  const shown = symbols.slice(0, SYMBOLS_SHOWN).join(', ');
  return symbols.length <= SYMBOLS_SHOWN ? shown : `${shown} +${symbols.length - SYMBOLS_SHOWN} more`;
}

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
