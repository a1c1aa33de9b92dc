/**
 * The camera's path over a window (field.ts), from its pairs' translations: the per-frame shake
 * (jitter), the slow departure of the smoothed path from its line (wander) and that line's slope
 * (drift), and the peak horizontal speed.
 */

import { median } from '../../../base/numbers.js';
import type { PairMotion } from './pair.js';

/** Taps of the moving average that smooths the camera path before measuring its wander. */
export const WANDER_TAPS = 9;
/** The smoothed path needs this many points for a line and a wander about it. */
const WANDER_MIN_POINTS = 5;
/** Path points (pairs + 1) the jitter needs. */
const JITTER_MIN_POINTS = 5;
/**
 * Median of a χ² with two degrees of freedom (2 ln 2, rounded): the median square of the two axes'
 * second difference × 2 / this is its mean square, unmoved by a whip burst's few curved frames.
 */
const CHI2_2_MEDIAN = 1.386;
/** Pairs in the running median of the peak speed (a lone cut does not count). */
const PEAK_MEDIAN_PAIRS = 3;

export interface CameraPath {
  jitter: number;
  wander: number;
  drift: number;
}

/**
 * Camera path in frame widths / heights: jitter = robust rms of the second difference (white
 * per-frame shake), wander = the smoothed path's departure from a straight line (handheld drift),
 * drift = that line's slope (frame sizes per second).
 */
export function cameraPath(valid: PairMotion[], w: number, h: number, rate: number): CameraPath {
  let jitter = 0, wander = 0, drift = 0;
  const pathX = [0], pathY = [0];
  for (const q of valid) { pathX.push(pathX[pathX.length - 1] + q.model[0] / w); pathY.push(pathY[pathY.length - 1] + q.model[3] / h); }
  if (pathX.length >= JITTER_MIN_POINTS) {
    // Second difference P(k) − (P(k−1) + P(k+1))/2: white per-frame shake passes (×1.22), a smooth
    // wander below 2 Hz hardly does. Robust (median square), so a whip burst's curved frames do not count.
    const r2: number[] = [];
    for (let i = 1; i + 1 < pathX.length; i++) {
      r2.push((pathX[i] - (pathX[i - 1] + pathX[i + 1]) / 2) ** 2 + (pathY[i] - (pathY[i - 1] + pathY[i + 1]) / 2) ** 2);
    }
    jitter = Math.sqrt((median(r2) * 2) / CHI2_2_MEDIAN);
  }
  if (pathX.length - (WANDER_TAPS - 1) >= WANDER_MIN_POINTS) {
    const sx = movingAverage(steadyPath(pathX), WANDER_TAPS), sy = movingAverage(steadyPath(pathY), WANDER_TAPS);
    const dx = lineDeviation(sx), dy = lineDeviation(sy);
    wander = Math.sqrt(dx.rms2 + dy.rms2);
    drift = Math.hypot(dx.slope, dy.slope) * rate;
  }
  return { jitter, wander, drift };
}

/**
 * Robust peak |horizontal translation| over every pair (W/s) and |vertical translation| at that pair
 * (also W/s): the coarse shift stands in for pairs too blurred to match finely (a whip pan's burst);
 * a PEAK_MEDIAN_PAIRS running median keeps a lone cut from counting.
 */
export function peakShift(pairs: PairMotion[], toW: number): { peakTx: number; peakTyAtTx: number } {
  let peakTx = 0, peakTyAtTx = 0;
  const allTx = pairs.map((q) => (q.valid ? q.model[0] : q.coarseDx) * toW);
  const allTy = pairs.map((q) => (q.valid ? q.model[3] : q.coarseDy) * toW);
  const half = PEAK_MEDIAN_PAIRS >> 1;
  for (let i = 0; i < allTx.length; i++) {
    const win = allTx.slice(Math.max(0, i - half), i + half + 1);
    const v = Math.abs(win.length >= PEAK_MEDIAN_PAIRS ? median(win) : allTx[i]);
    if (v > peakTx) { peakTx = v; peakTyAtTx = Math.abs(allTy[i]); }
  }
  return { peakTx, peakTyAtTx };
}

/**
 * The path rebuilt from its steps, each the median of itself and its neighbours: a repeated frame
 * (a zero step) or a dropped one (a double step) is a lone impulse of the velocity, a glitch of the
 * frame timing, not a camera move; a wander below 2 Hz has a smooth velocity and passes.
 */
function steadyPath(path: number[]): number[] {
  const out = [path[0]];
  for (let i = 1; i < path.length; i++) {
    const step = (k: number): number => path[k] - path[k - 1];
    const near = [step(i), step(Math.max(1, i - 1)), step(Math.min(path.length - 1, i + 1))];
    out.push(out[i - 1] + median(near));
  }
  return out;
}

/** Mean over `taps` points, where all of them lie on the series (the ends are dropped). */
function movingAverage(x: number[], taps: number): number[] {
  const half = taps >> 1, out: number[] = [];
  for (let i = half; i < x.length - half; i++) {
    let s = 0;
    for (let j = -half; j <= half; j++) s += x[i + j];
    out.push(s / taps);
  }
  return out;
}

/** Least-squares line through the series: its slope per point and the mean square off it. */
function lineDeviation(y: number[]): { rms2: number; slope: number } {
  const k = y.length, tm = (k - 1) / 2;
  let ym = 0;
  for (const v of y) ym += v;
  ym /= k;
  let num = 0, den = 0;
  for (let i = 0; i < k; i++) { num += (i - tm) * (y[i] - ym); den += (i - tm) ** 2; }
  const slope = den > 0 ? num / den : 0;
  let r2 = 0;
  for (let i = 0; i < k; i++) r2 += (y[i] - ym - slope * (i - tm)) ** 2;
  return { rms2: r2 / k, slope };
}
