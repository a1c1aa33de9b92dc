/**
 * The coarse global shift of a frame pair (step 1 of field.ts): an exhaustive search on the 2×
 * smaller, contrast-normalised detail, and a wider step-2 search when nothing in range explains
 * the change (a whip pan without motion blur).
 */

/** The coarse search runs on a copy this many times smaller than the working picture (downsample2). */
export const COARSE_FACTOR = 2;
/** Coarse search range, fraction of the coarse image's width / height. */
export const COARSE_RANGE = 0.25;
/**
 * When the best shift within COARSE_RANGE still leaves WIDE_TRIGGER of the zero-shift difference, a
 * wider search (wideShift) looks up to WIDE_RANGE of the width away, on images WIDE_MIN_WIDTH px
 * wide at least, and its shift is taken when it matches WIDE_GAIN × better.
 */
export const WIDE_TRIGGER = 0.6;
export const WIDE_RANGE = 0.6;
const WIDE_MIN_WIDTH = 8;
const WIDE_GAIN = 0.7;
/** Spacing of the wide search's first grid of shifts, coarse px (its best's neighbours are tried next). */
const WIDE_STEP = 2;
/** Tie-break towards the previous pair's coarse shift, grey levels per coarse px. */
const COARSE_TIE = 0.15;
/** Largest per-pixel difference the coarse search counts (contrast-normalised detail units). */
const COARSE_TRUNCATE = 2;
/** Contrast normalisation of the coarse detail: d / (3×3 mean |d| + NORM_FLOOR grey levels). */
const NORM_FLOOR = 2;

/**
 * Local contrast normalisation in place: d / (3×3 mean of |d| + NORM_FLOOR). Every textured area then
 * weighs about the same in the coarse search, so a large high-contrast subject cannot outvote a
 * faint background that covers most of the frame.
 */
export function normalizeContrast(d: Float32Array, w: number, h: number): Float32Array {
  const m = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0, c = 0;
      for (let j = Math.max(0, y - 1); j <= Math.min(h - 1, y + 1); j++) {
        for (let i = Math.max(0, x - 1); i <= Math.min(w - 1, x + 1); i++) { s += Math.abs(d[j * w + i]); c++; }
      }
      m[y * w + x] = s / c;
    }
  }
  for (let i = 0; i < w * h; i++) d[i] = d[i] / (m[i] + NORM_FLOOR);
  return d;
}

/**
 * Sum of the truncated absolute differences a(x, y) − b(x + dx, y + dy) over the columns
 * [colFrom, colTo) of a that both images cover, and how many pixels that is; the sum stops
 * growing once it passes `limit` (the caller only needs to know that it lost).
 */
function shiftSum(a: Float32Array, b: Float32Array, w: number, h: number, colFrom: number, colTo: number, dx: number, dy: number,
  truncate: number, limit = Infinity): { sum: number; count: number } {
  const y0 = Math.max(0, -dy), y1 = Math.min(h, h - dy);
  const x0 = Math.max(colFrom, -dx), x1 = Math.min(colTo, w - dx);
  const count = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  let sum = 0;
  for (let y = y0; y < y1 && sum <= limit; y++) {
    const ra = y * w, rb = (y + dy) * w + dx;
    for (let x = x0; x < x1; x++) {
      const d = Math.abs(a[ra + x] - b[rb + x]);
      sum += d < truncate ? d : truncate;
    }
  }
  return { sum, count };
}

/** Shifts leaving less than this share of the compared area overlapping are not tried. */
const MIN_OVERLAP = 0.3;

/**
 * Best whole-image shift of b against a (b(x + dx, y + dy) ≈ a(x, y)) by exhaustive search of the
 * mean truncated absolute difference (each pixel counts at most `truncate`, so a subject that
 * jumps cannot outvote the background) over ±`range` of the width and height, comparing the
 * columns [colFrom, colTo) of a, with a tie-break towards the previous pair's shift (pdx, pdy): a
 * periodic texture then keeps its motion instead of snapping to a period. Also the zero-shift
 * mean, truncated mean (`zeroCost`) and largest difference.
 */
