/**
 * The motion of one frame pair (steps 1–5 of field.ts): the coarse shift, block matching, the
 * robust affine camera model, and the subject the model leaves unexplained, with the camera model
 * refitted without the blocks the subject covers.
 */

import { BLOCK, type BlockGrid } from '../block-match.js';
import { motionKernels } from '../kernels.js';
import { weightedQuantile } from '../visual-prep.js';
import { median } from '../../../base/numbers.js';
import { COARSE_FACTOR, coarseShift, wideShift, WIDE_TRIGGER } from './coarse.js';
import { AFFINE_TERMS, fitAffine, lambdaMax } from './fit.js';
import { estimateSubject, NO_SUBJECT, type SubjectMotion, type SubjectScratch } from './subject.js';

/** Blocks kept out of layer statistics: residual at least this (working px) and SUBJECT_RESIDUAL_MEDIANS × the median residual … */
export const SUBJECT_MIN_RESIDUAL = 0.5;
const SUBJECT_RESIDUAL_MEDIANS = 3;
/** … among the blocks with at least this much information (a faint block's residual says little). */
const SUBJECT_BLOCK_MIN_INFORMATION = 0.3;
/** The coarse search needs a coarse picture at least this large (px); a smaller one starts from no shift. */
const COARSE_MIN_WIDTH = 8;
const COARSE_MIN_HEIGHT = 4;
/** A pair whose blocks hold less information than this in all (about two textured blocks) has nothing to fit. */
const PAIR_MIN_INFORMATION = 2;
/** The subject is isolated again when refitting without its blocks moves some block by more than this (working px). */
const REFIT_MOVED_PX = 0.1;
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

/** What every pair of a window shares: its frames as the estimator sees them, and where to look. */
export interface PairWindow {
  width: number;
  height: number;
  grid: BlockGrid;
  /** Matching detail of every frame (block matching; frames.ts). */
  detail: Float32Array[];
  /** Contrast-normalised detail of every frame at half the size (coarse search). */
  coarse: Float32Array[];
  /** The motion channel of every frame: what the subject is isolated on. */
  raw: Float32Array[];
  /** Blocks to analyse (1) — the master half of a mirrored frame — or null for all. */
  use: Uint8Array | null;
  /** Working-pixel columns [from, to) the coarse search and the subject are restricted to. */
  columns: [number, number];
  scratch: SubjectScratch;
}

/** Which two frames of the window a pair compares, and the pair before it (whose motion predicts this one's). */
export interface PairFrames {
  first: number;
  second: number;
  previous: PairMotion | null;
}

