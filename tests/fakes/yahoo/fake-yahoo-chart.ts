// The fake's /v8/finance/chart answer in Yahoo's documented shape: meta, timestamp[] (epoch seconds), parallel
// indicators.quote[0] arrays with nulls for missing bars, indicators.adjclose, events.splits keyed by their date.
// Prices and volumes are split-adjusted for every split after a bar, as Yahoo serves them; raw rows are stored.

/** A raw (unadjusted) row, `t` in epoch seconds as Yahoo stamps it (daily: the session open). */
export interface FakeRow {
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
}

/** A split effective at `date` (epoch seconds): `numerator` new shares for `denominator` old ones. */
export interface FakeSplit {
  readonly date: number;
  readonly numerator: number;
  readonly denominator: number;
}

/** A stamp Yahoo answers with null prices and volume (a bar nobody traded in, or one it lost). */
export interface FakeGap {
  readonly t: number;
  readonly gap: true;
}

export type FakeEntry = FakeRow | FakeGap;

export interface ChartArgs {
  readonly symbol: string;
  readonly interval: string;
  readonly rows: readonly FakeEntry[];
  readonly splits: readonly FakeSplit[];
  readonly period1: number;
  readonly period2: number;
  readonly withSplits: boolean;
}

interface QuoteColumns {
  open: (number | null)[];
  high: (number | null)[];
  low: (number | null)[];
  close: (number | null)[];
  volume: (number | null)[];
}

export function chartBody(a: ChartArgs) {
  const stamps: number[] = [];
  const quote: QuoteColumns = { open: [], high: [], low: [], close: [], volume: [] };
  const adjclose: (number | null)[] = [];
  for (const row of a.rows) {
    if (row.t < a.period1 || row.t >= a.period2) continue;
    if ('gap' in row) {
      stamps.push(row.t);
      for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) quote[k].push(null);
      adjclose.push(null);
      continue;
    }
    const factor = a.splits.filter((s) => s.date > row.t).reduce((f, s) => f * (s.numerator / s.denominator), 1);
    stamps.push(row.t);
    quote.open.push(row.o / factor);
    quote.high.push(row.h / factor);
    quote.low.push(row.l / factor);
    quote.close.push(row.c / factor);
    quote.volume.push(Math.round(row.v * factor));
    adjclose.push(row.c / factor);
  }
  const inWindow = a.splits.filter((s) => s.date >= a.period1 && s.date < a.period2);
  const events = a.withSplits && inWindow.length > 0
    ? { splits: Object.fromEntries(inWindow.map((s) => [String(s.date), { date: s.date, numerator: s.numerator, denominator: s.denominator, splitRatio: `${s.numerator}:${s.denominator}` }])) }
    : undefined;
  const crypto = a.symbol.endsWith('-USD');
  const period = (start: number, end: number) => ({ timezone: crypto ? 'UTC' : 'EST', start, end, gmtoffset: crypto ? 0 : -18_000 });
  const meta = {
    currency: 'USD', symbol: a.symbol, exchangeName: crypto ? 'CCC' : 'NMS', fullExchangeName: crypto ? 'CCC' : 'NasdaqGS',
    instrumentType: crypto ? 'CRYPTOCURRENCY' : 'EQUITY', firstTradeDate: 345_479_400, regularMarketTime: 1_733_000_000, hasPrePostMarketData: !crypto,
    gmtoffset: crypto ? 0 : -18_000, timezone: crypto ? 'UTC' : 'EST', exchangeTimezoneName: crypto ? 'UTC' : 'America/New_York',
    regularMarketPrice: 100, priceHint: 2,
    currentTradingPeriod: { pre: period(1_733_000_000, 1_733_019_800), regular: period(1_733_019_800, 1_733_043_200), post: period(1_733_043_200, 1_733_057_600) },
    dataGranularity: a.interval, range: '', validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
  };
  const result = {
    meta,
    ...(stamps.length > 0 ? { timestamp: stamps } : {}),
    ...(events === undefined ? {} : { events }),
    indicators: stamps.length > 0 ? { quote: [quote], adjclose: [{ adjclose }] } : { quote: [{}], adjclose: [{}] },
  };
  return { chart: { result: [result], error: null } } as { chart: { result: [{ indicators: { quote: QuoteColumns[] } }] } };
}
