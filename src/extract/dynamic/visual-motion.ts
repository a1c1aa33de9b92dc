import type { DynamicValue } from './types.js';
import { analyzeMotionField, type MotionSummary } from './motion/field.js';
import { principalAxis, quadraticFit, prepared, trackingFrames, type PreparedWindow, type WindowInput } from './visual-prep.js';
import { trackStaticSubject, type SubjectTrack } from './motion/track.js';
import { FLUID_MIN_BOW, FLUID_MIN_RADIAL_SWAY, RADIAL_SPEED_LIMITS, SPEED_LIMITS, WAVE_HZ } from '../../canon/subject.js';

/**
 * motion_speed / rhythm / smoothness / directionality / acceleration from the per-frame motion
 * signal of the subject: the pixels the camera model leaves unexplained, tracked as one template
 * (motion/subject.ts), i.e. the foreground shape's motion RELATIVE to the camera. Per analysed frame
 * pair: its velocity v, its radial component (size rate × radius: growing or shrinking in place) and
 * size rate, in frame SHORT SIDES per second (U = min(width, height)) and ln(size)/s; pairs where
 * nothing moves count as 0. Level, direction, rhythm and trend are read on the twice 5-tap
 * (binomial) low-passed signal; smoothness on what the low-pass removes. Nothing is emitted when the
 * subject cannot be isolated in half the pairs (strong parallax the camera model does not explain).
 *
 * - motion_speed: mean low-passed speed against SPEED_LIMITS (U/s: static | slow | medium | fast,
 *   between the renderer's MOTION_SPEED legs; src/canon/subject.ts); for a radial subject the mean
 *   |size rate| against RADIAL_SPEED_LIMITS (ln size / s, between 2 × RADIAL_AMPLITUDE). A static subject yields only speed = static and
 *   directionality = none.
 * - motion_directionality: radial when the radial component dominates (Σ|radial| ≥ RADIAL_MIN_SHARE
 *   of radial + translation, and ≥ the translation); none when the velocity vectors have no main
 *   axis (second-moment minor/major ≥ NONE_MIN_ISOTROPY: a wandering curve); else the main axis
 *   within 22.5° of horizontal / vertical, or diagonal (back-and-forth keeps its axis).
 * - motion_smoothness: r = rms(v − lowpass(v)) / mean |lowpass(v)|. r ≥ SMOOTH_MAX: jerky when the
 *   subject is held still for ≥ JERKY_MIN_STILL of the pairs and moves in jumps of ≤ JERKY_MAX_RUN
 *   pairs (hold-and-jump), else rough (per-frame position noise). r < SMOOTH_MAX: fluid when the path
 *   curves (isotropy ≥ FLUID_MIN_ISOTROPY) or the motion is radial, smooth when it is straight.
 *   (Renderer, src/canon/subject.ts: jerky = JERKY_HOLDS positions a second; rough = SMOOTHNESS_NOISE
 *   per-frame noise; smooth = a straight line; fluid = a curve swaying by FLUID_SWAY.)
 * - motion_acceleration: quadratic fit of the low-passed speed over the window (t ∈ [−1, 1]),
 *   coefficients over the mean: ease_in_out when the curvature ≤ −EASE_CURVE_MIN and dominates the
 *   slope (slow–fast–slow); ease_in when slope ≥ EASE_SLOPE_MIN; ease_out when ≤ −EASE_SLOPE_MIN;
 *   else constant. The window is the unit: the renderer's envelopes span each second (2τ, 2(1−τ),
 *   6τ(1−τ)).
 * - motion_rhythm, with the acceleration trend removed: steady when the low-passed speed's
 *   coefficient of variation < STEADY_MAX_CV; pulsing when the raw speed stops (< STILL_SHARE_OF_PEAK
 *   of its peak) for PULSE_MIN_STILL–PULSE_MAX_STILL of the pairs in ≥ 2 bursts of ≥ PULSE_MIN_RUN
 *   pairs on average; wave when one sinusoid of WAVE_MIN_HZ–WAVE_MAX_HZ explains ≥ WAVE_MIN_R2 of the
 *   low-passed speed; random otherwise. (The renderer's RHYTHM_HZ beats are finer than this signal
 *   resolves: its rhythms are read from the static-camera track below.)
 *
 * Static camera (median |camera translation, scale, rotation| per pair ≈ 0, no mirrored half — or
 * too little texture to see the camera by (no valid model in half the pairs, or informative blocks
 * under CAMERA_MIN_TEXTURE), where the scene counts as still when its frames differ from their
 * median only at the subject): all five are read from per-frame tracks of
 * the subject instead (trackStaticSubject, motion/track.ts, on the frames at TRACKING_WIDTH) — a
 * coarse one against the window's median background, and that one refined by registering each
 * frame to a reference (a fraction of a pixel):
 * - shape from the coarse track (classifyTrack): radial when the rms size change ≥
 *   TRACK.radialSpread × the rms position change; jerky when the per-frame steps are still ≥
 *   TRACK.jerkyStill of the frames with moving runs of ≤ TRACK.jerkyRun frames; rough when the rms
 *   per-frame second difference of the position is ≥ TRACK.roughD2 U (TRACK.roughD2Radial radial).
 * - from the refined track: directionality (pathDirection: none when the velocities point every
 *   way, else the main axis); smooth or fluid (a line that bows from its chord by PACE.fluidBow, a
 *   radial subject whose centre sways by PACE.radialSway; a loop with no direction is fluid);
 *   speed, acceleration and rhythm from the pace along the path (classifyPace).
 * The refined track is kept with the window (windowSubjectTrack): the worker returns it with the
 * window's values, and extraction reads the acceleration over the whole clip from the windows'
 * tracks (motion/clip.ts), which replaces the windows' own when the clip's pace has a trend.
 */

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

