import type { WindowFrames } from './types.js';
import { motionKernels } from './kernels.js';


/**
 * Shared preparation of one window for the visual analyzers: every analyzer works on a
 * "working" resolution about WORKING_WIDTH pixels wide (160-wide analysis frames are box-filtered
 * 2×2), so thresholds expressed in working pixels mean the same thing whatever the analysis
 * width. Preparation is cached per WindowFrames object, so analyzers can be called one by one
 * (tests) or together (analyzeVisualWindow) at the cost of a single pass over the pixels.
 */

/** Target width of the working resolution, in pixels. */
export const WORKING_WIDTH = 80;
/**
 * Target width of the subject-tracking resolution: twice the working width, so a small subject
 * (a few working pixels across) keeps enough edge to be registered to a fraction of a pixel.
 */
export const TRACKING_WIDTH = 2 * WORKING_WIDTH;
/** At most this many evenly spaced frames feed the still-image statistics (gradient, light, composition). */
export const STILL_SAMPLES = 6;
/** A source without a frame rate is read at this one. */
export const FALLBACK_FPS = 25;
/** A pivot smaller than this leaves a linear system singular. */
const SINGULAR_PIVOT = 1e-12;

export interface PreparedWindow {
  source: WindowFrames;
  /** Box-filter factor from analysis to working resolution. */
  factor: number;
  /** Working resolution. */
  width: number;
  height: number;
  /**
   * Working-resolution motion channel of every frame: luma + MOTION_CHROMA × (max − min of R, G, B),
   * so a saturated shape stands out from a grey background of the same luma.
   */
  motion: Float32Array[];
  /** Working-resolution luma of every frame, and of `previous` (or null). */
  frameLuma: Float32Array[];
  previousLuma: Float32Array | null;
  /** Indices of the frames sampled for still statistics. */
  samples: number[];
  /** Working-resolution luma (0–255) of the sampled frames, in `samples` order. */
  luma: Float32Array[];
  /** Mean R, G, B planes (0–255) over the sampled frames, planar: [R…, G…, B…]. */
  rgb: Float32Array;
  /** Mean luma over the sampled frames. */
  meanLuma: Float32Array;
}

const cache = new WeakMap<WindowFrames, PreparedWindow>();

function accumulateRgb(frame: Uint8Array, srcW: number, factor: number, w: number, h: number, out: Float32Array, weight: number): void {
  const plane = w * h;
  const norm = weight / (factor * factor);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0, g = 0, b = 0;
      for (let j = 0; j < factor; j++) {
        let p = ((y * factor + j) * srcW + x * factor) * 4;
        for (let i = 0; i < factor; i++, p += 4) { r += frame[p]; g += frame[p + 1]; b += frame[p + 2]; }
      }
      const o = y * w + x;
      out[o] += r * norm;
      out[plane + o] += g * norm;
      out[2 * plane + o] += b * norm;
    }
  }
}

/** Evenly spaced sample indices (at most `count`) out of n. */
export function sampleIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)));
}

export function prepareWindow(w: WindowFrames): PreparedWindow {
  const hit = cache.get(w);
  if (hit) return hit;
  const factor = Math.max(1, Math.round(w.width / WORKING_WIDTH));
  const width = Math.max(1, Math.floor(w.width / factor));
  const height = Math.max(1, Math.floor(w.height / factor));
  // One allocation for every frame's channels (fewer, larger buffers are cheaper to collect).
  const plane = width * height;
  const samples = sampleIndices(w.frames.length, STILL_SAMPLES);
  const store = new Float32Array(plane * 2 * (w.frames.length + (w.previous ? 1 : 0)));
  let at = 0;
  const take = (): Float32Array => store.subarray(at * plane, ++at * plane);
  const frameLuma: Float32Array[] = [];
  const channels = motionKernels().workingChannels;
  const motion = w.frames.map((f) => {
    const l = take(), m = take();
    channels(f, w.width, factor, width, height, l, m);
    frameLuma.push(l);
    return m;
  });
  let previousLuma: Float32Array | null = null;
  if (w.previous) {
    previousLuma = take();
    channels(w.previous, w.width, factor, width, height, previousLuma, take());
  }
  const luma = samples.map((i) => frameLuma[i]);
  const rgb = new Float32Array(3 * plane);
  const meanLuma = new Float32Array(plane);
  if (samples.length > 0) {
    const weight = 1 / samples.length;
    samples.forEach((i, k) => {
      accumulateRgb(w.frames[i], w.width, factor, width, height, rgb, weight);
      const l = luma[k];
      for (let q = 0; q < plane; q++) meanLuma[q] += l[q] * weight;
    });
  }
  const prepared: PreparedWindow = { source: w, factor, width, height, motion, frameLuma, previousLuma, samples, luma, rgb, meanLuma };
  cache.set(w, prepared);
  return prepared;
}

export interface TrackingFrames {
  width: number;
  height: number;
  /** The motion channel of every frame at about TRACKING_WIDTH pixels wide. */
  motion: Float32Array[];
}

const trackingCache = new WeakMap<PreparedWindow, TrackingFrames>();

