import type { DynamicValue } from './types.js';
import {
  CAMERA_FAST_ABOVE, CAMERA_SLOW_BELOW, HANDHELD_MAX_JITTER, LOCKED_MAX_JITTER, ROTATE_MIN_RATE, SPEED_REFERENCE, STABLE_MAX_JITTER,
  WHIP_MIN_SPEED,
} from '../../canon/camera.js';
import { analyzeMotionField, type BandMotion, type MotionSummary } from './motion/field.js';
import type { WindowInput } from './visual-prep.js';
import { median } from '../../base/numbers.js';

/**
 * camera_motion (+ camera_speed, camera_steadiness) from the window's motion field
 * (motion/field.ts). Units: horizontal translation in frame WIDTHS per second (W/s), vertical in
 * frame HEIGHTS per second (H/s); scale as a rate per second (ln scale: 0.25 = +25 %/s, negative =
 * shrinking) about the frame centre; rotation in rad/s about the frame centre.
 *
 * Layers: the picture is read as three horizontal bands — top (far), middle, bottom (near) thirds —
 * each fitted with its own similarity (tx, ty, scale, rotation), from the window-mean motion of its
 * blocks. A mirrored picture (composition_symmetry bilateral/slight) is read on its master half.
 * Band parallax P = (max − min) / max of the bands' |rate| (bands moving the same way): 0 when all
 * layers move together, → 1 when one stands still.
 *
 * Rules, first match wins (the renderer draws each move so that only its rule fires):
 *  1. whip_pan  — robust peak (3-pair median) horizontal translation ≥ WHIP_MIN_SPEED, at least 2×
 *                 the vertical one: a short burst; motion blur allowed. Or, the burst being too
 *                 blurred to track at full speed (H.264 at 256×144 reads a 1.5 W/s burst as ≈ 0.4),
 *                 a peak ≥ WHIP_MIN_BURST standing ≥ WHIP_BURST_OVER_BASE × above the median |tx| of
 *                 the window's pairs: still outside the burst (a pan or a wander never is).
 *                 A burst without blur moves further than the usual search reaches; the motion
 *                 field's wide shift search measures it (motion/coarse.ts).
 *  2. handheld  — the camera path (x in widths, y in heights), smoothed over WANDER_TAPS (motion/path.ts) frames,
 *                 departs from its straight line by ≥ HANDHELD_MIN_WANDER rms and by at least
 *                 HANDHELD_WANDER_OVER_JITTER × the per-frame jitter J and by at least
 *                 HANDHELD_MIN_WANDER_OVER_COURSE of the distance it drifts over the window (a steady
 *                 move's tracking errors grow with its speed): a low-frequency (≤ 2 Hz),
 *                 curving wander, the same in every band (band translations within
 *                 HANDHELD_MAX_BAND_SPREAD), with no steady scale. A steady move has a straight path
 *                 (wander ≈ 0) and per-frame white shake alone is steadiness, not handheld (it leaks
 *                 only ≈ 0.27 J into the wander).
 *  3. birds_eye — consistent rotation (below) AND scale (below, ≥ BIRDS_EYE_MIN_SCALE, ∂v/∂y agreeing)
 *                 together: a top-down spiral descent.
 *  4. rotate / roll — consistent rotation about the centre ≥ MIN_ROTATION: b1 and −a2 of the
 *                 whole-picture affine fit agree within ~3× (layers sliding at different speeds — a
 *                 shear — never read as a rotation) and the bands' median rotation agrees (≥ 0.7 ×
 *                 MIN_ROTATION), and no scale (below) moves the picture more than it; rotate from
 *                 ROTATE_MIN_RATE (≈ 17°/s) up.
 *  5. scale     — every band expands (or every band shrinks), the median band scale is ≥ MIN_SCALE
 *                 and the whole picture's horizontal expansion ∂u/∂x agrees (≥ MIN_SCALE / 2):
 *       crane   — with a vertical translation at the frame centre (median band ty ≥ CRANE_MIN_TY
 *                 H/s, ≥ |tx| and ≥ CRANE_MIN_TY_OVER_SCALE × the scale rate). Renderer: expand about the fixed point c − v/S so that the
 *                 translation at the centre stays v (scaling about the moving point c + v·t instead
 *                 makes the centre's translation v(1 − S·t) fade and flip as t grows);
 *       dolly   — with depth-dependent rates: band scale parallax ≥ DOLLY_MIN_PARALLAX, the near
 *                 (bottom) band the fastest (a zoom with one band misread low is not a dolly) and
 *                 a weakly textured far band (≥ ARC_MIN_BAND_WEIGHT) slower by that parallax too;
 *       zoom / zoom_out — uniform expansion / shrink.
 *  6. arc       — bands translating horizontally in OPPOSITE directions (one ≤ −ARC_MIN_SPEED, one
 *                 ≥ +ARC_MIN_SPEED): an orbit, far and near layers sliding past each other. Bands
 *                 down to ARC_MIN_BAND_WEIGHT count here (the far layer is often weakly textured).
 *  7. tracking  — the background translates (fastest band ≥ MIN_TRANSLATION) while the subject and
 *                 the near layer hold still: the bottom band moves ≤ TRACK_STILL_RATIO × the fastest
 *                 band and is not itself the fastest; or (a centred subject over a background moving
 *                 as one: depth parallax below TRUCK_MIN_PARALLAX) ≥ TRACK_MIN_CENTRE_STATIC of the
 *                 central blocks stay put while ≤ TRACK_MAX_FLANK_STATIC of the flanks do.
 *  8. pan / truck — translation ≥ MIN_TRANSLATION, |tx| ≥ |ty|; truck when the depth parallax — of
 *                 the far (top) and near (bottom) bands, the near one faster — ≥ TRUCK_MIN_PARALLAX
 *                 (the middle band, held back by a centred subject that does not move with the
 *                 camera, is no depth layer), else pan.
 *  9. tilt / pedestal — the same vertically.
 * 10. static    — nothing above (per-frame shake alone only sets the steadiness).
 *
 * camera_speed: the move's magnitude over its SPEED_REFERENCE (the renderer's medium rate for that
 * move): slow below CAMERA_SLOW_BELOW, fast above CAMERA_FAST_ABOVE, else medium (the renderer
 * scales every rate by SPEED_FACTOR; all in src/canon/camera.ts).
 *
 * camera_steadiness: jitter J = robust rms of the camera path's second difference (x in widths, y in
 * heights, both axes together; motion/path.ts): locked < LOCKED_MAX_JITTER ≤ stable <
 * STABLE_MAX_JITTER ≤ handheld < HANDHELD_MAX_JITTER ≤ shaky. Uniform white per-frame shake of ±a of
 * the width (x) and height (y) reads J ≈ a: the renderer's STEADINESS_JITTER levels sit in the
 * middle of stable / handheld / shaky. A smooth handheld wander adds < 0.05 %.
 */