export function estimatePair(window: PairWindow, { first, second, previous }: PairFrames): PairMotion {
  const { width: w, height: h, grid, use, columns, scratch } = window;
  const a = window.detail[first], b = window.detail[second];
  const ca = window.coarse[first], cb = window.coarse[second];
  const cw = Math.floor(w / COARSE_FACTOR), ch = Math.floor(h / COARSE_FACTOR);
  const last = previous?.valid ? previous : null;
  const previousModel = last?.model ?? null, previousU = last?.u ?? null, previousV = last?.v ?? null;
  const n = grid.n;
  const [coarseFrom, coarseTo] = [Math.floor(columns[0] / COARSE_FACTOR), Math.min(cw, Math.ceil(columns[1] / COARSE_FACTOR))];
  const coarse = cw >= COARSE_MIN_WIDTH && ch >= COARSE_MIN_HEIGHT
    ? coarseShift(ca, cb, cw, ch, coarseFrom, coarseTo,
      Math.round((previousModel?.[0] ?? 0) / COARSE_FACTOR), Math.round((previousModel?.[3] ?? 0) / COARSE_FACTOR))
    : { dx: 0, dy: 0, mad: 0, zeroMad: 0, zeroCost: 0, zeroMax: 0 };
  // The picture moved further than the search reaches (a whip pan): look wider.
  const wide = coarse.mad > WIDE_TRIGGER * coarse.zeroCost ? wideShift(ca, cb, cw, ch, coarseFrom, coarseTo, coarse.mad) : null;
  if (wide) Object.assign(coarse, wide);
  const pair: PairMotion = {
    frame: first, valid: false, coarseDx: COARSE_FACTOR * coarse.dx, coarseDy: COARSE_FACTOR * coarse.dy, coarseMad: coarse.mad, zeroMad: coarse.zeroMad, zeroMax: coarse.zeroMax,
    u: new Float64Array(n), v: new Float64Array(n), wxx: new Float64Array(n), wxy: new Float64Array(n), wyy: new Float64Array(n),
    robust: new Float64Array(n), subjectBlock: new Uint8Array(n), model: new Float64Array(AFFINE_TERMS),
    subject: NO_SUBJECT,
  };
  if (n === 0) return pair;
  const unexplained = new Float64Array(n);
  const unexplainedCount = motionKernels().matchBlocks({
    a, b, width: w, height: h, x0: grid.x0, y0: grid.y0, px: grid.px, py: grid.py, use,
    coarseDx: pair.coarseDx, coarseDy: pair.coarseDy, previousModel, previousU, previousV,
    u: pair.u, v: pair.v, wxx: pair.wxx, wxy: pair.wxy, wyy: pair.wyy, unexplained,
  });
  const lam = new Float64Array(n);
  let info = 0;
  for (let i = 0; i < n; i++) {
    lam[i] = lambdaMax(pair.wxx[i], pair.wxy[i], pair.wyy[i]);
    info += lam[i];
  }
  // A cut or a flash: even the best matches leave most of the detail unexplained.
  if (info < PAIR_MIN_INFORMATION || (unexplainedCount > 0 && median(unexplained.subarray(0, unexplainedCount)) > PAIR_MAX_UNEXPLAINED)) return pair;
  const fit = fitAffine(grid, pair.u, pair.v, pair.wxx, pair.wxy, pair.wyy, null, w, pair.robust);
  pair.model = fit.model;
  pair.valid = true;
  // Blocks the camera model leaves unexplained (kept out of the window's layer statistics).
  const med = weightedQuantile(fit.residual, lam, 0.5);
  const threshold = Math.max(SUBJECT_MIN_RESIDUAL, SUBJECT_RESIDUAL_MEDIANS * (Number.isFinite(med) ? med : 0));
  for (let i = 0; i < n; i++) if (lam[i] >= SUBJECT_BLOCK_MIN_INFORMATION && fit.residual[i] >= threshold) pair.subjectBlock[i] = 1;
  // The subject: pixels the camera model leaves unexplained. Blocks it covers are refitted without
  // (a large, contrasty subject would otherwise pull the camera model along).
  const ra = window.raw[first], rb = window.raw[second];
  pair.subject = estimateSubject(ra, rb, w, h, pair.model, scratch, columns);
  if (pair.subject.pixels > 0 && pair.subject.radius <= SUBJECT_MAX_RADIUS * w && markSubjectBlocks(pair, grid, scratch.mask, w)) {
    const keep = Float64Array.from(pair.subjectBlock, (f) => (f ? 0 : 1));
    const refit = fitAffine(grid, pair.u, pair.v, pair.wxx, pair.wxy, pair.wyy, keep, w, pair.robust);
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const du = refit.model[0] - fit.model[0] + (refit.model[1] - fit.model[1]) * grid.px[i] + (refit.model[2] - fit.model[2]) * grid.py[i];
      const dv = refit.model[3] - fit.model[3] + (refit.model[4] - fit.model[4]) * grid.px[i] + (refit.model[5] - fit.model[5]) * grid.py[i];
      moved = Math.max(moved, Math.hypot(du, dv));
    }
    pair.model = refit.model;
    if (moved > REFIT_MOVED_PX) pair.subject = estimateSubject(ra, rb, w, h, pair.model, scratch, columns);
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
