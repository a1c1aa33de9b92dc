import { BLOCK, blockGrid, type BlockGrid } from './block-match.js';
import { motionKernels } from './kernels.js';
import { estimateSubject, subjectScratch, NO_SUBJECT, type SubjectMotion, type SubjectScratch } from './motion-subject.js';
import { detail, DETAIL_RADIUS, mirrorHalf } from './visual-composition.js';
import { downsample2, median, prepared, solve, weightedQuantile, type PreparedWindow, type WindowInput } from './visual-prep.js';

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
 * Per consecutive frame pair (at most MAX_PAIR_RATE per second):
 *  1. coarse global translation: exhaustive search on the 2× smaller, contrast-normalised detail
 *     (every textured area weighs alike, so a large contrasty subject cannot outvote a faint
 *     background) of the mean truncated difference over ±COARSE_RANGE (≈ ±0.25 frame per frame),
 *     with a tie-break towards the previous pair's shift; when nothing in that range explains the
 *     change, a step-2 search out to ±WIDE_RANGE (a whip pan without motion blur moves the picture
 *     by a third of its width a frame) whose shift is kept when it matches clearly better;
 *  2. block matching: BLOCK×BLOCK blocks, integer SAD descent search within ±SEARCH_RADIUS of the
 *     coarse prediction plus the previous pair's scale/rotation at the block (started there and at
 *     the block's previous displacement), with a small tie-break towards the prediction so that
 *     flat blocks do not wander;
 *  3. Lucas–Kanade at the best integer offset (plus one resampled step) → sub-pixel displacement and
 *     the block's 2×2 information matrix W = G (G + n·GRADIENT_NOISE² I)⁻¹ (≈ I for textured
 *     blocks, ≈ 0 in directions without texture: the aperture problem is carried, not ignored),
 *     scaled by the match quality; a pair whose best matches leave most of the detail unexplained
 *     is a cut and is skipped;
 *  4. robust (Cauchy IRLS) information-weighted fit of an affine model
 *        u = a0 + a1·x + a2·y,  v = b0 + b1·x + b2·y   (x, y from the image centre)
 *     whose similarity part is translation (a0, b0), scale (a1 + b2)/2 and rotation (b1 − a2)/2;
 *     the other terms (a1 − b2, a2 + b1) are what a similarity cannot explain (the shear of layers
 *     sliding at different speeds), used to check that a rotation is genuine;
 *  5. the subject (motion-subject.ts): pixels the camera model leaves unexplained, tracked as one
 *     template (translation + scale relative to the camera); the blocks it covers (and blocks with
 *     large residuals) are flagged, the camera model is refitted without them, and they stay out of
 *     the window's layer statistics.
 *
 * Per window: the information-weighted mean flow of every block (pairs weighted as in a
 * least-squares slope, so white shake averages out), refitted with the affine model; the three
 * horizontal bands (top / middle / bottom thirds = far / mid / near layers of a layered scene) each
 * fitted with a similarity; centre-versus-flank stillness; the camera path's jitter (second
 * difference) and wander (the path, its lone velocity impulses — repeated or dropped frames —
 * removed, smoothed, off its line); per-pair series; the subject's signal.
 * Rates are per second; translations in frame widths (x) and heights (y) per second, so nothing
 * depends on fps or resolution.
 */

export { BLOCK, SEARCH_RADIUS, GRADIENT_NOISE, MATCH_QUALITY_MAD, blockGrid, type BlockGrid } from './block-match.js';
export { MIRROR_MAX, mirrorHalf } from './visual-composition.js';

/** Coarse search range, fraction of the coarse image's width / height. */
export const COARSE_RANGE = 0.25;
/**
 * When the best shift within COARSE_RANGE still leaves WIDE_TRIGGER of the zero-shift difference, a
 * wider search (wideShift) looks up to WIDE_RANGE of the width away, on images WIDE_MIN_WIDTH px
 * wide at least, and its shift is taken when it matches WIDE_GAIN × better.
 */
export const WIDE_TRIGGER = 0.6;
export const WIDE_RANGE = 0.6;
const WIDE_MIN_WIDTH = 8;
const WIDE_GAIN = 0.7;
/** Tie-break towards the previous pair's coarse shift, grey levels per coarse px. */
const COARSE_TIE = 0.15;
/** Largest per-pixel difference the coarse search counts (contrast-normalised detail units). */
const COARSE_TRUNCATE = 2;
/** Contrast normalisation of the coarse detail: d / (3×3 mean |d| + NORM_FLOOR grey levels). */
const NORM_FLOOR = 2;
/** Floor of the IRLS residual scale, working px. */
export const RESIDUAL_MIN = 0.3;
/** Blocks kept out of layer statistics: residual at least this (working px) and 3× the median residual. */
export const SUBJECT_MIN_RESIDUAL = 0.5;
/**
 * A pair whose textured blocks' best matches leave (median) more than PAIR_MAX_UNEXPLAINED of their
 * detail magnitude unexplained (|a − b| / (|a| + |b|)) is a cut or a flash: skipped.
 */
