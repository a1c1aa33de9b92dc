/**
 * Block matching of one frame pair (steps 2–3 of motion/field.ts, done in motion/pair.ts): per block, an integer SAD descent
 * search around a predicted displacement, then Lucas–Kanade at the best integer offset (plus one
 * resampled step) for the sub-pixel displacement and the block's 2×2 information matrix.
 *
 * This is the JavaScript kernel; native/motion.cc holds its twin (same arithmetic, in the same
 * order, in doubles, so both give bit-identical results). kernels.ts picks one.
 */

export const BLOCK = 8;
/** Block search radius around the prediction, working px. */
export const SEARCH_RADIUS = 4;
/** Tie-break towards the prediction in block search, grey levels per pixel per px of offset. */
export const BLOCK_TIE = 0.1;
/** Gradient magnitude (grey levels / working px) at which a direction counts as half-informative. */
export const GRADIENT_NOISE = 8;
/** Mean absolute difference (grey levels) at which a block match counts as half-reliable. */
export const MATCH_QUALITY_MAD = 10;
/** The previous pair's scale and rotation move a block's prediction by at most this many working px. */
const PREDICTION_TURN_MAX = 3;
/** Mean |a| + |b| per pixel (grey levels) above which a block has detail enough to report its unexplained share. */
const UNEXPLAINED_MIN_DETAIL = 2;
/** Grey levels per pixel added to that detail before the share is taken (a faint block does not read as unexplained). */
const UNEXPLAINED_FLOOR = 1;
/** Grey levels² per pixel added to the Lucas–Kanade matrix: keeps the step finite in flat directions. */
const LK_REGULARISER = 1;
/**
 * Bounds of a Lucas–Kanade step from the best integer offset, working px: the resampled step then
 * reads the second frame within one pixel of that offset.
 */
const SUBPIXEL_MIN = -1;
const SUBPIXEL_MAX = 0.999;
/** A first step shorter than this (|dx| + |dy|, working px) is not refined by resampling. */
const REFINE_MIN_STEP = 0.05;

export interface BlockGrid {
  n: number;
  x0: Int32Array;
  y0: Int32Array;
  /** Block centre relative to the image centre, working px. */
  px: Float64Array;
  py: Float64Array;
}

export function blockGrid(w: number, h: number): BlockGrid {
  const nx = Math.max(0, Math.floor((w - 2) / BLOCK));
  const ny = Math.max(0, Math.floor((h - 2) / BLOCK));
  const ox = Math.max(1, Math.floor((w - nx * BLOCK) / 2));
  const oy = Math.max(1, Math.floor((h - ny * BLOCK) / 2));
  const n = nx * ny;
  const g: BlockGrid = { n, x0: new Int32Array(n), y0: new Int32Array(n), px: new Float64Array(n), py: new Float64Array(n) };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      g.x0[k] = ox + i * BLOCK;
      g.y0[k] = oy + j * BLOCK;
      g.px[k] = g.x0[k] + (BLOCK - 1) / 2 - (w - 1) / 2;
      g.py[k] = g.y0[k] + (BLOCK - 1) / 2 - (h - 1) / 2;
    }
  }
  return g;
}

/**
 * One pair's block matching: inputs (frames, grid, prediction) and the arrays it fills. Blocks not
 * matched (not in `use`, or no offset inside the frame) keep zeros in u, v, wxx, wxy, wyy.
 */
export interface BlockMatchJob {
  /** Detail of the pair's first and second frame, width × height. */
  a: Float32Array;
  b: Float32Array;
  width: number;
  height: number;
  x0: Int32Array;
  y0: Int32Array;
  px: Float64Array;
  py: Float64Array;
  /** Blocks to match (1), or null for all. */
  use: Uint8Array | null;
  /** Coarse global shift (whole working px), the prediction of every block. */
  coarseDx: number;
  coarseDy: number;
  /** The previous pair's affine model (a0 a1 a2 b0 b1 b2): its scale / rotation at the block adds to the prediction. */
  previousModel: Float64Array | null;
  /** The previous pair's block displacements: a second start of the descent. */
  previousU: Float64Array | null;
  previousV: Float64Array | null;
  u: Float64Array;
  v: Float64Array;
  wxx: Float64Array;
  wxy: Float64Array;
  wyy: Float64Array;
  /** Receives, per matched block with detail to speak of, |a − b| / (|a| + |b|) at its best offset. */
  unexplained: Float64Array;
}

