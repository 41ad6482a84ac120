/**
 * Routes a rendered notification: the console prints it; Discord and Slack post it to the run's thread or the
 * workspace's desk channel (a workspace notice naming its own channel, such as a lapsed approval request, there) (their poster decides which from the target), and a thread the platform opened for the
 * run is remembered for the run's next notifications. A platform this desk process is not connected to is a
 * delivery failure (retried with backoff), never a silent drop.
 */
import { fail, ok, type Result } from '../../core/domain/result.js';
import { readNotification } from '../../core/runs/notification-events.js';
import type { DeliveryTarget, PostNotification } from '../chat/ports.js';
import type { Reply } from '../chat/reply.js';
import type { NotificationRouting, NotificationSender, OutboxItem } from './ports.js';
import { noticeChannel } from './approval-lapsed.js';
import { renderNotification } from './render.js';

export interface NotificationSenderDeps {
  readonly routing: NotificationRouting;
  /** The chat platforms connected in this desk process. */
  readonly posters: Readonly<Partial<Record<'discord' | 'slack', PostNotification>>>;
  readonly printToConsole: (reply: Reply) => Promise<Result<void>>;
  readonly log: (line: string) => void;
}

export function createNotificationSender(deps: NotificationSenderDeps): NotificationSender {
  return async (item: OutboxItem, reply: Reply): Promise<Result<void>> => {
    const routed = await deps.routing.target(item);
    if (!routed.ok) return routed;
    // A workspace notice that names its own channel (a lapsed approval request: where it was asked) goes there.
    const own = routed.value.run === null ? noticeChannel(item.eventType, item.payload) : null;
    const target: DeliveryTarget = own === null ? routed.value : { ...routed.value, noticeChannelId: own };
    const platform = target.workspace.platform;
    if (platform === 'console') return deps.printToConsole(reply);
    const post = deps.posters[platform];
    if (post === undefined) return fail('notify.not_connected', `${platform} is not connected in this desk process`);
    const posted = await post(target, reply);
    if (!posted.ok) return posted;
    const { threadRef } = posted.value;
    const run = target.run;
    if (threadRef !== undefined && run !== null && threadRef !== run.threadRef) {
      const saved = await deps.routing.saveRunThread(run.id, threadRef);
      if (!saved.ok) deps.log(`Run #${run.number}: could not save its thread: ${saved.error.message}`);
    }
    return ok(undefined);
  };
}

/**
 * Renders a notification when it is delivered: a run summary from the run as it is then (metrics and chart, via
 * `summary`), anything else from its typed payload.
 */
export function renderForDelivery(summary: (runId: string) => Promise<Result<Reply>>): (item: OutboxItem) => Promise<Reply> {
  return async (item) => {
    const n = readNotification(item.eventType, item.payload);
    if (n?.eventType === 'run_summary') {
      const reply = await summary(n.payload.runId);
      if (reply.ok) return reply.value;
    }
    return renderNotification(item.eventType, item.payload);
  };
}
