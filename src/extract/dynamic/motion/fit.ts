/**
 * Robust (Cauchy IRLS) information-weighted fits of block flow (steps 4 of field.ts): the affine
 * model of a pair or a window, and the similarity of one band of the picture. Each block weighs by
 * its 2×2 information matrix, so a block that only sees one direction constrains only that one.
 */

import type { BlockGrid } from '../block-match.js';
import { solve, weightedQuantile } from '../visual-prep.js';

/** Floor of the IRLS residual scale, working px. */
export const RESIDUAL_MIN = 0.3;
/** Scale of the Cauchy weight 1 / (1 + (r / scale)²), in weighted-median residuals. */
const CAUCHY_SCALE = 2.5;
/** IRLS passes of the affine and the similarity fit. */
const AFFINE_ITERATIONS = 4;
const SIMILARITY_ITERATIONS = 3;
/**
 * Ridge on the linear terms (scale, rotation, shear): RIDGE of the total weight placed RIDGE_LEVER
 * times closer to the centre than `scaleRef` (the width), so a few blocks near the centre cannot
 * swing them. The translation gets TRANSLATION_RIDGE of the weight, to keep the solve regular.
 */
const RIDGE = 1e-2;
const RIDGE_LEVER = 4;
const TRANSLATION_RIDGE = 1e-6;
/** Information below which a block has no direction to measure its residual in. */
const NO_INFORMATION = 1e-9;
/** Terms of the affine model (a0 a1 a2 b0 b1 b2) and of the similarity (tx ty s θ). */
export const AFFINE_TERMS = 6;
const SIMILARITY_TERMS = 4;

/** Largest eigenvalue of the symmetric 2×2 information matrix [[a, c], [c, b]]. */
export function lambdaMax(a: number, c: number, b: number): number {
  return (a + b) / 2 + Math.sqrt(((a - b) / 2) ** 2 + c * c);
}

const linearRidge = (total: number, scaleRef: number): number => RIDGE * total * (scaleRef / RIDGE_LEVER) ** 2;

/** The Cauchy weight's scale from the weighted median residual (none: the floor). */
const irlsScale = (median: number): number => Math.max(RESIDUAL_MIN, CAUCHY_SCALE * (Number.isFinite(median) ? median : 0));

/** Magnitude of a block's residual (ru, rv) in its informative directions, working px. */
function informedResidual(wxx: number, wxy: number, wyy: number, ru: number, rv: number, l = lambdaMax(wxx, wxy, wyy)): number {
  return l > NO_INFORMATION ? Math.sqrt(Math.max(0, wxx * ru * ru + 2 * wxy * ru * rv + wyy * rv * rv) / l) : 0;
}

/**
 * Robust information-weighted affine fit. Weights per block are the 2×2 matrices (wxx, wxy, wyy)
 * times `extra`; `robust` receives the final IRLS weights. Returns the model (a0 a1 a2 b0 b1 b2)
 * and the per-block residual magnitudes in the informative directions.
 */
export function fitAffine(grid: BlockGrid, u: ArrayLike<number>, v: ArrayLike<number>, wxx: ArrayLike<number>, wxy: ArrayLike<number>,
  wyy: ArrayLike<number>, extra: ArrayLike<number> | null, scaleRef: number, robust: Float64Array, iterations = AFFINE_ITERATIONS,
): { model: Float64Array; residual: Float64Array; scale: number } {
  const n = grid.n;
  const model = new Float64Array(AFFINE_TERMS);
  const residual = new Float64Array(n);
  const lam = new Float64Array(n);
  for (let i = 0; i < n; i++) { robust[i] = 1; lam[i] = lambdaMax(wxx[i], wxy[i], wyy[i]) * (extra ? extra[i] : 1); }
  let scale = RESIDUAL_MIN;
  const H = Array.from({ length: AFFINE_TERMS }, () => new Array<number>(AFFINE_TERMS).fill(0));
  const g = new Array<number>(AFFINE_TERMS).fill(0);
  const moments = 6; // 1, x, y, xx, xy, yy
  const ma = new Float64Array(moments), mc = new Float64Array(moments), mb = new Float64Array(moments);
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
    const ridge = linearRidge(total, scaleRef);
    for (const d of [1, 2, 4, 5]) H[d][d] += ridge;
    H[0][0] += TRANSLATION_RIDGE * total;
    H[3][3] += TRANSLATION_RIDGE * total;
    const x = solve(H, g);
    if (!x) return { model, residual, scale };
    model.set(x);
    for (let i = 0; i < n; i++) {
      const ru = u[i] - (x[0] + x[1] * grid.px[i] + x[2] * grid.py[i]);
      const rv = v[i] - (x[3] + x[4] * grid.px[i] + x[5] * grid.py[i]);
      residual[i] = informedResidual(wxx[i], wxy[i], wyy[i], ru, rv);
    }
    scale = irlsScale(weightedQuantile(residual, lam, 0.5));
    for (let i = 0; i < n; i++) robust[i] = 1 / (1 + (residual[i] / scale) ** 2);
  }
  return { model, residual, scale };
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
  for (let it = 0; it < SIMILARITY_ITERATIONS; it++) {
    const H = Array.from({ length: SIMILARITY_TERMS }, () => new Array<number>(SIMILARITY_TERMS).fill(0));
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
      for (let r = 0; r < SIMILARITY_TERMS; r++) {
        g[r] += ju[r] * gu + jv[r] * gv;
        for (let q = 0; q < SIMILARITY_TERMS; q++) H[r][q] += a * ju[r] * ju[q] + c * (ju[r] * jv[q] + jv[r] * ju[q]) + b * jv[r] * jv[q];
      }
    }
    if (total <= 0) return { params, weight: 0 };
    const ridge = linearRidge(total, scaleRef);
    H[2][2] += ridge; H[3][3] += ridge; H[0][0] += TRANSLATION_RIDGE * total; H[1][1] += TRANSLATION_RIDGE * total;
    const x = solve(H, g);
    if (!x) return { params, weight: 0 };
    params = x;
    const res: number[] = [], lam: number[] = [], idx: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!select(i)) continue;
      const X = grid.px[i], Y = grid.py[i];
      const ru = u[i] - (x[0] + x[2] * X - x[3] * Y), rv = v[i] - (x[1] + x[3] * X + x[2] * Y);
      const l = lambdaMax(wxx[i], wxy[i], wyy[i]);
      res.push(informedResidual(wxx[i], wxy[i], wyy[i], ru, rv, l));
      lam.push(l); idx.push(i);
    }
    const scale = irlsScale(weightedQuantile(res, lam, 0.5));
    weight = 0;
    for (let k = 0; k < idx.length; k++) {
      robust[idx[k]] = 1 / (1 + (res[k] / scale) ** 2);
      weight += lam[k] * robust[idx[k]];
    }
  }
  return { params, weight };
}
