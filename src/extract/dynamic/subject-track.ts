import type { MotionSummary } from './motion/field.js';
import type { SubjectTrack } from './motion/background.js';
import { trackStaticSubject } from './motion/track.js';
import { principalAxis, quadraticFit, prepared, sourceFps, trackingFrames, type PreparedWindow, type WindowInput } from './visual-prep.js';
import { axisName, lowpass, mean, MIN_PAIRS_FOR_PROFILE, sinusoidR2, stillness, type SubjectJudgement } from './subject-pace.js';
import { FLUID_MIN_BOW, FLUID_MIN_RADIAL_SWAY, RADIAL_SPEED_LIMITS, SPEED_LIMITS, WAVE_HZ } from '../../canon/subject.js';

/**
 * The subject read against the median background when the camera is still: its coarse track's
 * shape (direction, smoothness) and its refined track's pace (speed, rhythm, acceleration).
 */


/** Median |camera translation| (W/s, H/s) below which the camera counts as static. */
export const STATIC_CAMERA_MAX = 0.01;
/** Median |camera scale rate| and |rotation| (per second) below which the camera counts as static. */
const STATIC_CAMERA_MAX_TURN = 2 * STATIC_CAMERA_MAX;
/** The coarse track must find the subject in at least this share of the frames to be judged. */
const MIN_SEEN_SHARE = 0.5;
/** A radial subject's size path is also at least this share of its position path. */
const RADIAL_MIN_PATH_SHARE = 0.5;
/** Radius floor (working px) before its log: a subject lost in a frame has radius 0. */
const MIN_RADIUS_PX = 1e-3;
/** Floor of a pace that divides (a still subject, an envelope at 0). */
const PACE_FLOOR = 1e-9;
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
  if (seen < MIN_SEEN_SHARE * n) return null;
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
  const radial = sizeSpread >= TRACK.radialSpread * posSpread && rad > RADIAL_MIN_PATH_SHARE * trans;
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

/** The upper middle value (no average of the two middle ones), as the track thresholds were tuned on. */
function upperMedian(x: ArrayLike<number>): number {
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
  return Math.max(1, Math.min(PACE.maxSpan, Math.ceil(PACE.chordPx / (2 * Math.max(perFrame, PACE_FLOOR)))));
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
  const coords = radial ? [Array.from(track.radius, (r) => Math.log(Math.max(r, MIN_RADIUS_PX)))] : [Array.from(track.cx, (v) => v / U), Array.from(track.cy, (v) => v / U)];
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
  const span = chordSpan(level, fps, radial ? upperMedian(track.radius) : U);
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
  const ratio = pace.slice(from, to + 1).map((v, k) => v / Math.max(envelope[from + k], PACE_FLOOR));
  let r2 = 0, r11 = 0;
  for (let i = 0; i < residual.length; i++) { r2 += residual[i] ** 2; if (i > 0) r11 += residual[i] * residual[i - 1]; }
  return { cv, stillShare, waveR2: sinusoidR2(ratio, fps, PACE.waveHz[0], PACE.waveHz[1]), lag1: r2 > 0 ? r11 / r2 : 0 };
}

/**
 * none when the velocities of the (twice low-passed) path point every way (second-moment minor /
 * major ≥ PACE.noneIsotropy: a loop; a fluid sway ≈ 0.2), else the main axis: horizontal or
 * vertical within AXIS_SECTOR_DEG, diagonal between. Each step's direction is weighted by its length (not
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

/** Share of the window's pairs that must have the texture to measure the camera by. */
const CAMERA_SEEN_SHARE = 0.5;

/** Whether at least CAMERA_SEEN_SHARE of the window's pairs had the texture to measure the camera by. */
export const cameraSeen = (s: MotionSummary): boolean => s.validPairs > 0 && s.validPairs >= CAMERA_SEEN_SHARE * s.pairs && s.texture >= CAMERA_MIN_TEXTURE;

/**
 * The static-camera judgement, or null when the camera moves or the track fails: direction and
 * smoothness from the coarse track's shape, speed, rhythm and acceleration from the refined pace.
 */
export function staticCameraJudgement(input: WindowInput, s: MotionSummary): (SubjectJudgement & { pace?: Pace }) | null {
  // Without the texture to show the camera in most pairs, neither a mirror nor the camera's motion
  // can be told: the median background track alone decides whether the scene is still.
  if (cameraSeen(s)) {
    const ser = s.series;
    if (s.half !== 'none' || upperMedian(ser.tx.map(Math.abs)) > STATIC_CAMERA_MAX || upperMedian(ser.ty.map(Math.abs)) > STATIC_CAMERA_MAX
      || upperMedian(ser.scale.map(Math.abs)) > STATIC_CAMERA_MAX_TURN || upperMedian(ser.rotation.map(Math.abs)) > STATIC_CAMERA_MAX_TURN) return null;
  }
  const p = prepared(input);
  const fine = trackingFrames(p);
  const { width, height } = fine;
  const U = Math.min(width, height);
  const tracks = trackStaticSubject(fine.motion, width, height);
  if (!tracks) return null;
  const fps = sourceFps(p);
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
