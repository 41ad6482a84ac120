import { listStrategies } from '../../core/strategies/registry.js';
import type { CliIo, ExitCode } from './io.js';
import { quoteInput } from '../../core/domain/quote-input.js';

export async function strategiesCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const json = argv.includes('--json');
  const unknown = argv.filter((a) => a !== '--json');
  if (unknown.length > 0) {
    io.err(`tradedesk strategies: unknown arguments ${quoteInput(unknown.join(' '))} (only --json)`);
    return 2;
  }
  const list = listStrategies();
  if (json) {
    io.out(JSON.stringify(list, null, 2));
    return 0;
  }
  for (const s of list) {
    const defaults = Object.entries(s.defaults).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ');
    io.out(`${s.id}  (${defaults})\n  ${s.description}\n`);
  }
  return 0;
}
