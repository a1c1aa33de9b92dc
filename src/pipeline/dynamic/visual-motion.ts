import type { DynamicValue } from './types.js';
import { analyzeMotionField, type MotionSummary } from './motion-field.js';
import { quadraticFit, type WindowInput } from './visual-prep.js';

/**
 * motion_speed / rhythm / smoothness / directionality / acceleration from the per-frame motion
 * signal of the subject: the pixels the camera model leaves unexplained, tracked as one template
 * (motion-subject.ts), i.e. the foreground shape's motion RELATIVE to the camera. Per analysed frame
 * pair: its velocity v, its radial component (size rate × radius: growing or shrinking in place) and
 * size rate, in frame SHORT SIDES per second (U = min(width, height)) and ln(size)/s; pairs where
 * nothing moves count as 0. Level, direction, rhythm and trend are read on the twice 5-tap
 * (binomial) low-passed signal; smoothness on what the low-pass removes. Nothing is emitted when the
 * subject cannot be isolated in half the pairs (strong parallax the camera model does not explain).
 *
 * - motion_speed: mean low-passed speed against SPEED_LIMITS (U/s: static | slow | medium | fast;
 *   renderer legs 0.12 / 0.28 / 0.5 U per second); for a radial subject the mean |size rate|
 *   against RADIAL_SPEED_LIMITS (ln size / s). A static subject yields only speed = static and
 *   directionality = none.
 * - motion_directionality: radial when the radial component dominates (Σ|radial| ≥ RADIAL_MIN_SHARE
 *   of radial + translation, and ≥ the translation); none when the velocity vectors have no main
 *   axis (second-moment minor/major ≥ NONE_MIN_ISOTROPY: a wandering curve); else the main axis
 *   within 22.5° of horizontal / vertical, or diagonal (back-and-forth keeps its axis).
 * - motion_smoothness: r = rms(v − lowpass(v)) / mean |lowpass(v)|. r ≥ SMOOTH_MAX: jerky when the
 *   subject is held still for ≥ JERKY_MIN_STILL of the pairs and moves in jumps of ≤ JERKY_MAX_RUN
 *   pairs (hold-and-jump), else rough (per-frame position noise). r < SMOOTH_MAX: fluid when the path
 *   curves (isotropy ≥ FLUID_MIN_ISOTROPY) or the motion is radial, smooth when it is straight.
 *   (Renderer: jerky = steps every ~6 frames; rough = ±2.5 % U per-frame noise; smooth = a straight
 *   line; fluid = a swaying curve.)
 * - motion_acceleration: quadratic fit of the low-passed speed over the window (t ∈ [−1, 1]),
 *   coefficients over the mean: ease_in_out when the curvature ≤ −EASE_CURVE_MIN and dominates the
 *   slope (slow–fast–slow); ease_in when slope ≥ EASE_SLOPE_MIN; ease_out when ≤ −EASE_SLOPE_MIN;
 *   else constant. The window is the unit: the renderer's envelopes span each second (2τ, 2(1−τ),
 *   6τ(1−τ)).
 * - motion_rhythm, with the acceleration trend removed: steady when the low-passed speed's
 *   coefficient of variation < STEADY_MAX_CV; pulsing when the raw speed stops (< STILL_SHARE_OF_PEAK
 *   of its peak) for PULSE_MIN_STILL–PULSE_MAX_STILL of the pairs in ≥ 2 bursts of ≥ PULSE_MIN_RUN
 *   pairs on average; wave when one sinusoid of WAVE_MIN_HZ–WAVE_MAX_HZ explains ≥ WAVE_MIN_R2 of the
 *   low-passed speed (renderer: 1 + 0.75 sin 2π·1.5t); random otherwise.
 */