export const PAIR_MAX_UNEXPLAINED = 0.6;
/** A block with this share of its pixels in the subject mask belongs to the subject. */
export const SUBJECT_BLOCK_SHARE = 0.1;
/** Only a compact subject (rms radius ≤ this fraction of the width) flags blocks: a spread-out residual is parallax. */
export const SUBJECT_MAX_RADIUS = 0.2;
/** Rim (px) by which a block is grown when counting its subject pixels. */
export const SUBJECT_BLOCK_RIM = 3;
/** Pairs per second analysed at most; higher frame rates are strided. */
export const MAX_PAIR_RATE = 30;
/** A centre block is "static" when it moves at most this fraction of the flank motion. */
export const TRACK_STATIC_RATIO = 0.3;
/** Band fits ignore blocks within this fraction of the height of a third's boundary. */
export const BAND_MARGIN = 0.05;
/** Taps of the moving average that smooths the camera path before measuring its wander. */
export const WANDER_TAPS = 9;

export interface PairMotion {
  /** Index of the pair's first frame within the window. */
  frame: number;
  valid: boolean;
  /** Coarse global shift, working px. */
  coarseDx: number;
  coarseDy: number;
  /** Mean (truncated) difference at the best coarse shift, mean and largest difference at zero shift (contrast-normalised detail). */
  coarseMad: number;
  zeroMad: number;
  zeroMax: number;
  u: Float64Array;
  v: Float64Array;
  wxx: Float64Array;
  wxy: Float64Array;
  wyy: Float64Array;
  robust: Float64Array;
  subjectBlock: Uint8Array;
  /** a0 a1 a2 b0 b1 b2 (working px, per frame). */
  model: Float64Array;
  subject: SubjectMotion;
}

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


// ---------------------------------------------------------------------------------- helpers

/**
 * Local contrast normalisation in place: d / (3×3 mean of |d| + NORM_FLOOR). Every textured area then
 * weighs about the same in the coarse search, so a large high-contrast subject cannot outvote a
 * faint background that covers most of the frame.
 */
export function normalizeContrast(d: Float32Array, w: number, h: number): Float32Array {
  const m = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0, c = 0;
      for (let j = Math.max(0, y - 1); j <= Math.min(h - 1, y + 1); j++) {
        for (let i = Math.max(0, x - 1); i <= Math.min(w - 1, x + 1); i++) { s += Math.abs(d[j * w + i]); c++; }
      }
      m[y * w + x] = s / c;
    }
  }
  for (let i = 0; i < w * h; i++) d[i] = d[i] / (m[i] + NORM_FLOOR);
  return d;
}

/**
 * Sum of the truncated absolute differences a(x, y) − b(x + dx, y + dy) over the columns
 * [colFrom, colTo) of a that both images cover, and how many pixels that is; the sum stops
 * growing once it passes `limit` (the caller only needs to know that it lost).
 */
function shiftSum(a: Float32Array, b: Float32Array, w: number, h: number, colFrom: number, colTo: number, dx: number, dy: number,
  truncate: number, limit = Infinity): { sum: number; count: number } {
  const y0 = Math.max(0, -dy), y1 = Math.min(h, h - dy);
  const x0 = Math.max(colFrom, -dx), x1 = Math.min(colTo, w - dx);
  const count = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  let sum = 0;
  for (let y = y0; y < y1 && sum <= limit; y++) {
    const ra = y * w, rb = (y + dy) * w + dx;
    for (let x = x0; x < x1; x++) {
      const d = Math.abs(a[ra + x] - b[rb + x]);
      sum += d < truncate ? d : truncate;
    }
  }
  return { sum, count };
}

/** Shifts leaving less than this share of the compared area overlapping are not tried. */
const MIN_OVERLAP = 0.3;

/**
 * Best whole-image shift of b against a (b(x + dx, y + dy) ≈ a(x, y)) by exhaustive search of the
 * mean truncated absolute difference (each pixel counts at most `truncate`, so a subject that
 * jumps cannot outvote the background) over ±`range` of the width and height, comparing the
 * columns [colFrom, colTo) of a, with a tie-break towards the previous pair's shift (pdx, pdy): a
 * periodic texture then keeps its motion instead of snapping to a period. Also the zero-shift
 * mean, truncated mean (`zeroCost`) and largest difference.
 */
export function coarseShift(a: Float32Array, b: Float32Array, w: number, h: number, colFrom = 0, colTo = w, pdx = 0, pdy = 0,
  truncate = COARSE_TRUNCATE, range = COARSE_RANGE):
  { dx: number; dy: number; mad: number; zeroMad: number; zeroCost: number; zeroMax: number } {
  let zero = 0, zeroMax = 0, zeroT = 0;
  for (let y = 0; y < h; y++) {
    for (let x = colFrom; x < colTo; x++) {
      const d = Math.abs(a[y * w + x] - b[y * w + x]);
      zero += d;
      zeroT += d < truncate ? d : truncate;
      if (d > zeroMax) zeroMax = d;
    }
  }
  const area = h * (colTo - colFrom);
  zero /= area;
  zeroT /= area;
  let best = zeroT + COARSE_TIE * (Math.abs(pdx) + Math.abs(pdy)), bdx = 0, bdy = 0;
  const rx = Math.max(1, Math.round(range * w)), ry = Math.max(1, Math.round(range * h));
  for (let dy = -ry; dy <= ry; dy++) {
    for (let dx = -rx; dx <= rx; dx++) {
      if (dx === 0 && dy === 0) continue;
      const overlap = Math.max(0, Math.min(colTo, w - dx) - Math.max(colFrom, -dx)) * Math.max(0, Math.min(h, h - dy) - Math.max(0, -dy));
      if (overlap <= MIN_OVERLAP * area) continue;
      const penalty = COARSE_TIE * (Math.abs(dx - pdx) + Math.abs(dy - pdy));
      const limit = (best - penalty) * overlap;
      if (limit <= 0) continue;
      const { sum, count } = shiftSum(a, b, w, h, colFrom, colTo, dx, dy, truncate, limit);
      if (sum > limit) continue;
      const cost = sum / count + penalty;
      if (cost < best) { best = cost; bdx = dx; bdy = dy; }
    }
  }
  const mad = best - COARSE_TIE * (Math.abs(bdx - pdx) + Math.abs(bdy - pdy));
  return { dx: bdx, dy: bdy, mad, zeroMad: zero, zeroCost: zeroT, zeroMax };
}

