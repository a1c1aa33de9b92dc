/**
 * Motion field of one window, at the working resolution (~80 px wide, see visual-prep.ts), on the
 * motion channel (luma + ½ saturation range). Matching runs on its DETAIL (minus a 5×5 box blur),
 * so a smooth backdrop that does not move with the camera cannot hold the matches at zero. The
 * block matching sees the detail of the channel smoothed by a [1 2 1]² binomial first: a texture
 * finer than the working pixels leaves aliased patterns near the Nyquist rate whose motion is not
 * the picture's (sub-pixel steps read too slow, zooms too fast); the coarse search, on a 2×
 * downsampled copy that is smooth already, keeps the unsmoothed detail's edges.
 * A left-right mirrored picture (composition_symmetry bilateral / slight) is analysed on its master
 * half only (the half with more detail): mirrored, a pan would look like an expansion.
 *
 * Per consecutive frame pair (pair.ts; at most MAX_PAIR_RATE per second):
 *  1. coarse global translation (coarse.ts): exhaustive search on the 2× smaller, contrast-normalised detail
 *     (every textured area weighs alike, so a large contrasty subject cannot outvote a faint
 *     background) of the mean truncated difference over ±COARSE_RANGE (≈ ±0.25 frame per frame),
 *     with a tie-break towards the previous pair's shift; when nothing in that range explains the
 *     change, a step-2 search out to ±WIDE_RANGE (a whip pan without motion blur moves the picture
 *     by a third of its width a frame) whose shift is kept when it matches clearly better;
 *  2. block matching (block-match.ts): BLOCK×BLOCK blocks, integer SAD descent search within ±SEARCH_RADIUS of the
 *     coarse prediction plus the previous pair's scale/rotation at the block (started there and at
 *     the block's previous displacement), with a small tie-break towards the prediction so that
 *     flat blocks do not wander;
 *  3. Lucas–Kanade at the best integer offset (plus one resampled step) → sub-pixel displacement and
 *     the block's 2×2 information matrix W = G (G + n·GRADIENT_NOISE² I)⁻¹ (≈ I for textured
 *     blocks, ≈ 0 in directions without texture: the aperture problem is carried, not ignored),
 *     scaled by the match quality; a pair whose best matches leave most of the detail unexplained
 *     is a cut and is skipped;
 *  4. robust (Cauchy IRLS) information-weighted fit of an affine model (fit.ts)
 *        u = a0 + a1·x + a2·y,  v = b0 + b1·x + b2·y   (x, y from the image centre)
 *     whose similarity part is translation (a0, b0), scale (a1 + b2)/2 and rotation (b1 − a2)/2;
 *     the other terms (a1 − b2, a2 + b1) are what a similarity cannot explain (the shear of layers
 *     sliding at different speeds), used to check that a rotation is genuine;
 *  5. the subject (subject.ts): pixels the camera model leaves unexplained, tracked as one
 *     template (translation + scale relative to the camera); the blocks it covers (and blocks with
 *     large residuals) are flagged, the camera model is refitted without them, and they stay out of
 *     the window's layer statistics.
 *
 * Per window: the information-weighted mean flow of every block (pairs weighted as in a
 * least-squares slope, so white shake averages out), refitted with the affine model; the three
 * horizontal bands (top / middle / bottom thirds = far / mid / near layers of a layered scene) each
 * fitted with a similarity; centre-versus-flank stillness; the camera path's (path.ts) jitter (second
 * difference) and wander (the path, its lone velocity impulses — repeated or dropped frames —
 * removed, smoothed, off its line); per-pair series; the subject's signal.
 * Rates are per second; translations in frame widths (x) and heights (y) per second, so nothing
 * depends on fps or resolution.
 */

import { BLOCK, blockGrid, type BlockGrid } from '../block-match.js';
import { mirrorHalf } from '../visual-composition.js';
import { prepared, sourceFps, weightedQuantile, type PreparedWindow, type WindowInput } from '../visual-prep.js';
import { fitAffine, fitSimilarity, lambdaMax } from './fit.js';
import { pairWindow } from './frames.js';
import { estimatePair, type PairMotion } from './pair.js';
import { cameraPath, peakShift } from './path.js';

