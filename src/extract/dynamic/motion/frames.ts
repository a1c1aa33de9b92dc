/**
 * The frames of a window as the motion field matches them: the detail of the binomially smoothed
 * motion channel (block matching) and its contrast-normalised half-size copy (coarse search), in
 * working memory kept for the next window of the same shape.
 */

import type { BlockGrid } from '../block-match.js';
import { DETAIL_RADIUS, detail } from '../visual-composition.js';
import { downsample2, type PreparedWindow } from '../visual-prep.js';
import { COARSE_FACTOR, normalizeContrast } from './coarse.js';
import type { PairWindow } from './pair.js';
import { subjectScratch, type SubjectScratch } from './subject.js';

/**
 * What the window's pairs share: its frames as matched, and — for a left-right mirrored picture,
 * which moves symmetrically (a pan looks like an expansion) — the blocks and columns of the master
 * half (`half`) alone.
 */
export function pairWindow(p: PreparedWindow, grid: BlockGrid, half: 'none' | 'left' | 'right'): PairWindow {
  const { width: w, height: h } = p;
  const cw = Math.floor(w / COARSE_FACTOR), ch = Math.floor(h / COARSE_FACTOR);
  // Matching runs on detail (motion channel minus its 5×5 box blur): a smooth backdrop that does
  // not move with the camera (a screen-fixed gradient) must not pull the matches towards zero.
  const raw = p.motion;
  const store = windowStore(w, h, raw.length);
  const coarse = raw.map((f, i) => normalizeContrast(downsample2(detail(f, w, h, DETAIL_RADIUS, store.smooth, store.tmp), w, h, store.coarse.subarray(i * cw * ch, (i + 1) * cw * ch)), cw, ch));
  const frames = raw.map((f, i) => matchingDetail(f, w, h, store.detail.subarray(i * w * h, (i + 1) * w * h), store.smooth, store.tmp));
  const use = half === 'none' ? null : Uint8Array.from({ length: grid.n }, (_, i) => (half === 'left' ? grid.px[i] < 0 : grid.px[i] > 0) ? 1 : 0);
  const columns: [number, number] = half === 'left' ? [0, Math.ceil(w / 2)] : half === 'right' ? [Math.floor(w / 2), w] : [0, w];
  return { width: w, height: h, grid, detail: frames, coarse, raw, use, columns, scratch: store.scratch };
}

/** [1 2 1]/4 in both directions (edges clamped) into `out`. */
function binomial(l: Float32Array, w: number, h: number, out: Float32Array = new Float32Array(w * h), tmp: Float32Array = new Float32Array(w * h)): Float32Array {
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) tmp[row + x] = (l[row + Math.max(0, x - 1)] + 2 * l[row + x] + l[row + Math.min(w - 1, x + 1)]) / 4;
  }
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w, row = y * w, down = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) out[row + x] = (tmp[up + x] + 2 * tmp[row + x] + tmp[down + x]) / 4;
  }
  return out;
}

/** The picture block matching sees: the detail of the binomially smoothed motion channel. */
export function matchingDetail(f: Float32Array, w: number, h: number, out?: Float32Array<ArrayBuffer>, smooth?: Float32Array<ArrayBuffer>, tmp?: Float32Array<ArrayBuffer>): Float32Array {
  return detail(binomial(f, w, h, smooth, tmp), w, h, DETAIL_RADIUS, out, tmp);
}

export interface WindowStore {
  width: number;
  height: number;
  frames: number;
  detail: Float32Array<ArrayBuffer>;
  coarse: Float32Array<ArrayBuffer>;
  tmp: Float32Array<ArrayBuffer>;
  smooth: Float32Array<ArrayBuffer>;
  scratch: SubjectScratch;
}
let lastStore: WindowStore | null = null;

/**
 * The per-window working memory of the motion field (about 5 MB for two seconds at 160 px), kept
 * for the next window of the same shape: a worker analyses one window at a time, and none of it
 * outlives the analysis.
 */
export function windowStore(width: number, height: number, frames: number): WindowStore {
  const s = lastStore;
  if (s && s.width === width && s.height === height && s.frames >= frames) return s;
  const plane = width * height;
  lastStore = {
    width, height, frames,
    detail: new Float32Array(plane * frames),
    coarse: new Float32Array(Math.floor(width / COARSE_FACTOR) * Math.floor(height / COARSE_FACTOR) * frames),
    tmp: new Float32Array(plane),
    smooth: new Float32Array(plane),
    scratch: subjectScratch(plane),
  };
  return lastStore;
}
