/**
 * The subject (foreground shape) motion of one frame pair, relative to the camera.
 *
 * 1. Warp the second frame by the pair's camera model (affine, motion-field.ts) onto the first;
 *    the compensated difference D = |b(p + model(p)) − a(p)| is ~0 on the background.
 * 2. Subject pixels: D > max(SUBJECT_DIFF_MIN, 4 × median D). None → the subject does not move
 *    relative to the camera in this pair (speed 0). More than SUBJECT_MAX_SHARE of the frame → the
 *    camera model does not explain the background (parallax, flash): not measurable.
 * 3. Template = the subject pixels dilated by one pixel, taken from the first frame. Integer SAD
 *    search of its displacement (±SUBJECT_SEARCH working px) in the compensated second frame,
 *    then a robust Lucas–Kanade refinement of translation AND scale about the template's
 *    centroid (so a shape growing or shrinking in place is seen as radial motion).
 * Works for flat-coloured shapes (their edges carry the signal) on textured or flat backgrounds.
 *
 * trackStaticSubject (below): for a static camera, the subject of every frame of a window against
 * the per-pixel median background — centroid and rms radius per frame.
 */

import { DIFF_BINS } from './compensation.js';
import { motionKernels } from './kernels.js';

export { SUBJECT_SEARCH } from './template-search.js';

export const SUBJECT_DIFF_MIN = 8;
export const SUBJECT_MIN_PIXELS = 6;
export const SUBJECT_MAX_SHARE = 0.25;
const BORDER = 2;
/** A camera model moving no pixel by more than this (working px) is applied as the identity. */
const IDENTITY_PX = 0.02;
const L1_EPS = 2;
const LK_ITERATIONS = 6;

export interface SubjectMotion {
  /** False when the camera model leaves too much unexplained to isolate a subject. */
  measurable: boolean;
  /** Subject pixels found (0 = nothing moves relative to the camera). */
  pixels: number;
  /** Translation relative to the camera, working px / frame. */
  vx: number;
  vy: number;
  /** Relative scale change per frame about the subject's centroid. */
  scale: number;
  /** rms radius of the subject pixels about their centroid, working px. */
  radius: number;
  /** Centroid of the subject pixels, working px. */
  cx: number;
  cy: number;
}

export interface SubjectScratch {
  warped: Float32Array;
  inside: Uint8Array;
  mask: Uint8Array;
  diff: Float32Array;
  template: Int32Array;
  templateX: Int32Array;
  templateY: Int32Array;
  hist: Uint32Array;
  offset: Int32Array;
}

export function subjectScratch(size: number): SubjectScratch {
  return {
    warped: new Float32Array(size), inside: new Uint8Array(size), mask: new Uint8Array(size), diff: new Float32Array(size),
    template: new Int32Array(size), templateX: new Int32Array(size), templateY: new Int32Array(size), hist: new Uint32Array(DIFF_BINS), offset: new Int32Array(2),
  };
}

function bilinear(img: Float32Array, w: number, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  const ax = x - x0, ay = y - y0;
  const p = y0 * w + x0;
  const top = img[p] + ax * (img[p + 1] - img[p]);
  const bottom = img[p + w] + ax * (img[p + w + 1] - img[p + w]);
  return top + ay * (bottom - top);
}

export const NO_SUBJECT: SubjectMotion = { measurable: true, pixels: 0, vx: 0, vy: 0, scale: 0, radius: 0, cx: 0, cy: 0 };

