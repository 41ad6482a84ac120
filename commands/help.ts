import { z } from 'zod';
import { defineCommand, type AnyCommand } from '../src/app/chat/command.js';
import type { DeskDeps } from '../src/app/desk/desk-deps.js';
import { findCommand } from '../src/app/chat/dispatch.js';
import { errorReply } from '../src/app/chat/reply.js';
import { LIMITS } from '../src/core/limits.js';
import { quoteInput } from '../src/core/domain/quote-input.js';

export const helpCommand = defineCommand<DeskDeps, { command: z.ZodOptional<z.ZodString> }>({
  name: 'help',
  description: 'List the commands, or show one command with its options',
  role: 'viewer',
  positional: 'command',
  options: z.object({ command: z.string().trim().min(1).max(LIMITS.textLength, `expected at most ${LIMITS.textLength} characters`).optional().describe('a command name, e.g. "run start" or backtest') }),
  async run(ctx, { command }) {
    const registry = ctx.deps.commands;
    if (command === undefined) {
      return {
        kind: 'ok',
        title: 'Commands',
        table: { columns: ['command', 'role', 'what it does'], rows: registry.map((c) => [`/${c.name}`, c.role, c.description]) },
        text: 'Options are written name:value (quote values with spaces; JSON goes as it is: params:{"pct":8}). /help <command> shows a command\'s options.',
      };
    }
    const found = findCommand(registry, command.replace(/^\//, '').toLowerCase().split(/\s+/));
    if (found === null || found.rest.length > 0) return errorReply(`no command ${quoteInput(command)}; /help lists them`);
    return { kind: 'ok', title: `/${found.command.name}`, text: found.command.description, table: optionsTable(found.command) };
  },
});

function optionsTable(c: AnyCommand<DeskDeps>): { columns: string[]; rows: string[][] } {
  const rows = Object.entries(c.options.shape).map(([name, schema]) => [
    name,
    z.safeParse(schema, undefined).success ? 'optional' : 'required',
    describe(schema),
  ]);
  return { columns: ['option', '', 'meaning'], rows: rows.length > 0 ? rows : [['(none)', '', '']] };
}

/** The description given with `.describe()`, also through `.optional()` (which wraps the described schema). */
function describe(schema: z.core.$ZodType): string {
  const own = z.globalRegistry.get(schema)?.description;
  if (own !== undefined) return own;
  return schema instanceof z.ZodOptional ? describe(schema.unwrap()) : '';
}
