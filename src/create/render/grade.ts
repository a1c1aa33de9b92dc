/**
 * The grade: contrast to a target luma spread and red − blue to a target (CONTRAST_STD and
 * TEMPERATURE_RB, src/canon/light.ts), the chiaroscuro spot, and the mirror of symmetry.
 */
import { ANCHORS, SLIGHT_MIRROR } from '../../canon/composition.js';
import { CONTRAST_STD, TEMPERATURE_RB } from '../../canon/light.js';
import type { SceneSpec } from '../../model/scene.js';
import { luma } from '../../model/color.js';
import { clamp } from '../../base/numbers.js';

export interface Grade {
  /** Luma (integer 0–255, BT.601 ×256 weights) → the amount added to every channel. */
  delta: Int16Array;
  /** Red and blue offsets for the temperature. */
  dR: number;
  dB: number;
}

/** Integer BT.601 luma, as the grade indexes it. */
const lumaInt = (r: number, g: number, b: number) => (77 * r + 150 * g + 29 * b) >> 8;

/**
 * A shot's grade, from its reference frame `ref` (the shot's first instant, ungraded). Contrast moves
 * each pixel's luma to `pivot + (L − μ) × gain` by adding the same amount to R, G and B (chroma
 * kept), with the gain solved so the clipped result has the target luma spread; temperature adds
 * ±d/2 to red and blue, solved so that mean(R − B) meets the target (spot included).
 */
export function solveGrade(spec: SceneSpec, ref: Uint8Array, width: number, height: number, vignette: Float32Array | null): Grade {
  const n = width * height;
  const every = Math.max(1, Math.floor(n / 20000));
  const idx: number[] = [];
  for (let p = 0; p < n; p += every) idx.push(p);
  const ls = idx.map((p) => lumaInt(ref[p * 4], ref[p * 4 + 1], ref[p * 4 + 2]));
  const mu = ls.reduce((s, l) => s + l, 0) / ls.length;
  const sigma = Math.sqrt(Math.max(0, ls.reduce((s, l) => s + (l - mu) ** 2, 0) / ls.length));
  const target = CONTRAST_STD[spec.lighting.contrast] ?? CONTRAST_STD.normal;
  const pivot = clamp(mu, 80, 175);
  const deltaFor = (g: number) => Int16Array.from({ length: 256 }, (_, l) => Math.round(clamp(pivot + (l - mu) * g, 0, 255) - l));
  const graded = (delta: Int16Array, j: number, dR: number, dB: number, out: number[]) => {
    const p = idx[j];
    const d = delta[ls[j]];
    const v = vignette?.[p] ?? 1;
    out[0] = Math.round(clamp(ref[p * 4] + d + dR, 0, 255) * v);
    out[1] = Math.round(clamp(ref[p * 4 + 1] + d, 0, 255) * v);
    out[2] = Math.round(clamp(ref[p * 4 + 2] + d + dB, 0, 255) * v);
  };
  const px = [0, 0, 0];
  // The spread is measured before the spot (the spot is chiaroscuro's own signature).
  const spread = (g: number) => {
    const delta = deltaFor(g);
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < idx.length; j++) {
      const p = idx[j];
      const d = delta[ls[j]];
      const v = luma(clamp(ref[p * 4] + d, 0, 255), clamp(ref[p * 4 + 1] + d, 0, 255), clamp(ref[p * 4 + 2] + d, 0, 255));
      s1 += v;
      s2 += v * v;
    }
    const m = s1 / idx.length;
    return Math.sqrt(Math.max(0, s2 / idx.length - m * m));
  };
  let gain = clamp(target / Math.max(sigma, 1e-3), 0.1, 8);
  if (spread(gain) < target * 0.98) {
    let lo = gain;
    let hi = 8;
    if (spread(hi) < target) gain = hi;
    else {
      for (let it = 0; it < 20; it++) { const mid = (lo + hi) / 2; if (spread(mid) < target) lo = mid; else hi = mid; }
      gain = (lo + hi) / 2;
    }
  }
  const delta = deltaFor(gain);

  const goal = TEMPERATURE_RB[spec.lighting.temperature] ?? 0;
  const rb = (d: number) => {
    let s = 0;
    for (let j = 0; j < idx.length; j++) { graded(delta, j, d / 2, -d / 2, px); s += px[0] - px[2]; }
    return s / idx.length;
  };
  let lo = -510;
  let hi = 510;
  for (let it = 0; it < 24; it++) {
    const mid = (lo + hi) / 2;
    if (rb(mid) < goal) lo = mid; else hi = mid;
  }
  const d = (lo + hi) / 2;
  return { delta, dR: d / 2, dB: -d / 2 };
}

