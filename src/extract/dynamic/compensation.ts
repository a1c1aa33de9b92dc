/**
 * Camera compensation of a frame pair (step 1 of motion/subject.ts): the second frame warped onto
 * the first by the pair's affine camera model (bilinear), the absolute difference to the first
 * frame and its histogram (1-grey-level bins, the last one open).
 *
 * This is the JavaScript kernel; native/motion.cc holds its twin (same arithmetic, in the same
 * order, in doubles, so both give bit-identical results). kernels.ts picks one.
 */

export const DIFF_BINS = 512;

export interface CompensationJob {
  a: Float32Array;
  b: Float32Array;
  width: number;
  height: number;
  /** a0 a1 a2 b0 b1 b2: displacement u = a0 + a1·x + a2·y, v = b0 + b1·x + b2·y, x and y from the image centre. */
  model: Float64Array;
  /** Apply the model as the identity (it moves no pixel noticeably). */
  identity: boolean;
  /** Receive the warped second frame, 1 where it is defined (inside the frame), the difference (0 outside). */
  warped: Float32Array;
  inside: Uint8Array;
  diff: Float32Array;
  /** Receives the histogram of the difference over the defined pixels (DIFF_BINS bins). */
  hist: Uint32Array;
}

/** Fills the job's arrays; returns the number of defined pixels. */
export type CompensationKernel = (job: CompensationJob) => number;

export const compensateJs: CompensationKernel = (job) => {
  const { a, b, width: w, height: h, model: m, identity, warped, inside, diff, hist } = job;
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  hist.fill(0);
  let valid = 0;
  for (let y = 0; y < h; y++) {
    const Y = y - cy;
    // Source coordinates advance linearly along a row.
    let sx = m[0] - m[1] * cx + m[2] * Y, sy = y + m[3] - m[4] * cx + m[5] * Y;
    const stepX = 1 + m[1], stepY = m[4];
    for (let x = 0; x < w; x++, sx += stepX, sy += stepY) {
      const p = y * w + x;
      let v: number;
      if (identity) v = b[p];
      else {
        if (sx < 0 || sy < 0 || sx >= w - 1 || sy >= h - 1) { inside[p] = 0; diff[p] = 0; continue; }
        const x0 = Math.floor(sx), y0 = Math.floor(sy);
        const ax = sx - x0, ay = sy - y0;
        const q = y0 * w + x0;
        const top = b[q] + ax * (b[q + 1] - b[q]);
        const bottom = b[q + w] + ax * (b[q + w + 1] - b[q + w]);
        v = top + ay * (bottom - top);
      }
      inside[p] = 1;
      warped[p] = v;
      const d = Math.abs(v - a[p]);
      diff[p] = d;
      hist[d < DIFF_BINS - 1 ? d | 0 : DIFF_BINS - 1]++;
      valid++;
    }
  }
  return valid;
};