/**
 * A whole-image shift beyond COARSE_RANGE (a whip pan without motion blur moves the picture by a
 * third of its width or more per frame): the mean truncated difference over a step-2 grid of
 * shifts up to ±WIDE_RANGE of the coarse image's width and height, then the 8 neighbours of its
 * best. (Halving the images again would leave little texture to match at 160 px.) Null when the
 * best does not match WIDE_GAIN × better than `near`, the in-range search's best.
 */
export function wideShift(ca: Float32Array, cb: Float32Array, cw: number, ch: number, colFrom: number, colTo: number, near: number):
  { dx: number; dy: number; mad: number } | null {
  if (cw < WIDE_MIN_WIDTH) return null;
  const area = ch * (colTo - colFrom);
  const rx = Math.round(WIDE_RANGE * cw), ry = Math.round(WIDE_RANGE * ch);
  let best = { dx: 0, dy: 0, mad: Infinity };
  const tryShift = (dx: number, dy: number): void => {
    const { sum, count } = shiftSum(ca, cb, cw, ch, colFrom, colTo, dx, dy, COARSE_TRUNCATE, best.mad * area);
    if (count > MIN_OVERLAP * area && sum / count < best.mad) best = { dx, dy, mad: sum / count };
  };
  for (let dy = -ry; dy <= ry; dy += 2) for (let dx = -rx; dx <= rx; dx += 2) tryShift(dx, dy);
  const { dx: gx, dy: gy } = best;
  for (let dy = gy - 1; dy <= gy + 1; dy++) for (let dx = gx - 1; dx <= gx + 1; dx++) if (dx !== gx || dy !== gy) tryShift(dx, dy);
  return best.mad < WIDE_GAIN * near ? best : null;
}

function lambdaMax(a: number, c: number, b: number): number {
  return (a + b) / 2 + Math.sqrt(((a - b) / 2) ** 2 + c * c);
}

/**
 * Robust information-weighted affine fit. Weights per block are the 2×2 matrices (wxx, wxy, wyy)
 * times `extra`; `robust` receives the final IRLS weights. Returns the model (a0 a1 a2 b0 b1 b2)
 * and the per-block residual magnitudes in the informative directions.
 */
