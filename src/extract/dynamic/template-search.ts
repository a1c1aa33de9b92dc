/**
 * Integer displacement search of the subject's template (step 3 of motion/subject.ts): the mean
 * absolute difference between the template pixels of the first frame and the camera-compensated
 * second frame, plus a small tie-break towards no displacement, over a COARSE_STEP grid of
 * ±SUBJECT_SEARCH working px and then the 8 neighbours of its best.
 *
 * This is the JavaScript kernel; native/motion.cc holds its twin (same arithmetic, in the same
 * order, in doubles, so both give bit-identical results). kernels.ts picks one.
 */

/** Search range of the subject's displacement, working px. */
export const SUBJECT_SEARCH = 10;
/** Tie-break towards no displacement, grey levels per px of offset. */
export const SUBJECT_TIE = 0.05;
/** Spacing (working px) of the first, coarse grid of displacements. */
const COARSE_STEP = 2;
/** A displacement is costed only when at least this share of the template pixels can be compared. */
const MIN_COMPARED_SHARE = 0.5;

export interface TemplateSearchJob {
  /** The first frame, and the second warped onto it by the camera model (defined where `inside` is 1). */
  a: Float32Array;
  warped: Float32Array;
  inside: Uint8Array;
  width: number;
  height: number;
  /** Pixel index, x and y of the template's pixels, `count` of them. */
  template: Int32Array;
  templateX: Int32Array;
  templateY: Int32Array;
  count: number;
  /** Receives the best displacement (vx, vy). */
  offset: Int32Array;
}

export type TemplateSearchKernel = (job: TemplateSearchJob) => void;

/** Template pixels summed between two checks of the pruning bound. */
const CHUNK = 32;

export const searchTemplateJs: TemplateSearchKernel = (job) => {
  const { a, warped, inside, width: w, height: h, template: tpl, templateX: tx, templateY: ty, count: nt } = job;
  // Mean difference + tie at (vx, vy); Infinity when fewer than half the template pixels can be
  // compared or when the cost cannot come below `bar` (no cost of a later pick may equal it).
  // Pruning is exact: the partial sum only grows and n ≤ nt, so sum / nt + tie bounds the cost.
  const cost = (vx: number, vy: number, best: number, bar: number): number => {
    const off = vy * w + vx;
    const tie = SUBJECT_TIE * (Math.abs(vx) + Math.abs(vy));
    let sum = 0, n = 0;
    for (let from = 0; from < nt; from += CHUNK) {
      const to = Math.min(nt, from + CHUNK);
      for (let k = from; k < to; k++) {
        const x = tx[k] + vx, y = ty[k] + vy;
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const p = tpl[k];
        if (!inside[p + off]) continue;
        sum += Math.abs(a[p] - warped[p + off]);
        n++;
      }
      const bound = sum / nt + tie;
      if (bound >= best || bound > bar) return Infinity;
    }
    return n < MIN_COMPARED_SHARE * nt ? Infinity : sum / n + tie;
  };
  const R = SUBJECT_SEARCH;
  // The zero displacement is costed first: a pick must beat it (or tie it earlier in the scan).
  const zero = cost(0, 0, Infinity, Infinity);
  let best = Infinity, bvx = 0, bvy = 0;
  for (let vy = -R; vy <= R; vy += COARSE_STEP) {
    for (let vx = -R; vx <= R; vx += COARSE_STEP) {
      const c = vx === 0 && vy === 0 ? zero : cost(vx, vy, best, zero);
      if (c < best) { best = c; bvx = vx; bvy = vy; }
    }
  }
  const gx = bvx, gy = bvy;
  for (let vy = gy - 1; vy <= gy + 1; vy++) {
    for (let vx = gx - 1; vx <= gx + 1; vx++) {
      if ((vx === gx && vy === gy) || Math.abs(vx) > R || Math.abs(vy) > R) continue;
      const c = cost(vx, vy, best, Infinity);
      if (c < best) { best = c; bvx = vx; bvy = vy; }
    }
  }
  job.offset[0] = bvx;
  job.offset[1] = bvy;
};
