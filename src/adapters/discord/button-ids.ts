/** Discord's limit on a component's custom_id. */
export const CUSTOM_ID_MAX = 100;
const PREFIX = 'td:';

/**
 * Button custom ids. A button's command line is its own id when it fits in 100 characters (so buttons survive a
 * restart); a longer line gets a short `td:<n>` id kept in memory, bounded so a long-lived bot cannot grow without
 * limit (the oldest ids are forgotten; pressing such a button says it expired).
 */
export interface ButtonIds {
  idFor(commandLine: string): string;
  /** The command line for a pressed button's id, or null when it is unknown (expired or not ours). */
  lineFor(customId: string): string | null;
}

export function createButtonIds(capacity = 1000): ButtonIds {
  const lines = new Map<string, string>();
  let next = 1;
  return {
    idFor(line) {
      if (line.length <= CUSTOM_ID_MAX && !line.startsWith(PREFIX)) return line;
      const id = `${PREFIX}${next}`;
      next += 1;
      lines.set(id, line);
      if (lines.size > capacity) lines.delete(lines.keys().next().value!);
      return id;
    },
    lineFor(id) {
      if (id.startsWith(PREFIX)) return lines.get(id) ?? null;
      return id.startsWith('/') ? id : null;
    },
  };
}