export function fitAffine(grid: BlockGrid, u: ArrayLike<number>, v: ArrayLike<number>, wxx: ArrayLike<number>, wxy: ArrayLike<number>,
  wyy: ArrayLike<number>, extra: ArrayLike<number> | null, scaleRef: number, robust: Float64Array, iterations = 4,
): { model: Float64Array; residual: Float64Array; scale: number } {
  const n = grid.n;
  const model = new Float64Array(6);
  const residual = new Float64Array(n);
  const lam = new Float64Array(n);
  for (let i = 0; i < n; i++) { robust[i] = 1; lam[i] = lambdaMax(wxx[i], wxy[i], wyy[i]) * (extra ? extra[i] : 1); }
  let scale = RESIDUAL_MIN;
  const H = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  const g = new Array<number>(6).fill(0);
  const ma = new Float64Array(6), mc = new Float64Array(6), mb = new Float64Array(6); // 1, x, y, xx, xy, yy moments
  for (let it = 0; it < iterations; it++) {
    ma.fill(0); mc.fill(0); mb.fill(0); g.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const k = robust[i] * (extra ? extra[i] : 1);
      const a = wxx[i] * k, c = wxy[i] * k, b = wyy[i] * k;
      if (a + b <= 0) continue;
      total += a + b;
      const x = grid.px[i], y = grid.py[i];
      const xx = x * x, xy = x * y, yy = y * y;
      ma[0] += a; ma[1] += a * x; ma[2] += a * y; ma[3] += a * xx; ma[4] += a * xy; ma[5] += a * yy;
      mc[0] += c; mc[1] += c * x; mc[2] += c * y; mc[3] += c * xx; mc[4] += c * xy; mc[5] += c * yy;
      mb[0] += b; mb[1] += b * x; mb[2] += b * y; mb[3] += b * xx; mb[4] += b * xy; mb[5] += b * yy;
      const gu = a * u[i] + c * v[i], gv = c * u[i] + b * v[i];
      g[0] += gu; g[1] += x * gu; g[2] += y * gu;
      g[3] += gv; g[4] += x * gv; g[5] += y * gv;
    }
    // H = [[Φa, Φc], [Φc, Φb]] with Φ the 3×3 moment matrix of (1, x, y).
    const fill = (m: Float64Array, r0: number, c0: number): void => {
      const phi = [[m[0], m[1], m[2]], [m[1], m[3], m[4]], [m[2], m[4], m[5]]];
      for (let r = 0; r < 3; r++) for (let q = 0; q < 3; q++) H[r0 + r][c0 + q] = phi[r][q];
    };
    fill(ma, 0, 0); fill(mc, 0, 3); fill(mc, 3, 0); fill(mb, 3, 3);
    if (total <= 0) return { model, residual, scale };
    const ridge = 1e-2 * total * (scaleRef / 4) ** 2;
    for (const d of [1, 2, 4, 5]) H[d][d] += ridge;
    H[0][0] += 1e-6 * total;
    H[3][3] += 1e-6 * total;
    const x = solve(H, g);
    if (!x) return { model, residual, scale };
    model.set(x);
    for (let i = 0; i < n; i++) {
      const ru = u[i] - (x[0] + x[1] * grid.px[i] + x[2] * grid.py[i]);
      const rv = v[i] - (x[3] + x[4] * grid.px[i] + x[5] * grid.py[i]);
      const l = lambdaMax(wxx[i], wxy[i], wyy[i]);
      residual[i] = l > 1e-9 ? Math.sqrt(Math.max(0, wxx[i] * ru * ru + 2 * wxy[i] * ru * rv + wyy[i] * rv * rv) / l) : 0;
    }
    const med = weightedQuantile(residual, lam, 0.5);
    scale = Math.max(RESIDUAL_MIN, 2.5 * (Number.isFinite(med) ? med : 0));
    for (let i = 0; i < n; i++) robust[i] = 1 / (1 + (residual[i] / scale) ** 2);
  }
  return { model, residual, scale };
}

// ---------------------------------------------------------------------------------- per pair

export interface PairOptions {
  grid: BlockGrid;
  /** Blocks to analyse (1) — the master half of a mirrored frame — or null for all. */
  use?: Uint8Array | null;
  /** Working-pixel columns [from, to) the coarse search and the subject are restricted to. */
  columns?: [number, number];
  previousModel?: Float64Array | null;
  previousU?: Float64Array | null;
  previousV?: Float64Array | null;
  frame?: number;
  scratch?: SubjectScratch | null;
  /** The frames the subject is isolated on (default: a and b). */
  raw?: [Float32Array, Float32Array];
}

export function estimatePair(a: Float32Array, b: Float32Array, ca: Float32Array, cb: Float32Array, w: number, h: number, cw: number, ch: number,
  options: PairOptions): PairMotion {
  const { grid, use = null, previousModel = null, previousU = null, previousV = null, frame = 0, scratch = null } = options;
  const columns = options.columns ?? [0, w];
  const n = grid.n;
  const [coarseFrom, coarseTo] = [Math.floor(columns[0] / 2), Math.min(cw, Math.ceil(columns[1] / 2))];
  const coarse = cw >= 8 && ch >= 4
    ? coarseShift(ca, cb, cw, ch, coarseFrom, coarseTo, Math.round((previousModel?.[0] ?? 0) / 2), Math.round((previousModel?.[3] ?? 0) / 2))
    : { dx: 0, dy: 0, mad: 0, zeroMad: 0, zeroCost: 0, zeroMax: 0 };
  // The picture moved further than the search reaches (a whip pan): look wider.
  const wide = coarse.mad > WIDE_TRIGGER * coarse.zeroCost ? wideShift(ca, cb, cw, ch, coarseFrom, coarseTo, coarse.mad) : null;
  if (wide) Object.assign(coarse, wide);
  const pair: PairMotion = {
    frame, valid: false, coarseDx: 2 * coarse.dx, coarseDy: 2 * coarse.dy, coarseMad: coarse.mad, zeroMad: coarse.zeroMad, zeroMax: coarse.zeroMax,
    u: new Float64Array(n), v: new Float64Array(n), wxx: new Float64Array(n), wxy: new Float64Array(n), wyy: new Float64Array(n),
    robust: new Float64Array(n), subjectBlock: new Uint8Array(n), model: new Float64Array(6),
    subject: NO_SUBJECT,
  };
  if (n === 0) return pair;
  const unexplained = new Float64Array(n);
  const unexplainedCount = motionKernels().matchBlocks({
    a, b, width: w, height: h, x0: grid.x0, y0: grid.y0, px: grid.px, py: grid.py, use,
    coarseDx: pair.coarseDx, coarseDy: pair.coarseDy, previousModel, previousU, previousV,
    u: pair.u, v: pair.v, wxx: pair.wxx, wxy: pair.wxy, wyy: pair.wyy, unexplained,
  });
  let info = 0;
  for (let i = 0; i < n; i++) info += lambdaMax(pair.wxx[i], pair.wxy[i], pair.wyy[i]);
  // A cut or a flash: even the best matches leave most of the detail unexplained.
  if (info < 2 || (unexplainedCount > 0 && median(unexplained.subarray(0, unexplainedCount)) > PAIR_MAX_UNEXPLAINED)) return pair;
  const fit = fitAffine(grid, pair.u, pair.v, pair.wxx, pair.wxy, pair.wyy, null, w, pair.robust);
  pair.model = fit.model;
  pair.valid = true;
  // Blocks the camera model leaves unexplained (kept out of the window's layer statistics).
  const lam = new Float64Array(n);
  for (let i = 0; i < n; i++) lam[i] = lambdaMax(pair.wxx[i], pair.wxy[i], pair.wyy[i]);
  const med = weightedQuantile(fit.residual, lam, 0.5);
  const threshold = Math.max(SUBJECT_MIN_RESIDUAL, 3 * (Number.isFinite(med) ? med : 0));
  for (let i = 0; i < n; i++) if (lam[i] >= 0.3 && fit.residual[i] >= threshold) pair.subjectBlock[i] = 1;
  // The subject: pixels the camera model leaves unexplained. Blocks it covers are refitted without
  // (a large, contrasty subject would otherwise pull the camera model along).
  const [ra, rb] = options.raw ?? [a, b];
  const sc = scratch ?? subjectScratch(w * h);
  pair.subject = estimateSubject(ra, rb, w, h, pair.model, sc, columns);
  if (pair.subject.pixels > 0 && pair.subject.radius <= SUBJECT_MAX_RADIUS * w && markSubjectBlocks(pair, grid, sc.mask, w)) {
    const keep = Float64Array.from(pair.subjectBlock, (f) => (f ? 0 : 1));
    const refit = fitAffine(grid, pair.u, pair.v, pair.wxx, pair.wxy, pair.wyy, keep, w, pair.robust);
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const du = refit.model[0] - fit.model[0] + (refit.model[1] - fit.model[1]) * grid.px[i] + (refit.model[2] - fit.model[2]) * grid.py[i];
      const dv = refit.model[3] - fit.model[3] + (refit.model[4] - fit.model[4]) * grid.px[i] + (refit.model[5] - fit.model[5]) * grid.py[i];
      moved = Math.max(moved, Math.hypot(du, dv));
    }
    pair.model = refit.model;
    if (moved > 0.1) pair.subject = estimateSubject(ra, rb, w, h, pair.model, sc, columns);
  }
  return pair;
}