/** Grades `buf` in place (RGBA). */
export function applyGrade(g: Grade, buf: Uint8Array, vignette: Float32Array | null): void {
  const v = vignette;
  const { delta, dR, dB } = g;
  const c = new Uint8ClampedArray(buf.buffer, buf.byteOffset, buf.byteLength);
  if (v === null) {
    for (let o = 0; o < c.length; o += 4) {
      const d = delta[(77 * c[o] + 150 * c[o + 1] + 29 * c[o + 2]) >> 8];
      c[o] = c[o] + d + dR;
      c[o + 1] = c[o + 1] + d;
      c[o + 2] = c[o + 2] + d + dB;
    }
    return;
  }
  for (let p = 0, o = 0; o < c.length; p++, o += 4) {
    const d = delta[(77 * c[o] + 150 * c[o + 1] + 29 * c[o + 2]) >> 8];
    const m = v[p];
    c[o] = clamp(c[o] + d + dR, 0, 255) * m;
    c[o + 1] = clamp(c[o + 1] + d, 0, 255) * m;
    c[o + 2] = clamp(c[o + 2] + d + dB, 0, 255) * m;
  }
}

/** Mirrors the master half of `buf` (RGBA, width × height) onto the other, by the spec's symmetry. */
export function applySymmetry(spec: SceneSpec, buf: Uint8Array, width: number, height: number): void {
  const sym = spec.composition.symmetry;
  if (sym !== 'bilateral' && sym !== 'slight') return;
  const W = width;
  const H = height;
  const masterRight = spec.composition.balance === 'right_heavy';
  const keep = sym === 'slight' ? 1 - SLIGHT_MIRROR : 0;
  const half = Math.floor(W / 2);
  const mix = Math.round(SLIGHT_MIRROR * 256);
  for (let y = 0; y < H; y++) {
    const row = y * W * 4;
    for (let k = 0; k < half; k++) {
      // Master pixel x = k (left) or W−1−k (right); its mirror is W−1−x.
      const m = row + (masterRight ? W - 1 - k : k) * 4;
      const c = row + (masterRight ? k : W - 1 - k) * 4;
      if (keep === 0) {
        buf[c] = buf[m];
        buf[c + 1] = buf[m + 1];
        buf[c + 2] = buf[m + 2];
      } else {
        buf[c] = (mix * buf[m] + (256 - mix) * buf[c] + 128) >> 8;
        buf[c + 1] = (mix * buf[m + 1] + (256 - mix) * buf[c + 1] + 128) >> 8;
        buf[c + 2] = (mix * buf[m + 2] + (256 - mix) * buf[c + 2] + 128) >> 8;
      }
    }
  }
}

/** Chiaroscuro: a spot on the balance point, the periphery at 6 % (null for any other contrast). */
export function chiaroscuroVignette(spec: SceneSpec, W: number, H: number): Float32Array | null {
  if (spec.lighting.contrast !== 'chiaroscuro') return null;
  const [ax, ay] = ANCHORS[spec.composition.balance] ?? ANCHORS.balanced;
  const cx = ax * W;
  const cy = ay * H;
  const diag = Math.hypot(W, H);
  const r0 = 0.1 * diag;
  const r1 = 0.32 * diag;
  const v = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const s = clamp((r - r0) / (r1 - r0), 0, 1);
      const smooth = s * s * (3 - 2 * s);
      v[y * W + x] = 1 - 0.94 * smooth;
    }
  }
  return v;
}