/** Pairs per second analysed at most; higher frame rates are strided. */
export const MAX_PAIR_RATE = 30;
/** A centre block is "static" when it moves at most this fraction of the flank motion. */
export const TRACK_STATIC_RATIO = 0.3;
/**
 * Tracking regions, as fractions of the width (x) and height (y) from the centre: the flanks lie
 * FLANK_MIN_X or more to either side within FLANK_MAX_Y of the middle; the centre within
 * CENTRE_MAX_X and CENTRE_MAX_Y.
 */
const FLANK_MIN_X = 0.3;
const FLANK_MAX_Y = 0.3;
const CENTRE_MAX_X = 0.15;
const CENTRE_MAX_Y = 0.25;
/** Blocks with less information than this (in the window mean) do not count towards stillness. */
const STATIC_MIN_INFORMATION = 0.05;
/** A flank motion below this (working px / frame, in a block's informative directions) gives no reference. */
const STATIC_MIN_REFERENCE = 1e-6;
/** Horizontal bands of the picture (far, mid, near layers). */
const BANDS = 3;
/** Band fits ignore blocks within this fraction of the height of a third's boundary … */
export const BAND_MARGIN = 0.05;
/** … give or take this many px. */
const BAND_TOLERANCE_PX = 1;
/** b1 and −a2 agree (a genuine rotation) when they have one sign and the smaller is at least this share of the larger. */
const ROTATION_AGREEMENT = 0.35;
/**
 * The mean flow's ridge, of the block's summed weight (a block textured in one direction gets no
 * flow in the other), plus FLOW_RIDGE_MIN; a window without pairs divides by EMPTY_NORM.
 */
const FLOW_RIDGE = 1e-3;
const FLOW_RIDGE_MIN = 1e-9;
const EMPTY_NORM = 1e-9;

/** Similarity motion of one horizontal band of the picture (a depth layer in a layered scene). */
export interface BandMotion {
  /** Translation at the frame centre: tx in frame widths/s, ty in frame heights/s. */
  tx: number;
  ty: number;
  /** Scale rate (per second, about the frame centre; + = expanding) and rotation (rad/s). */
  scale: number;
  rotation: number;
  /** Information weight of the band's blocks (≈ number of well-textured blocks; 0 = nothing to see). */
  weight: number;
}

export interface MotionSummary {
  width: number;
  height: number;
  /** Analysed pairs per second (fps / stride). */
  rate: number;
  pairs: number;
  validPairs: number;
  /** Mean informative fraction of the blocks (0–1): how much texture the estimator could use. */
  texture: number;
  /** Largest difference between analysed frames' detail (grey levels): 0 for a frozen picture. */
  maxChange: number;
  /** Which half was analysed: 'none' (the whole frame) unless the picture is left-right mirrored. */
  half: 'none' | 'left' | 'right';
  /** Whole-picture affine model of the window-mean flow: translation at the centre (tx W/s, ty H/s), scale (/s), rotation (rad/s). */
  tx: number;
  ty: number;
  scale: number;
  rotation: number;
  /** Raw affine terms of the window model, per second: a1 (∂u/∂x), a2 (∂u/∂y), b1 (∂v/∂x), b2 (∂v/∂y). */
  affine: [number, number, number, number];
  /** b1 and −a2 agree within a factor of ~3: a genuine rotation, not the shear of layers sliding at different speeds. */
  rotationConsistent: boolean;
  /** The picture's top, middle and bottom thirds, each fitted with its own similarity (far, mid, near layers). */
  bands: [BandMotion, BandMotion, BandMotion];
  /** Tracking: informative fraction of centre blocks that are static while the flanks move, and the flank motion (tx W/s, ty H/s). */
  centreStatic: number;
  flankStatic: number;
  flankTx: number;
  flankTy: number;
  /**
   * Per-frame shake: robust rms (from the median square) of the camera path's second difference
   * P(k) − (P(k−1) + P(k+1))/2, x in widths and y in heights, both axes together. Uniform white
   * shake of ±a of the width and height reads ≈ a.
   */
  jitter: number;
  /** rms of the WANDER_TAPS-smoothed camera path around its straight line over the window (same units). */
  wander: number;
  /** Slope of that line: the steady drift, frame sizes per second. */
  drift: number;
  /** Robust peak |horizontal translation| over the pairs (W/s) and |vertical translation| at that pair (also W/s). */
  peakTx: number;
  peakTyAtTx: number;
  /** Per valid pair series (tx W/s, ty H/s, scale /s, rotation rad/s). */
  series: { tx: number[]; ty: number[]; scale: number[]; rotation: number[] };
  /**
   * Per measurable pair subject signal, relative to the camera, in frame SHORT SIDES per second
   * (U = min(width, height)): speed = hypot(translation, radial), velocity, radial = scale rate ×
   * subject radius (+ growing); scale = the subject's size rate (ln size / s); whether seen.
   */
  subject: { speed: number[]; vx: number[]; vy: number[]; radial: number[]; scale: number[]; seen: boolean[] };
  /** Valid pairs where the subject could not be isolated. */
  subjectUnmeasurable: number;
  /** Per-pair details, for diagnostics. */
  pairDetails: PairMotion[];
  grid: BlockGrid;
  /** Window-mean block flow (working px / frame) and its information matrix. */
  meanU: Float64Array;
  meanV: Float64Array;
  infoXX: Float64Array;
  infoXY: Float64Array;
  infoYY: Float64Array;
}

