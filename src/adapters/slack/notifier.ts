import type { webApi } from '@slack/bolt';
import type { DeliveryTarget, PostNotification } from '../../app/chat/ports.js';
import { createLru } from '../../core/domain/lru.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { postToChannel } from './post.js';

export const NO_CHANNEL = 'no channel to post to: run `/desk settings channel` in the desk channel';

type RunTarget = NonNullable<DeliveryTarget['run']>;

/**
 * Notifications on Slack. A run's notifications go to one thread: its parent message is posted in the desk channel
 * (else the channel the run was started from) the first time, and `channel:ts` comes back as the run's threadRef.
 * Summaries are also broadcast to the channel. Workspace notices go to their own channel when they name one (a lapsed
 * approval request), else the desk channel. Never throws.
 */
export function createSlackNotifier(client: webApi.WebClient): PostNotification {
  // Threads this process created, by run id: if a parent was posted but the reply in it failed, the outbox's retry
  // (which still has no threadRef) reuses that parent instead of starting a second thread.
  // Entries live only until the store has the threadRef; bounded all the same.
  const created = createLru<string, string>({ maxEntries: 10_000 });

  return async (target, reply) => {
    const run = target.run;
    if (run === null) {
      const channel = target.noticeChannelId ?? target.deskChannelId;
      if (channel === null) return fail('notify.no_channel', NO_CHANNEL);
      const posted = await postToChannel(client, reply, { channel });
      return posted.ok ? ok({}) : posted;
    }
    let thread = parseThreadRef(run.threadRef) ?? parseThreadRef(created.get(run.id) ?? null);
    if (thread === null) {
      const started = await startThread(client, target, run);
      if (!started.ok) return started;
      thread = started.value;
      created.set(run.id, `${thread.channel}:${thread.ts}`);
    }
    const posted = await postToChannel(client, reply, { channel: thread.channel, threadTs: thread.ts, broadcast: target.eventType === 'run_summary' });
    if (!posted.ok) return posted;
    // Tell the store whenever its threadRef is not the thread used (new, or recovered after a failed first try).
    const ref = `${thread.channel}:${thread.ts}`;
    if (run.threadRef === ref) created.delete(run.id);
    return ok(run.threadRef === ref ? {} : { threadRef: ref });
  };
}

interface Thread {
  readonly channel: string;
  readonly ts: string;
}

async function startThread(client: webApi.WebClient, target: DeliveryTarget, run: RunTarget): Promise<Result<Thread>> {
  const channel = target.deskChannelId ?? run.channelRef;
  if (channel === null) return fail('notify.no_channel', NO_CHANNEL);
  const parent = await postToChannel(client, { kind: 'ok', text: threadTitle(run) }, { channel });
  return parent.ok ? ok({ channel, ts: parent.value.ts }) : parent;
}

/** "Run #3 · trend-following · AAPL, MSFT — notifications in this thread" (rendering escapes it). */
export const threadTitle = (run: Pick<RunTarget, 'number' | 'strategyId' | 'symbols'>): string =>
  `Run #${run.number} · ${run.strategyId} · ${run.symbols.join(', ')} — notifications in this thread`;

/** `C123:1700000000.000200` -> its parts; anything else (never set, or not a Slack ref) -> null, a new thread. */
export function parseThreadRef(ref: string | null): Thread | null {
  if (ref === null) return null;
  const m = /^([A-Z0-9]+):(\d+\.\d+)$/.exec(ref);
  return m === null ? null : { channel: m[1]!, ts: m[2]! };
}
