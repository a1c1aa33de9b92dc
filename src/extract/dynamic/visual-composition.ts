import type { DynamicValue } from './types.js';
import { prepared, type PreparedWindow, type WindowInput } from './visual-prep.js';
import { BALANCE_MIN_OFFSET_DOWN, BALANCE_MIN_OFFSET_UP, BALANCE_MIN_OFFSET_X } from '../../canon/composition.js';

/**
 * composition_balance and composition_symmetry from the DETAIL of the window's sampled frames:
 * d = L − box(L) (luma minus its (2·DETAIL_RADIUS+1)² box blur), so that a smooth backdrop
 * gradient, which would dominate raw luma, does not decide either.
 *
 * Balance: centre of mass of the detail energy |d| (texture contrast, edges of the subject, a lit
 * area's edge). Offsets are fractions of width/height from the centre (±0.5). balanced when
 * |x offset| < BALANCE_MIN_OFFSET_X and the y offset lies between −BALANCE_MIN_OFFSET_UP and
 * BALANCE_MIN_OFFSET_DOWN (texture density differs between a layered scene's bands, so the vertical
 * bars are higher; the near, bottom layer is the densest, so an even frame's centre sits ≈ 0.03 low
 * and the bar below is the higher one), otherwise the axis with the larger offset relative to its
 * bar decides:
 * left_heavy / right_heavy / top_heavy / bottom_heavy (the renderer weights the texture by
 * BALANCE_WEIGHT and anchors the subject at ANCHORS, src/canon/composition.ts). A
 * left-right mirror (bilateral) cannot be left or right heavy: it reads balanced or top/bottom.
 *
 * Symmetry: m = Σ|d(x,y) − d(w−1−x,y)| / (2 Σ|d| + ε), ε = MIRROR_FLOOR per pixel — 0 for a mirror image, ≈ 0.7 for unrelated
 * halves, ≈ 0.2 when one half is 0.7 × the mirrored other + 0.3 × its own content.
 * bilateral when m ≤ BILATERAL_MAX, slight when m ≤ SLIGHT_MAX, else asymmetric.
 */

export const DETAIL_RADIUS = 2;
/** Mean |detail| (grey levels) below which symmetry is judged on the mean luma instead. */
export const MIN_DETAIL = 0.5;
export const BILATERAL_MAX = 0.12;
export const SLIGHT_MAX = 0.35;
/** ε of the mirror score, grey levels per pixel: a picture with almost no detail does not read as asymmetric. */
const MIRROR_FLOOR = 0.5;
/** The right half is the master half of a mirrored picture only with this many times the left's detail (left on a near tie). */
const MASTER_HALF_MARGIN = 1.05;

export interface CompositionStats {
  /** Centre-of-mass offsets of the detail energy, fractions of width / height (negative = left / top). */
  offsetX: number;
  offsetY: number;
  /** Normalised mirror difference of the detail (0 = perfect left-right mirror). */
  mirror: number;
  /** Detail energy per pixel in the left and right halves. */
  detailLeft: number;
  detailRight: number;
}

const cache = new WeakMap<PreparedWindow, CompositionStats>();

/** l − box blur of l (radius r, edges clamped), into out. */
export function detail(l: Float32Array, w: number, h: number, r: number, out = new Float32Array(w * h), tmp = new Float32Array(w * h)): Float32Array {
  const norm = 1 / (2 * r + 1);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s = 0;
    for (let k = -r; k <= r; k++) s += l[row + Math.min(w - 1, Math.max(0, k))];
    for (let x = 0; x < w; x++) {
      tmp[row + x] = s * norm;
      s += l[row + Math.min(w - 1, x + r + 1)] - l[row + Math.max(0, x - r)];
    }
  }
  for (let x = 0; x < w; x++) {
    let s = 0;
    for (let k = -r; k <= r; k++) s += tmp[Math.min(h - 1, Math.max(0, k)) * w + x];
    for (let y = 0; y < h; y++) {
      out[y * w + x] = l[y * w + x] - s * norm;
      s += tmp[Math.min(h - 1, y + r + 1) * w + x] - tmp[Math.max(0, y - r) * w + x];
    }
  }
  return out;
}

