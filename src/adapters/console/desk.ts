import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { clearScreenDown, createInterface, cursorTo, moveCursor, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AskAnalyst } from '../../app/chat/ports.js';
import { withLogContext, workspaceLogContext } from '../../app/log/log-context.js';
import type { Reply, ReplyButton } from '../../app/chat/reply.js';
import { askAnalyst } from './analyst.js';
import { runLine, type ConsoleWiring } from './commands.js';
import { renderReply } from './render.js';

export interface ConsoleDeskOptions<Deps> extends ConsoleWiring<Deps> {
  readonly input: Readable;
  readonly output: Writable;
  /** Interactive: a prompt and line history. Piped: line by line, exit at end of input. */
  readonly interactive: boolean;
  /** Where reply images (charts) are written, e.g. ./data/charts. */
  readonly imageDir: string;
  /**
   * Filled in by the desk with a `print` for text that arrives between commands (notifications): on a terminal
   * it prints above the input line and redraws the prompt with what the person was typing.
   */
  readonly printer?: { print?: (text: string) => void };
  /** Plain lines (not starting with /) go to the system analyst. */
  readonly ask?: AskAnalyst;
  /** Stops reading when it resolves (a SIGTERM): the line running finishes and gets its reply, later ones are not read. */
  readonly stopped?: Promise<unknown>;
}

/**
 * The console desk: lines starting with / are commands (commands.ts, the same name:value syntax as Discord and
 * Slack); other lines go to the system analyst (analyst.ts; without one, they get the list of commands that can answer). A reply's buttons are
 * numbered; typing a number runs that button's command as the person typing it (with their role).
 * Resolves when the input ends (or on /quit in a terminal).
 */
export async function runConsoleDesk<Deps>(o: ConsoleDeskOptions<Deps>): Promise<void> {
  const rl = createInterface({ input: o.input, output: o.interactive ? o.output : undefined, terminal: o.interactive, historySize: 500 });
  // On a terminal everything the desk prints (replies, notifications) goes above the input line, which is then redrawn
  // with what the person was typing: text arriving mid-typing, or while a command runs, never lands inside it.
  const write = o.interactive ? (text: string) => printAbove(rl, o.output, text) : (text: string) => void o.output.write(`${text}\n`);
  // While a line runs there is no prompt (what is typed meanwhile shows bare); it comes back once the reply is out.
  const ready = (): void => {
    if (!o.interactive) return;
    rl.setPrompt(PROMPT);
    rl.prompt(true);
  };
  if (o.printer !== undefined) o.printer.print = write;
  if (o.interactive) {
    o.output.write('tradedesk console desk. /help lists the commands, /quit leaves.\n');
    ready();
  }
  let stopping = false;
  void o.stopped?.then(() => {
    stopping = true;
    rl.close();
  });
  // The last reply's buttons: a line that is just one of their numbers runs that button's command.
  let choices: readonly ReplyButton[] = [];
  // Each line is one request: the log lines of what it does carry `console:<line number>` and the workspace.
  let lineNumber = 0;
  const workspace = workspaceLogContext(o.workspace);
  for await (const raw of rl) {
    lineNumber++;
    if (o.interactive) rl.setPrompt('');
    const typed = raw.trim();
    const chosen = /^\d{1,2}$/.test(typed) ? choices[Number(typed) - 1] : undefined;
    const line = chosen?.command ?? typed;
    if (chosen !== undefined) write(`> ${chosen.command}`);
    if (line === '') {
      ready();
      continue;
    }
    if (line === '/quit' || line === '/exit') break;
    const reply = await withLogContext({ ...workspace, requestId: `console:${lineNumber}` },
      () => (line.startsWith('/') ? runLine(o, line) : askAnalyst(o, line)));
    write(renderReply(reply, await saveImages(reply, o.imageDir)));
    choices = reply.buttons ?? [];
    ready();
  }
  if (o.printer !== undefined) delete o.printer.print;
  rl.close();
}

const PROMPT = 'tradedesk> ';

/**
 * Prints `text` where the input line (prompt and typed text, over as many rows as it wraps to) stood, then redraws
 * the input line below it. readline's own redraw first moves up as many rows as the cursor sat below the line's
 * start, so the same number of newlines go out after the text for it to land just below.
 */
function printAbove(rl: Interface, output: Writable, text: string): void {
  const rows = rl.getCursorPos().rows;
  moveCursor(output, 0, -rows);
  cursorTo(output, 0);
  clearScreenDown(output);
  output.write(`${text}\n${'\n'.repeat(rows)}`);
  rl.prompt(true);
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
