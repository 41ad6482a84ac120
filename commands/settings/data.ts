import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply, type Reply } from '../../src/app/chat/reply.js';
import { formatSourceSpec, parseSourceSpec, type DataSourceSpec } from '../../src/core/domain/data-source.js';
import { assertNever, fail, ok, type Result } from '../../src/core/domain/result.js';

/** The word that clears the workspace's choice, so the desk's MARKET_DATA applies again. */
const CLEAR = 'default';

const options = z.object({
  source: opt.string(`sim, csv, or providers tried in order per symbol (alpaca, polygon, yahoo, e.g. alpaca,yahoo); ${CLEAR}: back to the desk's MARKET_DATA; omit to show the current one`, { max: 40 }).optional(),
});

/** How a source reads in a reply. */
export function sourceLine(source: string): string {
  const spec = parseSourceSpec(source);
  if (!spec.ok) return source;
  switch (spec.value.kind) {
    case 'sim': return 'sim (the simulated market, not real prices)';
    case 'csv': return 'csv (the desk\'s CSV folder)';
    case 'providers': return spec.value.chain.length === 1 ? spec.value.chain[0]! : `${spec.value.chain.join(', then ')} (per symbol, the first that serves it)`;
    default: return assertNever(spec.value);
  }
}

/** Each source the spec names, as this desk can serve it (its label), or the refusal naming what to configure. */
function usable(deps: DeskDeps, spec: DataSourceSpec): Result<readonly string[]> {
  const names = spec.kind === 'providers' ? spec.chain : [spec.kind];
  const lines: string[] = [];
  for (const name of names) {
    const market = deps.marketData(name);
    if (!market.ok) return fail(market.error.code, `${name} cannot be used on this desk: ${market.error.message}; nothing changed`);
    lines.push(`${name}: ready (${market.value.label})`);
  }
  return ok(lines);
}

export const settingsDataCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'settings data',
  description: 'Set where /backtest and /run start get bars when they name no data: (admin)',
  role: 'admin',
  positional: 'source',
  options,
  async run(ctx, o) {
    const desk = ctx.deps.defaultDataSource ?? 'sim';
    const deskLine = `the desk default, MARKET_DATA: ${sourceLine(desk)}`;
    const current = await ctx.deps.settings.dataSource(ctx.workspace);
    if (!current.ok) return errorReply(`/settings data: ${current.error.message}`);
    const shown = (s: string | null): string => (s === null ? deskLine : sourceLine(s));
    const how = `data: on /backtest and /run start still wins. /settings data source:${CLEAR} goes back to ${deskLine}.`;
    if (o.source === undefined) {
      return { kind: 'ok', title: 'Default data source', fields: [{ name: 'Default', value: shown(current.value) }], text: how, changedNothing: true };
    }
    let next: string | null = null;
    let ready: readonly string[] = [];
    if (o.source.toLowerCase() !== CLEAR) {
      const spec = parseSourceSpec(o.source, "option 'source'");
      if (!spec.ok) return errorReply(`/settings data: ${spec.error.message}; or ${CLEAR} for the desk's MARKET_DATA`);
      const checked = usable(ctx.deps, spec.value);
      if (!checked.ok) return errorReply(`/settings data: ${checked.error.message}`);
      next = formatSourceSpec(spec.value);
      ready = checked.value;
    }
    const set = await ctx.deps.settings.setDataSource(ctx.workspace, next, { actor: ctx.actor, channelId: ctx.channelId, now: ctx.now() });
    if (!set.ok) return errorReply(`/settings data: ${set.error.message}`);
    const reply: Reply = {
      kind: 'ok',
      title: next === null ? 'Default data source: the desk default' : `Default data source: ${next}`,
      fields: [
        { name: 'Default', value: shown(next), inline: true },
        { name: 'Was', value: shown(set.value), inline: true },
      ],
      text: [...ready, `Used by /backtest and /run start when they name no data:; ${how}`].join('\n'),
    };
    return reply;
  },
});
