/**
 * The subject (foreground shape) motion of one frame pair, relative to the camera.
 *
 * 1. Warp the second frame by the pair's camera model (affine, pair.ts) onto the first;
 *    the compensated difference D = |b(p + model(p)) − a(p)| is ~0 on the background.
 * 2. Subject pixels: D > max(SUBJECT_DIFF_MIN, 4 × median D). None → the subject does not move
 *    relative to the camera in this pair (speed 0). More than SUBJECT_MAX_SHARE of the frame → the
 *    camera model does not explain the background (parallax, flash): not measurable.
 * 3. Template = the subject pixels dilated by one pixel, taken from the first frame. Integer SAD
 *    search of its displacement (±SUBJECT_SEARCH working px) in the compensated second frame,
 *    then a robust Lucas–Kanade refinement of translation AND scale about the template's
 *    centroid (so a shape growing or shrinking in place is seen as radial motion).
 * Works for flat-coloured shapes (their edges carry the signal) on textured or flat backgrounds.
 */

import { DIFF_BINS } from '../compensation.js';
import { motionKernels } from '../kernels.js';
import { bilinear, L1_EPS, LK_ITERATIONS, solve3 } from './lk.js';

export const SUBJECT_DIFF_MIN = 8;
export const SUBJECT_MIN_PIXELS = 6;
export const SUBJECT_MAX_SHARE = 0.25;
export const BORDER = 2;
/** A camera model moving no pixel by more than this (working px) is applied as the identity. */
const IDENTITY_PX = 0.02;

export interface SubjectMotion {
  /** False when the camera model leaves too much unexplained to isolate a subject. */
  measurable: boolean;
  /** Subject pixels found (0 = nothing moves relative to the camera). */
  pixels: number;
  /** Translation relative to the camera, working px / frame. */
  vx: number;
  vy: number;
  /** Relative scale change per frame about the subject's centroid. */
  scale: number;
  /** rms radius of the subject pixels about their centroid, working px. */
  radius: number;
  /** Centroid of the subject pixels, working px. */
  cx: number;
  cy: number;
}

export interface SubjectScratch {
  warped: Float32Array;
  inside: Uint8Array;
  mask: Uint8Array;
  diff: Float32Array;
  template: Int32Array;
  templateX: Int32Array;
  templateY: Int32Array;
  hist: Uint32Array;
  offset: Int32Array;
}

export function subjectScratch(size: number): SubjectScratch {
  return {
    warped: new Float32Array(size), inside: new Uint8Array(size), mask: new Uint8Array(size), diff: new Float32Array(size),
    template: new Int32Array(size), templateX: new Int32Array(size), templateY: new Int32Array(size), hist: new Uint32Array(DIFF_BINS), offset: new Int32Array(2),
  };
}

export const NO_SUBJECT: SubjectMotion = { measurable: true, pixels: 0, vx: 0, vy: 0, scale: 0, radius: 0, cx: 0, cy: 0 };

