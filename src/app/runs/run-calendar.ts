import { calendarForSymbol, type MarketCalendar } from '../../core/calendar/calendar.js';
import type { RunManifest } from './model.js';

/**
 * The calendar a run's iterations follow: simulated-market symbols trade 24/7; otherwise the first symbol's
 * market decides (a run mixing crypto and equities follows its first symbol).
 */
export function runCalendar(manifest: RunManifest): MarketCalendar {
  return calendarForSymbol(manifest.symbols[0]!, { simulated: manifest.dataSource === 'sim' });
}
