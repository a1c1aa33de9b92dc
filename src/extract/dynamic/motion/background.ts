/**
 * The coarse static-camera track: for a static camera, the subject of every frame of a window
 * against the per-pixel median background — centroid and rms radius per frame.
 */

import { DIFF_BINS } from '../compensation.js';
import { BORDER, DIFF_MEDIANS, histogramMedian, SUBJECT_MAX_SHARE, SUBJECT_MIN_PIXELS } from './subject.js';

/** Frames sampled (evenly) for the per-pixel median background. */
export const BACKGROUND_SAMPLES = 15;
/** A pixel is subject when it differs from the background by more than max(this, DIFF_MEDIANS (subject.ts) × the median difference). */
export const TRACK_DIFF_MIN = 10;
/** Pixels beyond STRAY_RADII rms radii (plus STRAY_SLACK_PX2, px²) of a first centroid are strays. */
const STRAY_RADII = 2.5;
const STRAY_SLACK_PX2 = 1;

export interface SubjectTrack {
  /** Per frame: centroid (working px), rms radius (working px), subject pixels (0 = not seen). */
  cx: Float64Array;
  cy: Float64Array;
  radius: Float64Array;
  pixels: Int32Array;
}

/** The coarse track, with the median background and each frame's difference threshold it was read with. */
export interface CoarseTrack {
  track: SubjectTrack;
  bg: Float32Array;
  tau: Float64Array;
}

/**
 * The subject of each frame against the per-pixel median of (up to BACKGROUND_SAMPLES of) the
 * window's frames: centroid and rms radius of the pixels far from it (robust: pixels beyond 2.5 rms
 * radii of a first centroid are dropped). A slow subject covers its own middle in most frames and
 * pollutes that median, so this coarse track is biased towards the middle of the path; it seeds
 * refineTrack (refine.ts). Null when a frame differs from the background over more than
 * SUBJECT_MAX_SHARE of the picture (not a static scene).
 */
export function medianTrack(frames: Float32Array[], w: number, h: number): CoarseTrack | null {
  const n = frames.length;
  const size = w * h;
  const bg = medianBackground(frames, size);
  const track: SubjectTrack = { cx: new Float64Array(n), cy: new Float64Array(n), radius: new Float64Array(n), pixels: new Int32Array(n) };
  const hist = new Uint32Array(DIFF_BINS);
  const xs = new Int32Array(size), ys = new Int32Array(size);
  const taus = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    const a = frames[f];
    hist.fill(0);
    for (let p = 0; p < size; p++) { const d = Math.abs(a[p] - bg[p]); hist[d < DIFF_BINS - 1 ? d | 0 : DIFF_BINS - 1]++; }
    const tau = Math.max(TRACK_DIFF_MIN, DIFF_MEDIANS * histogramMedian(hist, size));
    taus[f] = tau;
    let c = 0, sx = 0, sy = 0;
    for (let y = BORDER; y < h - BORDER; y++) {
      for (let x = BORDER; x < w - BORDER; x++) {
        if (Math.abs(a[y * w + x] - bg[y * w + x]) > tau) { xs[c] = x; ys[c] = y; c++; sx += x; sy += y; }
      }
    }
    if (c > SUBJECT_MAX_SHARE * size) return null;
    if (c < SUBJECT_MIN_PIXELS) { track.cx[f] = NaN; track.cy[f] = NaN; continue; }
    let ox = sx / c, oy = sy / c, r2 = 0;
    for (let i = 0; i < c; i++) r2 += (xs[i] - ox) ** 2 + (ys[i] - oy) ** 2;
    const lim = STRAY_RADII ** 2 * (r2 / c) + STRAY_SLACK_PX2;
    // Drop stray pixels (noise, codec ringing) far from the subject, then re-measure.
    let m = 0; sx = 0; sy = 0;
    for (let i = 0; i < c; i++) if ((xs[i] - ox) ** 2 + (ys[i] - oy) ** 2 <= lim) { sx += xs[i]; sy += ys[i]; m++; }
    if (m >= SUBJECT_MIN_PIXELS) { ox = sx / m; oy = sy / m; }
    r2 = 0; m = 0;
    for (let i = 0; i < c; i++) {
      const d2 = (xs[i] - ox) ** 2 + (ys[i] - oy) ** 2;
      if (d2 <= lim) { r2 += d2; m++; }
    }
    track.cx[f] = ox; track.cy[f] = oy; track.radius[f] = Math.sqrt(r2 / Math.max(1, m)); track.pixels[f] = m;
  }
  return { track, bg, tau: taus };
}

/** Per pixel, the median of (up to BACKGROUND_SAMPLES, evenly spaced) frames. */
function medianBackground(frames: Float32Array[], size: number): Float32Array {
  const n = frames.length;
  const k = Math.min(n, BACKGROUND_SAMPLES);
  const idx = Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / Math.max(1, k - 1)));
  const bg = new Float32Array(size);
  const buf = new Float32Array(k);
  for (let p = 0; p < size; p++) {
    for (let c = 0; c < k; c++) {
      const v = frames[idx[c]][p];
      let j = c - 1;
      while (j >= 0 && buf[j] > v) { buf[j + 1] = buf[j]; j--; }
      buf[j + 1] = v;
    }
    bg[p] = k & 1 ? buf[k >> 1] : 0.5 * (buf[(k >> 1) - 1] + buf[k >> 1]);
  }
  return bg;
}
