/**
 * The static-camera track refined: every frame's subject registered to a reference frame, exact
 * to a fraction of a pixel where the coarse median-background track (background.ts) is off by one
 * or two.
 */

import type { CoarseTrack, SubjectTrack } from './background.js';
import { addTerm, bilinear, clampTo, l1Weight, LK_CONVERGED_PX, LK_ITERATIONS, LK_MAX_STEP_PX, lkStep, normalEquations } from './lk.js';
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
/** Lucas–Kanade passes of a frame's registration: translation alone for the first half when the size is fitted. */
const REFINE_ITERATIONS = LK_ITERATIONS + 4;
const TRANSLATION_FIRST = LK_ITERATIONS / 2;
/** A weight on the scale term that holds the scale where it started. */
const FROZEN = 1e9;
/** The scale changes by at most this much per step. */
const SCALE_STEP = 0.1;
/** The fit refines the search to a fraction of a pixel; one that wanders further than this (px) lost the subject. */
const FIT_MAX_WANDER_PX = 1;
/** A warp is judged on the template's core pixels; it must keep this share of them in the picture. */
const MIN_CORE_SHARE = 0.5;

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

/** The reference frame's subject pixels and their neighbours, about the subject's centre (ox, oy). */
interface Template {
  ox: number;
  oy: number;
  /** Template disc radius, working px. */
  R: number;
  tx: number[];
  ty: number[];
  /** Reference value and gradient. */
  tv: number[];
  gx: number[];
  gy: number[];
  /** Core pixels (differing themselves) judge a match; their neighbours add the edges to the fit. */
  core: boolean[];
  nCore: number;
}