/** Speed limits static | slow | medium | fast, short sides per second (renderer legs 0.12 / 0.28 / 0.5). */
export const SPEED_LIMITS: [number, number, number] = [0.05, 0.18, 0.37];
/** The same for a radial subject, in ln(size) per second (renderer ±0.2 / 0.4 / 0.7 per leg). */
export const RADIAL_SPEED_LIMITS: [number, number, number] = [0.1, 0.59, 1.05];
/** Velocity second-moment isotropy (minor / major) from which the motion has no direction. */
export const NONE_MIN_ISOTROPY = 0.24;
export const RADIAL_MIN_SHARE = 0.5;
export const SMOOTH_MAX = 0.45;
/** Jerky: held still for ≥ JERKY_MIN_STILL of the pairs, moving in jumps of ≤ JERKY_MAX_RUN pairs. */
export const JERKY_MIN_STILL = 0.4;
export const JERKY_MAX_RUN = 2;
/** A pair is still below this share of the window's peak speed. */
export const STILL_SHARE_OF_PEAK = 0.15;
/** A path whose velocity isotropy reaches this curves: fluid rather than smooth. */
export const FLUID_MIN_ISOTROPY = 0.08;
export const EASE_SLOPE_MIN = 0.25;
export const EASE_CURVE_MIN = 0.35;
export const STEADY_MAX_CV = 0.2;
/** Pulsing: still for PULSE_MIN_STILL–PULSE_MAX_STILL of the pairs, ≥ 2 bursts of ≥ PULSE_MIN_RUN pairs on average. */
export const PULSE_MIN_STILL = 0.4;
export const PULSE_MAX_STILL = 0.8;
export const PULSE_MIN_RUN = 3;
export const WAVE_MIN_R2 = 0.85;
export const WAVE_MIN_HZ = 1;
export const WAVE_MAX_HZ = 2.2;
/** The subject must be measurable (isolated from the background) in this share of the pairs. */
export const MIN_MEASURABLE_SHARE = 0.5;
/** Fewer analysed pairs than this: only speed and directionality are judged. */
export const MIN_PAIRS_FOR_PROFILE = 6;

const BINOMIAL5 = [1, 4, 6, 4, 1];

/** 5-tap binomial low-pass with renormalised edges. */
export function lowpass(x: ArrayLike<number>): number[] {
  const n = x.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0, w = 0;
    for (let j = -2; j <= 2; j++) {
      const k = i + j;
      if (k < 0 || k >= n) continue;
      s += BINOMIAL5[j + 2] * x[k];
      w += BINOMIAL5[j + 2];
    }
    out[i] = s / w;
  }
  return out;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length ? s / x.length : 0;
}

/** Best R² of a sinusoid (any phase) with frequency in [fMin, fMax] Hz fitted to zero-mean x sampled at `rate`. */
export function sinusoidR2(x: ArrayLike<number>, rate: number, fMin = 1.5, fMax = 8): number {
  const n = x.length;
  const m = mean(x);
  let total = 0;
  for (let i = 0; i < n; i++) total += (x[i] - m) ** 2;
  if (total <= 1e-12) return 0;
  let best = 0;
  const top = Math.min(fMax, rate / 2.2);
  for (let f = fMin; f <= top + 1e-9; f += 0.25) {
    let cc = 0, ss = 0, cs = 0, xc = 0, xs = 0;
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * f * i) / rate;
      const c = Math.cos(a), s = Math.sin(a);
      cc += c * c; ss += s * s; cs += c * s;
      xc += (x[i] - m) * c; xs += (x[i] - m) * s;
    }
    const det = cc * ss - cs * cs;
    if (Math.abs(det) < 1e-9) continue;
    const a = (ss * xc - cs * xs) / det, b = (cc * xs - cs * xc) / det;
    const explained = a * xc + b * xs;
    best = Math.max(best, explained / total);
  }
  return best;
}

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
 * (95th percentile) peak; runs are maximal stretches of moving pairs.
 */