export function coarseShift(a: Float32Array, b: Float32Array, w: number, h: number, colFrom = 0, colTo = w, pdx = 0, pdy = 0,
  truncate = COARSE_TRUNCATE, range = COARSE_RANGE):
  { dx: number; dy: number; mad: number; zeroMad: number; zeroCost: number; zeroMax: number } {
  let zero = 0, zeroMax = 0, zeroT = 0;
  for (let y = 0; y < h; y++) {
    for (let x = colFrom; x < colTo; x++) {
      const d = Math.abs(a[y * w + x] - b[y * w + x]);
      zero += d;
      zeroT += d < truncate ? d : truncate;
      if (d > zeroMax) zeroMax = d;
    }
  }
  const area = h * (colTo - colFrom);
  zero /= area;
  zeroT /= area;
  let best = zeroT + COARSE_TIE * (Math.abs(pdx) + Math.abs(pdy)), bdx = 0, bdy = 0;
  const rx = Math.max(1, Math.round(range * w)), ry = Math.max(1, Math.round(range * h));
  for (let dy = -ry; dy <= ry; dy++) {
    for (let dx = -rx; dx <= rx; dx++) {
      if (dx === 0 && dy === 0) continue;
      const overlap = Math.max(0, Math.min(colTo, w - dx) - Math.max(colFrom, -dx)) * Math.max(0, Math.min(h, h - dy) - Math.max(0, -dy));
      if (overlap <= MIN_OVERLAP * area) continue;
      const penalty = COARSE_TIE * (Math.abs(dx - pdx) + Math.abs(dy - pdy));
      const limit = (best - penalty) * overlap;
      if (limit <= 0) continue;
      const { sum, count } = shiftSum(a, b, w, h, colFrom, colTo, dx, dy, truncate, limit);
      if (sum > limit) continue;
      const cost = sum / count + penalty;
      if (cost < best) { best = cost; bdx = dx; bdy = dy; }
    }
  }
  const mad = best - COARSE_TIE * (Math.abs(bdx - pdx) + Math.abs(bdy - pdy));
  return { dx: bdx, dy: bdy, mad, zeroMad: zero, zeroCost: zeroT, zeroMax };
}

/**
 * A whole-image shift beyond COARSE_RANGE (a whip pan without motion blur moves the picture by a
 * third of its width or more per frame): the mean truncated difference over a step-2 grid of
 * shifts up to ±WIDE_RANGE of the coarse image's width and height, then the 8 neighbours of its
 * best. (Halving the images again would leave little texture to match at 160 px.) Null when the
 * best does not match WIDE_GAIN × better than `near`, the in-range search's best.
 */
export function wideShift(ca: Float32Array, cb: Float32Array, cw: number, ch: number, colFrom: number, colTo: number, near: number):
  { dx: number; dy: number; mad: number } | null {
  if (cw < WIDE_MIN_WIDTH) return null;
  const area = ch * (colTo - colFrom);
  const rx = Math.round(WIDE_RANGE * cw), ry = Math.round(WIDE_RANGE * ch);
  let best = { dx: 0, dy: 0, mad: Infinity };
  const tryShift = (dx: number, dy: number): void => {
    const { sum, count } = shiftSum(ca, cb, cw, ch, colFrom, colTo, dx, dy, COARSE_TRUNCATE, best.mad * area);
    if (count > MIN_OVERLAP * area && sum / count < best.mad) best = { dx, dy, mad: sum / count };
  };
  for (let dy = -ry; dy <= ry; dy += WIDE_STEP) for (let dx = -rx; dx <= rx; dx += WIDE_STEP) tryShift(dx, dy);
  const { dx: gx, dy: gy } = best;
  for (let dy = gy - 1; dy <= gy + 1; dy++) for (let dx = gx - 1; dx <= gx + 1; dx++) if (dx !== gx || dy !== gy) tryShift(dx, dy);
  return best.mad < WIDE_GAIN * near ? best : null;
}
