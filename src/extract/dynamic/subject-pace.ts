import { quadraticFit } from './visual-prep.js';
import { AXIS_SECTOR_DEG } from '../../canon/subject.js';

/**
 * The pace of a subject over a window, from its per-pair speed: how steady, pulsing or wave-like it
 * is (rhythm) and whether it speeds up or slows down (acceleration). Read the same from the
 * pairwise signal (visual-motion.ts) and from the static camera's track (subject-track.ts).
 */

/** A pair is still below this share of the window's peak speed. */
export const STILL_SHARE_OF_PEAK = 0.15;
export const EASE_SLOPE_MIN = 0.25;
export const EASE_CURVE_MIN = 0.35;
export const STEADY_MAX_CV = 0.2;
/** Pulsing: still for PULSE_MIN_STILL–PULSE_MAX_STILL of the pairs, ≥ PULSE_MIN_BURSTS bursts of ≥ PULSE_MIN_RUN pairs on average. */
export const PULSE_MIN_STILL = 0.4;
export const PULSE_MAX_STILL = 0.8;
export const PULSE_MIN_RUN = 3;
export const PULSE_MIN_BURSTS = 2;
export const WAVE_MIN_R2 = 0.85;
export const WAVE_MIN_HZ = 1;
export const WAVE_MAX_HZ = 2.2;

/** Fewer analysed pairs than this: only speed and directionality are judged. */
export const MIN_PAIRS_FOR_PROFILE = 6;

const BINOMIAL5 = [1, 4, 6, 4, 1];
/** Taps either side of the centre. */
const BINOMIAL5_REACH = (BINOMIAL5.length - 1) / 2;
/** The peak speed a pair is still against: this quantile of the window's pairs (a lone spike is not the peak). */
const PEAK_QUANTILE = 0.95;
/**
 * Sinusoid fits: frequencies from fMin in FREQUENCY_STEP_HZ steps, each sampled at least
 * MIN_SAMPLES_PER_CYCLE times a cycle (a margin over Nyquist's 2); FREQUENCY_SLACK lets the stepped
 * frequency reach the top despite rounding.
 */
const FREQUENCY_STEP_HZ = 0.25;
const MIN_SAMPLES_PER_CYCLE = 2.2;
const FREQUENCY_SLACK = 1e-9;
/** A series whose summed squared deviation is at most this has nothing to fit. */
const NO_VARIANCE = 1e-12;
/** A sinusoid basis whose Gram determinant is below this is degenerate at that frequency. */
const SINGULAR_BASIS = 1e-9;

/** 5-tap binomial low-pass with renormalised edges. */
export function lowpass(x: ArrayLike<number>): number[] {
  const n = x.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0, w = 0;
    for (let j = -BINOMIAL5_REACH; j <= BINOMIAL5_REACH; j++) {
      const k = i + j;
      if (k < 0 || k >= n) continue;
      s += BINOMIAL5[j + BINOMIAL5_REACH] * x[k];
      w += BINOMIAL5[j + BINOMIAL5_REACH];
    }
    out[i] = s / w;
  }
  return out;
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length ? s / x.length : 0;
}

/**
 * Best R² of a sinusoid (any phase) with frequency in [fMin, fMax] Hz fitted to zero-mean x sampled
 * at `rate` — at sample i / rate s, or at `times` (s) when the samples are not evenly spaced.
 */
export function sinusoidR2(x: ArrayLike<number>, rate: number, fMin: number, fMax: number, times?: ArrayLike<number>): number {
  const n = x.length;
  const m = mean(x);
  let total = 0;
  for (let i = 0; i < n; i++) total += (x[i] - m) ** 2;
  if (total <= NO_VARIANCE) return 0;
  let best = 0;
  const top = Math.min(fMax, rate / MIN_SAMPLES_PER_CYCLE);
  for (let f = fMin; f <= top + FREQUENCY_SLACK; f += FREQUENCY_STEP_HZ) {
    let cc = 0, ss = 0, cs = 0, xc = 0, xs = 0;
    for (let i = 0; i < n; i++) {
      const a = 2 * Math.PI * f * (times ? times[i] : i / rate);
      const c = Math.cos(a), s = Math.sin(a);
      cc += c * c; ss += s * s; cs += c * s;
      xc += (x[i] - m) * c; xs += (x[i] - m) * s;
    }
    const det = cc * ss - cs * cs;
    if (Math.abs(det) < SINGULAR_BASIS) continue;
    const a = (ss * xc - cs * xs) / det, b = (cc * xs - cs * xc) / det;
    const explained = a * xc + b * xs;
    best = Math.max(best, explained / total);
  }
  return best;
}

