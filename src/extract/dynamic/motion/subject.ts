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
import { addTerm, bilinear, clampTo, l1Weight, LK_CONVERGED_PX, LK_ITERATIONS, LK_MAX_STEP_PX, LK_RIDGE_MIN, lkStep, normalEquations } from './lk.js';

/** A subject pixel differs from the background by more than max(SUBJECT_DIFF_MIN, DIFF_MEDIANS × the median difference). */
export const SUBJECT_DIFF_MIN = 8;
export const DIFF_MEDIANS = 4;
/** Fewer subject pixels than this: nothing moves; more than SUBJECT_MAX_SHARE of the picture: not measurable. */
export const SUBJECT_MIN_PIXELS = 6;
export const SUBJECT_MAX_SHARE = 0.25;
/** Pixels this close to the frame's edge are left out of the subject. */
export const BORDER = 2;
/** The camera-compensated frame must cover this share of the picture for a subject to be measured. */
const SUBJECT_MIN_DEFINED = 0.25;
/** The scale changes by at most this much per Lucas–Kanade step. */
const SCALE_STEP = 0.2;
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

/** Median of the values a histogram of unit bins counts (`total` of them): its bin's centre. */
export function histogramMedian(hist: Uint32Array, total: number): number {
  let acc = 0;
  for (let i = 0; i < hist.length; i++) { acc += hist[i]; if (acc >= total / 2) return i + 0.5; }
  return 0;
}

export function estimateSubject(a: Float32Array, b: Float32Array, w: number, h: number, m: Float64Array,
  s: SubjectScratch = subjectScratch(w * h), columns: [number, number] = [0, w]): SubjectMotion {
  const colFrom = Math.max(BORDER, columns[0]), colTo = Math.min(w - BORDER, columns[1]);
  const size = w * h;
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  const { warped, inside, diff, hist } = s;
  const identity = Math.abs(m[0]) + Math.abs(m[3]) + (Math.abs(m[1]) + Math.abs(m[2]) + Math.abs(m[4]) + Math.abs(m[5])) * Math.max(cx, cy) < IDENTITY_PX;
  const valid = motionKernels().compensate({ a, b, width: w, height: h, model: m, identity, warped, inside, diff, hist });
  if (valid < SUBJECT_MIN_DEFINED * size) return { ...NO_SUBJECT, measurable: false };
  const tau = Math.max(SUBJECT_DIFF_MIN, DIFF_MEDIANS * histogramMedian(hist, valid));
  const found = subjectMask(s, w, h, colFrom, colTo, tau);
  const { count } = found;
  if (count < SUBJECT_MIN_PIXELS) return NO_SUBJECT;
  if (count > SUBJECT_MAX_SHARE * valid * ((colTo - colFrom) / w)) return { ...NO_SUBJECT, measurable: false };
  const ox = found.sx / count, oy = found.sy / count;
  let r2 = 0;
  for (let y = found.y0; y <= found.y1; y++) for (let x = found.x0; x <= found.x1; x++) if (s.mask[y * w + x] === 1) r2 += (x - ox) ** 2 + (y - oy) ** 2;
  const radius = Math.sqrt(r2 / count);
  const nt = subjectTemplate(s, w, h, found);
  // Integer search: a step-2 grid over ±SUBJECT_SEARCH, then the 8 neighbours of its best.
  motionKernels().searchTemplate({ a, warped, inside, width: w, height: h, template: s.template, templateX: s.templateX, templateY: s.templateY, count: nt, offset: s.offset });
  const { vx, vy, sc } = fitSubject(a, s, w, h, nt, ox, oy, radius);
  return { measurable: true, pixels: count, vx, vy, scale: sc, radius, cx: ox, cy: oy };
}

interface SubjectPixels { count: number; sx: number; sy: number; x0: number; x1: number; y0: number; y1: number }

/** Marks the pixels whose compensated difference exceeds tau in s.mask: their count, coordinate sums and bounding box. */
function subjectMask(s: SubjectScratch, w: number, h: number, colFrom: number, colTo: number, tau: number): SubjectPixels {
  const { inside, diff, mask } = s;
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
  return { count, sx, sy, x0, x1, y0, y1 };
}

/** Template: the subject pixels dilated by one (kept inside the image and the warp), into s.template; their count. */
function subjectTemplate(s: SubjectScratch, w: number, h: number, { x0, x1, y0, y1 }: SubjectPixels): number {
  const { inside, mask, template: tpl, templateX: tx, templateY: ty } = s;
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
  return nt;
}

/**
 * Robust Lucas–Kanade on (vx, vy, scale) with the template's gradients, from the integer search's
 * offset (s.offset); the scale is about the subject's centroid (ox, oy).
 */
function fitSubject(a: Float32Array, s: SubjectScratch, w: number, h: number, nt: number, ox: number, oy: number, radius: number):
  { vx: number; vy: number; sc: number } {
  const { warped, inside, template: tpl, templateX: tx, templateY: ty } = s;
  let vx = s.offset[0], vy = s.offset[1], sc = 0;
  for (let it = 0; it < LK_ITERATIONS; it++) {
    const eq = normalEquations();
    for (let k = 0; k < nt; k++) {
      const p = tpl[k], x = tx[k], y = ty[k];
      const X = x - ox, Y = y - oy;
      const qx = x + vx + sc * X, qy = y + vy + sc * Y;
      if (qx < 0 || qy < 0 || qx >= w - 1 || qy >= h - 1) continue;
      const q0 = Math.floor(qy) * w + Math.floor(qx);
      if (!inside[q0] || !inside[q0 + 1] || !inside[q0 + w] || !inside[q0 + w + 1]) continue;
      const r = bilinear(warped, w, qx, qy) - a[p];
      const ix = 0.5 * (a[p + 1] - a[p - 1]), iy = 0.5 * (a[p + w] - a[p - w]);
      addTerm(eq, l1Weight(it, r), ix, iy, ix * X + iy * Y, r);
    }
    const d = lkStep(eq, (reg) => eq.H[5] + reg * radius * radius + LK_RIDGE_MIN);
    if (!d) break;
    vx += clampTo(d[0], LK_MAX_STEP_PX);
    vy += clampTo(d[1], LK_MAX_STEP_PX);
    sc += clampTo(d[2], SCALE_STEP);
    if (it > 0 && Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) * radius < LK_CONVERGED_PX) break;
  }
  return { vx, vy, sc };
}
