/**
 * Small seedable randomness for the simulated market. Everything the simulator draws comes from here so the
 * same seed always reproduces the same bars, on any machine (only integer ops and IEEE doubles are used).
 */

const TWO_POW_NEG_32 = 1 / 4_294_967_296;

/** Final avalanche of a 32-bit value: every input bit flips about half the output bits. */
export function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hash of a sequence of 32-bit integers; order matters. Used to derive independent per-day streams. */
export function hash32(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) h = mix32(h ^ mix32((p >>> 0) + 0x9e3779b9));
  return h;
}

/** FNV-1a over UTF-16 code units, then mixed (FNV alone is weak in the low bits). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/**
 * SplitMix-style generator: a Weyl sequence (add the golden-ratio constant) pushed through `mix32`.
 * One add and two multiplies per draw, period 2^32, which is ample for a per-day stream of ~2,000 draws.
 */
export class Rng {
  private state: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state);
  }

  /** Uniform in the open interval (0, 1): never exactly 0 or 1, so `Math.log(u)` is always finite. */
  uniform(): number {
    return (this.uint32() + 0.5) * TWO_POW_NEG_32;
  }

  /** Standard normal by Box-Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.uniform());
  }
}

export function createRng(seed: number): Rng {
  return new Rng(seed);
}
