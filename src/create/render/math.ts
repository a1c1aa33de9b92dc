/** Small pure helpers the renderer's parts share. */

export type RGBTuple = readonly [number, number, number];

/** A seeded 32-bit hash of three integers (per-frame and per-shot random streams). */
export function hashInt(a: number, b: number, c: number): number {
  let h = (a ^ 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) ^ Math.imul(b + 0x9e3779b1, 0x846ca68b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(c + 0x632be5ab, 0x9e3779b1);
  h ^= h >>> 16;
  return h >>> 0;
}

export const mod = (v: number, m: number) => ((v % m) + m) % m;
