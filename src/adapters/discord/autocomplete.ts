import { ApplicationCommandOptionType, type ApplicationCommandOptionChoiceData, type AutocompleteInteraction } from 'discord.js';
import type { Autocomplete, Choice } from '../../app/chat/ports.js';
import type { WorkspaceRef } from '../../app/chat/command.js';

/** Discord's limits on an autocomplete response. */
export const AUTOCOMPLETE_LIMITS = { choices: 25, name: 100, value: 100 } as const;

/**
 * Answers one autocomplete request from the port, scoped to the interaction's guild. Discord shows nothing when
 * the bot fails or is slow, so any failure answers with no choices rather than leaving the request hanging.
 */
export async function answerAutocomplete(i: AutocompleteInteraction, workspace: WorkspaceRef, port: Autocomplete | undefined): Promise<void> {
  const focused = i.options.getFocused(true);
  const sub = i.options.getSubcommand(false);
  const command = sub === null ? i.commandName : `${i.commandName} ${sub}`;
  let choices: readonly Choice[] = [];
  if (port !== undefined) {
    try {
      choices = await port({ workspace, command, option: focused.name, typed: focused.value });
    } catch {
      choices = [];
    }
  }
  await i.respond(discordChoices(choices, focused.type));
}

/**
 * At most 25 choices with names clipped to 100 characters; a value Discord would reject (too long, or not a
 * number for a numeric option) is dropped rather than altered, since a clipped value would mean something else.
 */
export function discordChoices(choices: readonly Choice[], type: ApplicationCommandOptionType): ApplicationCommandOptionChoiceData[] {
  const numeric = type === ApplicationCommandOptionType.Integer || type === ApplicationCommandOptionType.Number;
  const out: ApplicationCommandOptionChoiceData[] = [];
  for (const c of choices) {
    if (out.length === AUTOCOMPLETE_LIMITS.choices) break;
    const name = clipName(c.name.trim() === '' ? c.value : c.name);
    if (name === '' || c.value === '' || c.value.length > AUTOCOMPLETE_LIMITS.value) continue;
    if (!numeric) {
      out.push({ name, value: c.value });
      continue;
    }
    const n = Number(c.value);
    if (!Number.isFinite(n) || (type === ApplicationCommandOptionType.Integer && !Number.isInteger(n))) continue;
    out.push({ name, value: n });
  }
  return out;
}

function clipName(name: string): string {
  return name.length <= AUTOCOMPLETE_LIMITS.name ? name : `${name.slice(0, AUTOCOMPLETE_LIMITS.name - 1)}…`;
}
