import { LogLevel, type Logger } from '@slack/bolt';

const RANK: Readonly<Record<LogLevel, number>> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/**
 * Bolt's own log (its receiver, Socket Mode reconnects, the Web API client's retries, a listener's unhandled error)
 * into the desk's log as `slack: ...` lines, from `level` up, instead of Bolt's console lines beside the desk's.
 */
export function boltLogger(log: (line: string) => void, level: LogLevel): Logger {
  let min = level;
  let name = '';
  const at = (l: LogLevel) => (...msg: unknown[]): void => {
    if (RANK[l] >= RANK[min]) log(`slack: ${name === '' ? '' : `${name}: `}${msg.map(text).join(' ')}`);
  };
  return {
    debug: at(LogLevel.DEBUG),
    info: at(LogLevel.INFO),
    warn: at(LogLevel.WARN),
    error: at(LogLevel.ERROR),
    setLevel: (l) => {
      min = l;
    },
    getLevel: () => min,
    setName: (n) => {
      name = n;
    },
  };
}

function text(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return part.message;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}
