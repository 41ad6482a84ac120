import type { Reply } from '../../app/chat/reply.js';
import { MENU_EXAMPLES } from './intents.js';

/** What the offline analyst can answer; `refused` when the question asked it to do something. */
export function offlineMenu(refused: boolean): Reply {
  return {
    kind: 'ok',
    title: 'Offline analyst',
    text: [
      ...(refused ? ['I only read and explain: I cannot place, size or cancel orders, start or stop runs, or change rules (admins use the desk\'s commands for that).'] : []),
      'I am the offline analyst (no ANTHROPIC_API_KEY is set), so I answer these questions with the desk\'s own numbers, from its MCP tools:',
      ...MENU_EXAMPLES.map((e) => `• ${e}`),
      'Every command is listed by /help.',
    ].join('\n'),
  };
}
