import type { DynamicValue } from './types.js';
import { analyzeMotionField, type MotionSummary } from './motion/field.js';
import { principalAxis, type WindowInput } from './visual-prep.js';
import { axisName, classifyAcceleration, classifyRhythm, lowpass, mean, MIN_PAIRS_FOR_PROFILE, stillness, type SubjectJudgement } from './subject-pace.js';
import { cameraSeen, staticCameraJudgement } from './subject-track.js';
import { RADIAL_SPEED_LIMITS, SPEED_LIMITS } from '../../canon/subject.js';

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
 *   within AXIS_SECTOR_DEG of horizontal / vertical, or diagonal (back-and-forth keeps its axis).
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
/** The subject must be measurable (isolated from the background) in this share of the pairs. */
export const MIN_MEASURABLE_SHARE = 0.5;
/** A path whose velocity isotropy reaches this curves: fluid rather than smooth. */
export const FLUID_MIN_ISOTROPY = 0.08;


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
