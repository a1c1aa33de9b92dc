/**
 * The robust Lucas–Kanade pieces shared by the pair's subject (subject.ts) and the static-camera
 * track's registration (refine.ts): the L1-reweighted normal equations on translation and scale
 * about a template's centre, their regularised step, and bilinear sampling.
 */

/**
 * Iteratively reweighted towards an L1 fit: after the first pass a residual r weighs
 * 1 / (|r| + L1_EPS), so the subject's edges (most of a template's gradient) win and static
 * background pixels inside the template do not drag the estimate towards zero as a least-squares
 * fit would.
 */
export const L1_EPS = 2;
/** Passes of the pair's subject fit (the track's registration takes a few more). */
export const LK_ITERATIONS = 6;
/** Ridge on the translation terms, of their summed weight, plus LK_RIDGE_MIN (which keeps the solve regular). */
const LK_RIDGE = 1e-3;
export const LK_RIDGE_MIN = 1e-6;
/** A step moves the translation at most this far per iteration, working px. */
export const LK_MAX_STEP_PX = 1;
/** Converged once a step moves the template less than this, working px. */
export const LK_CONVERGED_PX = 0.005;
/** A determinant below this leaves the equations singular. */
const SINGULAR_DET = 1e-12;

/**
 * Normal equations of the fit of translation and scale (about the template's centre): H symmetric
 * 3×3 as 00 01 02 11 12 22, and g.
 */
export interface NormalEquations {
  H: number[];
  g: number[];
}

export const normalEquations = (): NormalEquations => ({ H: [0, 0, 0, 0, 0, 0], g: [0, 0, 0] });

/** The weight of a residual in iteration `it` (see L1_EPS). */
export const l1Weight = (it: number, r: number): number => (it === 0 ? 1 : 1 / (Math.abs(r) + L1_EPS));

/** Adds one pixel's term: gradient (ix, iy), its scale Jacobian js, residual r, weight wt. */
export function addTerm({ H, g }: NormalEquations, wt: number, ix: number, iy: number, js: number, r: number): void {
  H[0] += wt * ix * ix; H[1] += wt * ix * iy; H[2] += wt * ix * js;
  H[3] += wt * iy * iy; H[4] += wt * iy * js; H[5] += wt * js * js;
  g[0] += wt * ix * r; g[1] += wt * iy * r; g[2] += wt * js * r;
}

/**
 * The step (dx, dy, ds) of the regularised equations; `scaleDiagonal` gives the scale term's
 * diagonal from the translation ridge. Null when singular.
 */
export function lkStep({ H, g }: NormalEquations, scaleDiagonal: (ridge: number) => number): number[] | null {
  const reg = LK_RIDGE * (H[0] + H[3]) + LK_RIDGE_MIN;
  return solve3([[H[0] + reg, H[1], H[2]], [H[1], H[3] + reg, H[4]], [H[2], H[4], scaleDiagonal(reg)]], [-g[0], -g[1], -g[2]]);
}

/** x limited to ±limit. */
export const clampTo = (x: number, limit: number): number => Math.max(-limit, Math.min(limit, x));

/** img at (x, y), interpolated from its four neighbouring pixels (which must lie inside). */
export function bilinear(img: Float32Array, w: number, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const ax = x - x0, ay = y - y0;
  const p = y0 * w + x0;
  const top = img[p] + ax * (img[p + 1] - img[p]);
  const bottom = img[p + w] + ax * (img[p + w + 1] - img[p + w]);
  return top + ay * (bottom - top);
}

function solve3(m: number[][], r: number[]): number[] | null {
  const det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  if (!Number.isFinite(det) || Math.abs(det) < SINGULAR_DET) return null;
  const inv = (a: number[][]): number[][] => [
    [a[1][1] * a[2][2] - a[1][2] * a[2][1], a[0][2] * a[2][1] - a[0][1] * a[2][2], a[0][1] * a[1][2] - a[0][2] * a[1][1]],
    [a[1][2] * a[2][0] - a[1][0] * a[2][2], a[0][0] * a[2][2] - a[0][2] * a[2][0], a[0][2] * a[1][0] - a[0][0] * a[1][2]],
    [a[1][0] * a[2][1] - a[1][1] * a[2][0], a[0][1] * a[2][0] - a[0][0] * a[2][1], a[0][0] * a[1][1] - a[0][1] * a[1][0]],
  ];
  const i = inv(m);
  return [0, 1, 2].map((k) => (i[k][0] * r[0] + i[k][1] * r[1] + i[k][2] * r[2]) / det);
}
