import { z } from 'zod';
import { defineCommand, hasRole } from '../src/app/chat/command.js';
import { opt } from '../src/app/chat/command-options.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { errorReply } from '../src/app/chat/reply.js';
import { NOTIFICATION_EVENTS, NOTIFICATION_LEVELS } from '../src/app/workspace/ports.js';

const options = z.object({
  event: opt.oneOf(NOTIFICATION_EVENTS, 'event type (default: all, to list)').optional(),
  level: opt.oneOf(NOTIFICATION_LEVELS, 'on: post; silent: post without pinging; off: record, never post (admin)').optional(),
});

const MEANING = { on: 'posted', silent: 'posted without pinging anyone', off: 'recorded, never posted' } as const;

export const notifyCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'notify',
  description: 'Show the notification level of each event type, or set one (admin)',
  role: 'viewer',
  changesState: (o) => o.level !== undefined,
  options,
  async run(ctx, o) {
    const admin = ctx.deps.workspaceAdmin;
    if (o.level !== undefined) {
      if (!hasRole(ctx.actor.role, 'admin')) return errorReply(`/notify: changing a level needs the admin role; you are ${ctx.actor.role}`);
      if (o.event === undefined) return errorReply('/notify: say which event to change, e.g. /notify event:order_filled level:silent');
      const set = await admin.setNotificationLevel(ctx.workspace, o.event, o.level, ctx.actor);
      if (!set.ok) return errorReply(`/notify: ${set.error.message}`);
      return { kind: 'ok', title: `Notifications: ${o.event} ${o.level}`, text: `From now on, ${o.event} notifications are ${MEANING[o.level]}.` };
    }
    const levels = await admin.getNotificationLevels(ctx.workspace);
    if (!levels.ok) return errorReply(`/notify: ${levels.error.message}`);
    const events = o.event === undefined ? NOTIFICATION_EVENTS : [o.event];
    return {
      kind: 'ok',
      title: 'Notification levels',
      table: { columns: ['event', 'level', 'meaning'], rows: events.map((e) => [e, levels.value[e], MEANING[levels.value[e]]]) },
      ...(o.event === undefined ? { text: 'An admin changes one with /notify event:<type> level:on|silent|off.' } : {}),
    };
  },
});
