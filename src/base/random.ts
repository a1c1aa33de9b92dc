/** Mulberry32: a small, fast seeded PRNG. The same seed gives the same sequence in any process. */
export function mulberry32Uint(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (x ^ (x >>> 14)) >>> 0;
  };
}

/** Uniform floats in [0, 1) from a seed. */
export function mulberry32(seed: number): () => number {
  const next = mulberry32Uint(seed);
  return () => next() / 4294967296;
}

/** Seeds are unsigned 32-bit integers: 0 to SEED_MAX. */
export const SEED_MAX = 0xffffffff;
