// The interactive console desk on a (fake) terminal: notifications and replies land above the input line, and the
// prompt comes back with what the person was typing (issue 10, section 3: "the prompt is redrawn after notifications").
// Asserted on the screen a person would see, through a small terminal emulator, not on escape codes.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runConsoleDesk } from '../../../src/adapters/console/desk.js';
import { defineCommand } from '../../../src/app/chat/command.js';
import type { DeskDeps } from '../../../src/app/desk/desk-deps.js';
import { fakeDesk } from '../../helpers/fake-desk.js';
import { fakeTerminal } from '../../helpers/terminal-screen.js';

const BANNER = 'tradedesk console desk. /help lists the commands, /quit leaves.';

/** A desk whose /slow command answers only when the test says so. */
function slowDesk(columns: number) {
  const d = fakeDesk();
  let answer: (text: string) => void = () => {};
  const slow = defineCommand<DeskDeps, Record<string, never>>({
    name: 'slow', description: 'answers when told', role: 'viewer', options: z.object({}),
    run: () => new Promise((resolve) => (answer = (text) => resolve({ kind: 'ok', text }))),
  });
  const term = fakeTerminal(columns);
  const printer: { print?: (text: string) => void } = {};
  const done = runConsoleDesk({
    input: term.input, output: term.output, interactive: true, registry: [slow, ...d.deps.commands],
    ...d.ctx('a', 'admin'), imageDir: 'unused', printer,
  });
  // Node's readline reacts to keys on the next turns of the event loop.
  const settle = () => sleep(20);
  return {
    screen: term.screen,
    // One key at a time, as a person types (a whole chunk at once is a paste, which readline draws differently).
    type: async (keys: string) => {
      for (const key of keys) {
        term.input.write(key);
        await sleep(0);
      }
      await settle();
    },
    notify: async (text: string) => (printer.print!(text), settle()),
    answer: async (text: string) => (answer(text), settle()),
    quit: async () => (term.input.write('\x15/quit\r'), done),
    settle,
  };
}

describe('the interactive console desk', () => {
  it('prints a notification above the prompt and redraws what was being typed, even when it wraps', async () => {
    const desk = slowDesk(20);
    await desk.settle();
    await desk.type('/runs status:all and more');
    await desk.notify('Run #2: buy 42 SIM-C\nP&L +12.50');
    expect(desk.screen.lines().slice(-4)).toEqual(['Run #2: buy 42 SIM-C', 'P&L +12.50', 'tradedesk> /runs sta', 'tus:all and more']);
    expect(desk.screen.cursor).toEqual({ row: desk.screen.lines().length - 1, col: 16 });
    await desk.quit();
  });

  it('keeps a notification that arrives while a command runs off the prompt line; the reply and a fresh prompt follow', async () => {
    const desk = slowDesk(80);
    await desk.settle();
    await desk.type('/slow\r');
    await desk.notify('Run #2: stopped');
    await desk.answer('slow reply');
    expect(desk.screen.lines()).toEqual([BANNER, 'tradedesk> /slow', 'Run #2: stopped', 'slow reply', 'tradedesk>']);
    await desk.quit();
  });

  it('keeps what is typed while a command runs below its reply, then under the prompt', async () => {
    const desk = slowDesk(80);
    await desk.settle();
    await desk.type('/slow\r');
    await desk.type('/runs');
    await desk.notify('Run #2: stopped');
    await desk.answer('slow reply');
    expect(desk.screen.lines()).toEqual([BANNER, 'tradedesk> /slow', 'Run #2: stopped', 'slow reply', 'tradedesk> /runs']);
    await desk.type(' status:all\r');
    expect(desk.screen.lines().slice(4, 6)).toEqual(['tradedesk> /runs status:all', 'No runs. Start one with /run start.']);
    await desk.quit();
  });
});