/**
 * Best R² of a sinusoid (any phase) with frequency in [fMin, fMax] Hz fitted to zero-mean x sampled
 * at `rate` — at sample i / rate s, or at `times` (s) when the samples are not evenly spaced.
 */
export function sinusoidR2(x: ArrayLike<number>, rate: number, fMin = 1.5, fMax = 8, times?: ArrayLike<number>): number {
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
      const a = 2 * Math.PI * f * (times ? times[i] : i / rate);
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

/** A main axis at `angle` (0–90° from horizontal): horizontal or vertical within 22.5°, diagonal between. */
const axisName = (angle: number): string => (angle <= 22.5 ? 'horizontal' : angle >= 67.5 ? 'vertical' : 'diagonal');

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
  const { isotropy, angle } = principalAxis(mxx, myy, mxy);
  let directionality: string;
  if (radial) directionality = 'radial';
  else if (isotropy >= NONE_MIN_ISOTROPY) directionality = 'none';
  else directionality = axisName(angle);
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
  const summary = analyzeMotionField(input);
  const pairwise = classifySubjectMotion(summary);
  // A backdrop with too little texture for most pairs to show the camera's motion (a flat colour
  // behind a small shape, which the camera model may even follow) leaves the pairwise signal empty
  // or wrong: the camera is taken as still when the window's frames differ from their median
  // background only at the subject.
  if (!pairwise && cameraSeen(summary)) return [];
  // The track against the median background is asked even when the pairs see a still subject: over
  // a faint backdrop the camera model can follow the subject itself.
  const t = staticCameraJudgement(input, summary);
  const j = t && t.speed !== 'static' ? t : pairwise ?? t;
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

// ------------------------------------------------------------------ static camera: background track

/** Median |camera translation| (W/s, H/s) below which the camera counts as static. */
export const STATIC_CAMERA_MAX = 0.01;
/**
 * Subject speed bands, read the same from either track: path length per second, short sides, and
 * |Δ ln size| per second for a radial subject (the window's limits, src/canon/subject.ts).
 */
const SPEED_BANDS = {
  speed: SPEED_LIMITS,
  radialSpeed: RADIAL_SPEED_LIMITS,
};

export const TRACK = {
  ...SPEED_BANDS,
  noneIsotropy: 0.24,
  /** Radial when the rms size change reaches this share of the rms position change (both U). */
  radialSpread: 0.7,
  fluidIsotropy: 0.09,
  /** rms second difference of the per-frame position (U per frame²) from which the path is rough. */
  roughD2: 0.034,
  /** The same for a radial subject (its centroid jitters more as its edges grow and shrink). */
  roughD2Radial: 0.04,
  jerkyStill: 0.4,
  jerkyRun: 1.25,
};

function fillGaps(x: Float64Array): boolean {
  const n = x.length;
  let first = -1;
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i])) { first = i; break; }
  if (first < 0) return false;
  for (let i = 0; i < first; i++) x[i] = x[first];
  let last = first;
  for (let i = first + 1; i < n; i++) {
    if (!Number.isFinite(x[i])) continue;
    for (let j = last + 1; j < i; j++) x[j] = x[last] + ((x[i] - x[last]) * (j - last)) / (i - last);
    last = i;
  }
  for (let i = last + 1; i < n; i++) x[i] = x[last];
  return true;
}

