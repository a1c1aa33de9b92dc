/**
 * The static-camera track refined: every frame's subject registered to a reference frame, exact
 * to a fraction of a pixel where the coarse median-background track (background.ts) is off by one
 * or two.
 */

import type { CoarseTrack, SubjectTrack } from './background.js';
import { bilinear, L1_EPS, LK_ITERATIONS, solve3 } from './lk.js';
import { SUBJECT_MIN_PIXELS } from './subject.js';

/** Template disc radius: this many (median) coarse rms radii, plus TEMPLATE_MARGIN working px. */
export const TEMPLATE_SPAN = 1.7;
export const TEMPLATE_MARGIN = 2;
/** The size is fitted when the coarse rms radius varies by this share of the centroid's spread. */
export const SIZED_SPREAD = 0.7;
/** The coarse track's guess replaces the path's continuation when it matches this much better … */
const JUMP_MARGIN = 0.7;
/**
 * … or when the continuation strays this far (px) from the coarse centroid of a subject that
 * crosses at least CLEAN_PATH_DIAMETERS of its diameters in the window (it covers no pixel for
 * half the frames, so the median background is clean and the centroids unbiased). A faint subject
 * over a textured backdrop can match its template nearly as well a few pixels behind where it is,
 * and the path would lag there.
 */
const STRAY_PX = 3;
const CLEAN_PATH_DIAMETERS = 2;
/** ln-scale steps searched about each guess when the size is fitted. */
const SCALE_STEPS = [-0.12, -0.06, 0, 0.06, 0.12];
/** Integer search about each starting guess, working px. */
const REFINE_SEARCH = 2;

interface Warp { dx: number; dy: number; s: number }

const median3 = (a: number, b: number, c: number) => Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));

/**
 * Median of three along the track (the ends against the line through their two neighbours): a
 * single frame that lost the subject (a codec glitch) is put back on the path; a path that moves
 * steadily in one direction is unchanged.
 */
function despike(x: Float64Array): void {
  const n = x.length;
  if (n < 3) return;
  const src = Float64Array.from(x);
  x[0] = median3(src[0], src[1], 2 * src[1] - src[2]);
  x[n - 1] = median3(src[n - 1], src[n - 2], 2 * src[n - 2] - src[n - 3]);
  for (let i = 1; i < n - 1; i++) x[i] = median3(src[i - 1], src[i], src[i + 1]);
}

/**
 * Registers every frame to a reference frame (the middle one the coarse track saw) over the
 * reference's subject pixels: translation, and scale about the subject's centre when its size
 * varies, by an integer search about the path's continuation (or the coarse track's offset, for a
 * jump) and a robust Lucas–Kanade refinement, outward from the reference frame by frame.
 * Positions come out exact to a fraction of a pixel where the coarse track is off by one or two.
 */
