// A log entry as one readable line for a terminal: `14:03:07 info  Run #1 (Local desk): ... run=1 workspace=...`.
// The time is the wall clock's, local; the ids and other fields follow the message as key=value.

/** Keys every entry has, shown in the line's own places (time, level, message) or not at all (pid). */
const PLACED = new Set(['level', 'time', 'msg', 'pid']);

/** The entry as pino wrote it (JSON: level label, ISO time, msg, the context ids, any other fields). */
export function textLine(entry: Readonly<Record<string, unknown>>): string {
  const time = typeof entry.time === 'string' || typeof entry.time === 'number' ? clockTime(new Date(entry.time)) : '--:--:--';
  const level = String(entry.level ?? '').padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !PLACED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  return [time, level, String(entry.msg ?? ''), ...fields].join(' ');
}

const clockTime = (d: Date): string =>
  Number.isNaN(d.getTime()) ? '--:--:--' : [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');

/** A value as it reads: bare when it is one word, quoted (JSON) when it has spaces, quotes or structure. */
function fieldText(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