export interface TrackFeatures {
  meanSpeed: number; radialSpeed: number; radial: boolean; isotropy: number; angle: number;
  d2path: number; d2pos: number; bow: number; sizeSpread: number; posSpread: number; d2rms: number; ratio: number; stillShare: number; meanRun: number;
}

/** Largest distance of a path from its chord, over the chord (a straight leg ≈ 0; 1 when it returns). */
function bowOf(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const ex = x[n - 1] - x[0], ey = y[n - 1] - y[0], L = Math.hypot(ex, ey);
  if (!(L > 0)) return 1;
  let dmax = 0;
  for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs((x[i] - x[0]) * ey - (y[i] - y[0]) * ex) / L);
  return dmax / L;
}

/** Judges the subject from its per-frame track (static camera). */
export function classifyTrack(track: SubjectTrack, fps: number, w: number, h: number): (SubjectJudgement & { features?: TrackFeatures }) | null {
  const n = track.cx.length;
  let seen = 0;
  for (let i = 0; i < n; i++) if (track.pixels[i] > 0) seen++;
  if (seen === 0) return { speed: 'static', directionality: 'none', meanSpeed: 0 };
  if (seen < 0.5 * n) return null;
  const U = Math.min(w, h);
  const px = Float64Array.from(track.cx, (v) => v / U), py = Float64Array.from(track.cy, (v) => v / U);
  const lr = Float64Array.from(track.radius, (v, i) => (track.pixels[i] > 0 && v > 0 ? Math.log(v) : NaN));
  const rr = Float64Array.from(track.radius, (v, i) => (track.pixels[i] > 0 ? v / U : NaN));
  fillGaps(px); fillGaps(py); fillGaps(lr); fillGaps(rr);
  const sx = lowpass(lowpass(px)), sy = lowpass(lowpass(py)), sl = lowpass(lowpass(lr)), sr = lowpass(lowpass(rr));
  // Chord speed over ±H frames of the smoothed path.
  const H = 2;
  const speed: number[] = [], lspeed: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - H), b = Math.min(n - 1, i + H);
    const dt = (b - a) / fps;
    speed.push(dt > 0 ? Math.hypot(sx[b] - sx[a], sy[b] - sy[a]) / dt : 0);
    lspeed.push(dt > 0 ? Math.abs(sl[b] - sl[a]) / dt : 0);
  }
  let trans = 0, rad = 0;
  for (let i = 1; i < n; i++) { trans += Math.hypot(sx[i] - sx[i - 1], sy[i] - sy[i - 1]); rad += Math.abs(sr[i] - sr[i - 1]); }
  const meanSpeed = mean(speed), radialSpeed = mean(lspeed);
  // Directionality: covariance of the smoothed positions.
  const mx = mean(sx), my = mean(sy);
  let cxx = 0, cyy = 0, cxy = 0;
  for (let i = 0; i < n; i++) { const dx = sx[i] - mx, dy = sy[i] - my; cxx += dx * dx; cyy += dy * dy; cxy += dx * dy; }
  const { isotropy, angle } = principalAxis(cxx, cyy, cxy);
  const bow = bowOf(sx, sy);
  const mr = mean(sr);
  let vr = 0;
  for (let i = 0; i < n; i++) vr += (sr[i] - mr) ** 2;
  const sizeSpread = Math.sqrt(vr / n), posSpread = Math.sqrt((cxx + cyy) / n);
  // Radial: the size varies more than the position (a shape growing and shrinking in place).
  const radial = sizeSpread >= TRACK.radialSpread * posSpread && rad > 0.5 * trans;
  const level = radial ? radialSpeed : meanSpeed;
  const [lo, mid, hi] = radial ? TRACK.radialSpeed : TRACK.speed;
  const sp = level < lo ? 'static' : level < mid ? 'slow' : level < hi ? 'medium' : 'fast';
  if (sp === 'static') return { speed: sp, directionality: 'none', meanSpeed: level };
  let directionality: string;
  if (radial) directionality = 'radial';
  else if (isotropy >= TRACK.noneIsotropy) directionality = 'none';
  else directionality = axisName(angle);
  const out: SubjectJudgement & { features?: TrackFeatures } = { speed: sp, directionality, meanSpeed: level, isotropy };
  if (n < MIN_PAIRS_FOR_PROFILE) return out;
  // Smoothness on the raw per-frame path (radial: the raw size).
  const rx = radial ? rr : px, ry = radial ? new Float64Array(n) : py;
  // Per-frame position noise (rough) is read on the position even for a radial subject.
  let e1 = 0, e2 = 0, e2pos = 0;
  const step: number[] = [];
  for (let i = 2; i < n; i++) e2pos += (px[i] - 2 * px[i - 1] + px[i - 2]) ** 2 + (py[i] - 2 * py[i - 1] + py[i - 2]) ** 2;
  for (let i = 1; i < n; i++) {
    const dx = rx[i] - rx[i - 1], dy = ry[i] - ry[i - 1];
    e1 += dx * dx + dy * dy; step.push(Math.hypot(dx, dy));
    if (i >= 2) e2 += (rx[i] - 2 * rx[i - 1] + rx[i - 2]) ** 2 + (ry[i] - 2 * ry[i - 1] + ry[i - 2]) ** 2;
  }
  const ratio = e1 > 0 ? e2 / e1 : 0;
  const d2path = Math.sqrt(e2 / Math.max(1, n - 2)), d2pos = Math.sqrt(e2pos / Math.max(1, n - 2));
  const d2rms = Math.max(d2path, d2pos);
  const st = stillness(step);
  const jerky = st.stillShare >= TRACK.jerkyStill && st.meanRun <= TRACK.jerkyRun;
  out.smoothness = jerky ? 'jerky' : d2rms >= (radial ? TRACK.roughD2Radial : TRACK.roughD2) ? 'rough' : radial || isotropy >= TRACK.fluidIsotropy ? 'fluid' : 'smooth';
  out.roughness = ratio;
  out.features = { d2path, d2pos, bow, sizeSpread, posSpread, d2rms, meanSpeed, radialSpeed, radial, isotropy, angle, ratio, stillShare: st.stillShare, meanRun: st.meanRun };
  return out;
}

