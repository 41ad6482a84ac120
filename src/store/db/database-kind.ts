/**
 * Which database a DATABASE_URL names: `file:` is SQLite (the embedded default), `postgresql://` (or `postgres://`)
 * is PostgreSQL. The store, the migration runner and the CLI pick their driver by it.
 */
export type DatabaseKind = 'sqlite' | 'postgresql';

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

export function databaseKind(url: string): DatabaseKind | null {
  if (url.startsWith('file:')) return 'sqlite';
  return isPostgresUrl(url) ? 'postgresql' : null;
}

/** The URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
