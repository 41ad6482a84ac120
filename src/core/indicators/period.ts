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

/**
 * Full-length output with NaN for every bar before the first defined value. `firstDefined` (default: none) is
 * the index the kernel starts writing at; only the warm-up prefix is filled, the kernel writes the rest.
 */
export function nanArray(length: number, firstDefined = length): Float64Array {
  return new Float64Array(length).fill(Number.NaN, 0, Math.min(length, firstDefined));
}