/**
 * Flags the blocks the subject covers: ≥ SUBJECT_BLOCK_SHARE of the block, grown by SUBJECT_BLOCK_RIM
 * pixels on every side, in the subject mask. True when any flag changed.
 */
function markSubjectBlocks(pair: PairMotion, grid: BlockGrid, mask: Uint8Array, w: number): boolean {
  let changed = false;
  const h = mask.length / w;
  for (let i = 0; i < grid.n; i++) {
    const x0 = Math.max(0, grid.x0[i] - SUBJECT_BLOCK_RIM), x1 = Math.min(w - 1, grid.x0[i] + BLOCK - 1 + SUBJECT_BLOCK_RIM);
    const y0 = Math.max(0, grid.y0[i] - SUBJECT_BLOCK_RIM), y1 = Math.min(h - 1, grid.y0[i] + BLOCK - 1 + SUBJECT_BLOCK_RIM);
    let c = 0;
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) c += mask[y * w + x];
    if (c >= SUBJECT_BLOCK_SHARE * BLOCK * BLOCK && !pair.subjectBlock[i]) { pair.subjectBlock[i] = 1; changed = true; }
  }
  return changed;
}

// ---------------------------------------------------------------------------------- per window

const summaries = new WeakMap<PreparedWindow, MotionSummary>();

/** [1 2 1]/4 in both directions (edges clamped) into `out`. */
function binomial(l: Float32Array, w: number, h: number, out: Float32Array = new Float32Array(w * h), tmp: Float32Array = new Float32Array(w * h)): Float32Array {
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) tmp[row + x] = (l[row + Math.max(0, x - 1)] + 2 * l[row + x] + l[row + Math.min(w - 1, x + 1)]) / 4;
  }
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w, row = y * w, down = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) out[row + x] = (tmp[up + x] + 2 * tmp[row + x] + tmp[down + x]) / 4;
  }
  return out;
}

/** The picture block matching sees: the detail of the binomially smoothed motion channel. */
export function matchingDetail(f: Float32Array, w: number, h: number, out?: Float32Array<ArrayBuffer>, smooth?: Float32Array<ArrayBuffer>, tmp?: Float32Array<ArrayBuffer>): Float32Array {
  return detail(binomial(f, w, h, smooth, tmp), w, h, DETAIL_RADIUS, out, tmp);
}

interface WindowStore {
  width: number;
  height: number;
  frames: number;
  detail: Float32Array<ArrayBuffer>;
  coarse: Float32Array<ArrayBuffer>;
  tmp: Float32Array<ArrayBuffer>;
  smooth: Float32Array<ArrayBuffer>;
  scratch: SubjectScratch;
}
let lastStore: WindowStore | null = null;

/**
 * The per-window working memory of the motion field (about 5 MB for two seconds at 160 px), kept
 * for the next window of the same shape: a worker analyses one window at a time, and none of it
 * outlives the analysis.
 */