export function stillness(speed: number[]): { stillShare: number; runs: number; meanRun: number } {
  const sorted = [...speed].sort((a, b) => a - b);
  const peak = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * (sorted.length - 1)))];
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
  if (st.stillShare >= PULSE_MIN_STILL && st.stillShare <= PULSE_MAX_STILL && st.runs >= 2 && st.meanRun >= PULSE_MIN_RUN) {
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

export function classifySubjectMotion(s: MotionSummary): SubjectJudgement | null {
  const sub = s.subject;
  const n = sub.speed.length;
  if (n === 0 || n < MIN_MEASURABLE_SHARE * s.validPairs) return null;
  // Level, direction, rhythm and trend from the twice low-passed signal (per-frame noise and
  // jumps removed); smoothness from what the low-pass took away.
  const vx = lowpass(lowpass(sub.vx)), vy = lowpass(lowpass(sub.vy)), rad = lowpass(lowpass(sub.radial));
  const smooth = vx.map((x, i) => Math.hypot(x, vy[i], rad[i]));
  let sumRadial = 0, sumTrans = 0, sumScale = 0, mxx = 0, myy = 0, mxy = 0;
  for (let i = 0; i < n; i++) {
    sumRadial += Math.abs(rad[i]);
    sumTrans += Math.hypot(vx[i], vy[i]);
    sumScale += Math.abs(sub.scale[i]);
    mxx += vx[i] * vx[i]; myy += vy[i] * vy[i]; mxy += vx[i] * vy[i];
  }
  const meanSpeed = mean(smooth);
  const radial = sumRadial >= RADIAL_MIN_SHARE * (sumRadial + sumTrans) && sumTrans <= sumRadial;
  const level = radial ? sumScale / n : meanSpeed;
  const [lo, mid, hi] = radial ? RADIAL_SPEED_LIMITS : SPEED_LIMITS;
  const speed = level < lo ? 'static' : level < mid ? 'slow' : level < hi ? 'medium' : 'fast';
  if (speed === 'static') return { speed, directionality: 'none', meanSpeed };

  // Principal axis of the velocity vectors (back-and-forth keeps its axis); isotropic = no direction.
  const tr = mxx + myy, det = mxx * myy - mxy * mxy;
  const l1 = tr / 2 + Math.sqrt(Math.max(0, (tr * tr) / 4 - det)), l2 = Math.max(0, tr - l1);
  const isotropy = l1 > 0 ? l2 / l1 : 1;
  let directionality: string;
  if (radial) directionality = 'radial';
  else if (isotropy >= NONE_MIN_ISOTROPY) directionality = 'none';
  else {
    const angle = Math.abs((0.5 * Math.atan2(2 * mxy, mxx - myy) * 180) / Math.PI); // 0–90
    directionality = angle <= 22.5 ? 'horizontal' : angle >= 67.5 ? 'vertical' : 'diagonal';
  }
  const out: SubjectJudgement = { speed, directionality, meanSpeed, isotropy };
  if (n < MIN_PAIRS_FOR_PROFILE) return out;

  // Smoothness: the high-frequency part of the velocity (of the speed for radial motion) relative
  // to its mean; below SMOOTH_MAX a curving path (or a radial one) is fluid, a straight one smooth.
  let hp = 0, mag = 0;
  if (radial) {
    const lp = lowpass(sub.speed);
    for (let i = 0; i < n; i++) { hp += (sub.speed[i] - lp[i]) ** 2; mag += sub.speed[i]; }
  } else {
    const lx = lowpass(sub.vx), ly = lowpass(sub.vy);
    for (let i = 0; i < n; i++) { hp += (sub.vx[i] - lx[i]) ** 2 + (sub.vy[i] - ly[i]) ** 2; mag += Math.hypot(lx[i], ly[i]); }
  }
  const roughness = mag > 0 ? Math.sqrt(hp / n) / (mag / n) : 0;
  out.roughness = roughness;
  const st = stillness(sub.speed);
  const jumps = st.stillShare >= JERKY_MIN_STILL && st.meanRun <= JERKY_MAX_RUN;
  out.smoothness = roughness >= SMOOTH_MAX ? (jumps ? 'jerky' : 'rough')
    : radial || isotropy >= FLUID_MIN_ISOTROPY ? 'fluid' : 'smooth';

  const acc = classifyAcceleration(smooth);
  out.acceleration = acc.acceleration; out.slope = acc.slope; out.curvature = acc.curvature;
  const rh = classifyRhythm(sub.speed, smooth, s.rate);
  out.rhythm = rh.rhythm; out.cv = rh.cv; out.waveR2 = rh.waveR2;
  return out;
}

export function analyzeSubjectMotion(input: WindowInput): DynamicValue[] {
  const j = classifySubjectMotion(analyzeMotionField(input));
  if (!j) return [];
  const out: DynamicValue[] = [
    { domain: 'motion_speed', value: j.speed },
    { domain: 'motion_directionality', value: j.directionality },
  ];
  if (j.rhythm) out.push({ domain: 'motion_rhythm', value: j.rhythm });
  if (j.smoothness) out.push({ domain: 'motion_smoothness', value: j.smoothness });
  if (j.acceleration) out.push({ domain: 'motion_acceleration', value: j.acceleration });
  return out;
}
