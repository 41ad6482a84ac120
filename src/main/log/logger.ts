// The desk's log (tradedesk start and console): pino, one entry a line on stderr. JSON lines where a machine reads
// them (not a terminal: a service, a pipe, a file), readable text on a terminal; TRADEDESK_LOG_FORMAT chooses either.
// Every line carries the ids of the work it belongs to (src/app/log/log-context.ts), and never a token or a key
// (secrets.ts). No transport or worker thread: entries are written synchronously to the sink as they are made, so
// the CLI starts fast and nothing is lost when the process exits.
import { pino, type Logger } from 'pino';
import { currentLogContext } from '../../app/log/log-context.js';
import type { Env } from '../../config/env.js';
import { safeMessage, safeText } from '../../core/domain/quote-input.js';
import { LIMITS } from '../../core/limits.js';
import { createScrub, CENSORED, REDACTED_PATHS, secretValues } from './secrets.js';
import { textLine } from './text-line.js';

/** Where the lines go: one whole line (no newline) per write; `tty`: a terminal reads them. */
export interface LogSink {
  write(line: string): void;
  readonly tty: boolean;
}

export type LogSettings = Pick<Env, 'TRADEDESK_LOG_FORMAT' | 'TRADEDESK_LOG_LEVEL' | 'TRADEDESK_DEBUG'>;

export interface DeskLogger {
  readonly logger: Logger;
  /**
   * The desk's `log(line)` callbacks: the line is the message, at the info level; a line the desk marks `debug: `
   * (written only when `debug` is on) is a debug entry, without the mark.
   */
  readonly log: (line: string) => void;
  /** Debug entries are written: the components that log them (each close iterated, each notification delivered) do. */
  readonly debug: boolean;
  readonly format: 'json' | 'text';
}

const DEBUG_MARK = 'debug: ';

/** Characters JSON leaves as they are but a terminal or a log viewer may act on (C1 controls, bidi overrides...). */
const RISKY_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const jsonEscape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The desk's logger over `sink`. `env` carries the log settings and the secrets to keep out of it (the desk's
 * whole environment: see secretValues).
 */
export function createDeskLogger(env: LogSettings & Partial<Env>, sink: LogSink): DeskLogger {
  const format = env.TRADEDESK_LOG_FORMAT === 'auto' ? (sink.tty ? 'text' : 'json') : env.TRADEDESK_LOG_FORMAT;
  const scrub = createScrub(secretValues(env));
  const destination = {
    write(json: string): void {
      const entry = json.replace(/\n$/, '');
      const line = format === 'json' ? entry.replace(RISKY_IN_JSON, jsonEscape) : safeMessage(textLine(JSON.parse(entry) as Record<string, unknown>), Number.MAX_SAFE_INTEGER);
      sink.write(scrub(line));
    },
  };
  const logger = pino({
    level: env.TRADEDESK_DEBUG === '1' ? 'debug' : env.TRADEDESK_LOG_LEVEL,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // The ids of the work this line belongs to; none outside any.
    mixin: () => contextFields(),
    redact: { paths: [...REDACTED_PATHS], censor: CENSORED },
  }, destination);
  const log = (line: string): void => {
    if (line.startsWith(DEBUG_MARK)) logger.debug(message(line.slice(DEBUG_MARK.length)));
    else logger.info(message(line));
  };
  return { logger, log, debug: logger.isLevelEnabled('debug'), format };
}

/** A message as the desk's stderr lines always were: bounded, control characters escaped (newlines and tabs kept). */
const message = (text: string): string => safeMessage(text, LIMITS.errorChars);

function contextFields(): Record<string, string | number> {
  const context = currentLogContext();
  if (context === undefined) return {};
  const fields: Record<string, string | number> = {};
  // Names come from chat platforms (a guild's name): bounded and escaped like any outside text.
  for (const [key, value] of Object.entries(context)) {
    if (typeof value === 'string') fields[key] = safeText(value);
    else if (typeof value === 'number') fields[key] = value;
  }
  return fields;
}