/**
 * A burst too blurred to be tracked at full speed (the robust peak reads well below the rendered
 * WHIP_PEAK × SPEED_FACTOR): a peak ≥ WHIP_MIN_BURST W/s that stands WHIP_BURST_OVER_BASE × above the window's
 * median |tx| (a whip is still outside its burst; a pan or a handheld wander is not).
 */
export const WHIP_MIN_BURST = 0.25;
export const WHIP_BURST_OVER_BASE = 4;
/** The median a blurred burst stands above is taken over at least this many pairs. */
const WHIP_MIN_BASE_PAIRS = 3;
/** A whip's horizontal peak is at least this many times the vertical speed at the same moment. */
export const WHIP_OVER_VERTICAL = 2;
export const HANDHELD_MIN_WANDER = 0.002;
export const HANDHELD_WANDER_OVER_JITTER = 0.6;
/**
 * A handheld wander departs from its course by at least this share of the distance the path drifts
 * over the window (a wander about a still point has no course at all); a steady move's measurement
 * errors grow with its speed and stay well below it.
 */
export const HANDHELD_MIN_WANDER_OVER_COURSE = 0.04;
export const HANDHELD_MAX_BAND_SPREAD = 0.1;
export const BIRDS_EYE_MIN_SCALE = 0.06;
export const MIN_ROTATION = 0.035;
/** The layers' median rotation must turn the same way at this share of MIN_ROTATION at least. */
export const BAND_ROTATION_SHARE = 0.7;
export const MIN_SCALE = 0.05;
/** A layer whose scale rate is below this does not count against the layers' agreement on a scale. */
export const SCALE_AGREEMENT_FLOOR = MIN_SCALE / 2;
export const CRANE_MIN_TY = 0.03;
/** A crane's centre translation is a visible share of its scale rate (the renderer's, CAMERA_RATES.crane, is its mid layer's vy over its scale); a zoom's residue is not. */
export const CRANE_MIN_TY_OVER_SCALE = 0.2;
export const DOLLY_MIN_PARALLAX = 0.55;
export const ARC_MIN_SPEED = 0.03;
/** Band weight enough for a band to count in the arc's opposite-direction test. */
export const ARC_MIN_BAND_WEIGHT = 0.1;
export const TRACK_STILL_RATIO = 0.25;
export const TRACK_MIN_CENTRE_STATIC = 0.35;
export const TRACK_MAX_FLANK_STATIC = 0.15;
export const MIN_TRANSLATION = 0.03;
export const TRUCK_MIN_PARALLAX = 0.5;
/** Minimum band information weight (≈ well-textured blocks) for a band to count. */
export const MIN_BAND_WEIGHT = 0.5;
/** Below this mean informative block fraction the picture has too little texture to judge a move. */
export const MIN_TEXTURE = 0.03;
/** Largest frame-to-frame change of the detail (grey levels) under which nothing moves at all. */
export const FROZEN_MAX_CHANGE = 1;


