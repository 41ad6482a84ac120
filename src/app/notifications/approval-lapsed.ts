// A four-eyes request nobody answered in time, as a workspace notice: said in the channel it was asked in (the
// request's `channelId`, else the desk channel), once per request whoever lapses it (the sweep, /approvals).
import { z } from 'zod';
import { readNotification, type NotificationDraft } from '../../core/runs/notification-events.js';
import type { ApprovalRequestView } from '../workspace/ports.js';

/** What a lapse notice reads from the request's payload when it is there (both kinds keep it). */
const askedSchema = z.looseObject({
  requestedBy: z.looseObject({ name: z.string() }).optional(),
  channelId: z.string().optional(),
});

export function approvalLapsedDraft(request: ApprovalRequestView): NotificationDraft {
  const asked = askedSchema.safeParse(request.payload);
  const requestedBy = (asked.success ? asked.data.requestedBy?.name : undefined) ?? request.requestedBy;
  const channelId = asked.success ? asked.data.channelId : undefined;
  return {
    eventType: 'approval_lapsed',
    dedupeKey: `approval:${request.id}:lapsed`,
    payload: { id: request.id, kind: request.kind, requestedBy, lapsedAt: request.expiresAt, ...(channelId === undefined ? {} : { channelId }) },
  };
}

/** The channel a workspace notice names for itself (a lapsed request's), if any. */
export function noticeChannel(eventType: string, payload: unknown): string | null {
  const n = readNotification(eventType, payload);
  return n?.eventType === 'approval_lapsed' && n.payload.channelId !== undefined && n.payload.channelId !== '' ? n.payload.channelId : null;
}
