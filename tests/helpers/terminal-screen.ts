// A minimal terminal for tests: the part of VT100 that node:readline writes (text with auto-wrap, CR, LF, cursor
// moves, erase line / screen below), so a test can assert on what a person would see rather than on escape codes.
import { PassThrough } from 'node:stream';

export interface TerminalScreen {
  /** Feed output bytes as the terminal would receive them. */
  write(data: string): void;
  /** The visible rows, trailing blanks trimmed, trailing empty rows dropped. */
  lines(): string[];
  readonly cursor: { readonly row: number; readonly col: number };
}

export function createTerminalScreen(columns: number): TerminalScreen {
  const cells: string[][] = [];
  let row = 0;
  let col = 0;
  // After a character in the last column the cursor stays there; the next character wraps first (like xterm).
  let wrapNext = false;
  const at = (r: number): string[] => {
    while (cells.length <= r) cells.push([]);
    return cells[r]!;
  };
  const put = (ch: string): void => {
    if (wrapNext) {
      row += 1;
      col = 0;
      wrapNext = false;
    }
    at(row)[col] = ch;
    if (col === columns - 1) wrapNext = true;
    else col += 1;
  };
  const csi = (params: string, final: string): void => {
    const nums = params.split(';').map((p) => (p === '' ? NaN : Number(p)));
    const n = Number.isNaN(nums[0]!) ? 1 : nums[0]!;
    wrapNext = false;
    switch (final) {
      case 'A': row = Math.max(0, row - n); break;
      case 'B': row += n; break;
      case 'C': col = Math.min(columns - 1, col + n); break;
      case 'D': col = Math.max(0, col - n); break;
      case 'G': col = Math.min(columns - 1, n - 1); break;
      case 'H': row = (Number.isNaN(nums[0]!) ? 1 : nums[0]!) - 1; col = (Number.isNaN(nums[1] ?? NaN) ? 1 : nums[1]!) - 1; break;
      case 'K': {
        const mode = Number.isNaN(nums[0]!) ? 0 : nums[0]!;
        const line = at(row);
        if (mode === 0) line.length = Math.min(line.length, col);
        else if (mode === 1) for (let c = 0; c <= col; c++) line[c] = ' ';
        else line.length = 0;
        break;
      }
      case 'J': {
        const mode = Number.isNaN(nums[0]!) ? 0 : nums[0]!;
        if (mode !== 0) throw new Error(`terminal-screen: ESC[${params}J is not emulated`);
        at(row).length = Math.min(at(row).length, col);
        cells.length = Math.min(cells.length, row + 1);
        break;
      }
      default:
        throw new Error(`terminal-screen: ESC[${params}${final} is not emulated`);
    }
  };
  return {
    write(data) {
      for (let i = 0; i < data.length; i++) {
        const ch = data[i]!;
        if (ch === '\x1b' && data[i + 1] === '[') {
          const m = /^\x1b\[([\d;]*)([A-Za-z])/.exec(data.slice(i));
          if (m === null) throw new Error(`terminal-screen: unknown escape ${JSON.stringify(data.slice(i, i + 8))}`);
          csi(m[1]!, m[2]!);
          i += m[0].length - 1;
        } else if (ch === '\r') {
          col = 0;
          wrapNext = false;
        } else if (ch === '\n') {
          // A terminal's output processing (ONLCR, kept on in raw mode) turns LF into CR LF.
          row += 1;
          col = 0;
          wrapNext = false;
        } else put(ch);
      }
    },
    lines() {
      const out = cells.map((line) => Array.from(line, (c) => c ?? ' ').join('').trimEnd());
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      return out;
    },
    get cursor() {
      return { row, col };
    },
  };
}

/** A TTY-looking pair of streams for node:readline (terminal mode): keys go in, output goes to `screen`. */
export function fakeTerminal(columns: number): { input: PassThrough; output: PassThrough; screen: TerminalScreen } {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns });
  const screen = createTerminalScreen(columns);
  output.setEncoding('utf8').on('data', (chunk: string) => screen.write(chunk));
  return { input, output, screen };
}