function median(x: ArrayLike<number>): number {
  const s = Array.from(x).sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : 0;
}

/** Thresholds of the pace read from the refined track (see classifyPace). */
export const PACE = {
  ...SPEED_BANDS,
  /** Easing: last third − first third of the path (ease in +0.44, out −0.44) … */
  easeSlope: 0.22,
  /** … or the middle third over the mean of the outer two (ease in-out +0.22). */
  easeBulge: 0.11,
  /** The pace envelope is judged where it is at least this share of its mean. */
  envelopeFloor: 0.5,
  steadyCv: 0.25,
  /**
   * Pulsing: at least this share of the judged frames below STILL × the envelope, or a cv of at
   * least pulseCv (bursts from standstill: renderer ≈ 1.4; a wave 0.53, random 0.35–0.7, both more
   * at a slow pace, where the track's noise adds to them).
   */
  pulseStill: 0.3,
  still: 0.15,
  pulseCv: 0.95,
  /** One sinusoid explains this share of the pace over its envelope: wave (renderer ≈ 0.6–0.95; random ≤ ≈ 0.55). */
  waveR2: 0.6,
  waveHz: WAVE_HZ,
  fluidBow: FLUID_MIN_BOW,
  /** Velocity isotropy from which a path has no direction (see pathDirection). */
  noneIsotropy: 0.4,
  radialSway: FLUID_MIN_RADIAL_SWAY,
  /**
   * Random variation is judged again on a chord over ±k frames, k the fewest (up to maxSpan) that
   * cover this many tracking pixels at the mean pace: a slow subject's per-frame steps (a fraction
   * of a pixel) are mostly registration and codec noise.
   */
  chordPx: 2,
  maxSpan: 3,
  /**
   * … when the pace's variation about its envelope correlates with itself one frame on below this
   * (registration noise ≈ 0.1–0.4; changes of pace that last a few frames, as the renderer's
   * random levels of a sixth of a second, ≈ 0.6–0.8).
   */
  noiseLag1: 0.45,
};

