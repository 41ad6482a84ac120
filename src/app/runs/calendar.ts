import { calendarForSymbol, withPublishedSessions, type MarketCalendar } from '../../core/calendar/calendar.js';
import type { PublishedSessions } from '../../core/calendar/published.js';
import type { RunManifest } from './model.js';

/**
 * The calendar a run's iterations follow: simulated-market symbols trade 24/7; otherwise the first symbol's
 * market decides (a run mixing crypto and equities follows its first symbol).
 */
export function runCalendar(manifest: RunManifest): MarketCalendar {
  return calendarForSymbol(manifest.symbols[0]!, { simulated: manifest.dataSource === 'sim' });
}

/**
 * The calendar of a run as the desk follows it now: `runCalendar`, with the exchange's published sessions (Alpaca's
 * calendar and clock when configured) over the built-in rules. The scheduler, the iteration and the start of a run
 * all ask the same function, so a close the scheduler found is one the iteration recognises.
 */
export type RunCalendars = (manifest: RunManifest) => MarketCalendar;

export function runCalendars(published: () => PublishedSessions | null): RunCalendars {
  return (manifest) => withPublishedSessions(runCalendar(manifest), published());
}