export interface CameraJudgement {
  motion: string;
  speed: string;
  steadiness: string;
  /** The magnitude the speed was judged from (unit of SPEED_REFERENCE[motion]). */
  magnitude: number;
  jitter: number;
}

/**
 * (max − min) / max of |values| when they share a sign; 1 when they do not; 0 when none reaches
 * `floor` (no motion, no parallax).
 */
export function parallax(values: number[], floor = MIN_TRANSLATION): number {
  if (values.length < 2) return 0;
  const a = values.map(Math.abs);
  const top = Math.max(...a);
  if (top < floor) return 0;
  const pos = values.every((v) => v >= 0), neg = values.every((v) => v <= 0);
  if (!pos && !neg) return 1;
  return (top - Math.min(...a)) / top;
}

export function speedClass(motion: string, magnitude: number): string {
  const ref = SPEED_REFERENCE[motion];
  if (!ref) return 'slow';
  const r = magnitude / ref;
  return r < CAMERA_SLOW_BELOW ? 'slow' : r > CAMERA_FAST_ABOVE ? 'fast' : 'medium';
}

export function steadinessClass(jitter: number): string {
  return jitter < LOCKED_MAX_JITTER ? 'locked' : jitter < STABLE_MAX_JITTER ? 'stable' : jitter < HANDHELD_MAX_JITTER ? 'handheld' : 'shaky';
}

/** A camera move and how far it went (its unit depends on the move; see SPEED_REFERENCE). */
type Move = [motion: string, magnitude: number];

/** The window's scale and rotation, each with whether every layer agrees on it. */
interface Turns {
  /** |rotation| of the window model. */
  R: number;
  hasRotation: boolean;
  /** The layers' median scale rate. */
  S: number;
  scales: number[];
  hasScale: boolean;
}

function turnsOf(s: MotionSummary, bands: BandMotion[]): Turns {
  const R = Math.abs(s.rotation);
  const bandRotation = median(bands.map((b) => b.rotation));
  const hasRotation = R >= MIN_ROTATION && s.rotationConsistent && Math.sign(bandRotation) === Math.sign(s.rotation)
    && Math.abs(bandRotation) >= BAND_ROTATION_SHARE * MIN_ROTATION;
  const scales = bands.map((b) => b.scale);
  const S = median(scales);
  const hasScale = Math.abs(S) >= MIN_SCALE && scales.every((v) => Math.sign(v) === Math.sign(S) || Math.abs(v) < SCALE_AGREEMENT_FLOOR)
    && Math.sign(s.affine[0]) === Math.sign(S) && Math.abs(s.affine[0]) >= SCALE_AGREEMENT_FLOOR;
  return { R, hasRotation, S, scales, hasScale };
}