const summaries = new WeakMap<PreparedWindow, MotionSummary>();

interface MeanFlow { mu: Float64Array; mv: Float64Array; ixx: Float64Array; ixy: Float64Array; iyy: Float64Array }

/**
 * Information-weighted mean displacement of every block over the pairs, and its mean information
 * matrix. Pair k of K is weighted (k + 1)(K − k): the least-squares slope of the block's path, so
 * white per-frame shake (whose end points would otherwise set the mean) averages out.
 */
function meanFlow(valid: PairMotion[], n: number, excludeSubject: boolean): MeanFlow {
  const axx = new Float64Array(n), axy = new Float64Array(n), ayy = new Float64Array(n);
  const bu = new Float64Array(n), bv = new Float64Array(n);
  const K = valid.length;
  let norm = 0;
  valid.forEach((q, k) => {
    const c = ((k + 1) * (K - k)) / K;
    norm += c;
    for (let i = 0; i < n; i++) {
      if (excludeSubject && q.subjectBlock[i]) continue;
      const a = c * q.wxx[i], x = c * q.wxy[i], b = c * q.wyy[i];
      axx[i] += a; axy[i] += x; ayy[i] += b;
      bu[i] += a * q.u[i] + x * q.v[i];
      bv[i] += x * q.u[i] + b * q.v[i];
    }
  });
  const mu = new Float64Array(n), mv = new Float64Array(n);
  const count = Math.max(EMPTY_NORM, norm);
  const ixx = new Float64Array(n), ixy = new Float64Array(n), iyy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ixx[i] = axx[i] / count; ixy[i] = axy[i] / count; iyy[i] = ayy[i] / count;
    const reg = FLOW_RIDGE * (axx[i] + ayy[i]) + FLOW_RIDGE_MIN;
    const det = (axx[i] + reg) * (ayy[i] + reg) - axy[i] * axy[i];
    mu[i] = ((ayy[i] + reg) * bu[i] - axy[i] * bv[i]) / det;
    mv[i] = ((axx[i] + reg) * bv[i] - axy[i] * bu[i]) / det;
  }
  return { mu, mv, ixx, ixy, iyy };
}

/** Estimates the motion field of a window (cached per prepared window). */
export function analyzeMotionField(input: WindowInput): MotionSummary {
  const p = prepared(input);
  const hit = summaries.get(p);
  if (hit) return hit;
  const { width: w, height: h } = p;
  const fps = sourceFps(p);
  const stride = Math.max(1, Math.round(fps / MAX_PAIR_RATE));
  const rate = fps / stride;
  const grid = blockGrid(w, h);
  const n = grid.n;
  // A left-right mirrored picture is analysed on its master half only — the half with more detail
  // (a partial mirror blends the copy down).
  const { half } = mirrorHalf(p);
  const window = pairWindow(p, grid, half);
  const pairs: PairMotion[] = [];
  for (let k = 0; k + stride < window.detail.length; k += stride) {
    pairs.push(estimatePair(window, { first: k, second: k + stride, previous: pairs.length ? pairs[pairs.length - 1] : null }));
  }
  const valid = pairs.filter((q) => q.valid);
  const toW = rate / w; // working px / frame → widths / second
  const toH = rate / h; // working px / frame → heights / second
  // Window-mean block flow: without the subject blocks (camera model, layers) and with them (tracking).
  const background = meanFlow(valid, n, true);
  const { mu, mv, ixx, ixy, iyy } = background;
  const m = fitAffine(grid, mu, mv, ixx, ixy, iyy, null, w, new Float64Array(n)).model;
  const summary: MotionSummary = {
    width: w, height: h, rate, pairs: pairs.length, validPairs: valid.length, texture: texture(valid, n, window.use),
    maxChange: maxChange(window.detail, stride), half,
    ...windowModel(m, rate, toW, toH),
    bands: bandMotions(grid, background, w, h, rate, toW, toH),
    ...tracking(grid, background, meanFlow(valid, n, false), w, h, toW, toH),
    ...cameraPath(valid, w, h, rate), ...peakShift(pairs, toW),
    ...pairSeries(valid, rate, toW, toH, rate / Math.min(w, h)),
    pairDetails: pairs, grid,
    meanU: mu, meanV: mv, infoXX: ixx, infoXY: ixy, infoYY: iyy,
  };
  summaries.set(p, summary);
  return summary;
}

