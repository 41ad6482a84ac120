import type { Readable, Writable } from 'node:stream';

/** Where CLI commands read and write, injectable so tests can run commands in-process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The clock lives here, in the shell, never in the core. */
  readonly now: () => number;
  /** The console desk reads commands here and writes replies there. */
  readonly stdin: Readable;
  readonly stdout: Writable;
  /** True on a terminal: the console desk is interactive (prompt, history). */
  readonly interactive: boolean;
  /** Raw writes to stderr when it is a terminal (a progress bar redraws its line); absent otherwise. */
  readonly stderrTty?: (text: string) => void;
  /**
   * The desk's log (src/main/log): one line per write, to stderr as it is (the logger bounds and escapes its lines
   * itself, and a JSON line must not be cut); `tty`: stderr is a terminal. runCli fills it from `err` and `stderrTty`.
   */
  readonly logSink?: { write(line: string): void; readonly tty: boolean };
}

/** Exit codes: 0 ok, 1 internal/operational failure, 2 bad input. */
export type ExitCode = 0 | 1 | 2;

export class UsageError extends Error {}