/** Frames either side of the pace's chord for a pace `level` (units / s) of `px` tracking pixels per unit. */
export function chordSpan(level: number, fps: number, px: number): number {
  const perFrame = (level / fps) * px;
  return Math.max(1, Math.min(PACE.maxSpan, Math.ceil(PACE.chordPx / (2 * Math.max(perFrame, 1e-9)))));
}

/** Pace along a path (one array per coordinate, per frame): the central chord over ±span frames, per second. */
export function chordPace(coords: number[][], fps: number, span: number): number[] {
  const n = coords[0]?.length ?? 0;
  const pace: number[] = [];
  for (let i = span; i < n - span; i++) pace.push((Math.hypot(...coords.map((c) => c[i + span] - c[i - span])) * fps) / (2 * span));
  return pace;
}

export interface Pace { speed: string; rhythm?: string; acceleration?: string; level: number; slope?: number; bulge?: number; cv?: number; still?: number; waveR2?: number }

/**
 * Speed, acceleration and rhythm from the refined track's pace along its path (for a radial
 * subject, along ln size). speed: path length (of the [1 2 1]-smoothed track) per second.
 * acceleration: the shares of that path covered in each third of the window — even (constant), a
 * rising (ease_in) or falling (ease_out) slope, or a bulge in the middle (ease_in_out). rhythm: the
 * per-frame pace (a central chord over ±1 frame) against its quadratic envelope, where the envelope
 * is at least PACE.envelopeFloor of its mean: steady when it stays close to it (cv), pulsing when it
 * stops for a share of the frames, wave when one sinusoid explains the ratio, random otherwise —
 * and random is steady after all when its variation has little memory (PACE.noiseLag1) and the
 * pace over a chord of up to ±PACE.maxSpan frames (for a subject slower than PACE.chordPx tracking
 * pixels per two frames) stays close to its envelope.
 */
export function classifyPace(track: SubjectTrack, fps: number, radial: boolean, U: number): Pace {
  const n = track.cx.length;
  const coords = radial ? [Array.from(track.radius, (r) => Math.log(Math.max(r, 1e-3)))] : [Array.from(track.cx, (v) => v / U), Array.from(track.cy, (v) => v / U)];
  const smooth = coords.map((c) => c.map((_, i) => (c[Math.max(0, i - 1)] + 2 * c[i] + c[Math.min(n - 1, i + 1)]) / 4));
  const dist = (q: number[][], i: number, j: number) => Math.hypot(...q.map((c) => c[j] - c[i]));
  const path = [0];
  for (let i = 1; i < n; i++) path.push(path[i - 1] + dist(smooth, i - 1, i));
  const level = n > 1 ? (path[n - 1] * fps) / (n - 1) : 0;
  const [lo, mid, hi] = radial ? PACE.radialSpeed : PACE.speed;
  const speed = level < lo ? 'static' : level < mid ? 'slow' : level < hi ? 'medium' : 'fast';
  if (speed === 'static' || n < MIN_PAIRS_FOR_PROFILE) return { speed, level };
  const total = path[n - 1];
  const d1 = path[Math.round(n / 3)] / total, d2 = (path[Math.round((2 * n) / 3)] - path[Math.round(n / 3)]) / total, d3 = 1 - d1 - d2;
  const slope = d3 - d1, bulge = d2 - (d1 + d3) / 2;
  const acceleration = Math.abs(slope) >= PACE.easeSlope ? (slope > 0 ? 'ease_in' : 'ease_out') : bulge >= PACE.easeBulge ? 'ease_in_out' : 'constant';
  const { cv, stillShare, waveR2, lag1 } = paceVariation(chordPace(coords, fps, 1), fps);
  let rhythm = cv < PACE.steadyCv ? 'steady' : stillShare >= PACE.pulseStill || cv >= PACE.pulseCv ? 'pulsing' : waveR2 >= PACE.waveR2 ? 'wave' : 'random';
  // Variation with no stops, no one frequency and little memory from frame to frame may be a slow
  // subject's registration noise: it is judged again on a chord long enough to rise above it.
  const span = chordSpan(level, fps, radial ? median(track.radius) : U);
  if (rhythm === 'random' && span > 1 && lag1 < PACE.noiseLag1 && paceVariation(chordPace(coords, fps, span), fps).cv < PACE.steadyCv) rhythm = 'steady';
  return { speed, rhythm, acceleration, level, slope, bulge, cv, still: stillShare, waveR2 };
}