/** A main axis at `angle` (0–90° from horizontal): horizontal or vertical within AXIS_SECTOR_DEG, diagonal between. */
export const axisName = (angle: number): string => (angle <= AXIS_SECTOR_DEG ? 'horizontal' : angle >= 90 - AXIS_SECTOR_DEG ? 'vertical' : 'diagonal');

export interface SubjectJudgement {
  speed: string;
  directionality: string;
  rhythm?: string;
  smoothness?: string;
  acceleration?: string;
  /** Diagnostics. */
  meanSpeed: number;
  isotropy?: number;
  waveR2?: number;
  roughness?: number;
  slope?: number;
  curvature?: number;
  cv?: number;
}

/**
 * Stops and runs of the raw per-pair speed: a pair is still below STILL_SHARE_OF_PEAK of the
 * (PEAK_QUANTILE) peak; runs are maximal stretches of moving pairs.
 */
export function stillness(speed: number[]): { stillShare: number; runs: number; meanRun: number } {
  const sorted = [...speed].sort((a, b) => a - b);
  const peak = sorted[Math.min(sorted.length - 1, Math.floor(PEAK_QUANTILE * (sorted.length - 1)))];
  if (!(peak > 0)) return { stillShare: 1, runs: 0, meanRun: 0 };
  let still = 0, runs = 0, moving = 0, inRun = false;
  for (const v of speed) {
    if (v < STILL_SHARE_OF_PEAK * peak) { still++; inRun = false; } else { moving++; if (!inRun) runs++; inRun = true; }
  }
  return { stillShare: still / speed.length, runs, meanRun: runs ? moving / runs : 0 };
}

/**
 * Rhythm from the raw per-pair subject speed (on/off bursts) and its low-passed version (variation,
 * waves), both with the acceleration trend (a quadratic over the window) removed.
 */
export function classifyRhythm(speed: number[], smooth: number[], rate: number): { rhythm: string; cv: number; waveR2: number } {
  const fit = quadraticFit(smooth);
  const m = mean(smooth);
  let v = 0;
  for (const r of fit.residual) v += r * r;
  const cv = m > 0 ? Math.sqrt(v / smooth.length) / m : 0;
  const waveR2 = sinusoidR2(fit.residual, rate, WAVE_MIN_HZ, WAVE_MAX_HZ);
  if (cv < STEADY_MAX_CV) return { rhythm: 'steady', cv, waveR2 };
  const st = stillness(speed);
  if (st.stillShare >= PULSE_MIN_STILL && st.stillShare <= PULSE_MAX_STILL && st.runs >= PULSE_MIN_BURSTS && st.meanRun >= PULSE_MIN_RUN) {
    return { rhythm: 'pulsing', cv, waveR2 };
  }
  if (waveR2 >= WAVE_MIN_R2) return { rhythm: 'wave', cv, waveR2 };
  return { rhythm: 'random', cv, waveR2 };
}

export function classifyAcceleration(smoothSpeed: number[]): { acceleration: string; slope: number; curvature: number } {
  const m = mean(smoothSpeed);
  const [, c1, c2] = quadraticFit(smoothSpeed).coef;
  const slope = m > 0 ? c1 / m : 0, curvature = m > 0 ? c2 / m : 0;
  let acceleration = 'constant';
  if (curvature <= -EASE_CURVE_MIN && Math.abs(curvature) > Math.abs(slope)) acceleration = 'ease_in_out';
  else if (slope >= EASE_SLOPE_MIN) acceleration = 'ease_in';
  else if (slope <= -EASE_SLOPE_MIN) acceleration = 'ease_out';
  return { acceleration, slope, curvature };
}
