import type { AnyCommand } from '../src/app/command.js';
import type { DeskDeps } from '../src/app/desk-deps.js';
import { backtestCommand } from './backtest.js';
import { helpCommand } from './help.js';

/**
 * The explicit command registry (no folder scanning). The console desk, and later Discord and Slack, are all
 * generated from this list, so a command works everywhere or nowhere.
 */
export const COMMANDS: readonly AnyCommand<DeskDeps>[] = [helpCommand, backtestCommand];