/** Mean informative fraction of the analysed blocks over the valid pairs. */
function texture(valid: PairMotion[], n: number, use: Uint8Array | null): number {
  let sum = 0;
  for (const q of valid) {
    let t = 0;
    for (let i = 0; i < n; i++) t += Math.min(1, lambdaMax(q.wxx[i], q.wxy[i], q.wyy[i]));
    const used = use ? use.reduce((a, b) => a + b, 0) : n;
    sum += used > 0 ? t / used : 0;
  }
  return valid.length ? sum / valid.length : 0;
}

/** Largest difference between the detail of analysed frames. */
function maxChange(frames: Float32Array[], stride: number): number {
  let max = 0;
  for (let k = 0; k + stride < frames.length; k += stride) {
    const a = frames[k], b = frames[k + stride];
    for (let i = 0; i < a.length; i++) { const d = Math.abs(a[i] - b[i]); if (d > max) max = d; }
  }
  return max;
}

/**
 * The fits are linear in the rotation angle; a rotation by θ per frame also moves points inwards
 * by θ²/2 of their radius, which would read as a shrink: this adds it back (per second).
 */
const rotationShrink = (radPerSecond: number, rate: number): number => (radPerSecond * radPerSecond) / (2 * rate);

type WindowModel = Pick<MotionSummary, 'tx' | 'ty' | 'scale' | 'rotation' | 'affine' | 'rotationConsistent'>;

/** The window's affine model m (working px / frame) in frame sizes and per second. */
function windowModel(m: Float64Array, rate: number, toW: number, toH: number): WindowModel {
  const agree = (x: number, y: number): boolean =>
    Math.sign(x) === Math.sign(y) && Math.min(Math.abs(x), Math.abs(y)) >= ROTATION_AGREEMENT * Math.max(Math.abs(x), Math.abs(y));
  const rotation = ((m[4] - m[2]) / 2) * rate;
  const shrink = rotationShrink(rotation, rate);
  return {
    tx: m[0] * toW, ty: m[3] * toH, scale: ((m[1] + m[5]) / 2) * rate + shrink, rotation,
    affine: [m[1] * rate + shrink, m[2] * rate, m[4] * rate, m[5] * rate + shrink], rotationConsistent: agree(m[4], -m[2]),
  };
}

/**
 * Top, middle and bottom thirds, each with its own similarity, from the blocks that lie inside one
 * third (BAND_MARGIN of the height kept clear of the boundaries, BAND_TOLERANCE_PX tolerance).
 */
function bandMotions(grid: BlockGrid, flow: MeanFlow, w: number, h: number, rate: number, toW: number, toH: number): [BandMotion, BandMotion, BandMotion] {
  const bandOf = (i: number): number => {
    const top = grid.y0[i], bottom = grid.y0[i] + BLOCK;
    for (let b = 0; b < BANDS; b++) {
      const from = b === 0 ? 0 : (b / BANDS + BAND_MARGIN) * h - BAND_TOLERANCE_PX;
      const to = b === BANDS - 1 ? h : ((b + 1) / BANDS - BAND_MARGIN) * h + BAND_TOLERANCE_PX;
      if (top >= from && bottom <= to) return b;
    }
    return -1;
  };
  const { mu, mv, ixx, ixy, iyy } = flow;
  return Array.from({ length: BANDS }, (_, b): BandMotion => {
    const f = fitSimilarity(grid, (i) => bandOf(i) === b, mu, mv, ixx, ixy, iyy, w);
    const rotation = f.params[3] * rate;
    return { tx: f.params[0] * toW, ty: f.params[1] * toH, scale: f.params[2] * rate + rotationShrink(rotation, rate), rotation, weight: f.weight };
  }) as [BandMotion, BandMotion, BandMotion];
}

