import type { Rng } from './types.js';

export const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
export const integer = (rng: Rng, lo: number, hi: number): number => Math.floor(uniform(rng, lo, hi + 1));
export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
export const sign = (rng: Rng): 1 | -1 => (rng() < 0.5 ? -1 : 1);
/** An ffmpeg colour as 0xRRGGBB. */
export const hex = (rgb: readonly number[]): string => `0x${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
export const randomRgb = (rng: Rng, lo = 0, hi = 255): [number, number, number] => [uniform(rng, lo, hi), uniform(rng, lo, hi), uniform(rng, lo, hi)];
/** Numbers written into ffmpeg expressions: short, never in exponent form. */
export const num = (x: number): string => x.toFixed(5).replace(/\.?0+$/, '') || '0';
/** A seed for an ffmpeg source's own generator. */
export const sourceSeed = (rng: Rng): number => integer(rng, 1, 2 ** 31 - 2);
/** An even number of pixels (chroma subsampling wants even sizes). */
export const even = (x: number): number => 2 * Math.round(x / 2);
