// Sends requests to a Bolt receiver the way Slack does: form bodies signed with the app's signing secret.
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret';

export interface SlackPost {
  readonly status: number;
  readonly body: string;
}

/** POSTs `body` to /slack/events with Slack's v0 signature (a wrong `secret` makes a bad signature). */
export async function postSigned(port: number, body: string, contentType: string, secret = SIGNING_SECRET): Promise<SlackPost> {
  const ts = Math.floor(Date.now() / 1000).toString();
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    // No "; charset=utf-8": Bolt compares the content-type exactly and would JSON-parse the form (400).
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': ts, 'x-slack-signature': signature },
    body,
  });
  return { status: res.status, body: await res.text() };
}

export interface SlashFields {
  readonly text: string;
  readonly userId: string;
  readonly channelId: string;
  readonly responseUrl: string;
  /** Default T0TEST / acme. */
  readonly teamId?: string;
  readonly teamDomain?: string;
}

/** The fields of a slash command; the same object is the payload of a Socket Mode `slash_commands` envelope. */
export const slashCommandFields = (f: SlashFields): Record<string, string> => ({
  token: 'legacy', team_id: f.teamId ?? 'T0TEST', team_domain: f.teamDomain ?? 'acme', channel_id: f.channelId, channel_name: 'desk',
  user_id: f.userId, user_name: f.userId.toLowerCase(), command: '/desk', text: f.text, api_app_id: 'A0APP',
  response_url: f.responseUrl, trigger_id: '123.456.abc',
});

export const slashCommandBody = (f: SlashFields): string => new URLSearchParams(slashCommandFields(f)).toString();

export interface ButtonFields {
  readonly value: string;
  readonly actionId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly responseUrl: string;
  /** Default T0TEST / acme. */
  readonly teamId?: string;
  readonly teamDomain?: string;
}

export const buttonPressBody = (f: ButtonFields): string => new URLSearchParams({
  payload: JSON.stringify({
    type: 'block_actions',
    user: { id: f.userId, username: f.userId.toLowerCase(), name: f.userId.toLowerCase(), team_id: f.teamId ?? 'T0TEST' },
    api_app_id: 'A0APP',
    token: 'legacy',
    container: { type: 'message', message_ts: '1700000000.000200', channel_id: f.channelId, is_ephemeral: false },
    trigger_id: '123.456.abc',
    team: { id: f.teamId ?? 'T0TEST', domain: f.teamDomain ?? 'acme' },
    channel: { id: f.channelId, name: 'desk' },
    response_url: f.responseUrl,
    actions: [{ action_id: f.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'Stop' }, value: f.value, type: 'button', action_ts: '1700000001.000' }],
  }),
}).toString();

let eventSeq = 0;

/** An Events API callback (sent as application/json) wrapping `event`, for the workspace `teamId`. */
export function eventCallback(event: Record<string, unknown>, teamId = 'T0TEST'): Record<string, unknown> {
  eventSeq += 1;
  return {
    token: 'legacy', team_id: teamId, api_app_id: 'A0APP', type: 'event_callback', event_id: `Ev${eventSeq}`, event_time: 1700000000,
    event: { event_ts: String(event.ts), ...event },
    authorizations: [{ team_id: teamId, user_id: 'U0BOT', is_bot: true }],
  };
}