type Tracking = Pick<MotionSummary, 'centreStatic' | 'flankStatic' | 'flankTx' | 'flankTy'>;

/**
 * Centre versus flanks (a tracking shot holds its subject still in the centre while the flanks
 * move): the flanks' median motion (background flow) and the informative fraction of centre and of
 * flank blocks that stand still against it (flow with the subject).
 */
function tracking(grid: BlockGrid, background: MeanFlow, everything: MeanFlow, w: number, h: number, toW: number, toH: number): Tracking {
  const n = grid.n;
  const flank = (i: number): boolean => Math.abs(grid.px[i]) >= FLANK_MIN_X * w && Math.abs(grid.py[i]) <= FLANK_MAX_Y * h;
  const { mu, mv, ixx, iyy } = background;
  const fu: number[] = [], fv: number[] = [], fwx: number[] = [], fwy: number[] = [];
  for (let i = 0; i < n; i++) if (flank(i)) { fu.push(mu[i]); fwx.push(ixx[i]); fv.push(mv[i]); fwy.push(iyy[i]); }
  const flankU = fu.length ? weightedQuantile(fu, fwx, 0.5) : NaN;
  const flankV = fv.length ? weightedQuantile(fv, fwy, 0.5) : NaN;
  const fU = Number.isFinite(flankU) ? flankU : 0, fV = Number.isFinite(flankV) ? flankV : 0;
  const staticFraction = (select: (i: number) => boolean): number => {
    const { mu, mv, ixx, ixy, iyy } = everything;
    let all = 0, still = 0;
    for (let i = 0; i < n; i++) {
      if (!select(i)) continue;
      const l = lambdaMax(ixx[i], ixy[i], iyy[i]);
      if (l <= STATIC_MIN_INFORMATION) continue;
      // Compare in the block's informative directions.
      const pu = (ixx[i] * mu[i] + ixy[i] * mv[i]) / l, pv = (ixy[i] * mu[i] + iyy[i] * mv[i]) / l;
      const qu = (ixx[i] * fU + ixy[i] * fV) / l, qv = (ixy[i] * fU + iyy[i] * fV) / l;
      const ref = Math.hypot(qu, qv);
      if (ref < STATIC_MIN_REFERENCE) continue;
      all += l;
      if (Math.hypot(pu, pv) <= TRACK_STATIC_RATIO * ref) still += l;
    }
    return all > 0 ? still / all : 0;
  };
  return {
    centreStatic: staticFraction((i) => Math.abs(grid.px[i]) <= CENTRE_MAX_X * w && Math.abs(grid.py[i]) <= CENTRE_MAX_Y * h),
    flankStatic: staticFraction(flank),
    flankTx: fU * toW, flankTy: fV * toH,
  };
}

type PairSeries = Pick<MotionSummary, 'series' | 'subject' | 'subjectUnmeasurable'>;

/** Per valid pair: the camera model in frame sizes per second, and the subject's signal in short sides (toU) per second. */
function pairSeries(valid: PairMotion[], rate: number, toW: number, toH: number, toU: number): PairSeries {
  const series = { tx: [] as number[], ty: [] as number[], scale: [] as number[], rotation: [] as number[] };
  const subject = { speed: [] as number[], vx: [] as number[], vy: [] as number[], radial: [] as number[], scale: [] as number[], seen: [] as boolean[] };
  let subjectUnmeasurable = 0;
  for (const q of valid) {
    series.tx.push(q.model[0] * toW);
    series.ty.push(q.model[3] * toH);
    series.scale.push(((q.model[1] + q.model[5]) / 2) * rate);
    series.rotation.push(((q.model[4] - q.model[2]) / 2) * rate);
    const sub = q.subject;
    if (!sub.measurable) { subjectUnmeasurable++; continue; }
    const radial = sub.scale * sub.radius;
    subject.speed.push(Math.hypot(sub.vx, sub.vy, radial) * toU);
    subject.vx.push(sub.vx * toU);
    subject.vy.push(sub.vy * toU);
    subject.radial.push(radial * toU);
    subject.scale.push(sub.scale * rate);
    subject.seen.push(sub.pixels > 0);
  }
  return { series, subject, subjectUnmeasurable };
}
