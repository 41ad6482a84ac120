import type { z } from 'zod';
import { quoteInput, safeText } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { formatIssuePath } from '../../core/domain/zod-errors.js';
import { LIMITS, showLimit } from '../../core/limits.js';
import { hasRole, type AnyCommand, type CommandContext } from './command.js';
import { parseCommandLine } from './command-line.js';
import { errorReply, type Reply } from './reply.js';

/** Finds the command whose name is the longest prefix of the line's words. */
export function findCommand<Deps>(registry: readonly AnyCommand<Deps>[], words: readonly string[]):
  { command: AnyCommand<Deps>; rest: readonly string[] } | null {
  let best: AnyCommand<Deps> | null = null;
  let bestLength = 0;
  for (const c of registry) {
    const name = c.name.split(' ');
    if (name.length > words.length || name.length <= bestLength) continue;
    if (name.every((w, i) => w === words[i])) {
      best = c;
      bestLength = name.length;
    }
  }
  return best === null ? null : { command: best, rest: words.slice(bestLength) };
}

/**
 * Parse -> find -> role check -> validate options -> run. Every refusal is a one-line error reply that changes
 * nothing; a throw inside a command (a bug) becomes an error reply too, never a crashed desk.
 */
export async function dispatch<Deps>(registry: readonly AnyCommand<Deps>[], line: string, ctx: CommandContext<Deps>): Promise<Reply> {
  const found = commandOfLine(registry, line);
  if (!found.ok) return errorReply(found.error.message);
  return runCommand(found.value.command, found.value.options, ctx);
}

/** A typed line's command and its raw option values, as a platform that delivers them apart would pass them. */
export interface LineCommand<Deps> {
  readonly command: AnyCommand<Deps>;
  readonly options: Readonly<Record<string, string>>;
}

/**
 * Parse -> find, nothing run: the command a typed line names and its options (words after the command name are the
 * positional option, where the command has one). Errors are one line: `command.too_long`, `command.syntax`,
 * `command.unknown` (no command has these words) or `command.unexpected` (words left over).
 */
export function commandOfLine<Deps>(registry: readonly AnyCommand<Deps>[], line: string): Result<LineCommand<Deps>> {
  if (line.length > LIMITS.commandChars) {
    return fail('command.too_long', `the command is ${showLimit(line.length)} characters, over the limit of ${showLimit(LIMITS.commandChars)}: ${safeText(line.trim(), 40)}`);
  }
  const parsed = parseCommandLine(line);
  if (!parsed.ok) return parsed;
  const { words } = parsed.value;
  const found = findCommand(registry, words);
  if (found === null) return fail('command.unknown', unknownCommand(registry, words));
  const { command, rest } = found;
  const options = { ...parsed.value.options };
  if (rest.length > 0 && command.positional !== undefined && !Object.hasOwn(options, command.positional)) {
    options[command.positional] = rest.join(' ');
  } else if (rest.length > 0) {
    return fail('command.unexpected', `/${command.name}: unexpected ${quoteInput(rest.join(' '))}; options are written name:value (see /help ${command.name})`);
  }
  return ok({ command, options });
}

/**
 * Role check -> validate options -> run, for a command already identified: Discord delivers the command and its
 * options apart, Slack finds them in the typed text with commandOfLine. Option values are strings, as chat sends them.
 */
export async function runCommand<Deps>(command: AnyCommand<Deps>, options: Readonly<Record<string, string>>, ctx: CommandContext<Deps>): Promise<Reply> {
  if (!hasRole(ctx.actor.role, command.role)) {
    return errorReply(`/${command.name} needs the ${command.role} role; you are ${ctx.actor.role}`);
  }
  const known = Object.keys(command.options.shape);
  const unknown = Object.keys(options).find((o) => !known.includes(o));
  if (unknown !== undefined) {
    return errorReply(`/${command.name}: unknown option ${quoteInput(unknown)}; options: ${known.length === 0 ? 'none' : known.join(', ')}`);
  }
  const values = command.options.safeParse(options);
  if (!values.success) return errorReply(`/${command.name}: ${optionError(values.error, options)}`);
  try {
    return await command.run(ctx, values.data);
  } catch (err) {
    return errorReply(`/${command.name} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function optionError(error: z.ZodError, given: Readonly<Record<string, string>>): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid options';
  const name = issue.path[0];
  if (typeof name !== 'string') return issue.message;
  if (!Object.hasOwn(given, name)) return `missing option ${name}:<value>`;
  const where = issue.path.length > 1 ? formatIssuePath(issue.path) : name;
  return `option '${where}': ${issue.message} (got ${quoteInput(given[name])})`;
}

function unknownCommand<Deps>(registry: readonly AnyCommand<Deps>[], words: readonly string[]): string {
  const group = registry.filter((c) => c.name.split(' ')[0] === words[0]).map((c) => c.name.split(' ').slice(1).join(' '));
  if (group.length > 0 && group.every((g) => g !== '')) return `/${words[0]} needs one of: ${group.join(', ')}`;
  return `unknown command ${quoteInput(`/${words.join(' ')}`)}; try /help`;
}