/** What registering one frame needs: the template, the frame size, and how the path is judged. */
interface Registration {
  w: number;
  h: number;
  template: Template;
  /** The size is fitted (the coarse track sees it vary). */
  sized: boolean;
  /** The subject crosses enough of the window for its coarse centroids to be trusted (see STRAY_PX). */
  clean: boolean;
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
  const { sized, ref, r0 } = reference(coarse, seen, w, h);
  const template = subjectTemplate(frames, bg, tau[ref], ref, coarse.cx[ref], coarse.cy[ref], TEMPLATE_SPAN * r0 + TEMPLATE_MARGIN, sized, w, h);
  // Continuing the path (the previous warp, or its linear extrapolation) is preferred; the coarse
  // track's offset (biased towards the middle of the path) only wins by a clear margin — a jump.
  const extent = (x: Float64Array) => Math.max(...seen.map((f) => x[f])) - Math.min(...seen.map((f) => x[f]));
  // A uniform disc's rim is √2 rms radii from its centre.
  const clean = !sized && Math.hypot(extent(coarse.cx), extent(coarse.cy)) >= CLEAN_PATH_DIAMETERS * 2 * Math.SQRT2 * r0;
  const registration: Registration = { w, h, template, sized, clean };
  const { ox, oy } = template;
  const warps: Warp[] = new Array(n);
  warps[ref] = { dx: 0, dy: 0, s: 0 };
  const coarseGuess = (f: number, prev: Warp): Warp => (coarse.pixels[f] > 0
    ? { dx: coarse.cx[f] - ox, dy: coarse.cy[f] - oy, s: prev.s } : prev);
  for (const dir of [1, -1]) {
    for (let f = ref + dir; f >= 0 && f < n; f += dir) {
      const prev = warps[f - dir];
      const before = warps[f - 2 * dir];
      const ahead = before ? { dx: 2 * prev.dx - before.dx, dy: 2 * prev.dy - before.dy, s: 2 * prev.s - before.s } : prev;
      warps[f] = register(registration, frames[f], [prev, ahead], coarseGuess(f, prev));
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
 * Whether the size is fitted, the reference frame and the subject's rms radius there. Scale is
 * fitted only when the coarse track sees the size vary as much as the position (a subject growing
 * or shrinking in place); otherwise it is a free parameter that drifts. The reference is the middle
 * frame — or, for a subject changing size, its largest one wholly in the picture: a template of a
 * few pixels (the subject at its smallest) cannot tell its scale, a large one shrunk can (one cut
 * by the frame's edge has an edge that does not scale with it).
 */
function reference(coarse: SubjectTrack, seen: number[], w: number, h: number): { sized: boolean; ref: number; r0: number } {
  const n = coarse.cx.length;
  const spread = (x: Float64Array) => {
    const v = seen.map((f) => x[f]);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
  };
  const sized = spread(coarse.radius) >= SIZED_SPREAD * Math.hypot(spread(coarse.cx), spread(coarse.cy));
  const inside = (f: number) => {
    const r = Math.SQRT2 * coarse.radius[f];
    return coarse.cx[f] - r >= 0 && coarse.cy[f] - r >= 0 && coarse.cx[f] + r <= w - 1 && coarse.cy[f] + r <= h - 1;
  };
  const whole = seen.filter(inside);
  const ref = sized && whole.length > 0
    ? whole.reduce((b, f) => (coarse.radius[f] > coarse.radius[b] ? f : b), whole[0])
    : seen.reduce((b, f) => (Math.abs(f - (n - 1) / 2) < Math.abs(b - (n - 1) / 2) ? f : b), seen[0]);
  const radii = seen.map((f) => coarse.radius[f]).sort((a, b) => a - b);
  return { sized, ref, r0: sized ? coarse.radius[ref] : radii[radii.length >> 1] };
}

/**
 * Template: within a disc of radius R about the subject, the pixels of the reference frame that
 * differ from the background and their neighbours — not the whole disc, whose static texture
 * would pull the fit towards standing still.
 */
function subjectTemplate(frames: Float32Array[], bg: Float32Array, tau: number, ref: number, ox: number, oy: number, R: number,
  sized: boolean, w: number, h: number): Template {
  const a = frames[ref];
  const differs = (p: number) => Math.abs(a[p] - bg[p]) > tau;
  const first = frames[0], last = frames[frames.length - 1];
  const t: Template = { ox, oy, R, tx: [], ty: [], tv: [], gx: [], gy: [], core: [], nCore: 0 };
  for (let y = Math.max(1, Math.ceil(oy - R)); y <= Math.min(h - 2, Math.floor(oy + R)); y++) {
    for (let x = Math.max(1, Math.ceil(ox - R)); x <= Math.min(w - 2, Math.floor(ox + R)); x++) {
      if ((x - ox) ** 2 + (y - oy) ** 2 > R * R) continue;
      const p = y * w + x;
      // Core: differing from the background and from the first and last frames (a pixel the
      // polluted median mistakes for subject shows the same background at the window's ends).
      const core = differs(p) && (sized || Math.abs(a[p] - first[p]) > tau && Math.abs(a[p] - last[p]) > tau);
      if (!(core || differs(p - 1) || differs(p + 1) || differs(p - w) || differs(p + w))) continue;
      t.core.push(core);
      t.tx.push(x - ox); t.ty.push(y - oy); t.tv.push(a[p]);
      t.gx.push(0.5 * (a[p + 1] - a[p - 1])); t.gy.push(0.5 * (a[p + w] - a[p - w]));
    }
  }
  t.nCore = t.core.filter(Boolean).length;
  return t;
}

const sampleAt = (img: Float32Array, w: number, h: number, x: number, y: number): number =>
  (x < 0 || y < 0 || x >= w - 1 || y >= h - 1 ? NaN : bilinear(img, w, x, y));

/** Mean absolute difference of the template's core pixels under warp q (Infinity when too few stay in the picture). */
function cost({ w, h, template: t }: Registration, img: Float32Array, q: Warp): number {
  let sum = 0, m = 0;
  for (let k = 0; k < t.tv.length; k++) {
    if (!t.core[k]) continue;
    const v = sampleAt(img, w, h, t.ox + q.dx + (1 + q.s) * t.tx[k], t.oy + q.dy + (1 + q.s) * t.ty[k]);
    if (Number.isNaN(v)) continue;
    sum += Math.abs(v - t.tv[k]); m++;
  }
  return m < MIN_CORE_SHARE * t.nCore ? Infinity : sum / m;
}

/** The best integer warp within ±REFINE_SEARCH of the guesses (and SCALE_STEPS of their scale when sized), and its cost. */
function search(reg: Registration, img: Float32Array, guesses: Warp[]): [Warp, number] {
  let best: Warp = guesses[0], bestCost = Infinity;
  for (const g of guesses) {
    for (const ds of reg.sized ? SCALE_STEPS : [0]) {
      for (let vy = -REFINE_SEARCH; vy <= REFINE_SEARCH; vy++) {
        for (let vx = -REFINE_SEARCH; vx <= REFINE_SEARCH; vx++) {
          const q = { dx: Math.round(g.dx) + vx, dy: Math.round(g.dy) + vy, s: (1 + g.s) * Math.exp(ds) - 1 };
          const c = cost(reg, img, q);
          if (c < bestCost) { bestCost = c; best = q; }
        }
      }
    }
  }
  return [best, bestCost];
}

/** One frame's warp: searched about the path's continuation and the coarse track's `jump`, then fitted. */
function register(reg: Registration, img: Float32Array, path: Warp[], jump: Warp): Warp {
  const [near, nearCost] = search(reg, img, path);
  const [far, farCost] = search(reg, img, [jump]);
  const strays = reg.clean && Math.hypot(near.dx - jump.dx, near.dy - jump.dy) > STRAY_PX;
  const best = strays || farCost < JUMP_MARGIN * nearCost ? far : near;
  const { dx, dy, s } = fitWarp(reg, img, best);
  // (Costs are not compared: interpolated samples match a textured background differently from
  // whole-pixel ones.)
  return Math.hypot(dx - best.dx, dy - best.dy) <= FIT_MAX_WANDER_PX ? { dx, dy, s } : best;
}

/** Robust Lucas–Kanade refinement of a warp: translation first, then scale too when the size is fitted. */
function fitWarp({ w, h, template: t, sized }: Registration, img: Float32Array, start: Warp): Warp {
  let { dx, dy, s } = start;
  const R = t.R;
  for (let it = 0; it < REFINE_ITERATIONS; it++) {
    const eq = normalEquations();
    for (let k = 0; k < t.tv.length; k++) {
      const v = sampleAt(img, w, h, t.ox + dx + (1 + s) * t.tx[k], t.oy + dy + (1 + s) * t.ty[k]);
      if (Number.isNaN(v)) continue;
      const r = v - t.tv[k];
      const ix = t.gx[k], iy = t.gy[k];
      addTerm(eq, l1Weight(it, r), ix, iy, ix * t.tx[k] + iy * t.ty[k], r);
    }
    // Translation first (a jump not yet caught is easily mistaken for a size change), then both
    // when the subject changes size.
    const frozen = !sized || it < TRANSLATION_FIRST ? FROZEN * (eq.H[5] + 1) : 0;
    const d = lkStep(eq, (ridge) => eq.H[5] + ridge * R * R + frozen);
    if (!d) break;
    // The template moves with the warp, so the inverse step is scaled back by (1 + s).
    dx += clampTo(d[0] * (1 + s), LK_MAX_STEP_PX);
    dy += clampTo(d[1] * (1 + s), LK_MAX_STEP_PX);
    s += clampTo(d[2] * (1 + s), SCALE_STEP);
    if (Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) * R < LK_CONVERGED_PX) break;
  }
  return { dx, dy, s };
}