/** 1. A whip pan: a horizontal burst far above the window's usual speed. */
function whipPan(s: MotionSummary): Move | null {
  if (s.peakTx >= WHIP_MIN_SPEED && s.peakTx >= WHIP_OVER_VERTICAL * s.peakTyAtTx) return ['whip_pan', s.peakTx];
  if (s.peakTx >= WHIP_MIN_BURST && s.peakTx >= WHIP_OVER_VERTICAL * s.peakTyAtTx && s.series.tx.length >= WHIP_MIN_BASE_PAIRS
    && s.peakTx >= WHIP_BURST_OVER_BASE * median(s.series.tx.map(Math.abs))) return ['whip_pan', s.peakTx];
  return null;
}

/** 2. Handheld wander (all layers together: a parallax move's path is not a camera wander). */
function handheld(s: MotionSummary, bands: BandMotion[]): Move | null {
  const spread = (v: number[]): number => Math.max(...v) - Math.min(...v);
  const course = (s.drift * s.validPairs) / s.rate;
  if (s.wander >= HANDHELD_MIN_WANDER && s.wander >= HANDHELD_WANDER_OVER_JITTER * s.jitter
    && s.wander >= HANDHELD_MIN_WANDER_OVER_COURSE * course
    && spread(bands.map((b) => b.tx)) <= HANDHELD_MAX_BAND_SPREAD && spread(bands.map((b) => b.ty)) <= HANDHELD_MAX_BAND_SPREAD) {
    return ['handheld', s.wander];
  }
  return null;
}

/** 3–4. Rotation: a bird's-eye descent (rotation with a scale) or a roll or rotate. */
function rotation(s: MotionSummary, { R, hasRotation, S, hasScale }: Turns): Move | null {
  if (hasRotation && hasScale && Math.abs(S) >= BIRDS_EYE_MIN_SCALE && Math.sign(s.affine[3]) === Math.sign(S)) return ['birds_eye', R];
  // A rotation that moves the picture less than a scale does (rates compare at any radius) is
  // that scale move's residue, not a roll.
  if (hasRotation && !(hasScale && Math.abs(S) > R)) return [R >= ROTATE_MIN_RATE ? 'rotate' : 'roll', R];
  return null;
}

/** 5. A scale move: crane, dolly, zoom or zoom out. */
function scaleMove(s: MotionSummary, bands: BandMotion[], { S, scales }: Turns, tx: number, ty: number): Move {
  const [far, , near] = s.bands;
  // Each band extrapolates its ty to the centre, its scale error multiplied by its distance: a
  // crane's translation stands well above that, a zoom's residue does not.
  if (Math.abs(ty) >= CRANE_MIN_TY && Math.abs(ty) >= Math.abs(tx) && Math.abs(ty) >= CRANE_MIN_TY_OVER_SCALE * Math.abs(S)) return ['crane', Math.abs(S)];
  // Dolly: the near (bottom) band expands fastest; a zoom whose one band reads low is not a dolly.
  // A weakly textured far band still counts against it: it must expand clearly slower.
  const nearFastest = near.weight >= MIN_BAND_WEIGHT && Math.abs(near.scale) >= Math.max(...scales.map(Math.abs))
    && (far.weight < ARC_MIN_BAND_WEIGHT || far.weight >= MIN_BAND_WEIGHT
      || (Math.abs(near.scale) - Math.abs(far.scale)) / Math.abs(near.scale) >= DOLLY_MIN_PARALLAX);
  if (bands.length >= 2 && nearFastest && parallax(scales, MIN_SCALE) >= DOLLY_MIN_PARALLAX) return ['dolly', Math.max(...scales.map(Math.abs))];
  return [S > 0 ? 'zoom' : 'zoom_out', Math.abs(S)];
}

