import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { AUTOCOMPLETED } from '../../app/chat/ports.js';
import type { AnyCommand } from '../../app/chat/command.js';
import { assertNever } from '../../core/domain/result.js';
import { describeOption } from './option-schema.js';

/** Discord's limits for chat-input commands (https://discord.com/developers/docs/interactions/application-commands). */
export const DISCORD_LIMITS = { options: 25, choices: 25, description: 100, name: 32 } as const;
const NAME = /^[-_a-z0-9]{1,32}$/;

export type DiscordCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * The body for `PUT /applications/{app}/commands`: commands sharing a first word become one command with
 * subcommands (`/run start|stop|...`), one-word commands stay top level (`/runs`). A name Discord would reject is a
 * registry bug, so it throws here (at registration) rather than failing at Discord. Options named in
 * `autocompleted` (AUTOCOMPLETED by default) ask the bot for suggestions and carry no fixed choices (Discord
 * rejects both on one option).
 */
export function discordCommandPayload<Deps>(registry: readonly AnyCommand<Deps>[],
  autocompleted: Readonly<Record<string, readonly string[]>> = AUTOCOMPLETED): DiscordCommandJson[] {
  const groups = new Map<string, AnyCommand<Deps>[]>();
  for (const c of registry) {
    const words = c.name.split(' ');
    if (words.length > 2) throw new Error(`command '${c.name}': Discord supports at most two words here`);
    for (const w of words) if (!NAME.test(w)) throw new Error(`command '${c.name}': '${w}' is not a valid Discord name`);
    const group = groups.get(words[0]!) ?? [];
    group.push(c);
    groups.set(words[0]!, group);
  }
  const out: DiscordCommandJson[] = [];
  for (const [name, commands] of groups) {
    const single = commands.length === 1 && !commands[0]!.name.includes(' ') ? commands[0]! : undefined;
    if (single !== undefined) {
      out.push({ type: ApplicationCommandType.ChatInput, name, description: clip(single.description), options: optionsOf(single, autocompleted) });
      continue;
    }
    const bare = commands.find((c) => !c.name.includes(' '));
    if (bare !== undefined) throw new Error(`command '${bare.name}' clashes with its subcommands: Discord cannot have both`);
    if (commands.length > DISCORD_LIMITS.options) throw new Error(`/${name} has more than ${DISCORD_LIMITS.options} subcommands`);
    out.push({
      type: ApplicationCommandType.ChatInput,
      name,
      description: clip(`${name}: ${commands.map((c) => c.name.split(' ')[1]).join(', ')}`),
      options: commands.map((c): APIApplicationCommandSubcommandOption => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: c.name.split(' ')[1]!,
        description: clip(c.description),
        options: optionsOf(c, autocompleted),
      })),
    });
  }
  return out;
}

function optionsOf<Deps>(command: AnyCommand<Deps>, autocompleted: Readonly<Record<string, readonly string[]>>): APIApplicationCommandBasicOption[] {
  const auto = new Set(Object.hasOwn(autocompleted, command.name) ? autocompleted[command.name] : []);
  const options = Object.entries(command.options.shape).map(([name, schema]) => toOption(command.name, name, schema, auto.has(name)));
  if (options.length > DISCORD_LIMITS.options) throw new Error(`/${command.name} has more than ${DISCORD_LIMITS.options} options`);
  // Discord requires required options before optional ones; the sort is stable, so the registry order stays otherwise.
  return options.sort((a, b) => Number(b.required === true) - Number(a.required === true));
}

function toOption(command: string, name: string, schema: Parameters<typeof describeOption>[0], autocomplete: boolean): APIApplicationCommandBasicOption {
  const lower = name.toLowerCase();
  if (!NAME.test(lower)) throw new Error(`/${command}: option '${name}' is not a valid Discord name`);
  const o = describeOption(schema);
  const common = { name: lower, description: clip(o.description ?? name), required: o.required };
  switch (o.type) {
    case ApplicationCommandOptionType.String: {
      const choices = autocomplete ? { autocomplete: true as const }
        : o.choices !== undefined && o.choices.length <= DISCORD_LIMITS.choices ? { choices: o.choices.map((c) => ({ name: c, value: c })) } : {};
      return {
        ...common, type: o.type, ...choices,
        ...(o.minLength === undefined ? {} : { min_length: o.minLength }),
        ...(o.maxLength === undefined ? {} : { max_length: o.maxLength }),
      };
    }
    case ApplicationCommandOptionType.Integer:
      return { ...common, type: o.type, ...range(o), ...(autocomplete ? { autocomplete: true as const } : {}) };
    case ApplicationCommandOptionType.Number:
      return { ...common, type: o.type, ...range(o), ...(autocomplete ? { autocomplete: true as const } : {}) };
    case ApplicationCommandOptionType.Boolean:
      return { ...common, type: o.type };
    default:
      return assertNever(o.type);
  }
}

const range = (o: { min?: number; max?: number }) =>
  ({ ...(o.min === undefined ? {} : { min_value: o.min }), ...(o.max === undefined ? {} : { max_value: o.max }) });

/** Descriptions are 1-100 characters on Discord. */
function clip(text: string): string {
  const t = text.trim() === '' ? '-' : text.trim();
  return t.length <= DISCORD_LIMITS.description ? t : `${t.slice(0, DISCORD_LIMITS.description - 1)}…`;
}