/**
 * A pace series against its quadratic envelope, where the envelope is at least
 * PACE.envelopeFloor of its mean: cv about it, the share of frames under PACE.still of it, the
 * R² of one sinusoid of PACE.waveHz fitted to their ratio, and the lag-one autocorrelation of the
 * variation about it.
 */
function paceVariation(pace: number[], fps: number): { cv: number; stillShare: number; waveR2: number; lag1: number } {
  const { residual } = quadraticFit(pace);
  const envelope = pace.map((v, i) => v - residual[i]);
  const m = mean(pace);
  const judged = envelope.map((e, i) => i).filter((i) => envelope[i] >= PACE.envelopeFloor * m);
  const from = judged[0] ?? 0, to = judged[judged.length - 1] ?? 0;
  let e2 = 0, em = 0, still = 0;
  for (const i of judged) { e2 += residual[i] ** 2; em += envelope[i]; if (pace[i] < PACE.still * envelope[i]) still++; }
  const cv = em > 0 ? Math.sqrt(e2 / judged.length) / (em / judged.length) : 0;
  const stillShare = judged.length ? still / judged.length : 0;
  const ratio = pace.slice(from, to + 1).map((v, k) => v / Math.max(envelope[from + k], 1e-9));
  let r2 = 0, r11 = 0;
  for (let i = 0; i < residual.length; i++) { r2 += residual[i] ** 2; if (i > 0) r11 += residual[i] * residual[i - 1]; }
  return { cv, stillShare, waveR2: sinusoidR2(ratio, fps, PACE.waveHz[0], PACE.waveHz[1]), lag1: r2 > 0 ? r11 / r2 : 0 };
}

/**
 * none when the velocities of the (twice low-passed) path point every way (second-moment minor /
 * major ≥ PACE.noneIsotropy: a loop; a fluid sway ≈ 0.2), else the main axis: horizontal or
 * vertical within 22.5°, diagonal between. Each step's direction is weighted by its length (not
 * its square), so a fast stretch of the path does not outweigh the turns it makes while slow.
 * Several tracks (the windows of a clip) are judged together.
 */
export function pathDirection(...tracks: Array<Pick<SubjectTrack, 'cx' | 'cy'>>): string {
  let mxx = 0, myy = 0, mxy = 0;
  for (const track of tracks) {
    const x = lowpass(lowpass(track.cx)), y = lowpass(lowpass(track.cy));
    for (let i = 1; i < x.length; i++) {
      const vx = x[i] - x[i - 1], vy = y[i] - y[i - 1];
      const v = Math.hypot(vx, vy);
      if (!(v > 0)) continue;
      mxx += (vx * vx) / v; myy += (vy * vy) / v; mxy += (vx * vy) / v;
    }
  }
  const { isotropy, angle } = principalAxis(mxx, myy, mxy);
  if (isotropy >= PACE.noneIsotropy) return 'none';
  return axisName(angle);
}

/**
 * A window's refined subject track (static camera), as the worker hands it back for the reading
 * over the whole clip (motion/clip.ts): per frame the centroid and radius in working px, with the
 * working short side they are measured against and whether the window read the subject as radial.
 */
export interface WindowSubjectTrack {
  radial: boolean;
  unit: number;
  fps: number;
  cx: Float64Array;
  cy: Float64Array;
  radius: Float64Array;
}

