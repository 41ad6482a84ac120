// FIFOs for the tests that give one where a file is expected: skipped only where there is no mkfifo.
import { execFileSync } from 'node:child_process';

export const hasMkfifo = ((): boolean => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}
