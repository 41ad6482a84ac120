import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AnyCommand, CommandContext } from '../../app/command.js';
import { dispatch } from '../../app/dispatch.js';
import type { AskAnalyst } from '../../app/chat.js';
import type { Reply, ReplyButton } from '../../app/reply.js';
import { renderReply } from './render.js';

export interface ConsoleDeskOptions<Deps> {
  readonly input: Readable;
  readonly output: Writable;
  /** Interactive: a prompt and line history. Piped: line by line, exit at end of input. */
  readonly interactive: boolean;
  readonly registry: readonly AnyCommand<Deps>[];
  readonly context: () => CommandContext<Deps>;
  /** Where reply images (charts) are written, e.g. ./data/charts. */
  readonly imageDir: string;
  /**
   * Filled in by the desk with a `print` for text that arrives between commands (notifications): on a terminal
   * it clears the prompt line, prints, and redraws the prompt with what the person was typing.
   */
  readonly printer?: { print?: (text: string) => void };
  /** Plain lines (not starting with /) go to the system analyst. */
  readonly ask?: AskAnalyst;
}

/**
 * The console desk: lines starting with / are commands (same name:value syntax as Discord and Slack); other lines
 * go to the system analyst (without one, they get the list of commands that can answer). A reply's buttons are
 * numbered; typing a number runs that button's command as the person typing it (with their role).
 * Resolves when the input ends (or on /quit in a terminal).
 */
export async function runConsoleDesk<Deps>(o: ConsoleDeskOptions<Deps>): Promise<void> {
  const rl = createInterface({ input: o.input, output: o.interactive ? o.output : undefined, terminal: o.interactive, historySize: 500 });
  const write = (text: string): void => {
    o.output.write(`${text}\n`);
  };
  if (o.printer !== undefined) {
    o.printer.print = o.interactive
      ? (text) => {
        o.output.write(`\r\x1b[K${text}\n`);
        rl.prompt(true);
      }
      : write;
  }
  if (o.interactive) {
    write('tradedesk console desk. /help lists the commands, /quit leaves.');
    rl.setPrompt('tradedesk> ');
    rl.prompt();
  }
  // The last reply's buttons: a line that is just one of their numbers runs that button's command.
  let choices: readonly ReplyButton[] = [];
  for await (const raw of rl) {
    const typed = raw.trim();
    const chosen = /^\d{1,2}$/.test(typed) ? choices[Number(typed) - 1] : undefined;
    const line = chosen?.command ?? typed;
    if (chosen !== undefined) write(`> ${chosen.command}`);
    if (line === '') {
      if (o.interactive) rl.prompt();
      continue;
    }
    if (line === '/quit' || line === '/exit') break;
    if (!line.startsWith('/') && o.ask === undefined) {
      write(`The system analyst is not available here. Commands that can answer: ${o.registry.map((c) => `/${c.name}`).join(', ')}`);
    } else {
      const reply = line.startsWith('/') ? await dispatch(o.registry, line, o.context()) : await askConsole(o.ask!, o.context(), line);
      write(renderReply(reply, await saveImages(reply, o.imageDir)));
      choices = reply.buttons ?? [];
    }
    if (o.interactive) rl.prompt();
  }
  if (o.printer !== undefined) delete o.printer.print;
  rl.close();
}

async function askConsole<Deps>(ask: AskAnalyst, ctx: CommandContext<Deps>, text: string): Promise<Reply> {
  const { workspace, actor, channelId } = ctx;
  return ask({ workspace, actor, channelId, conversationId: channelId, text }, ctx.now());
}

/** Writes a reply's images (charts) into `dir`; returns their paths. */
export async function saveImages(reply: Reply, dir: string): Promise<string[]> {
  if (reply.images === undefined || reply.images.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const image of reply.images) {
    const file = path.join(dir, path.basename(image.filename));
    await writeFile(file, image.png);
    paths.push(file);
  }
  return paths;
}