export function estimateSubject(a: Float32Array, b: Float32Array, w: number, h: number, m: Float64Array,
  s: SubjectScratch = subjectScratch(w * h), columns: [number, number] = [0, w]): SubjectMotion {
  const colFrom = Math.max(BORDER, columns[0]), colTo = Math.min(w - BORDER, columns[1]);
  const size = w * h;
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  const { warped, inside, mask, diff } = s;
  const identity = Math.abs(m[0]) + Math.abs(m[3]) + (Math.abs(m[1]) + Math.abs(m[2]) + Math.abs(m[4]) + Math.abs(m[5])) * Math.max(cx, cy) < IDENTITY_PX;
  const hist = s.hist;
  const valid = motionKernels().compensate({ a, b, width: w, height: h, model: m, identity, warped, inside, diff, hist });
  if (valid < size / 4) return { ...NO_SUBJECT, measurable: false };
  let acc = 0, med = 0;
  for (let i = 0; i < DIFF_BINS; i++) { acc += hist[i]; if (acc >= valid / 2) { med = i + 0.5; break; } }
  const tau = Math.max(SUBJECT_DIFF_MIN, 4 * med);
  let count = 0, sx = 0, sy = 0, x0 = w, x1 = 0, y0 = h, y1 = 0;
  mask.fill(0);
  for (let y = BORDER; y < h - BORDER; y++) {
    for (let x = colFrom; x < colTo; x++) {
      const p = y * w + x;
      if (inside[p] && diff[p] > tau) {
        mask[p] = 1; count++; sx += x; sy += y;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (count < SUBJECT_MIN_PIXELS) return NO_SUBJECT;
  if (count > SUBJECT_MAX_SHARE * valid * ((colTo - colFrom) / w)) return { ...NO_SUBJECT, measurable: false };
  const ox = sx / count, oy = sy / count;
  let r2 = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (mask[y * w + x] === 1) r2 += (x - ox) ** 2 + (y - oy) ** 2;
  const radius = Math.sqrt(r2 / count);
  // Template: subject pixels dilated by one (kept inside the image and the warp).
  const tpl = s.template, tx = s.templateX, ty = s.templateY;
  let nt = 0;
  for (let y = Math.max(1, y0 - 1); y <= Math.min(h - 2, y1 + 1); y++) {
    for (let x = Math.max(1, x0 - 1); x <= Math.min(w - 2, x1 + 1); x++) {
      const p = y * w + x;
      if (!inside[p]) continue;
      if (mask[p] || mask[p - 1] || mask[p + 1] || mask[p - w] || mask[p + w] || mask[p - w - 1] || mask[p - w + 1] || mask[p + w - 1] || mask[p + w + 1]) {
        tpl[nt] = p; tx[nt] = x; ty[nt] = y; nt++;
      }
    }
  }
  // Integer search: a step-2 grid over ±SUBJECT_SEARCH, then the 8 neighbours of its best.
  motionKernels().searchTemplate({ a, warped, inside, width: w, height: h, template: tpl, templateX: tx, templateY: ty, count: nt, offset: s.offset });
  const bvx = s.offset[0], bvy = s.offset[1];
  // Robust Lucas–Kanade on (vx, vy, scale) with the template's gradients.
  let vx = bvx, vy = bvy, sc = 0;
  for (let it = 0; it < LK_ITERATIONS; it++) {
    const H = [0, 0, 0, 0, 0, 0]; // symmetric 3×3: 00 01 02 11 12 22
    const g = [0, 0, 0];
    for (let k = 0; k < nt; k++) {
      const p = tpl[k], x = tx[k], y = ty[k];
      const X = x - ox, Y = y - oy;
      const qx = x + vx + sc * X, qy = y + vy + sc * Y;
      if (qx < 0 || qy < 0 || qx >= w - 1 || qy >= h - 1) continue;
      const q0 = Math.floor(qy) * w + Math.floor(qx);
      if (!inside[q0] || !inside[q0 + 1] || !inside[q0 + w] || !inside[q0 + w + 1]) continue;
      const r = bilinear(warped, w, qx, qy) - a[p];
      const ix = 0.5 * (a[p + 1] - a[p - 1]), iy = 0.5 * (a[p + w] - a[p - w]);
      const js = ix * X + iy * Y;
      // Iteratively reweighted towards an L1 fit: the subject's edges (the majority of the
      // template's gradient) win and static background pixels inside the template do not drag
      // the estimate towards zero as a least-squares fit would.
      const wt = it === 0 ? 1 : 1 / (Math.abs(r) + L1_EPS);
      H[0] += wt * ix * ix; H[1] += wt * ix * iy; H[2] += wt * ix * js;
      H[3] += wt * iy * iy; H[4] += wt * iy * js; H[5] += wt * js * js;
      g[0] += wt * ix * r; g[1] += wt * iy * r; g[2] += wt * js * r;
    }
    const reg = 1e-3 * (H[0] + H[3]) + 1e-6;
    const M = [[H[0] + reg, H[1], H[2]], [H[1], H[3] + reg, H[4]], [H[2], H[4], H[5] + reg * radius * radius + 1e-6]];
    const d = solve3(M, [-g[0], -g[1], -g[2]]);
    if (!d) break;
    vx += Math.max(-1, Math.min(1, d[0]));
    vy += Math.max(-1, Math.min(1, d[1]));
    sc += Math.max(-0.2, Math.min(0.2, d[2]));
    if (it > 0 && Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) * radius < 0.005) break;
  }
  return { measurable: true, pixels: count, vx, vy, scale: sc, radius, cx: ox, cy: oy };
}

function solve3(m: number[][], r: number[]): number[] | null {
  const det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  const inv = (a: number[][]): number[][] => [
    [a[1][1] * a[2][2] - a[1][2] * a[2][1], a[0][2] * a[2][1] - a[0][1] * a[2][2], a[0][1] * a[1][2] - a[0][2] * a[1][1]],
    [a[1][2] * a[2][0] - a[1][0] * a[2][2], a[0][0] * a[2][2] - a[0][2] * a[2][0], a[0][2] * a[1][0] - a[0][0] * a[1][2]],
    [a[1][0] * a[2][1] - a[1][1] * a[2][0], a[0][1] * a[2][0] - a[0][0] * a[2][1], a[0][0] * a[1][1] - a[0][1] * a[1][0]],
  ];
  const i = inv(m);
  return [0, 1, 2].map((k) => (i[k][0] * r[0] + i[k][1] * r[1] + i[k][2] * r[2]) / det);
}

// ------------------------------------------------------------------ static-camera tracking

/** Frames sampled (evenly) for the per-pixel median background. */
export const BACKGROUND_SAMPLES = 15;
/** A pixel is subject when it differs from the background by more than max(this, 4 × the median difference). */
export const TRACK_DIFF_MIN = 10;
export interface SubjectTrack {
  /** Per frame: centroid (working px), rms radius (working px), subject pixels (0 = not seen). */
  cx: Float64Array;
  cy: Float64Array;
  radius: Float64Array;
  pixels: Int32Array;
}


/**
 * The subject of each frame against the per-pixel median of (up to BACKGROUND_SAMPLES of) the
 * window's frames: centroid and rms radius of the pixels far from it (robust: pixels beyond 2.5 rms
 * radii of a first centroid are dropped). A slow subject covers its own middle in most frames and
 * pollutes that median, so this coarse track is biased towards the middle of the path; it seeds
 * {@link refineTrack}. Null when a frame differs from the background over more than
 * SUBJECT_MAX_SHARE of the picture (not a static scene).
 */
function medianTrack(frames: Float32Array[], w: number, h: number): { track: SubjectTrack; bg: Float32Array; tau: Float64Array } | null {
  const n = frames.length;
  const size = w * h;
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
  const track: SubjectTrack = { cx: new Float64Array(n), cy: new Float64Array(n), radius: new Float64Array(n), pixels: new Int32Array(n) };
  const hist = new Uint32Array(512);
  const xs = new Int32Array(size), ys = new Int32Array(size);
  const taus = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    const a = frames[f];
    hist.fill(0);
    for (let p = 0; p < size; p++) { const d = Math.abs(a[p] - bg[p]); hist[d < 511 ? d | 0 : 511]++; }
    let acc = 0, med = 0;
    for (let i = 0; i < 512; i++) { acc += hist[i]; if (acc >= size / 2) { med = i + 0.5; break; } }
    const tau = Math.max(TRACK_DIFF_MIN, 4 * med);
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
    const lim = 6.25 * (r2 / c) + 1;
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
function refineTrack(frames: Float32Array[], w: number, h: number, { track: coarse, bg, tau }: NonNullable<ReturnType<typeof medianTrack>>): SubjectTrack {
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

/**
 * With a static camera the subject is whatever differs from the static background: a coarse
 * median-background track (centroid and rms radius of the differing pixels: robust, but biased
 * towards the middle of a slow path), and that track refined by registering each frame's subject
 * to a reference frame (position and size exact to a fraction of a pixel: the pace along the
 * path). Null when the scene is not static (see medianTrack).
 */
export function trackStaticSubject(frames: Float32Array[], w: number, h: number): { coarse: SubjectTrack; refined: SubjectTrack } | null {
  if (frames.length < 3) return null;
  const coarse = medianTrack(frames, w, h);
  return coarse && { coarse: coarse.track, refined: refineTrack(frames, w, h, coarse) };
}
