import type { DynamicValue } from './types.js';
import { prepared, type WindowInput } from './visual-prep.js';
import { classifyContrast, lightingStats } from './visual-light.js';
import { mirrorHalf } from './visual-composition.js';
import { AXIS_TOLERANCE_DEG } from '../../canon/gradient.js';
import { STRENGTH_STEPS } from '../../model/dynamic.js';

/**
 * gradient_type from the window's mean colour field (R, G and B together, so equal-luma palettes
 * count too). Each candidate model explains the field as an arbitrary 1-D profile along one
 * coordinate — the projection on a direction θ (linear gradients) or the distance from a centre
 * (radial) — and scores R² = variance of the per-bin means / total variance (summed over
 * channels). Free-form profiles accept multi-stop, non-monotonic palettes.
 *
 * - horizontal: colour changes left ↔ right (best direction within AXIS_TOLERANCE_DEG of 0°)
 * - vertical:   colour changes top ↕ bottom (best direction within AXIS_TOLERANCE_DEG of 90°)
 * - angled:     best linear direction farther than AXIS_TOLERANCE_DEG from both axes
 *               (the renderer draws angled gradients ANGLED_DEG from an axis, src/canon/gradient.ts)
 * - radial:     distance from a centre inside the central 60 % of the frame (horizontal distances
 *               scaled by height / width: an ellipse of the frame's aspect) explains the field
 *               better than any direction by RADIAL_MARGIN
 * strength = R² of the winning model (0–1). Nothing is emitted for a flat field or when no model
 * explains at least GRADIENT_MIN_R2 (e.g. the frame is all texture).
 * A left-right mirrored picture (composition_symmetry bilateral / slight) is read on its master half
 * (more detail) only: a mirrored angled gradient is a chevron, a blended half is no gradient at all; under a chiaroscuro light pool the
 * field is the chromaticity (R, G, B over their sum), which the pool's multiplicative falloff leaves
 * alone.
 */

export const GRADIENT_ANGLE_STEP_DEG = 5;
export const RADIAL_MARGIN = 0.05;
export const GRADIENT_MIN_R2 = 0.3;
/** Minimum colour standard deviation (0–255, over all channels) for a gradient to exist. */
export const GRADIENT_MIN_STD = 4;
/** Radial centres: a RADIAL_GRID² grid over [RADIAL_MIN, 1 − RADIAL_MIN] of width/height, refined RADIAL_REFINEMENTS times. */
const RADIAL_GRID = 5;
const RADIAL_MIN = 0.2;
const RADIAL_REFINEMENTS = 2;
/** The searches for the best direction and centre score every SEARCH_SUBSAMPLE-th pixel across and down; the winners are scored on all. */
const SEARCH_SUBSAMPLE = 2;
/** Summed squared deviation at or below which the field is flat: nothing to explain. */
const FLAT_VARIANCE = 1e-9;
/** Grey levels added to each channel before the chromaticity is taken (black has none to divide). */
const CHROMA_OFFSET = 1;

export interface GradientFit {
  /** Best linear direction in degrees, 0 = changes along x, 90 = along y, in [0, 180). */
  angle: number;
  linearR2: number;
  radialR2: number;
  radialCentre: [number, number];
  /** Standard deviation of the colour field (0–255, pooled over channels). */
  std: number;
}

/** R² of explaining the planar RGB field over the pixels `idx` by per-bin means, bins given per listed pixel. */
function explained(rgb: Float32Array, plane: number, idx: Int32Array, bins: Int32Array, nBins: number, sums: Float64Array, counts: Float64Array): number {
  sums.fill(0, 0, nBins * 3);
  counts.fill(0, 0, nBins);
  let m0 = 0, m1 = 0, m2 = 0, q = 0;
  for (let k = 0; k < idx.length; k++) {
    const p = idx[k], b = bins[k];
    const r = rgb[p], g = rgb[plane + p], bl = rgb[2 * plane + p];
    counts[b] += 1;
    sums[b * 3] += r; sums[b * 3 + 1] += g; sums[b * 3 + 2] += bl;
    m0 += r; m1 += g; m2 += bl;
    q += r * r + g * g + bl * bl;
  }
  const n = idx.length;
  const total = q - (m0 * m0 + m1 * m1 + m2 * m2) / n;
  let between = 0;
  for (let b = 0; b < nBins; b++) {
    const c = counts[b];
    if (c === 0) continue;
    between += (sums[b * 3] ** 2 + sums[b * 3 + 1] ** 2 + sums[b * 3 + 2] ** 2) / c;
  }
  between -= (m0 * m0 + m1 * m1 + m2 * m2) / n;
  return total > FLAT_VARIANCE ? Math.max(0, Math.min(1, between / total)) : 0;
}

/**
 * Chromaticity field (each pixel's R, G, B over their sum, ×255): what a multiplicative light pool
 * leaves of the palette gradient.
 */
function chromaticity(rgb: Float32Array, plane: number): Float32Array {
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    const r = rgb[i], g = rgb[plane + i], b = rgb[2 * plane + i];
    const sum = r + g + b + 3 * CHROMA_OFFSET;
    out[i] = (255 * (r + CHROMA_OFFSET)) / sum; out[plane + i] = (255 * (g + CHROMA_OFFSET)) / sum; out[2 * plane + i] = (255 * (b + CHROMA_OFFSET)) / sum;
  }
  return out;
}

