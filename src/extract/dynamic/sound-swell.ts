/**
 * The period of a bed's swell: a continuous sound whose level rises and falls at a steady rate
 * without any onset (an ambient pad breathing on the beat) still has a tempo.
 *
 * - level    dB of the energy under a LEVEL_WINDOW_SECONDS Hann window centred on each 10 ms hop of
 *            context + window, floored at ABSOLUTE_FLOOR. The level is sampled at the hop rate,
 *            so it must be low-passed well below 50 Hz first: summed over whole hops, the beats of
 *            a drone's partials (f1 − f2, up to a few hundred Hz) and their ripple (2f, f1 + f2)
 *            alias into a false swell whenever they fall near a multiple of 100 Hz.
 * - depth    the level's standard deviation must reach SWELL_MIN_DEPTH_DB (a raised-cosine swell
 *            of ~3.7 dB has ~1.3 dB; a steady tone has none).
 * - period   the first peak of the normalised autocorrelation of the level (mean removed) at
 *            ≥ SWELL_MIN_CORRELATION, after it has first fallen below zero (so that a slow drift
 *            or a slower swell, still correlated at short lags, is not read as a fast one), up to
 *            `longest`. The search starts at the shortest lag, so the period found is the level's
 *            own and not a multiple of it: a peak under SWELL_MIN_LAG_HOPS is a flutter faster
 *            than any beat (drone partials a few Hz apart beating), not a swell. Noise beds
 *            wander in level but not periodically: their autocorrelation never comes back up that far.
 * NaN when there is no such swell; a swell slower than the medium band reads as slow anyway.
 */
import { ABSOLUTE_FLOOR, dbOf, HOP_SECONDS, hopLength } from './sound-onsets.js';

export const SWELL_MIN_DEPTH_DB = 0.5;
export const SWELL_MIN_CORRELATION = 0.6;
/** 200 ms: a swell is at most 5 per second (300 bpm, past the fastest beat); a faster level change is a flutter. */
export const SWELL_MIN_LAG_HOPS = 20;
/**
 * Hann window of the level: its main lobe ends at 33 Hz, so a swell of ≤ 5 per second passes
 * (≥ 0.94 of its depth) while a ripple near the 100 Hz hop rate, which would alias into the swell
 * range, is ≥ 45 dB down.
 */
export const LEVEL_WINDOW_SECONDS = 0.06;

/** Level (dB) of `x` per HOP_SECONDS hop, from the energy under a Hann window centred on each hop. */
function levelOf(x: Float32Array, sampleRate: number): Float64Array {
  const hopLen = hopLength(sampleRate);
  const n = Math.max(1, Math.round(sampleRate * LEVEL_WINDOW_SECONDS));
  const hops = Math.floor(x.length / hopLen);
  const level = new Float64Array(hops);
  const taper = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n));
  for (let h = 0; h < hops; h++) {
    const from = h * hopLen + Math.floor((hopLen - n) / 2);
    let energy = 0;
    let weight = 0;
    for (let i = Math.max(0, -from); i < n && from + i < x.length; i++) {
      const v = x[from + i];
      energy += v === v && v !== Infinity && v !== -Infinity ? taper[i] * v * v : 0;
      weight += taper[i];
    }
    level[h] = dbOf(weight > 0 ? energy / weight : 0, ABSOLUTE_FLOOR);
  }
  return level;
}

/** Swell period (s) of `x` (mono samples: context then window), up to `longest` s; NaN when none. */
export function swellPeriod(x: Float32Array, sampleRate: number, longest: number): number {
  const level = levelOf(x, sampleRate);
  const hops = level.length;
  let mean = 0;
  for (let h = 0; h < hops; h++) mean += level[h];
  mean /= Math.max(1, hops);
  let variance = 0;
  for (let h = 0; h < hops; h++) {
    level[h] -= mean;
    variance += level[h] * level[h];
  }
  if (hops === 0 || Math.sqrt(variance / hops) < SWELL_MIN_DEPTH_DB) return NaN;

  const maxLag = Math.min(Math.round(longest / HOP_SECONDS) + 1, hops - SWELL_MIN_LAG_HOPS);
  if (maxLag < SWELL_MIN_LAG_HOPS) return NaN;
  const r = new Float64Array(maxLag + 2);
  for (let lag = 1; lag <= maxLag + 1 && lag < hops; lag++) {
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let h = 0; h + lag < hops; h++) {
      xy += level[h] * level[h + lag];
      xx += level[h] * level[h];
      yy += level[h + lag] * level[h + lag];
    }
    r[lag] = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
  }
  let crossed = false;
  for (let lag = 1; lag <= maxLag; lag++) {
    if (r[lag] < 0) crossed = true;
    else if (crossed && r[lag] >= SWELL_MIN_CORRELATION && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) return lag < SWELL_MIN_LAG_HOPS ? NaN : lag * HOP_SECONDS;
  }
  return NaN;
}