const windowTracks = new WeakMap<PreparedWindow, WindowSubjectTrack>();

/** The track the window's subject motion was read from, or null when it was not read from one. */
export function windowSubjectTrack(input: WindowInput): WindowSubjectTrack | null {
  return windowTracks.get(prepared(input)) ?? null;
}

/**
 * Below this mean informative share of the blocks the few that inform the camera model may all lie
 * on the subject, which the model then follows (a ball over a plain backdrop reads as a pan).
 */
export const CAMERA_MIN_TEXTURE = 0.25;

/** Whether at least half the window's pairs had the texture to measure the camera by. */
const cameraSeen = (s: MotionSummary): boolean => s.validPairs > 0 && s.validPairs >= s.pairs / 2 && s.texture >= CAMERA_MIN_TEXTURE;

/**
 * The static-camera judgement, or null when the camera moves or the track fails: direction and
 * smoothness from the coarse track's shape, speed, rhythm and acceleration from the refined pace.
 */
export function staticCameraJudgement(input: WindowInput, s: MotionSummary): (SubjectJudgement & { pace?: Pace }) | null {
  // Without the texture to show the camera in most pairs, neither a mirror nor the camera's motion
  // can be told: the median background track alone decides whether the scene is still.
  if (cameraSeen(s)) {
    const ser = s.series;
    if (s.half !== 'none' || median(ser.tx.map(Math.abs)) > STATIC_CAMERA_MAX || median(ser.ty.map(Math.abs)) > STATIC_CAMERA_MAX
      || median(ser.scale.map(Math.abs)) > 2 * STATIC_CAMERA_MAX || median(ser.rotation.map(Math.abs)) > 2 * STATIC_CAMERA_MAX) return null;
  }
  const p = prepared(input);
  const fine = trackingFrames(p);
  const { width, height } = fine;
  const U = Math.min(width, height);
  const tracks = trackStaticSubject(fine.motion, width, height);
  if (!tracks) return null;
  const fps = p.source.fps > 0 ? p.source.fps : 25;
  // A slow subject over a flat backdrop covers its own path for most of the window: the coarse
  // track sees only slivers of it and may not move at all; the registered track does.
  const coarse = classifyTrack(tracks.coarse, fps, width, height);
  const shape = coarse?.speed === 'static' && coarse.meanSpeed > 0 ? classifyTrack(tracks.refined, fps, width, height) : coarse;
  if (!shape || shape.speed === 'static') return shape;
  const radial = shape.directionality === 'radial';
  windowTracks.set(p, { radial, unit: U, fps, cx: tracks.refined.cx, cy: tracks.refined.cy, radius: tracks.refined.radius });
  const pace = classifyPace(tracks.refined, fps, radial, U);
  if (pace.speed === 'static') return { speed: 'static', directionality: 'none', meanSpeed: pace.level };
  // Direction from the exact path's velocities (a loop too small for the coarse track to see turns
  // them through every direction); smooth or fluid along a line from whether it bows from its chord.
  const directionality = shape.directionality === 'radial' ? 'radial' : pathDirection(tracks.refined);
  let smoothness = shape.smoothness;
  if ((smoothness === 'smooth' || smoothness === 'fluid') && directionality === 'none') smoothness = 'fluid';
  else if ((smoothness === 'smooth' || smoothness === 'fluid') && directionality !== 'radial') {
    smoothness = bowOf(lowpass(tracks.refined.cx), lowpass(tracks.refined.cy)) >= PACE.fluidBow ? 'fluid' : 'smooth';
  } else if (smoothness === 'smooth' || smoothness === 'fluid') {
    // A shape growing in place is fluid when its centre sways.
    const cx = lowpass(tracks.refined.cx), cy = lowpass(tracks.refined.cy);
    const mx = mean(cx), my = mean(cy);
    const spread = Math.sqrt(cx.reduce((a, v, i) => a + (v - mx) ** 2 + (cy[i] - my) ** 2, 0) / cx.length) / U;
    smoothness = spread >= PACE.radialSway ? 'fluid' : 'smooth';
  }
  return { ...shape, directionality, smoothness, speed: pace.speed, meanSpeed: pace.level, rhythm: pace.rhythm, acceleration: pace.acceleration, pace };
}