/** The window's motion channel at the tracking resolution, computed on first use. */
export function trackingFrames(p: PreparedWindow): TrackingFrames {
  const hit = trackingCache.get(p);
  if (hit) return hit;
  const w = p.source;
  const factor = Math.max(1, Math.round(w.width / TRACKING_WIDTH));
  const width = Math.max(1, Math.floor(w.width / factor));
  const height = Math.max(1, Math.floor(w.height / factor));
  const plane = width * height;
  const store = new Float32Array(plane * w.frames.length);
  // The kernel also writes luma, which tracking does not read: one plane takes it for every frame.
  const luma = new Float32Array(plane);
  const channels = motionKernels().workingChannels;
  const motion = w.frames.map((f, i) => {
    const m = store.subarray(i * plane, (i + 1) * plane);
    channels(f, w.width, factor, width, height, luma, m);
    return m;
  });
  const out = { width, height, motion };
  trackingCache.set(p, out);
  return out;
}

/** Accepts raw window frames or an already prepared window. */
export type WindowInput = WindowFrames | PreparedWindow;

export function prepared(input: WindowInput): PreparedWindow {
  return 'source' in input ? input : prepareWindow(input);
}

/** The window's frame rate, FALLBACK_FPS when the source has none. */
export const sourceFps = (p: PreparedWindow): number => (p.source.fps > 0 ? p.source.fps : FALLBACK_FPS);

// ------------------------------------------------------------------ small numeric helpers

/**
 * The principal axis of a 2×2 second moment [xx xy; xy yy]: minor over major eigenvalue (1 when
 * it is empty: no axis) and the major axis's angle from horizontal, 0–90°.
 */
export function principalAxis(xx: number, yy: number, xy: number): { isotropy: number; angle: number } {
  const tr = xx + yy, det = xx * yy - xy * xy;
  const l1 = tr / 2 + Math.sqrt(Math.max(0, (tr * tr) / 4 - det)), l2 = Math.max(0, tr - l1);
  return { isotropy: l1 > 0 ? l2 / l1 : 1, angle: Math.abs((0.5 * Math.atan2(2 * xy, xx - yy) * 180) / Math.PI) };
}

/** 2×2 box-filtered copy of a w × h plane, floor(w / 2) × floor(h / 2). */
export function downsample2(src: Float32Array, w: number, h: number, out = new Float32Array(Math.floor(w / 2) * Math.floor(h / 2))): Float32Array {
  const cw = Math.floor(w / 2), ch = Math.floor(h / 2);
  for (let y = 0; y < ch; y++) {
    const r0 = 2 * y * w, r1 = r0 + w;
    for (let x = 0; x < cw; x++) out[y * cw + x] = 0.25 * (src[r0 + 2 * x] + src[r0 + 2 * x + 1] + src[r1 + 2 * x] + src[r1 + 2 * x + 1]);
  }
  return out;
}

/** Weighted quantile (q in 0–1) of values; weights ≥ 0. NaN when the total weight is 0. */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const n = values.length;
  const idx: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) if (weights[i] > 0 && Number.isFinite(values[i])) { idx.push(i); total += weights[i]; }
  if (total <= 0) return NaN;
  idx.sort((a, b) => values[a] - values[b]);
  const target = q * total;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i];
    if (acc >= target) return values[i];
  }
  return values[idx[idx.length - 1]];
}

/** Least-squares fit of y ≈ c0 + c1 t + c2 t² with t spread evenly over [−1, 1]; returns [c0, c1, c2] and the residuals. */
export function quadraticFit(y: ArrayLike<number>): { coef: [number, number, number]; residual: Float64Array } {
  const n = y.length;
  const residual = new Float64Array(n);
  if (n === 0) return { coef: [0, 0, 0], residual };
  if (n < 3) {
    const m = Array.from(y).reduce((a, b) => a + b, 0) / n;
    for (let i = 0; i < n; i++) residual[i] = y[i] - m;
    return { coef: [m, 0, 0], residual };
  }
  // Normal equations on the basis 1, t, t².
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, y0 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < n; i++) {
    const t = (2 * i) / (n - 1) - 1;
    const t2 = t * t;
    s0 += 1; s1 += t; s2 += t2; s3 += t2 * t; s4 += t2 * t2;
    y0 += y[i]; y1 += t * y[i]; y2 += t2 * y[i];
  }
  const m = [[s0, s1, s2], [s1, s2, s3], [s2, s3, s4]];
  const c = solve(m, [y0, y1, y2]) ?? [y0 / n, 0, 0];
  for (let i = 0; i < n; i++) {
    const t = (2 * i) / (n - 1) - 1;
    residual[i] = y[i] - (c[0] + c[1] * t + c[2] * t * t);
  }
  return { coef: [c[0], c[1], c[2]], residual };
}

/** Gaussian elimination with partial pivoting; null when singular. Mutates nothing. */
export function solve(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = solveScratch(n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) a[r * (n + 1) + c] = matrix[r][c];
    a[r * (n + 1) + n] = rhs[r];
  }
  const m = n + 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * m + c]) > Math.abs(a[p * m + c])) p = r;
    if (Math.abs(a[p * m + c]) < SINGULAR_PIVOT) return null;
    if (p !== c) for (let k = 0; k < m; k++) { const t = a[p * m + k]; a[p * m + k] = a[c * m + k]; a[c * m + k] = t; }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * m + c] / a[c * m + c];
      if (f === 0) continue;
      for (let k = c; k < m; k++) a[r * m + k] -= f * a[c * m + k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r * m + n];
    for (let k = r + 1; k < n; k++) s -= a[r * m + k] * x[k];
    x[r] = s / a[r * m + r];
  }
  return x;
}

const scratches = new Map<number, Float64Array>();
function solveScratch(n: number): Float64Array {
  let s = scratches.get(n);
  if (!s) scratches.set(n, (s = new Float64Array(n * (n + 1))));
  return s;
}
