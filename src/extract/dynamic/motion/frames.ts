/**
 * The frames of a window as the motion field matches them: the detail of the binomially smoothed
 * motion channel (block matching) and its contrast-normalised half-size copy (coarse search), in
 * working memory kept for the next window of the same shape.
 */

import { DETAIL_RADIUS, detail } from '../visual-composition.js';
import { subjectScratch, type SubjectScratch } from './subject.js';

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
    coarse: new Float32Array(Math.floor(width / 2) * Math.floor(height / 2) * frames),
    tmp: new Float32Array(plane),
    smooth: new Float32Array(plane),
    scratch: subjectScratch(plane),
  };
  return lastStore;
}