export function estimateSubject(a: Float32Array, b: Float32Array, w: number, h: number, m: Float64Array,
  s: SubjectScratch = subjectScratch(w * h), columns: [number, number] = [0, w]): SubjectMotion {
  const colFrom = Math.max(BORDER, columns[0]), colTo = Math.min(w - BORDER, columns[1]);
  const size = w * h;
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  const { warped, inside, mask, diff } = s;
  const identity = Math.abs(m[0]) + Math.abs(m[3]) + (Math.abs(m[1]) + Math.abs(m[2]) + Math.abs(m[4]) + Math.abs(m[5])) * Math.max(cx, cy) < IDENTITY_PX;
  const hist = s.hist;
  const valid = motionKernels().compensate({ a, b, width: w, height: h, model: m, identity, warped, inside, diff, hist });
  if (valid < size / 4) return { ...NO_SUBJECT, measurable: false };
  let acc = 0, med = 0;
  for (let i = 0; i < DIFF_BINS; i++) { acc += hist[i]; if (acc >= valid / 2) { med = i + 0.5; break; } }
  const tau = Math.max(SUBJECT_DIFF_MIN, 4 * med);
  let count = 0, sx = 0, sy = 0, x0 = w, x1 = 0, y0 = h, y1 = 0;
  mask.fill(0);
  for (let y = BORDER; y < h - BORDER; y++) {
    for (let x = colFrom; x < colTo; x++) {
      const p = y * w + x;
      if (inside[p] && diff[p] > tau) {
        mask[p] = 1; count++; sx += x; sy += y;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (count < SUBJECT_MIN_PIXELS) return NO_SUBJECT;
  if (count > SUBJECT_MAX_SHARE * valid * ((colTo - colFrom) / w)) return { ...NO_SUBJECT, measurable: false };
  const ox = sx / count, oy = sy / count;
  let r2 = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (mask[y * w + x] === 1) r2 += (x - ox) ** 2 + (y - oy) ** 2;
  const radius = Math.sqrt(r2 / count);
  // Template: subject pixels dilated by one (kept inside the image and the warp).
  const tpl = s.template, tx = s.templateX, ty = s.templateY;
  let nt = 0;
  for (let y = Math.max(1, y0 - 1); y <= Math.min(h - 2, y1 + 1); y++) {
    for (let x = Math.max(1, x0 - 1); x <= Math.min(w - 2, x1 + 1); x++) {
      const p = y * w + x;
      if (!inside[p]) continue;
      if (mask[p] || mask[p - 1] || mask[p + 1] || mask[p - w] || mask[p + w] || mask[p - w - 1] || mask[p - w + 1] || mask[p + w - 1] || mask[p + w + 1]) {
        tpl[nt] = p; tx[nt] = x; ty[nt] = y; nt++;
      }
    }
  }
  // Integer search: a step-2 grid over ±SUBJECT_SEARCH, then the 8 neighbours of its best.
  motionKernels().searchTemplate({ a, warped, inside, width: w, height: h, template: tpl, templateX: tx, templateY: ty, count: nt, offset: s.offset });
  const bvx = s.offset[0], bvy = s.offset[1];
  // Robust Lucas–Kanade on (vx, vy, scale) with the template's gradients.
  let vx = bvx, vy = bvy, sc = 0;
  for (let it = 0; it < LK_ITERATIONS; it++) {
    const H = [0, 0, 0, 0, 0, 0]; // symmetric 3×3: 00 01 02 11 12 22
    const g = [0, 0, 0];
    for (let k = 0; k < nt; k++) {
      const p = tpl[k], x = tx[k], y = ty[k];
      const X = x - ox, Y = y - oy;
      const qx = x + vx + sc * X, qy = y + vy + sc * Y;
      if (qx < 0 || qy < 0 || qx >= w - 1 || qy >= h - 1) continue;
      const q0 = Math.floor(qy) * w + Math.floor(qx);
      if (!inside[q0] || !inside[q0 + 1] || !inside[q0 + w] || !inside[q0 + w + 1]) continue;
      const r = bilinear(warped, w, qx, qy) - a[p];
      const ix = 0.5 * (a[p + 1] - a[p - 1]), iy = 0.5 * (a[p + w] - a[p - w]);
      const js = ix * X + iy * Y;
      // Iteratively reweighted towards an L1 fit: the subject's edges (the majority of the
      // template's gradient) win and static background pixels inside the template do not drag
      // the estimate towards zero as a least-squares fit would.
      const wt = it === 0 ? 1 : 1 / (Math.abs(r) + L1_EPS);
      H[0] += wt * ix * ix; H[1] += wt * ix * iy; H[2] += wt * ix * js;
      H[3] += wt * iy * iy; H[4] += wt * iy * js; H[5] += wt * js * js;
      g[0] += wt * ix * r; g[1] += wt * iy * r; g[2] += wt * js * r;
    }
    const reg = 1e-3 * (H[0] + H[3]) + 1e-6;
    const M = [[H[0] + reg, H[1], H[2]], [H[1], H[3] + reg, H[4]], [H[2], H[4], H[5] + reg * radius * radius + 1e-6]];
    const d = solve3(M, [-g[0], -g[1], -g[2]]);
    if (!d) break;
    vx += Math.max(-1, Math.min(1, d[0]));
    vy += Math.max(-1, Math.min(1, d[1]));
    sc += Math.max(-0.2, Math.min(0.2, d[2]));
    if (it > 0 && Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) * radius < 0.005) break;
  }
  return { measurable: true, pixels: count, vx, vy, scale: sc, radius, cx: ox, cy: oy };
}
