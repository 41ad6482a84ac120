/**
 * Shared guards for the indicator kernels. A bad period is a bug in the caller (strategy params are
 * validated with zod before they reach a kernel), so these throw instead of returning a Result.
 */
export function assertPeriod(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

export function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what} must have equal lengths, got ${a.length} and ${b.length}`);
  }
}

/** Full-length output with NaN for every bar before the first defined value. */
export function nanArray(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}