export function compositionStats(input: WindowInput): CompositionStats {
  const p = prepared(input);
  const hit = cache.get(p);
  if (hit) return hit;
  const { width: w, height: h } = p;
  const d = new Float32Array(w * h), tmp = new Float32Array(w * h);
  let m = 0, mx = 0, my = 0, diff = 0, left = 0, right = 0;
  const half = w / 2;
  for (const l of p.luma) {
    detail(l, w, h, DETAIL_RADIUS, d, tmp);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = d[y * w + x];
        const e = Math.abs(v);
        m += e; mx += e * x; my += e * y;
        if (x + 0.5 < half) left += e; else if (x + 0.5 > half) right += e;
        diff += Math.abs(v - d[y * w + (w - 1 - x)]);
      }
    }
  }
  const frames = Math.max(1, p.samples.length);
  const perHalf = frames * h * Math.floor(w / 2);
  // Without detail to speak of, symmetry is judged on the mean luma itself.
  let mirror = diff / (2 * m + MIRROR_FLOOR * frames * w * h);
  if (m / (frames * w * h) < MIN_DETAIL) {
    const l = p.meanLuma;
    let mean = 0;
    for (let i = 0; i < w * h; i++) mean += l[i];
    mean /= w * h;
    let rd = 0, dev = 0;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      rd += Math.abs(l[y * w + x] - l[y * w + (w - 1 - x)]);
      dev += Math.abs(l[y * w + x] - mean);
    }
    mirror = rd / (2 * dev + MIRROR_FLOOR * w * h);
  }
  const stats: CompositionStats = {
    offsetX: m > 0 ? (mx / m - (w - 1) / 2) / w : 0,
    offsetY: m > 0 ? (my / m - (h - 1) / 2) / h : 0,
    mirror,
    detailLeft: perHalf > 0 ? left / perHalf : 0,
    detailRight: perHalf > 0 ? right / perHalf : 0,
  };
  cache.set(p, stats);
  return stats;
}

/** Mirror score at or below which a picture is read on its master half only (composition_symmetry slight or bilateral). */
export const MIRROR_MAX = SLIGHT_MAX;

/**
 * The half a left-right mirrored picture is read on: 'none' when it is not mirrored, else the half
 * with more detail energy (left unless the right has MASTER_HALF_MARGIN times as much); a partial mirror blends the copy down.
 */
export function mirrorHalf(input: WindowInput): { half: 'none' | 'left' | 'right'; mirror: number } {
  const c = compositionStats(input);
  if (c.mirror > MIRROR_MAX) return { half: 'none', mirror: c.mirror };
  return { half: c.detailRight > MASTER_HALF_MARGIN * c.detailLeft ? 'right' : 'left', mirror: c.mirror };
}

export function classifyBalance(s: CompositionStats): string {
  const ax = Math.abs(s.offsetX) / BALANCE_MIN_OFFSET_X, ay = Math.abs(s.offsetY) / (s.offsetY < 0 ? BALANCE_MIN_OFFSET_UP : BALANCE_MIN_OFFSET_DOWN);
  if (ax < 1 && ay < 1) return 'balanced';
  if (ax >= ay) return s.offsetX < 0 ? 'left_heavy' : 'right_heavy';
  return s.offsetY < 0 ? 'top_heavy' : 'bottom_heavy';
}

export function classifySymmetry(s: CompositionStats): string {
  return s.mirror <= BILATERAL_MAX ? 'bilateral' : s.mirror <= SLIGHT_MAX ? 'slight' : 'asymmetric';
}

export function analyzeComposition(input: WindowInput): DynamicValue[] {
  const s = compositionStats(input);
  return [
    { domain: 'composition_balance', value: classifyBalance(s) },
    { domain: 'composition_symmetry', value: classifySymmetry(s) },
  ];
}
