import type { Writable } from 'node:stream';

/**
 * A reader that stops early (`tradedesk strategies | head -3`) closes the pipe under stdout, and the next write fails
 * with EPIPE. Like other Unix tools the CLI then ends quietly with exit 0 (there is no one left to tell); without a
 * listener Node throws the error as an unhandled 'error' event with a stack trace. Any other failure to write the
 * output is one line on stderr and exit 1.
 */
export function endOnClosedPipe(stdout: Writable, stderr: Writable, exit: (code: number) => void): void {
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return exit(0);
    stderr.write(`tradedesk: cannot write the output: ${err.message}\n`);
    return exit(1);
  });
  // stderr closed too (`2>&1 | head`): nothing can be said any more.
  stderr.on('error', () => exit(0));
}
