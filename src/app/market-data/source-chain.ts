/**
 * A fallback chain of real providers: for each symbol the first provider that serves it is used, and from then on
 * ONLY that provider serves that symbol (a series never mixes providers; if it fails later, the request fails). Which
 * provider served each symbol is reported (`sources()`) so cards, JSON and summaries can say so. Nothing here falls
 * back to simulated data: the chain only holds the providers it was given.
 */
import type { BarsRequest, MarketData, SymbolCheck } from './ports.js';
import type { BarSeries } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';

export interface ChainLink {
  readonly name: string;
  readonly market: MarketData;
}

export interface SourceChain extends MarketData {
  /** symbol -> provider name, for every symbol served so far (or pinned). */
  sources(): Readonly<Record<string, string>>;
  checkSymbols(symbols: readonly string[]): Promise<Result<SymbolCheck>>;
}

/** `pinned`: symbols already bound to a provider (a run's manifest), served by it alone. */
export function createSourceChain(links: readonly ChainLink[], pinned: Readonly<Record<string, string>> = {}): SourceChain {
  if (links.length === 0) throw new Error('createSourceChain: no provider');
  const served = new Map<string, string>(Object.entries(pinned));
  const byName = new Map(links.map((l) => [l.name, l]));
  const names = links.map((l) => l.name).join(', then ');

  function pin(link: ChainLink, request: BarsRequest, res: Result<BarSeries>): Result<BarSeries> {
    if (res.ok) served.set(request.symbol, link.name);
    return res;
  }

  async function getBars(request: BarsRequest): Promise<Result<BarSeries>> {
    const bound = served.get(request.symbol);
    if (bound !== undefined) {
      const link = byName.get(bound);
      if (link === undefined) return fail('data.source', `${request.symbol} was served by ${bound}, which is not configured now (a series never switches provider)`);
      return link.market.getBars(request);
    }
    if (links.length === 1) return pin(links[0]!, request, await links[0]!.market.getBars(request));
    const reasons: string[] = [];
    const codes = new Set<string>();
    for (const link of links) {
      const res = await link.market.getBars(request);
      if (res.ok) return pin(link, request, res);
      reasons.push(`${link.name}: ${res.error.message}`);
      codes.add(res.error.code);
    }
    // Every provider said it does not know the symbol: that is what the person needs to hear.
    const code = codes.size === 1 ? [...codes][0]! : 'data.unavailable';
    return fail(code, `no provider served ${request.symbol} (${names}): ${reasons.join('; ')}`, { symbol: request.symbol });
  }

  async function checkSymbols(symbols: readonly string[]): Promise<Result<SymbolCheck>> {
    let pending = [...symbols];
    const accepted = new Set<string>();
    const why = new Map<string, string[]>();
    for (const link of links) {
      if (pending.length === 0) break;
      if (link.market.checkSymbols === undefined) {
        for (const s of pending) accepted.add(s);
        pending = [];
        break;
      }
      const res = await link.market.checkSymbols(pending);
      if (!res.ok) {
        for (const s of pending) why.set(s, [...(why.get(s) ?? []), `${link.name}: ${res.error.message}`]);
        continue;
      }
      for (const s of res.value.accepted) accepted.add(s);
      for (const r of res.value.refused) why.set(r.symbol, [...(why.get(r.symbol) ?? []), `${link.name}: ${r.reason}`]);
      pending = res.value.refused.map((r) => r.symbol);
    }
    return ok({
      accepted: symbols.filter((s) => accepted.has(s)),
      refused: symbols.filter((s) => !accepted.has(s)).map((symbol) => ({ symbol, reason: (why.get(symbol) ?? ['not checked']).join('; ') })),
    });
  }

  return {
    kind: links.length === 1 ? links[0]!.market.kind : 'chain',
    label: links.length === 1 ? links[0]!.market.label : links.map((l) => l.market.label).join(', then '),
    simulated: false,
    // The chain's providers are built with one adjustment; the first one's is the chain's.
    ...(links[0]!.market.adjustment === undefined ? {} : { adjustment: links[0]!.market.adjustment }),
    getBars,
    checkSymbols,
    sources: () => Object.fromEntries(served),
  };
}
