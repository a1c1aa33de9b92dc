/**
 * The period of a bed's swell: a continuous sound whose level rises and falls at a steady rate
 * without any onset (an ambient pad breathing on the beat) still has a tempo.
 *
 * - level    dB of the mix energy per 10 ms hop over context + window, averaged over 3 hops
 *            (30 ms, centred; smooths a 40–60 Hz sine's ripple), floored at ABSOLUTE_FLOOR.
 * - depth    the level's standard deviation must reach SWELL_MIN_DEPTH_DB (a raised-cosine swell
 *            of ~3.7 dB has ~1.3 dB; a steady tone has none).
 * - period   the first peak of the normalised autocorrelation of the level (mean removed) at
 *            ≥ SWELL_MIN_CORRELATION, after it has first fallen below zero (so that a slow drift
 *            or a slower swell, still correlated at short lags, is not read as a fast one), from
 *            SWELL_MIN_LAG_HOPS up to `longest`. Noise beds wander in level but not
 *            periodically: their autocorrelation never comes back up that far.
 * NaN when there is no such swell; a swell slower than the medium band reads as slow anyway.
 */
import { ABSOLUTE_FLOOR, HOP_SECONDS } from './sound-onsets.js';

export const SWELL_MIN_DEPTH_DB = 0.5;
export const SWELL_MIN_CORRELATION = 0.6;
/** 100 ms: the fastest swell measured is 10 per second. */
export const SWELL_MIN_LAG_HOPS = 10;
const SMOOTH_HOPS = 3;

/** Swell period (s) of `energy` (mix energy per hop), up to `longest` s; NaN when none. */
export function swellPeriod(energy: Float64Array, longest: number): number {
  const hops = energy.length;
  const level = new Float64Array(hops);
  let mean = 0;
  for (let h = 0; h < hops; h++) {
    const a = Math.max(0, h - (SMOOTH_HOPS >> 1));
    const b = Math.min(hops - 1, h + (SMOOTH_HOPS >> 1));
    let s = 0;
    for (let k = a; k <= b; k++) s += energy[k];
    level[h] = 10 * Math.log10(Math.max(ABSOLUTE_FLOOR, s / (b - a + 1)));
    mean += level[h];
  }
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
  for (let lag = SWELL_MIN_LAG_HOPS - 1; lag <= maxLag + 1 && lag < hops; lag++) {
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
  for (let lag = SWELL_MIN_LAG_HOPS; lag <= maxLag; lag++) {
    if (r[lag] < 0) crossed = true;
    else if (crossed && r[lag] >= SWELL_MIN_CORRELATION && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) return lag * HOP_SECONDS;
  }
  return NaN;
}