function windowStore(width: number, height: number, frames: number): WindowStore {
  const s = lastStore;
  if (s && s.width === width && s.height === height && s.frames >= frames) return s;
  const plane = width * height;
  lastStore = {
    width, height, frames,
    detail: new Float32Array(plane * frames),
    coarse: new Float32Array(Math.floor(width / 2) * Math.floor(height / 2) * frames),
    tmp: new Float32Array(plane),
    smooth: new Float32Array(plane),
    scratch: subjectScratch(plane),
  };
  return lastStore;
}

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
  const count = Math.max(1e-9, norm);
  const ixx = new Float64Array(n), ixy = new Float64Array(n), iyy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ixx[i] = axx[i] / count; ixy[i] = axy[i] / count; iyy[i] = ayy[i] / count;
    const reg = 1e-3 * (axx[i] + ayy[i]) + 1e-9;
    const det = (axx[i] + reg) * (ayy[i] + reg) - axy[i] * axy[i];
    mu[i] = ((ayy[i] + reg) * bu[i] - axy[i] * bv[i]) / det;
    mv[i] = ((axx[i] + reg) * bv[i] - axy[i] * bu[i]) / det;
  }
  return { mu, mv, ixx, ixy, iyy };
}

/**
 * Robust information-weighted similarity fit (u = tx + s·x − θ·y, v = ty + θ·x + s·y, x/y from the
 * image centre) over the blocks selected by `select`. Returns [tx, ty, s, θ] per frame and the weight.
 */
export function fitSimilarity(grid: BlockGrid, select: (i: number) => boolean, u: ArrayLike<number>, v: ArrayLike<number>,
  wxx: ArrayLike<number>, wxy: ArrayLike<number>, wyy: ArrayLike<number>, scaleRef: number): { params: number[]; weight: number } {
  const n = grid.n;
  const robust = new Float64Array(n).fill(1);
  let params = [0, 0, 0, 0], weight = 0;
  for (let it = 0; it < 3; it++) {
    const H = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    const g = [0, 0, 0, 0];
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!select(i)) continue;
      const a = wxx[i] * robust[i], c = wxy[i] * robust[i], b = wyy[i] * robust[i];
      if (a + b <= 0) continue;
      total += a + b;
      const X = grid.px[i], Y = grid.py[i];
      const ju = [1, 0, X, -Y], jv = [0, 1, Y, X];
      const gu = a * u[i] + c * v[i], gv = c * u[i] + b * v[i];
      for (let r = 0; r < 4; r++) {
        g[r] += ju[r] * gu + jv[r] * gv;
        for (let q = 0; q < 4; q++) H[r][q] += a * ju[r] * ju[q] + c * (ju[r] * jv[q] + jv[r] * ju[q]) + b * jv[r] * jv[q];
      }
    }
    if (total <= 0) return { params, weight: 0 };
    const ridge = 1e-2 * total * (scaleRef / 4) ** 2;
    H[2][2] += ridge; H[3][3] += ridge; H[0][0] += 1e-6 * total; H[1][1] += 1e-6 * total;
    const x = solve(H, g);
    if (!x) return { params, weight: 0 };
    params = x;
    const res: number[] = [], lam: number[] = [], idx: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!select(i)) continue;
      const X = grid.px[i], Y = grid.py[i];
      const ru = u[i] - (x[0] + x[2] * X - x[3] * Y), rv = v[i] - (x[1] + x[3] * X + x[2] * Y);
      const l = lambdaMax(wxx[i], wxy[i], wyy[i]);
      res.push(l > 1e-9 ? Math.sqrt(Math.max(0, wxx[i] * ru * ru + 2 * wxy[i] * ru * rv + wyy[i] * rv * rv) / l) : 0);
      lam.push(l); idx.push(i);
    }
    const med = weightedQuantile(res, lam, 0.5);
    const scale = Math.max(RESIDUAL_MIN, 2.5 * (Number.isFinite(med) ? med : 0));
    weight = 0;
    for (let k = 0; k < idx.length; k++) {
      robust[idx[k]] = 1 / (1 + (res[k] / scale) ** 2);
      weight += lam[k] * robust[idx[k]];
    }
  }
  return { params, weight };
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

