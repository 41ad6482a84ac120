import type { ChatInputCommandInteraction, CommandInteractionOption } from 'discord.js';

/**
 * The registry command name and string option values of a slash command: `/run stop run:3 flatten:true` arrives
 * as command `run`, subcommand `stop`, options [{run: 3}, {flatten: true}]; commands take strings as chat sends
 * them (runCommand parses them with the command's own zod schema), so typed values go back to text.
 */
export function commandInput(i: ChatInputCommandInteraction): { name: string; options: Record<string, string> } {
  const sub = i.options.getSubcommand(false);
  const name = sub === null ? i.commandName : `${i.commandName} ${sub}`;
  const top: readonly CommandInteractionOption[] = i.options.data;
  const leaves = sub === null ? top : top.find((o) => o.name === sub)?.options ?? [];
  const options: Record<string, string> = {};
  for (const o of leaves) {
    if (o.value !== undefined && o.value !== null) options[o.name] = String(o.value);
  }
  return { name, options };
}
