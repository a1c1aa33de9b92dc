import type { DynamicValue } from './types.js';
import { prepared, type PreparedWindow, type WindowInput } from './visual-prep.js';
import { compositionStats, SLIGHT_MAX } from './visual-composition.js';
import { FLAT_MAX_STD, HIGH_MIN_STD, WARM_MIN_RB } from '../../canon/light.js';

/**
 * lighting_contrast_ratio and lighting_color_temperature from the window's sampled frames
 * (working resolution, luma 0–255).
 *
 * Contrast:
 * - chiaroscuro: a pool of light in a dark surround. On the mean luma field (box-blurred), around
 *   the centroid of its brightest CHIARO_TOP_SHARE of pixels (x folded about the centre when the
 *   picture is mirrored, so mirrored twin spots coincide): the mean luma beyond CHIARO_OUTER of the
 *   half-diagonal is ≤ CHIARO_MAX_RATIO × the mean within CHIARO_INNER, and the surround is dark
 *   (≤ CHIARO_DARK_LUMA), and the lit area (≥ LIT_SHARE_OF_SPOT of the spot's level) is a round pool (the ratio of
 *   its rms extents along x and y ≤ CHIARO_MAX_ELONGATION; a band across the frame is high contrast
 *   instead). Renderer: a spot on the balance point, the periphery at ~6 %.
 * - otherwise by the pooled luma standard deviation: flat < FLAT_MAX_STD ≤ normal < HIGH_MIN_STD ≤
 *   high (the renderer grades to CONTRAST_STD, src/canon/light.ts).
 * Temperature, from the mean colour: mean(R − B) ≥ WARM_MIN_RB → warm, ≤ −WARM_MIN_RB → cool, else
 * neutral (the renderer grades to TEMPERATURE_RB). The palette counts: the grade must overcome it.
 */

export const CHIARO_TOP_SHARE = 0.05;
export const CHIARO_INNER = 0.15;
export const CHIARO_OUTER = 0.55;
export const CHIARO_MAX_RATIO = 0.3;
export const CHIARO_DARK_LUMA = 40;
export const CHIARO_MAX_ELONGATION = 1.8;
/** Radius (working px) of the box blur of the mean luma field the spot is found on. */
const SPOT_BLUR_RADIUS = 2;
/** The lit area is where the blurred field reaches this share of the spot's level. */
const LIT_SHARE_OF_SPOT = 0.5;
/** Floor of the lit area's smaller squared extent (a line of pixels has none across). */
const EXTENT_FLOOR = 1e-9;

export interface LightingStats {
  p5: number;
  p50: number;
  p95: number;
  /** Pooled luma standard deviation. */
  std: number;
  /** Mean blurred luma near the brightest area and beyond CHIARO_OUTER of the half-diagonal from it. */
  spot: number;
  surround: number;
  /** Ratio of the lit area's larger to smaller rms extent (x folded when mirrored): 1 for a disc, large for a band. */
  elongation: number;
  /** mean(R − B), grey levels. */
  redBlue: number;
}

function boxBlur(l: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(w * h), out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let s = 0, c = 0;
    for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) { s += l[y * w + k]; c++; }
    tmp[y * w + x] = s / c;
  }
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) {
    let s = 0, c = 0;
    for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) { s += tmp[k * w + x]; c++; }
    out[y * w + x] = s / c;
  }
  return out;
}

const cache = new WeakMap<PreparedWindow, LightingStats>();

export function lightingStats(input: WindowInput): LightingStats {
  const p = prepared(input);
  const hit = cache.get(p);
  if (hit) return hit;
  const { width: w, height: h } = p;
  const plane = w * h;
  const hist = new Float64Array(256);
  let count = 0, sum = 0, sum2 = 0;
  for (const l of p.luma) {
    for (let k = 0; k < plane; k++) {
      const y = l[k];
      hist[Math.min(255, Math.max(0, Math.round(y)))] += 1;
      sum += y; sum2 += y * y;
      count++;
    }
  }
  const pct = (q: number): number => {
    if (count === 0) return 0;
    const target = q * count;
    let acc = 0;
    for (let v = 0; v < 256; v++) { acc += hist[v]; if (acc >= target) return v; }
    return 255;
  };
  const mean = count ? sum / count : 0;
  // The spot: centroid of the brightest pixels of the blurred mean field (folded when mirrored).
  const mirrored = compositionStats(p).mirror <= SLIGHT_MAX;
  const cxm = (w - 1) / 2;
  const fold = (x: number): number => (mirrored ? cxm + Math.abs(x - cxm) : x);
  const field = boxBlur(p.meanLuma, w, h, SPOT_BLUR_RADIUS);
  const sorted = Float32Array.from(field).sort();
  const cut = sorted[Math.floor((1 - CHIARO_TOP_SHARE) * (plane - 1))];
  let sx = 0, sy = 0, n = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (field[y * w + x] >= cut) { sx += fold(x); sy += y; n++; }
  const ox = n ? sx / n : cxm, oy = n ? sy / n : (h - 1) / 2;
  const half = Math.hypot(w, h) / 2;
  let inner = 0, ni = 0, outer = 0, no = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const dx = fold(x) - ox, dy = y - oy;
    const d = Math.sqrt(dx * dx + dy * dy) / half;
    if (d <= CHIARO_INNER) { inner += field[y * w + x]; ni++; } else if (d >= CHIARO_OUTER) { outer += field[y * w + x]; no++; }
  }
  // Shape of the lit area: a round pool, not a band across the frame.
  const spot = ni ? inner / ni : 0;
  let lx = 0, ly = 0, lc = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (field[y * w + x] >= LIT_SHARE_OF_SPOT * spot) { lx += fold(x); ly += y; lc++; }
  let vx = 0, vy = 0;
  if (lc > 0) {
    lx /= lc; ly /= lc;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (field[y * w + x] >= LIT_SHARE_OF_SPOT * spot) { vx += (fold(x) - lx) ** 2; vy += (y - ly) ** 2; }
  }
  const elongation = lc > 0 ? Math.sqrt(Math.max(vx, vy) / Math.max(EXTENT_FLOOR, Math.min(vx, vy))) : Infinity;
  let r = 0, b = 0;
  for (let k = 0; k < plane; k++) { r += p.rgb[k]; b += p.rgb[2 * plane + k]; }
  const stats: LightingStats = {
    p5: pct(0.05), p50: pct(0.5), p95: pct(0.95), std: count ? Math.sqrt(Math.max(0, sum2 / count - mean * mean)) : 0,
    spot, surround: no ? outer / no : 0, elongation, redBlue: (r - b) / plane,
  };
  cache.set(p, stats);
  return stats;
}

export function classifyContrast(s: LightingStats): string {
  if (s.spot > 0 && s.surround <= CHIARO_MAX_RATIO * s.spot && s.surround <= CHIARO_DARK_LUMA && s.elongation <= CHIARO_MAX_ELONGATION) {
    return 'chiaroscuro';
  }
  if (s.std < FLAT_MAX_STD) return 'flat';
  if (s.std >= HIGH_MIN_STD) return 'high';
  return 'normal';
}

export function classifyTemperature(s: LightingStats): string {
  return s.redBlue >= WARM_MIN_RB ? 'warm' : s.redBlue <= -WARM_MIN_RB ? 'cool' : 'neutral';
}

export function analyzeLighting(input: WindowInput): DynamicValue[] {
  const s = lightingStats(input);
  return [
    { domain: 'lighting_contrast_ratio', value: classifyContrast(s) },
    { domain: 'lighting_color_temperature', value: classifyTemperature(s) },
  ];
}
