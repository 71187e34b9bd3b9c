/**
 * Seeded pseudo-random numbers (mulberry32, a classical 32-bit generator).
 * Every random choice in filmscore goes through one of these so that the same
 * inputs and seed give byte-identical plans and MIDI.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Roughly normal (sum of uniforms), mean 0, standard deviation 1. */
  gauss(): number;
  /** A derived generator for an independent sub-stream (e.g. one per track). */
  fork(label: string): Rng;
}

/** FNV-1a, 32-bit: a classical string hash (seeds for sub-streams, stable data splits). */
export function fnv1a(s: string): number {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/** mulberry32 from a raw 32-bit state: numbers uniform in [0, 1). */
export function mulberry32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRng(seed: number): Rng {
  const next = mulberry32((seed >>> 0) ^ 0x9e3779b9);
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    gauss: () => {
      let s = 0;
      for (let i = 0; i < 6; i++) s += next();
      return (s - 3) * Math.SQRT2;
    },
    fork: (label) => createRng((seed ^ fnv1a(label)) >>> 0),
  };
  return rng;
}
