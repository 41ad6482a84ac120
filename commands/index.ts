import type { AnyCommand } from '../src/app/command.js';
import type { DeskDeps } from '../src/app/desk-deps.js';
import { backtestCommand } from './backtest.js';
import { helpCommand } from './help.js';
import { runStartCommand } from './run-start.js';
import { runPauseCommand, runResumeCommand, runStopCommand } from './run-status-change.js';
import { runsCommand } from './runs.js';

/**
 * The explicit command registry (no folder scanning). The console desk, and later Discord and Slack, are all
 * generated from this list, so a command works everywhere or nowhere.
 */
export const COMMANDS: readonly AnyCommand<DeskDeps>[] = [
  helpCommand,
  runStartCommand,
  runStopCommand,
  runPauseCommand,
  runResumeCommand,
  runsCommand,
  backtestCommand,
];