/** Estimates the motion field of a window (cached per prepared window). */
export function analyzeMotionField(input: WindowInput): MotionSummary {
  const p = prepared(input);
  const hit = summaries.get(p);
  if (hit) return hit;
  const { width: w, height: h } = p;
  const fps = p.source.fps > 0 ? p.source.fps : 25;
  const stride = Math.max(1, Math.round(fps / MAX_PAIR_RATE));
  const rate = fps / stride;
  const grid = blockGrid(w, h);
  const n = grid.n;
  const cw = Math.floor(w / 2), ch = Math.floor(h / 2);
  // Matching runs on detail (motion channel minus its 5×5 box blur): a smooth backdrop that does
  // not move with the camera (a screen-fixed gradient) must not pull the matches towards zero.
  const raw = p.motion;
  const store = windowStore(w, h, raw.length);
  const coarse = raw.map((f, i) => normalizeContrast(downsample2(detail(f, w, h, DETAIL_RADIUS, store.smooth, store.tmp), w, h, store.coarse.subarray(i * cw * ch, (i + 1) * cw * ch)), cw, ch));
  const frames = raw.map((f, i) => matchingDetail(f, w, h, store.detail.subarray(i * w * h, (i + 1) * w * h), store.smooth, store.tmp));
  const { scratch } = store;
  // A left-right mirrored picture moves symmetrically (a pan looks like an expansion): analyse
  // its master half only — the half with more detail (a partial mirror blends the copy down).
  const mirror = mirrorHalf(p);
  const use = mirror.half === 'none' ? null : Uint8Array.from({ length: n }, (_, i) => (mirror.half === 'left' ? grid.px[i] < 0 : grid.px[i] > 0) ? 1 : 0);
  const columns: [number, number] = mirror.half === 'left' ? [0, Math.ceil(w / 2)] : mirror.half === 'right' ? [Math.floor(w / 2), w] : [0, w];
  const pairs: PairMotion[] = [];
  let prevModel: Float64Array | null = null;
  for (let k = 0; k + stride < frames.length; k += stride) {
    const last = pairs.length ? pairs[pairs.length - 1] : null;
    const pair = estimatePair(frames[k], frames[k + stride], coarse[k], coarse[k + stride], w, h, cw, ch, {
      grid, use, columns, previousModel: prevModel, frame: k, scratch, raw: [raw[k], raw[k + stride]],
      previousU: last?.valid ? last.u : null, previousV: last?.valid ? last.v : null,
    });
    pairs.push(pair);
    prevModel = pair.valid ? pair.model : null;
  }
  const valid = pairs.filter((q) => q.valid);
  const toW = rate / w; // working px / frame → widths / second

  // Window-mean block flow: without the subject blocks (camera model, layers) and with them (tracking).
  let texture = 0;
  for (const q of valid) {
    let t = 0;
    for (let i = 0; i < n; i++) t += Math.min(1, lambdaMax(q.wxx[i], q.wxy[i], q.wyy[i]));
    const used = use ? use.reduce((a, b) => a + b, 0) : n;
    texture += used > 0 ? t / used : 0;
  }
  texture = valid.length ? texture / valid.length : 0;
  const background = meanFlow(valid, n, true);
  const everything = meanFlow(valid, n, false);
  const { mu, mv, ixx, ixy, iyy } = background;
  const robust = new Float64Array(n);
  const fit = fitAffine(grid, mu, mv, ixx, ixy, iyy, null, w, robust);
  const m = fit.model;
  const agree = (x: number, y: number): boolean => Math.sign(x) === Math.sign(y) && Math.min(Math.abs(x), Math.abs(y)) >= 0.35 * Math.max(Math.abs(x), Math.abs(y));
  const toH = rate / h; // working px / frame → heights / second

  // Bands: top, middle and bottom thirds, each with its own similarity, from the blocks that lie
  // inside one third (BAND_MARGIN of the height kept clear of the boundaries, 1 px tolerance).
  const bandOf = (i: number): number => {
    const top = grid.y0[i], bottom = grid.y0[i] + BLOCK;
    for (let b = 0; b < 3; b++) {
      const from = b === 0 ? 0 : (b / 3 + BAND_MARGIN) * h - 1, to = b === 2 ? h : ((b + 1) / 3 - BAND_MARGIN) * h + 1;
      if (top >= from && bottom <= to) return b;
    }
    return -1;
  };
  // The fits are linear in the rotation angle; a rotation by θ per frame also moves points inwards
  // by θ²/2 of their radius, which would read as a shrink: add it back.
  const rotationShrink = (radPerSecond: number): number => (radPerSecond * radPerSecond) / (2 * rate);
  const bands = [0, 1, 2].map((b): BandMotion => {
    const f = fitSimilarity(grid, (i) => bandOf(i) === b, mu, mv, ixx, ixy, iyy, w);
    const rotation = f.params[3] * rate;
    return { tx: f.params[0] * toW, ty: f.params[1] * toH, scale: f.params[2] * rate + rotationShrink(rotation), rotation, weight: f.weight };
  }) as [BandMotion, BandMotion, BandMotion];

  // Centre vs flanks (tracking).
  const fu: number[] = [], fv: number[] = [], fwx: number[] = [], fwy: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Math.abs(grid.px[i]) >= 0.3 * w && Math.abs(grid.py[i]) <= 0.3 * h) { fu.push(mu[i]); fwx.push(ixx[i]); fv.push(mv[i]); fwy.push(iyy[i]); }
  }
  const flankU = fu.length ? weightedQuantile(fu, fwx, 0.5) : NaN;
  const flankV = fv.length ? weightedQuantile(fv, fwy, 0.5) : NaN;
  const fU = Number.isFinite(flankU) ? flankU : 0, fV = Number.isFinite(flankV) ? flankV : 0;
  const staticFraction = (select: (i: number) => boolean): number => {
    const { mu, mv, ixx, ixy, iyy } = everything;
    let all = 0, still = 0;
    for (let i = 0; i < n; i++) {
      if (!select(i)) continue;
      const l = lambdaMax(ixx[i], ixy[i], iyy[i]);
      if (l <= 0.05) continue;
      // Compare in the block's informative directions.
      const pu = (ixx[i] * mu[i] + ixy[i] * mv[i]) / l, pv = (ixy[i] * mu[i] + iyy[i] * mv[i]) / l;
      const qu = (ixx[i] * fU + ixy[i] * fV) / l, qv = (ixy[i] * fU + iyy[i] * fV) / l;
      const ref = Math.hypot(qu, qv);
      if (ref < 1e-6) continue;
      all += l;
      if (Math.hypot(pu, pv) <= TRACK_STATIC_RATIO * ref) still += l;
    }
    return all > 0 ? still / all : 0;
  };
  const centreStatic = staticFraction((i) => Math.abs(grid.px[i]) <= 0.15 * w && Math.abs(grid.py[i]) <= 0.25 * h);
  const flankStatic = staticFraction((i) => Math.abs(grid.px[i]) >= 0.3 * w && Math.abs(grid.py[i]) <= 0.3 * h);

  // Series, jitter, peak.
  const series = { tx: [] as number[], ty: [] as number[], scale: [] as number[], rotation: [] as number[] };
  let subjectUnmeasurable = 0;
  const toU = rate / Math.min(w, h); // working px / frame → short sides / second
  const subject = { speed: [] as number[], vx: [] as number[], vy: [] as number[], radial: [] as number[], scale: [] as number[], seen: [] as boolean[] };
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
  // Camera path in frame widths / heights: jitter = residual of a short moving average (white
  // per-frame shake), wander = the smoothed path's departure from a straight line (handheld drift).
  let jitter = 0, wander = 0, drift = 0;
  const pathX = [0], pathY = [0];
  for (const q of valid) { pathX.push(pathX[pathX.length - 1] + q.model[0] / w); pathY.push(pathY[pathY.length - 1] + q.model[3] / h); }
  const movingAverage = (x: number[], taps: number): number[] => {
    const half = taps >> 1, out: number[] = [];
    for (let i = half; i < x.length - half; i++) {
      let s = 0;
      for (let j = -half; j <= half; j++) s += x[i + j];
      out.push(s / taps);
    }
    return out;
  };
  if (pathX.length >= 5) {
    // Second difference P(k) − (P(k−1) + P(k+1))/2: white per-frame shake passes (×1.22), a smooth
    // wander below 2 Hz hardly does. Robust (median square), so a whip burst's curved frames do not count.
    const r2: number[] = [];
    for (let i = 1; i + 1 < pathX.length; i++) {
      r2.push((pathX[i] - (pathX[i - 1] + pathX[i + 1]) / 2) ** 2 + (pathY[i] - (pathY[i - 1] + pathY[i + 1]) / 2) ** 2);
    }
    jitter = Math.sqrt((median(r2) * 2) / 1.386);
  }
  if (pathX.length >= WANDER_TAPS + 4) {
    const sx = movingAverage(steadyPath(pathX), WANDER_TAPS), sy = movingAverage(steadyPath(pathY), WANDER_TAPS);
    const lineDev = (y: number[]): { rms2: number; slope: number } => {
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
    };
    const dx = lineDev(sx), dy = lineDev(sy);
    wander = Math.sqrt(dx.rms2 + dy.rms2);
    drift = Math.hypot(dx.slope, dy.slope) * rate;
  }
  // Peak: over every pair, the coarse shift standing in for pairs too blurred to match finely (a
  // whip pan's burst); a 3-pair median keeps a lone cut from counting.
  let peakTx = 0, peakTyAtTx = 0;
  const allTx = pairs.map((q) => (q.valid ? q.model[0] : q.coarseDx) * toW);
  const allTy = pairs.map((q) => (q.valid ? q.model[3] : q.coarseDy) * toW);
  for (let i = 0; i < allTx.length; i++) {
    const win = allTx.slice(Math.max(0, i - 1), i + 2);
    const v = Math.abs(win.length >= 3 ? median(win) : allTx[i]);
    if (v > peakTx) { peakTx = v; peakTyAtTx = Math.abs(allTy[i]); }
  }
  let maxChange = 0;
  for (let k = 0; k + stride < frames.length; k += stride) {
    const a = frames[k], b = frames[k + stride];
    for (let i = 0; i < a.length; i++) { const d = Math.abs(a[i] - b[i]); if (d > maxChange) maxChange = d; }
  }

  const globalRotation = ((m[4] - m[2]) / 2) * rate;
  const shrink = rotationShrink(globalRotation);
  const summary: MotionSummary = {
    width: w, height: h, rate, pairs: pairs.length, validPairs: valid.length, texture, maxChange, half: mirror.half,
    tx: m[0] * toW, ty: m[3] * toH, scale: ((m[1] + m[5]) / 2) * rate + shrink, rotation: globalRotation,
    affine: [m[1] * rate + shrink, m[2] * rate, m[4] * rate, m[5] * rate + shrink], rotationConsistent: agree(m[4], -m[2]),
    bands, centreStatic, flankStatic, flankTx: fU * toW, flankTy: fV * toH,
    jitter, wander, drift, peakTx, peakTyAtTx, series, subject, subjectUnmeasurable, pairDetails: pairs, grid,
    meanU: mu, meanV: mv, infoXX: ixx, infoXY: ixy, infoYY: iyy,
  };
  summaries.set(p, summary);
  return summary;
}