/** Fills the job's output arrays; returns how many entries of `unexplained` were written. */
export type BlockMatchKernel = (job: BlockMatchJob) => number;

const B = BLOCK, R = SEARCH_RADIUS, NPX = B * B, SPAN = 2 * R + 1;
const gradX = new Float64Array(NPX), gradY = new Float64Array(NPX);
// Costs memoised per block, valid while seen[key] === stamp.
const seen = new Int32Array(SPAN * SPAN), seenCost = new Float64Array(SPAN * SPAN);
let stamp = 0;
// The cost of the last blockCost call (a returned double would be boxed on every call).
const costOut = new Float64Array(1);

export const matchBlocksJs: BlockMatchKernel = (job) => {
  const { a, b, width: w, height: h, x0: gx0, y0: gy0, px, py, use, coarseDx, coarseDy, previousModel, previousU, previousV } = job;
  const n = gx0.length;
  const eps = NPX * GRADIENT_NOISE * GRADIENT_NOISE;
  let unexplained = 0, bx0 = 0, by0 = 0, bpx = 0, bpy = 0;
  /** SAD (+ tie-break) of the current block at offset (dx, dy), memoised per block, left in costOut[0]. */
  const blockCost = (dx: number, dy: number, limit: number): void => {
    if (Math.abs(dx - bpx) > R || Math.abs(dy - bpy) > R || by0 + dy < 1 || by0 + dy + B > h - 1 || bx0 + dx < 1 || bx0 + dx + B > w - 1) {
      costOut[0] = Infinity;
      return;
    }
    const key = (dy - bpy + R) * SPAN + (dx - bpx + R);
    if (seen[key] === stamp) { costOut[0] = seenCost[key]; return; }
    let sum = BLOCK_TIE * NPX * (Math.abs(dx - bpx) + Math.abs(dy - bpy));
    for (let yy = 0; yy < B && sum <= limit; yy++) {
      const ra = (by0 + yy) * w + bx0, rb = (by0 + dy + yy) * w + bx0 + dx;
      for (let xx = 0; xx < B; xx++) sum += Math.abs(a[ra + xx] - b[rb + xx]);
    }
    // A cost cut short by the limit is only a lower bound: do not memoise it.
    if (sum <= limit) { seen[key] = stamp; seenCost[key] = sum; }
    costOut[0] = sum;
  };
  for (let i = 0; i < n; i++) {
    if (use && !use[i]) continue;
    const x0 = gx0[i], y0 = gy0[i];
    let pdx = coarseDx, pdy = coarseDy;
    if (previousModel) {
      const m = previousModel;
      pdx += Math.max(-PREDICTION_TURN_MAX, Math.min(PREDICTION_TURN_MAX, Math.round(m[1] * px[i] + m[2] * py[i])));
      pdy += Math.max(-PREDICTION_TURN_MAX, Math.min(PREDICTION_TURN_MAX, Math.round(m[4] * px[i] + m[5] * py[i])));
    }
    // Descent search: from the prediction and from this block's previous displacement, move to the
    // best of the 8 neighbours until the centre wins (at most SEARCH_RADIUS from the prediction).
    if (++stamp === 0x7fffffff) { seen.fill(0); stamp = 1; }
    bx0 = x0; by0 = y0; bpx = pdx; bpy = pdy;
    let best = Infinity, bdx = 0, bdy = 0;
    const starts = previousU && previousV ? 2 : 1;
    for (let st = 0; st < starts; st++) {
      let cx = pdx, cy = pdy;
      if (st === 1) {
        cx = Math.round(previousU![i]); cy = Math.round(previousV![i]);
        if (cx === pdx && cy === pdy) continue;
      }
      blockCost(cx, cy, Infinity);
      let cur = costOut[0];
      if (cur === Infinity) continue;
      for (let step = 0; step < 2 * R; step++) {
        let nx = cx, ny = cy, nc = cur;
        for (let jy = -1; jy <= 1; jy++) {
          for (let jx = -1; jx <= 1; jx++) {
            if (jx === 0 && jy === 0) continue;
            blockCost(cx + jx, cy + jy, nc);
            const c = costOut[0];
            if (c < nc) { nc = c; nx = cx + jx; ny = cy + jy; }
          }
        }
        if (nx === cx && ny === cy) break;
        cx = nx; cy = ny; cur = nc;
      }
      if (cur < best) { best = cur; bdx = cx; bdy = cy; }
    }
    if (best === Infinity) continue;
    // Lucas–Kanade at the best integer offset: symmetric gradients, then one more step against
    // the bilinearly resampled second frame.
    let gxx = 0, gxy = 0, gyy = 0, gxt = 0, gyt = 0, sad = 0, mag = 0;
    for (let yy = 0, k = 0; yy < B; yy++) {
      let pa = (y0 + yy) * w + x0;
      let pb = pa + bdy * w + bdx;
      for (let xx = 0; xx < B; xx++, pa++, pb++, k++) {
        const ix = 0.25 * (a[pa + 1] - a[pa - 1] + b[pb + 1] - b[pb - 1]);
        const iy = 0.25 * (a[pa + w] - a[pa - w] + b[pb + w] - b[pb - w]);
        const it = b[pb] - a[pa];
        gradX[k] = ix; gradY[k] = iy;
        gxx += ix * ix; gxy += ix * iy; gyy += iy * iy; gxt += ix * it; gyt += iy * it;
        sad += Math.abs(it);
        mag += Math.abs(a[pa]) + Math.abs(b[pb]);
      }
    }
    if (mag > UNEXPLAINED_MIN_DETAIL * NPX) job.unexplained[unexplained++] = sad / (mag + UNEXPLAINED_FLOOR * NPX);
    const small = LK_REGULARISER * NPX;
    const s11 = gxx + small, s22 = gyy + small, det = s11 * s22 - gxy * gxy;
    let ddx = Math.max(SUBPIXEL_MIN, Math.min(SUBPIXEL_MAX, -(s22 * gxt - gxy * gyt) / det));
    let ddy = Math.max(SUBPIXEL_MIN, Math.min(SUBPIXEL_MAX, -(s11 * gyt - gxy * gxt) / det));
    if (Math.abs(ddx) + Math.abs(ddy) > REFINE_MIN_STEP) {
      const fx = Math.floor(ddx), fy = Math.floor(ddy), ax = ddx - fx, ay = ddy - fy;
      let ext = 0, eyt = 0;
      for (let yy = 0, k = 0; yy < B; yy++) {
        const pa0 = (y0 + yy) * w + x0;
        let pb = pa0 + (bdy + fy) * w + bdx + fx;
        for (let xx = 0; xx < B; xx++, pb++, k++) {
          const top = b[pb] + ax * (b[pb + 1] - b[pb]);
          const bottom = b[pb + w] + ax * (b[pb + w + 1] - b[pb + w]);
          const it = top + ay * (bottom - top) - a[pa0 + xx];
          ext += gradX[k] * it; eyt += gradY[k] * it;
        }
      }
      ddx = Math.max(SUBPIXEL_MIN, Math.min(SUBPIXEL_MAX, ddx - (s22 * ext - gxy * eyt) / det));
      ddy = Math.max(SUBPIXEL_MIN, Math.min(SUBPIXEL_MAX, ddy - (s11 * eyt - gxy * ext) / det));
    }
    job.u[i] = bdx + ddx;
    job.v[i] = bdy + ddy;
    const quality = 1 / (1 + (sad / NPX / MATCH_QUALITY_MAD) ** 2);
    const m11 = gxx + eps, m22 = gyy + eps, mdet = m11 * m22 - gxy * gxy;
    job.wxx[i] = (quality * (gxx * m22 - gxy * gxy)) / mdet;
    job.wxy[i] = (quality * gxy * eps) / mdet;
    job.wyy[i] = (quality * (gyy * m11 - gxy * gxy)) / mdet;
  }
  return unexplained;
};
