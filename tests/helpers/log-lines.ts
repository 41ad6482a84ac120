// The desk's log as a test reads it: stderr that is not a terminal holds one JSON object a line (src/main/log).
import { expect } from 'vitest';

export interface LogEntry {
  readonly level: string;
  readonly time: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** Every line of `stderr` (text, or lines as written) as a log entry; a line that is not one fails the test. */
export function logEntries(stderr: string | readonly string[]): LogEntry[] {
  const lines = (typeof stderr === 'string' ? stderr.split('\n') : stderr.flatMap((l) => l.split('\n'))).filter((l) => l.trim() !== '');
  return lines.map((line) => {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      expect.fail(`not a JSON log line: ${line}`);
    }
    expect(entry, line).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
    return entry as LogEntry;
  });
}

/** The messages of the desk's log lines in `stderr`. */
export const logMessages = (stderr: string | readonly string[]): string[] => logEntries(stderr).map((e) => e.msg);
