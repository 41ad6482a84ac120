import { conversationKey } from '../../app/chat/conversations.js';
import type { AskAnalyst } from '../../app/chat/ports.js';
import type { Reply } from '../../app/chat/reply.js';
import { CONSOLE_CHANNEL, type ConsoleWiring } from './commands.js';

/**
 * A plain line (not starting with /) to the system analyst, as the person at the console; the console is one
 * conversation. Without an analyst the line gets the list of commands that can answer.
 */
export async function askAnalyst<Deps>(w: ConsoleWiring<Deps> & { readonly ask?: AskAnalyst }, text: string): Promise<Reply> {
  if (w.ask === undefined) {
    return { kind: 'ok', text: `The system analyst is not available here. Commands that can answer: ${w.registry.map((c) => `/${c.name}`).join(', ')}` };
  }
  const question = { workspace: w.workspace, actor: w.actor, channelId: CONSOLE_CHANNEL, conversationId: conversationKey({ channel: CONSOLE_CHANNEL }), text };
  return w.ask(question, w.now());
}