/** 6–9. A lateral move: arc, tracking, truck or pan, pedestal or tilt; else static. */
function lateralMove(s: MotionSummary, bands: BandMotion[], tx: number, ty: number): Move {
  const [far, , near] = s.bands;
  const txs = bands.map((b) => b.tx), tys = bands.map((b) => b.ty);
  const fastestX = Math.max(...txs.map(Math.abs)), fastestY = Math.max(...tys.map(Math.abs));
  // 6. arc.
  // The far band often has little texture: for the opposite-direction test a weaker band counts.
  const arcTxs = s.bands.filter((b) => b.weight >= ARC_MIN_BAND_WEIGHT).map((b) => b.tx);
  const lo = Math.min(...txs, ...arcTxs), hi = Math.max(...txs, ...arcTxs);
  if (lo <= -ARC_MIN_SPEED && hi >= ARC_MIN_SPEED && fastestX >= fastestY) return ['arc', (Math.abs(lo) + Math.abs(hi)) / 2];

  // 7. tracking.
  if (near.weight >= MIN_BAND_WEIGHT && bands.length >= 2 && fastestX >= MIN_TRANSLATION && fastestX >= fastestY
    && Math.abs(near.tx) <= TRACK_STILL_RATIO * fastestX) return ['tracking', fastestX];
  // Depth parallax between the far (top) and near (bottom) layers, the near one faster; the middle
  // band, where a centred subject that does not move with the camera sits, is not a layer of it.
  const depthParallax = (k: 'tx' | 'ty'): number => {
    if (far.weight < MIN_BAND_WEIGHT || near.weight < MIN_BAND_WEIGHT) return parallax(bands.map((b) => b[k]));
    return Math.abs(near[k]) > Math.abs(far[k]) ? parallax([far[k], near[k]]) : 0;
  };
  const flank = Math.hypot(s.flankTx, s.flankTy);
  if (flank >= MIN_TRANSLATION && s.centreStatic >= TRACK_MIN_CENTRE_STATIC && s.flankStatic <= TRACK_MAX_FLANK_STATIC
    && depthParallax('tx') < TRUCK_MIN_PARALLAX && depthParallax('ty') < TRUCK_MIN_PARALLAX) {
    return ['tracking', flank];
  }

  // 8–9. translation.
  if (Math.max(Math.abs(tx), Math.abs(ty), fastestX, fastestY) >= MIN_TRANSLATION) {
    if (fastestX >= fastestY) return depthParallax('tx') >= TRUCK_MIN_PARALLAX ? ['truck', fastestX] : ['pan', Math.abs(tx)];
    return depthParallax('ty') >= TRUCK_MIN_PARALLAX ? ['pedestal', fastestY] : ['tilt', Math.abs(ty)];
  }
  return ['static', 0];
}

/**
 * Classifies a window's motion summary; null when the window cannot tell (one frame, no texture).
 * The moves are tried in order, and the first that fits is the answer.
 */
export function classifyCamera(s: MotionSummary): CameraJudgement | null {
  if (s.pairs === 0) return null;
  if (s.maxChange < FROZEN_MAX_CHANGE) return { motion: 'static', speed: 'slow', steadiness: 'locked', magnitude: 0, jitter: 0 };
  if (s.validPairs === 0 || s.texture < MIN_TEXTURE) return null;
  const bands: BandMotion[] = s.bands.filter((b) => b.weight >= MIN_BAND_WEIGHT);
  if (bands.length === 0) return null;
  const turns = turnsOf(s, bands);
  const tx = median(bands.map((b) => b.tx)), ty = median(bands.map((b) => b.ty));
  const [motion, magnitude] = whipPan(s)
    ?? (turns.hasScale ? null : handheld(s, bands))
    ?? rotation(s, turns)
    ?? (turns.hasScale ? scaleMove(s, bands, turns, tx, ty) : lateralMove(s, bands, tx, ty));
  return { motion, speed: speedClass(motion, magnitude), steadiness: steadinessClass(s.jitter), magnitude, jitter: s.jitter };
}

export function analyzeCamera(input: WindowInput): DynamicValue | null {
  const j = classifyCamera(analyzeMotionField(input));
  return j ? { domain: 'camera_motion', value: j.motion, speed: j.speed, steadiness: j.steadiness } : null;
}