export function fitGradient(input: WindowInput): GradientFit {
  const p = prepared(input);
  const { width: w, height: h } = p;
  const plane = w * h;
  // Under a chiaroscuro light pool the luminance is the pool's: read the palette from chromaticity.
  const pooled = classifyContrast(lightingStats(p)) === 'chiaroscuro';
  const rgb = pooled ? chromaticity(p.rgb, plane) : p.rgb;
  // A left-right mirrored picture (bilateral, or slight: one half blended with the other's mirror
  // image) is read on its master half — the half with more detail — only.
  const { half } = mirrorHalf(p);
  const inHalf = (x: number): boolean => half === 'none' || (half === 'left' ? x <= (w - 1) / 2 : x >= (w - 1) / 2);
  let total = 0;
  for (let ch = 0; ch < 3; ch++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < plane; i++) { const v = rgb[ch * plane + i]; s += v; s2 += v * v; }
    total += s2 - (s * s) / plane;
  }
  const std = Math.sqrt(Math.max(0, total) / (3 * plane));
  const maxBins = Math.ceil(Math.hypot(w, h)) + 2;
  const sums = new Float64Array(maxBins * 3);
  const counts = new Float64Array(maxBins);
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  let nAll = 0, nSub = 0;
  const allBuf = new Int32Array(plane), subBuf = new Int32Array(plane);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (inHalf(x)) { allBuf[nAll++] = y * w + x; if (x % SEARCH_SUBSAMPLE === 0 && y % SEARCH_SUBSAMPLE === 0) subBuf[nSub++] = y * w + x; }
  const all = allBuf.subarray(0, nAll);
  const sub = subBuf.subarray(0, nSub);
  const bins = new Int32Array(plane);

  const linear = (deg: number, idx: Int32Array): number => {
    const c = Math.cos((deg * Math.PI) / 180), s = Math.sin((deg * Math.PI) / 180);
    const half = Math.abs(c) * cx + Math.abs(s) * cy;
    for (let k = 0; k < idx.length; k++) {
      const x = idx[k] % w, y = (idx[k] / w) | 0;
      bins[k] = Math.floor((x - cx) * c + (y - cy) * s + half + 0.5);
    }
    return explained(rgb, plane, idx, bins, Math.floor(2 * half) + 2, sums, counts);
  };
  // Radial distance in proportion to the frame (an ellipse with the frame's aspect): in a wide frame
  // a circular pool's profile along x alone explains most of it, and reads as horizontal.
  const aspect = h / w;
  const radial = (fx: number, fy: number, idx: Int32Array): number => {
    const ox = fx * (w - 1), oy = fy * (h - 1);
    for (let k = 0; k < idx.length; k++) {
      const x = idx[k] % w, y = (idx[k] / w) | 0;
      const dx = (x - ox) * aspect, dy = y - oy;
      bins[k] = Math.floor(Math.sqrt(dx * dx + dy * dy));
    }
    return explained(rgb, plane, idx, bins, maxBins, sums, counts);
  };

  let angle = 0, best = -1;
  for (let deg = 0; deg < 180; deg += GRADIENT_ANGLE_STEP_DEG) {
    const r2 = linear(deg, sub);
    if (r2 > best) { best = r2; angle = deg; }
  }
  // Radial centre: coarse grid over the central area, then RADIAL_REFINEMENTS refinements.
  let fx = 0.5, fy = 0.5, rbest = -1;
  for (let j = 0; j < RADIAL_GRID; j++) {
    for (let i = 0; i < RADIAL_GRID; i++) {
      const gx = RADIAL_MIN + ((1 - 2 * RADIAL_MIN) * i) / (RADIAL_GRID - 1);
      const gy = RADIAL_MIN + ((1 - 2 * RADIAL_MIN) * j) / (RADIAL_GRID - 1);
      const r2 = radial(gx, gy, sub);
      if (r2 > rbest) { rbest = r2; fx = gx; fy = gy; }
    }
  }
  let step = (1 - 2 * RADIAL_MIN) / (RADIAL_GRID - 1) / 2;
  for (let round = 0; round < RADIAL_REFINEMENTS; round++, step /= 2) {
    const ox = fx, oy = fy;
    for (const dy of [-step, 0, step]) for (const dx of [-step, 0, step]) {
      if (dx === 0 && dy === 0) continue;
      const nx = Math.min(1 - RADIAL_MIN, Math.max(RADIAL_MIN, ox + dx)), ny = Math.min(1 - RADIAL_MIN, Math.max(RADIAL_MIN, oy + dy));
      const r2 = radial(nx, ny, sub);
      if (r2 > rbest) { rbest = r2; fx = nx; fy = ny; }
    }
  }
  return { angle, linearR2: linear(angle, all), radialR2: radial(fx, fy, all), radialCentre: [fx, fy], std };
}

/** Classifies a fit; null when there is no gradient to speak of. */
export function classifyGradient(fit: GradientFit): DynamicValue | null {
  if (fit.std < GRADIENT_MIN_STD) return null;
  const best = Math.max(fit.linearR2, fit.radialR2);
  if (best < GRADIENT_MIN_R2) return null;
  let value: string;
  let r2: number;
  if (fit.radialR2 >= fit.linearR2 + RADIAL_MARGIN) {
    value = 'radial';
    r2 = fit.radialR2;
  } else {
    const fromHorizontal = Math.min(fit.angle, 180 - fit.angle);
    const fromVertical = Math.abs(fit.angle - 90);
    value = fromHorizontal <= AXIS_TOLERANCE_DEG ? 'horizontal' : fromVertical <= AXIS_TOLERANCE_DEG ? 'vertical' : 'angled';
    r2 = fit.linearR2;
  }
  const strength = Math.round(Math.min(1, Math.max(0, r2)) * STRENGTH_STEPS) / STRENGTH_STEPS;
  return { domain: 'gradient_type', value, strength };
}

export function analyzeGradient(input: WindowInput): DynamicValue | null {
  return classifyGradient(fitGradient(input));
}
