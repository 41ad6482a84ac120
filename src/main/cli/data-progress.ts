// The progress of `tradedesk data fetch` on stderr: a bar redrawn in place on a terminal; one plain line per symbol
// otherwise, so a log or CI output stays readable.
import type { CliIo } from './io.js';

export interface SymbolDone {
  readonly symbol: string;
  /** `alpaca: 2,515 bars (12 already cached)` or the failure's one line. */
  readonly line: string;
}

export interface FetchProgress {
  start(symbol: string): void;
  done(result: SymbolDone): void;
  /** Clears the bar (a terminal) before the summary is printed. */
  end(): void;
}

const WIDTH = 24;

export function createFetchProgress(io: CliIo, total: number): FetchProgress {
  let finished = 0;
  const tty = io.stderrTty;
  if (tty === undefined) {
    return {
      start: () => {},
      done: ({ symbol, line }) => io.err(`tradedesk data fetch: ${++finished}/${total} ${symbol}: ${line}`),
      end: () => {},
    };
  }
  const draw = (label: string): void => {
    const filled = Math.round((finished / total) * WIDTH);
    tty(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${finished}/${total} ${label}`);
  };
  return {
    start: (symbol) => draw(symbol),
    done: ({ symbol }) => {
      finished++;
      draw(symbol);
    },
    end: () => tty('\r\x1b[K'),
  };
}