export function refineTrack(frames: Float32Array[], w: number, h: number, { track: coarse, bg, tau }: CoarseTrack): SubjectTrack {
  const n = frames.length;
  const seen = Array.from({ length: n }, (_, f) => f).filter((f) => coarse.pixels[f] > 0);
  if (seen.length === 0) return coarse;
  // Scale is fitted only when the coarse track sees the size vary as much as the position (a
  // subject growing or shrinking in place); otherwise it is a free parameter that drifts.
  const spread = (x: Float64Array) => {
    const v = seen.map((f) => x[f]);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
  };
  const sized = spread(coarse.radius) >= SIZED_SPREAD * Math.hypot(spread(coarse.cx), spread(coarse.cy));
  // The reference is the middle frame — or, for a subject changing size, its largest one wholly in
  // the picture: a template of a few pixels (the subject at its smallest) cannot tell its scale, a
  // large one shrunk can (one cut by the frame's edge has an edge that does not scale with it).
  const inside = (f: number) => {
    const r = Math.SQRT2 * coarse.radius[f];
    return coarse.cx[f] - r >= 0 && coarse.cy[f] - r >= 0 && coarse.cx[f] + r <= w - 1 && coarse.cy[f] + r <= h - 1;
  };
  const whole = seen.filter(inside);
  const ref = sized && whole.length > 0
    ? whole.reduce((b, f) => (coarse.radius[f] > coarse.radius[b] ? f : b), whole[0])
    : seen.reduce((b, f) => (Math.abs(f - (n - 1) / 2) < Math.abs(b - (n - 1) / 2) ? f : b), seen[0]);
  const radii = seen.map((f) => coarse.radius[f]).sort((a, b) => a - b);
  const r0 = sized ? coarse.radius[ref] : radii[radii.length >> 1];
  const R = TEMPLATE_SPAN * r0 + TEMPLATE_MARGIN;
  const ox = coarse.cx[ref], oy = coarse.cy[ref];
  const a = frames[ref];
  // Template: within a disc about the subject, the pixels that differ from the background in the
  // reference and their neighbours — not the whole disc, whose static texture would pull the fit
  // towards standing still.
  const differs = (p: number) => Math.abs(a[p] - bg[p]) > tau[ref];
  const first = frames[0], last = frames[n - 1];
  const tx: number[] = [], ty: number[] = [], tv: number[] = [], gx: number[] = [], gy: number[] = [];
  // Core pixels (differing themselves) judge a match; their neighbours add the edges to the fit.
  const tc: boolean[] = [];
  for (let y = Math.max(1, Math.ceil(oy - R)); y <= Math.min(h - 2, Math.floor(oy + R)); y++) {
    for (let x = Math.max(1, Math.ceil(ox - R)); x <= Math.min(w - 2, Math.floor(ox + R)); x++) {
      if ((x - ox) ** 2 + (y - oy) ** 2 > R * R) continue;
      const p = y * w + x;
      // Core: differing from the background and from the first and last frames (a pixel the
      // polluted median mistakes for subject shows the same background at the window's ends).
      const core = differs(p) && (sized || Math.abs(a[p] - first[p]) > tau[ref] && Math.abs(a[p] - last[p]) > tau[ref]);
      if (!(core || differs(p - 1) || differs(p + 1) || differs(p - w) || differs(p + w))) continue;
      tc.push(core);
      tx.push(x - ox); ty.push(y - oy); tv.push(a[p]);
      gx.push(0.5 * (a[p + 1] - a[p - 1])); gy.push(0.5 * (a[p + w] - a[p - w]));
    }
  }
  const nt = tv.length;
  const nCore = tc.filter(Boolean).length;
  const sampleAt = (img: Float32Array, x: number, y: number): number => (x < 0 || y < 0 || x >= w - 1 || y >= h - 1 ? NaN : bilinear(img, w, x, y));
  const cost = (img: Float32Array, q: Warp): number => {
    let sum = 0, m = 0;
    for (let k = 0; k < nt; k++) {
      if (!tc[k]) continue;
      const v = sampleAt(img, ox + q.dx + (1 + q.s) * tx[k], oy + q.dy + (1 + q.s) * ty[k]);
      if (Number.isNaN(v)) continue;
      sum += Math.abs(v - tv[k]); m++;
    }
    return m < nCore / 2 ? Infinity : sum / m;
  };
  const search = (img: Float32Array, guesses: Warp[]): [Warp, number] => {
    let best: Warp = guesses[0], bestCost = Infinity;
    for (const g of guesses) {
      for (const ds of sized ? SCALE_STEPS : [0]) {
        for (let vy = -REFINE_SEARCH; vy <= REFINE_SEARCH; vy++) {
          for (let vx = -REFINE_SEARCH; vx <= REFINE_SEARCH; vx++) {
            const q = { dx: Math.round(g.dx) + vx, dy: Math.round(g.dy) + vy, s: (1 + g.s) * Math.exp(ds) - 1 };
            const c = cost(img, q);
            if (c < bestCost) { bestCost = c; best = q; }
          }
        }
      }
    }
    return [best, bestCost];
  };
  // Continuing the path (the previous warp, or its linear extrapolation) is preferred; the coarse
  // track's offset (biased towards the middle of the path) only wins by a clear margin — a jump.
  const extent = (x: Float64Array) => Math.max(...seen.map((f) => x[f])) - Math.min(...seen.map((f) => x[f]));
  // A uniform disc's rim is √2 rms radii from its centre.
  const clean = !sized && Math.hypot(extent(coarse.cx), extent(coarse.cy)) >= CLEAN_PATH_DIAMETERS * 2 * Math.SQRT2 * r0;
  const register = (img: Float32Array, path: Warp[], jump: Warp): Warp => {
    let [best, bestCost] = search(img, path);
    const [far, farCost] = search(img, [jump]);
    const strays = clean && Math.hypot(best.dx - jump.dx, best.dy - jump.dy) > STRAY_PX;
    if (strays || farCost < JUMP_MARGIN * bestCost) { best = far; bestCost = farCost; }
    let { dx, dy, s } = best;
    for (let it = 0; it < LK_ITERATIONS + 4; it++) {
      const H = [0, 0, 0, 0, 0, 0];
      const g = [0, 0, 0];
      for (let k = 0; k < nt; k++) {
        const v = sampleAt(img, ox + dx + (1 + s) * tx[k], oy + dy + (1 + s) * ty[k]);
        if (Number.isNaN(v)) continue;
        const r = v - tv[k];
        const ix = gx[k], iy = gy[k], js = ix * tx[k] + iy * ty[k];
        const wt = it === 0 ? 1 : 1 / (Math.abs(r) + L1_EPS);
        H[0] += wt * ix * ix; H[1] += wt * ix * iy; H[2] += wt * ix * js;
        H[3] += wt * iy * iy; H[4] += wt * iy * js; H[5] += wt * js * js;
        g[0] += wt * ix * r; g[1] += wt * iy * r; g[2] += wt * js * r;
      }
      const reg = 1e-3 * (H[0] + H[3]) + 1e-6;
      // Translation first (a jump not yet caught is easily mistaken for a size change), then both
      // when the subject changes size.
      const frozen = !sized || it < LK_ITERATIONS / 2 ? 1e9 * (H[5] + 1) : 0;
      const d = solve3([[H[0] + reg, H[1], H[2]], [H[1], H[3] + reg, H[4]], [H[2], H[4], H[5] + reg * R * R + frozen]], [-g[0], -g[1], -g[2]]);
      if (!d) break;
      // The template moves with the warp, so the inverse step is scaled back by (1 + s).
      dx += Math.max(-1, Math.min(1, d[0] * (1 + s)));
      dy += Math.max(-1, Math.min(1, d[1] * (1 + s)));
      s += Math.max(-0.1, Math.min(0.1, d[2] * (1 + s)));
      if (Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) * R < 0.005) break;
    }
    // The fit refines the search to a fraction of a pixel; one that wanders further lost the
    // subject. (Costs are not compared: interpolated samples match a textured background
    // differently from whole-pixel ones.)
    return Math.hypot(dx - best.dx, dy - best.dy) <= 1 ? { dx, dy, s } : best;
  };
  const warps: Warp[] = new Array(n);
  warps[ref] = { dx: 0, dy: 0, s: 0 };
  const coarseGuess = (f: number, prev: Warp): Warp => (coarse.pixels[f] > 0
    ? { dx: coarse.cx[f] - ox, dy: coarse.cy[f] - oy, s: prev.s } : prev);
  for (const dir of [1, -1]) {
    for (let f = ref + dir; f >= 0 && f < n; f += dir) {
      const prev = warps[f - dir];
      const before = warps[f - 2 * dir];
      const ahead = before ? { dx: 2 * prev.dx - before.dx, dy: 2 * prev.dy - before.dy, s: 2 * prev.s - before.s } : prev;
      warps[f] = register(frames[f], [prev, ahead], coarseGuess(f, prev));
    }
  }
  const out: SubjectTrack = { cx: new Float64Array(n), cy: new Float64Array(n), radius: new Float64Array(n), pixels: new Int32Array(n) };
  for (let f = 0; f < n; f++) {
    out.cx[f] = ox + warps[f].dx; out.cy[f] = oy + warps[f].dy; out.radius[f] = r0 * (1 + warps[f].s);
    out.pixels[f] = Math.max(coarse.pixels[f], SUBJECT_MIN_PIXELS); // registered in every frame
  }
  for (const x of [out.cx, out.cy, out.radius]) despike(x);
  return out;
}
