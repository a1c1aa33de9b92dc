import type { DynamicValue } from './types.js';
import { coarseShift } from './motion/coarse.js';
import { cameraSequence, MIN_OVERLAP, warpInto, type CameraSequence, type Warp } from './transition-camera.js';
import { detail, DETAIL_RADIUS } from './visual-composition.js';
import { downsample2, prepared, type WindowInput } from './visual-prep.js';
import { median } from '../../base/numbers.js';

/**
 * transition_type, only when a transition is present in the window. The sequence is the
 * previous window's last frame (when given) followed by the window's frames, in working-resolution
 * luma. Checks, first match wins:
 *
 * - fade: the picture's contrast (std of luma) collapses toward a flat field of any colour (black,
 *   white, grey or a tint): the flattest frame keeps ≤ FADE_FLAT_RATIO of the contrast of a frame on
 *   one side (≥ FADE_MIN_CONTRAST) and ≤ FADE_FLAT_MAX in itself, the collapse is spread over ≥
 *   FADE_MIN_STEPS steps with no step > FADE_MAX_STEP_SHARE of it, and the whole picture flattens at once: step by
 *   step, the median textured tile (FADE_TILES_X × FADE_TILES_Y; its rms deviation from the flat
 *   frame's level) loses as much as the picture, ≥ FADE_MIN_UNIFORM of the collapse (a wipe
 *   toward a flat shot flattens one strip per step and leaves the median tile whole; steps are short
 *   enough for the camera's motion not to matter). Fade-outs, fade-ins and dips all count, but not a
 *   dissolve between opposite pictures, which passes through their flat average: its frames on
 *   either side of the flat one mirror each other about it (correlation ≤ FADE_MAX_MIRROR).
 * - cut: one frame-to-frame difference, after compensating the camera's motion pair by pair
 *   (transition-camera.ts), ≥ CUT_MIN_DIFF and ≥ CUT_RATIO × every other one — so a cut between
 *   moving shots spikes once above the shots' own motion — that neither a shift explains (of the
 *   frames' detail, the best shift leaves ≥ CUT_MIN_UNEXPLAINED of its magnitude) nor a light change
 *   (a fade's abrupt first step).
 * - dissolve / wipe: the first (A) and last (B) frames differ by ≥ CHANGE_LUMA over ≥
 *   CHANGE_MIN_SHARE of the pixels — also once B is brought into A's view by the window's steady
 *   camera motion (transition-camera.ts). Each frame F in between is compared with the two shots as
 *   they would show at its time: A carried forward by its own motion and B carried back by its own,
 *   so that panning shots are judged as still ones. A shot's motion is its first (last) pair's
 *   camera model, then the mean model of the pairs before (after) the first (last) frame whose
 *   blend weight leaves PURE_ALPHA (a shot's frame steps need not be even: frames repeat when the
 *   rate was converted). Over the pixels where those two differ by ≥ CHANGE_LUMA (≥
 *   CHANGE_MIN_SHARE of them, else the frame is unmeasured): α = least-squares blend weight of
 *   (A, B), the blend residual |F − A − α(B − A)|, the pick residual min(|F − A|, |F − B|) and the
 *   local blend residual, with a weight per WIPE_TILE-px tile — all relative to |B − A|. With ≥
 *   MIN_MID_FRAMES measured frames of α inside MID_ALPHA, α not decreasing (by more than ALPHA_DROP_SLACK), and A's and B's detail
 *   not explainable by a shift (≥ BLEND_MIN_UNEXPLAINED left: an edge sweeping a flat field that
 *   the camera model missed is no wipe), medians over those frames:
 *     wipe     — the shots mix by region: blend residual ≥ WIPE_MIN_BLEND, the local one ≤
 *                WIPE_MAX_LOCAL_SHARE of it (a dissolve's tiles all mix alike, and a texture
 *                shifting interleaves A and B pixels in every tile), and a hard edge (pick residual
 *                ≤ WIPE_MAX_PICK) or a soft one (local residual ≤ WIPE_MAX_PICK, and no light
 *                change explains B, see below);
 *     dissolve — frames are convex mixtures: blend residual ≤ DISSOLVE_MAX_BLEND, pick residual ≥
 *                DISSOLVE_MIN_PICK, and no light change explains B: the best gain and offset of A leave ≥ LIGHT_MIN_UNEXPLAINED of
 *                B's spread (plus LIGHT_FLOOR per pixel), a light being a positive gain that keeps
 *                the spread within LIGHT_MAX_GAIN either way (a brightness or contrast ramp is not a
 *                dissolve).
 * Renderer: make consecutive shots differ clearly (≥ 30 % of the pixels by ≥ 20 levels) and let
 * dissolves / wipes / fades last ≥ 6 frames; motion inside the shots is tolerated but a still or
 * slow shot around the transition is the clearest.
 */

export const FADE_FLAT_RATIO = 0.3;
export const FADE_MIN_CONTRAST = 5;
export const FADE_FLAT_MAX = 6;
export const FADE_MAX_STEP_SHARE = 0.6;
/** Frame steps a fade's collapse is spread over at least (a drop in one step is a cut). */
export const FADE_MIN_STEPS = 2;
/** Tiles across and down on which the collapse's uniformity is followed. */
export const FADE_TILES_X = 6;
export const FADE_TILES_Y = 4;
/** Grey levels added to every contrast before a ratio, so that noise on a flat field does not swing it. */
export const CONTRAST_FLOOR = 2;
/** A tile is textured when its deviation at the start of the collapse is ≥ this share of the picture's. */
export const FADE_TILE_TEXTURED = 0.5;
/**
 * A dip whose two sides mirror each other about the flat frame (correlation of their deviations from
 * it ≤ this) is a dissolve between opposite pictures passing through their flat average.
 */
export const FADE_MAX_MIRROR = -0.5;
/** Over the collapse, the median textured tile follows ≥ this share of the picture's contrast change. */
export const FADE_MIN_UNIFORM = 0.5;
export const CUT_MIN_DIFF = 18;
export const CUT_RATIO = 3;
export const CUT_MIN_UNEXPLAINED = 0.6;
export const CHANGE_LUMA = 20;
export const CHANGE_MIN_SHARE = 0.2;
export const BLEND_MIN_UNEXPLAINED = 0.5;
/** Of the last frame's spread, the best gain and offset of the first leave at least this much (a light changing is no transition). */
export const LIGHT_MIN_UNEXPLAINED = 0.5;
/** Grey levels per pixel added to that spread: a flat field changing its level is a light, not a transition. */
export const LIGHT_FLOOR = 4;
/** A light change scales the picture's spread (plus that floor) by at most this factor either way. */
export const LIGHT_MAX_GAIN = 2;
export const MIN_MID_FRAMES = 2;
/** An in-between frame counts towards a blend when its weight lies strictly inside this range (it shows both shots). */
export const MID_ALPHA: readonly [number, number] = [0.15, 0.85];
/** The blend weight may fall back by this much from frame to frame and still count as not decreasing (measurement noise). */
export const ALPHA_DROP_SLACK = 0.08;
/** A frame whose blend weight is within this of 0 (or 1) still shows the first (or last) shot alone: its pairs give that shot's motion. */
export const PURE_ALPHA = 0.05;
export const DISSOLVE_MAX_BLEND = 0.2;
export const DISSOLVE_MIN_PICK = 0.12;
export const WIPE_MAX_PICK = 0.12;
export const WIPE_MIN_BLEND = 0.2;
/** Tile side (working px) of a wipe's local blend weights: small against the frame, large against a texture's grain. */
export const WIPE_TILE = 8;
/** A wipe's shots mix by region: a weight per tile leaves ≤ this share of what one weight for the whole frame leaves (a dissolve's tiles all mix alike, a shifted texture's interleave a and b in every tile). */
export const WIPE_MAX_LOCAL_SHARE = 0.5;
/** A transition needs a frame in between the two it runs from and to. */
const MIN_SEQUENCE = 3;
/** Below this size (half-resolution px) a shift search has too little to go by: the pictures count as unrelated. */
const SHIFT_MIN_WIDTH = 8;
const SHIFT_MIN_HEIGHT = 4;
/** Summed squared deviation of a picture at or below which it is flat: no gain to fit. */
const FLAT_SPREAD = 1e-6;

export interface TransitionStats {
  meanLuma: number[];
  std: number[];
  /** Mean absolute difference of consecutive frames. */
  diffs: number[];
  /** The same after compensating the camera's motion (transition-camera.ts). */
  residual: number[];
  /** The fade candidate: the frames its collapse runs between, the share of it the median tile follows, and its sides' mirror correlation. */
  fade: (FadeSpan & { uniformity: number; mirror: number }) | null;
  /** Blend weight / residuals per in-between frame (NaN when A and B do not differ enough). */
  alpha: number[];
  blendResidual: number[];
  pickResidual: number[];
  /** Per in-between frame: the blend residual with a weight per tile (midFrame). */
  localBlend: number[];
  /** Share of pixels that differ between the first and last frame. */
  changedShare: number;
  /** The same, with the last frame brought into the first's view by the camera's motion (transition-camera.ts). */
  cameraChangedShare: number;
  /** Share of the last frame's spread that the best gain and offset of the first leave (the smaller of the still and the camera-compensated comparison). */
  lightUnexplained: number;
}

/**
 * How much of the detail (luma minus its box blur) of a and b the best global shift of b onto a
 * leaves unexplained: Σ|a − b| / Σ(|a| + |b|) over their overlap at that shift — about 0.7 between
 * unrelated pictures (1 when one is flat), small for the same picture moved. (Relative to the
 * unshifted difference instead, a shift that lands on the flattest part of the other frame would
 * look like an explanation.)
 */
function unexplained(a: Float32Array, b: Float32Array, w: number, h: number): number {
  const cw = Math.floor(w / 2), ch = Math.floor(h / 2);
  if (cw < SHIFT_MIN_WIDTH || ch < SHIFT_MIN_HEIGHT) return 1;
  const ca = downsample2(detail(a, w, h, DETAIL_RADIUS), w, h), cb = downsample2(detail(b, w, h, DETAIL_RADIUS), w, h);
  const { dx, dy } = coarseShift(ca, cb, cw, ch, 0, cw, 0, 0, Infinity);
  let diff = 0, size = 0;
  for (let y = Math.max(0, -dy); y < Math.min(ch, ch - dy); y++) {
    for (let x = Math.max(0, -dx); x < Math.min(cw, cw - dx); x++) {
      const p = ca[y * cw + x], q = cb[(y + dy) * cw + x + dx];
      diff += Math.abs(p - q);
      size += Math.abs(p) + Math.abs(q);
    }
  }
  return size > 0 ? diff / size : 0;
}

/**
 * The best gain and offset b ≈ g·a + o over the pixels the warp of b sees: what that fit leaves,
 * Σ|b − g·a − o|, and b's own spread Σ|b − mean b| (what it leaves when a tells nothing about b),
 * and a's spread.
 */
function relight(a: Float32Array, b: Warp): { gain: number; unlit: number; spread: number; spreadA: number } {
  let n = 0, sa = 0, sb = 0, saa = 0, sab = 0;
  for (let i = 0; i < a.length; i++) {
    if (!b.inside[i]) continue;
    const x = a[i], y = b.warped[i];
    n++; sa += x; sb += y; saa += x * x; sab += x * y;
  }
  if (n === 0) return { gain: 0, unlit: 0, spread: 0, spreadA: 0 };
  const va = saa - (sa * sa) / n;
  const g = va > FLAT_SPREAD ? (sab - (sa * sb) / n) / va : 0;
  const o = (sb - g * sa) / n, ma = sa / n, mb = sb / n;
  let unlit = 0, spread = 0, spreadA = 0;
  for (let i = 0; i < a.length; i++) {
    if (!b.inside[i]) continue;
    unlit += Math.abs(b.warped[i] - g * a[i] - o);
    spread += Math.abs(b.warped[i] - mb);
    spreadA += Math.abs(a[i] - ma);
  }
  return { gain: g, unlit, spread, spreadA };
}

/** Share of b's spread (plus LIGHT_FLOOR per pixel) that no light change of a explains (1 when no light change fits). */
function unlitShare(a: Float32Array, b: Warp): number {
  const l = relight(a, b), floor = LIGHT_FLOOR * b.count;
  // A light never inverts a picture, nor flattens it (a fade or a wipe toward a flat shot).
  const kept = (l.gain > 0 || l.spreadA < floor) && (l.spread + floor) * LIGHT_MAX_GAIN >= l.spreadA + floor && (l.spreadA + floor) * LIGHT_MAX_GAIN >= l.spread + floor;
  return kept ? l.unlit / (l.spread + floor) : 1;
}

const seen = (f: Float32Array): Warp => ({ warped: f, inside: new Uint8Array(f.length).fill(1), count: f.length });

/** Per tile: rms deviation of its pixels from the level c. */
function tileDeviation(f: Float32Array, c: number, w: number, h: number): number[] {
  const out: number[] = [];
  for (let ty = 0; ty < FADE_TILES_Y; ty++) {
    for (let tx = 0; tx < FADE_TILES_X; tx++) {
      let n = 0, s2 = 0;
      for (let y = Math.floor((ty * h) / FADE_TILES_Y); y < Math.floor(((ty + 1) * h) / FADE_TILES_Y); y++) {
        for (let x = Math.floor((tx * w) / FADE_TILES_X); x < Math.floor(((tx + 1) * w) / FADE_TILES_X); x++) {
          const d = f[y * w + x] - c;
          n++; s2 += d * d;
        }
      }
      out.push(n ? Math.sqrt(s2 / n) : 0);
    }
  }
  return out;
}

function rmsDeviation(f: Float32Array, c: number): number {
  let s2 = 0;
  for (let i = 0; i < f.length; i++) s2 += (f[i] - c) * (f[i] - c);
  return Math.sqrt(s2 / f.length);
}

/**
 * Share of the collapse that the picture's median tile follows, step by step. Deviations are taken
 * from the flat frame's level c: a fade toward c scales every pixel's deviation from c by the same
 * factor, so every tile keeps pace with the whole; a wipe toward c zeroes one strip of tiles per
 * step while the median tile (textured at the start) stays as it was, before or after its turn.
 */
function collapseUniformity(seq: Float32Array[], span: FadeSpan, w: number, h: number): number {
  const flatFrame = seq[span.flat];
  let c = 0;
  for (let i = 0; i < flatFrame.length; i++) c += flatFrame[i];
  c /= flatFrame.length;
  const lo = Math.min(span.from, span.flat), hi = Math.max(span.from, span.flat);
  const tiles: number[][] = [], whole: number[] = [];
  for (let k = lo; k <= hi; k++) { tiles.push(tileDeviation(seq[k], c, w, h)); whole.push(rmsDeviation(seq[k], c)); }
  const start = span.from - lo;
  const textured = tiles[start].map((d) => d >= FADE_TILE_TEXTURED * whole[start]);
  let picture = 0, tile = 0;
  for (let k = 0; k + 1 < tiles.length; k++) {
    const [sharp, flat] = whole[k] >= whole[k + 1] ? [k, k + 1] : [k + 1, k];
    const ratios: number[] = [];
    tiles[sharp].forEach((d, t) => { if (textured[t]) ratios.push((tiles[flat][t] + CONTRAST_FLOOR) / (d + CONTRAST_FLOOR)); });
    picture += whole[sharp] - whole[flat];
    if (ratios.length) tile += whole[sharp] * (1 - median(ratios));
  }
  return picture > 0 ? tile / picture : 0;
}

/**
 * Correlation, about the flat frame's level, of the frames as far before and after the flat frame
 * as the collapse allows on both sides (0 when it sits at the sequence's end).
 */
function mirrorAboutFlat(seq: Float32Array[], span: FadeSpan): number {
  const d = Math.min(Math.abs(span.from - span.flat), span.flat, seq.length - 1 - span.flat);
  if (d < 1) return 0;
  const flat = seq[span.flat], before = seq[span.flat - d], after = seq[span.flat + d];
  let c = 0;
  for (let i = 0; i < flat.length; i++) c += flat[i];
  c /= flat.length;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < flat.length; i++) {
    const x = before[i] - c, y = after[i] - c;
    ab += x * y; aa += x * x; bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Share of the pixels b's warp sees that differ from a by ≥ CHANGE_LUMA. */
function changedShareOf(a: Float32Array, b: Warp): number {
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (b.inside[i] && Math.abs(b.warped[i] - a[i]) >= CHANGE_LUMA) changed++;
  return b.count ? changed / b.count : 0;
}

export function transitionStats(input: WindowInput): TransitionStats {
  const p = prepared(input);
  const seq = p.previousLuma ? [p.previousLuma, ...p.frameLuma] : p.frameLuma;
  const n = seq.length, size = p.width * p.height;
  const meanLuma: number[] = [], std: number[] = [], diffs: number[] = [];
  for (const f of seq) {
    let s = 0, s2 = 0;
    for (let i = 0; i < size; i++) { s += f[i]; s2 += f[i] * f[i]; }
    const m = s / size;
    meanLuma.push(m);
    std.push(Math.sqrt(Math.max(0, s2 / size - m * m)));
  }
  for (let k = 0; k + 1 < n; k++) {
    let d = 0;
    const a = seq[k], b = seq[k + 1];
    for (let i = 0; i < size; i++) d += Math.abs(b[i] - a[i]);
    diffs.push(d / size);
  }
  const span = fadeSpan(std);
  const fade = span ? { ...span, uniformity: collapseUniformity(seq, span, p.width, p.height), mirror: mirrorAboutFlat(seq, span) } : null;
  const stats: TransitionStats = { meanLuma, std, diffs, residual: n > 1 ? cameraSequence(p).residual : [], fade, alpha: [], blendResidual: [], pickResidual: [], localBlend: [], changedShare: 0, cameraChangedShare: 0, lightUnexplained: 1 };
  if (n < MIN_SEQUENCE) return stats;
  const A = seq[0], B = seq[n - 1], still = seen(B), cs = cameraSequence(p);
  stats.changedShare = changedShareOf(A, still);
  if (stats.changedShare === 0) return stats;
  const moved = warpInto(cs, 0, n - 1);
  const views = moved.count >= MIN_OVERLAP * size ? [still, moved] : [still];
  stats.cameraChangedShare = Math.min(...views.map((v) => changedShareOf(A, v)));
  stats.lightUnexplained = Math.min(...views.map((v) => unlitShare(A, v)));
  const first = compareMids(seq, cs, cs.models[0], cs.models[n - 2], p.width, p.height);
  const alpha = first.map((m) => m.alpha);
  // Frame k is alpha[k − 1]; pair j joins frames j and j + 1.
  let lead = 0, trail = 0;
  while (lead < alpha.length && alpha[lead] < PURE_ALPHA) lead++;
  while (trail < alpha.length && alpha[alpha.length - 1 - trail] > 1 - PURE_ALPHA) trail++;
  const mids = lead > 0 || trail > 0
    ? compareMids(seq, cs, meanModel(cs.models.slice(0, lead + 1)), meanModel(cs.models.slice(n - 2 - trail)), p.width, p.height)
    : first;
  for (const m of mids) {
    stats.alpha.push(m.alpha);
    stats.blendResidual.push(m.blend);
    stats.pickResidual.push(m.pick);
    stats.localBlend.push(m.localBlend);
  }
  return stats;
}

/** Every in-between frame against A carried forward by motionA and B carried back by motionB. */
function compareMids(seq: Float32Array[], cs: CameraSequence, motionA: Float64Array, motionB: Float64Array, w: number, h: number): MidFrame[] {
  const n = seq.length, out: MidFrame[] = [];
  for (let k = 1; k < n - 1; k++) out.push(midFrame(seq[k], warpInto(cs, k, 0, motionA), warpInto(cs, k, n - 1, motionB), w, h));
  return out;
}

function meanModel(models: Float64Array[]): Float64Array {
  const m = new Float64Array(6);
  for (const x of models) for (let i = 0; i < 6; i++) m[i] += x[i] / models.length;
  return m;
}

interface MidFrame { alpha: number; blend: number; pick: number; localBlend: number }

const UNMEASURED: MidFrame = { alpha: NaN, blend: NaN, pick: NaN, localBlend: NaN };

/**
 * Frame F against the two shots brought into its view (a, b), over the pixels where they differ by
 * ≥ CHANGE_LUMA (at least CHANGE_MIN_SHARE of those both see, else unmeasured): the least-squares
 * blend weight α of F ≈ a + α(b − a) over the whole frame, and its blend residual; the pick residual
 * min(|F − a|, |F − b|); and the blend residual left when each tile of WIPE_TILE px takes a weight
 * of its own (clamped to [0, 1]). Residuals are relative to |b − a|.
 */
function midFrame(F: Float32Array, a: Warp, b: Warp, w: number, h: number): MidFrame {
  const tx = Math.ceil(w / WIPE_TILE), tiles = tx * Math.ceil(h / WIPE_TILE);
  const tileOf = (i: number) => Math.floor(Math.floor(i / w) / WIPE_TILE) * tx + Math.floor((i % w) / WIPE_TILE);
  const X = new Uint8Array(F.length), tileNum = new Float64Array(tiles), tileDenom = new Float64Array(tiles);
  let seen = 0, changed = 0, delta = 0, num = 0, denom = 0;
  for (let i = 0; i < F.length; i++) {
    if (!a.inside[i] || !b.inside[i]) continue;
    seen++;
    const d = b.warped[i] - a.warped[i];
    if (Math.abs(d) < CHANGE_LUMA) continue;
    const t = tileOf(i), f = (F[i] - a.warped[i]) * d;
    X[i] = 1; changed++; delta += Math.abs(d); denom += d * d; num += f;
    tileNum[t] += f; tileDenom[t] += d * d;
  }
  if (changed === 0 || changed < CHANGE_MIN_SHARE * seen) return UNMEASURED;
  const alpha = num / denom;
  const local = tileNum.map((v, t) => (tileDenom[t] > 0 ? Math.min(1, Math.max(0, v / tileDenom[t])) : 0));
  let blend = 0, pick = 0, localBlend = 0;
  for (let i = 0; i < F.length; i++) {
    if (!X[i]) continue;
    const A = a.warped[i], D = b.warped[i] - A, e = F[i] - A;
    blend += Math.abs(e - alpha * D);
    pick += Math.min(Math.abs(e), Math.abs(e - D));
    localBlend += Math.abs(e - local[tileOf(i)] * D);
  }
  return { alpha, blend: blend / delta, pick: pick / delta, localBlend: localBlend / delta };
}

/** The frames a fade runs between: from a contrasty frame to the flattest one (either order). */
interface FadeSpan { from: number; flat: number }

function fadeSpan(C: number[]): FadeSpan | null {
  const n = C.length;
  if (n < MIN_SEQUENCE) return null;
  let flat = 0;
  for (let i = 1; i < n; i++) if (C[i] < C[flat]) flat = i;
  if (C[flat] > FADE_FLAT_MAX) return null;
  const side = (end: number): FadeSpan | null => {
    let from = end;
    for (let i = Math.min(end, flat); i <= Math.max(end, flat); i++) if (C[i] > C[from]) from = i;
    const drop = C[from] - C[flat];
    if (C[from] < FADE_MIN_CONTRAST || C[flat] > FADE_FLAT_RATIO * C[from] || Math.abs(from - flat) < FADE_MIN_STEPS) return null;
    let maxStep = 0;
    for (let i = Math.min(from, flat); i < Math.max(from, flat); i++) maxStep = Math.max(maxStep, Math.abs(C[i + 1] - C[i]));
    return maxStep <= FADE_MAX_STEP_SHARE * drop ? { from, flat } : null;
  };
  return (flat > 0 ? side(0) : null) ?? (flat < n - 1 ? side(n - 1) : null);
}

export function classifyTransition(s: TransitionStats, input?: WindowInput): string | null {
  if (s.fade && s.fade.uniformity >= FADE_MIN_UNIFORM && s.fade.mirror > FADE_MAX_MIRROR) return 'fade';
  const D = s.residual;
  if (D.length >= 1) {
    let k = 0;
    for (let i = 1; i < D.length; i++) if (D[i] > D[k]) k = i;
    let second = 0;
    for (let i = 0; i < D.length; i++) if (i !== k) second = Math.max(second, D[i]);
    if (D[k] >= CUT_MIN_DIFF && D[k] >= CUT_RATIO * second) {
      let ok = true;
      if (input) {
        const p = prepared(input);
        const seq = p.previousLuma ? [p.previousLuma, ...p.frameLuma] : p.frameLuma;
        ok = unexplained(seq[k], seq[k + 1], p.width, p.height) >= CUT_MIN_UNEXPLAINED && unlitShare(seq[k], seen(seq[k + 1])) >= LIGHT_MIN_UNEXPLAINED;
      }
      if (ok) return 'cut';
    }
  }
  if (s.cameraChangedShare < CHANGE_MIN_SHARE) return null;
  const measured = s.alpha.map((_, i) => i).filter((i) => Number.isFinite(s.alpha[i]));
  const mids = measured.filter((i) => s.alpha[i] > MID_ALPHA[0] && s.alpha[i] < MID_ALPHA[1]);
  if (mids.length < MIN_MID_FRAMES) return null;
  for (let j = 1; j < measured.length; j++) if (s.alpha[measured[j]] < s.alpha[measured[j - 1]] - ALPHA_DROP_SLACK) return null;
  const [blend, pick, localBlend] = [s.blendResidual, s.pickResidual, s.localBlend].map((v) => median(mids.map((i) => v[i])));
  // A hard edge leaves every pixel one shot or the other, which no light change does; a soft one
  // leaves every tile a mix of its own, as a light change clipping unevenly may.
  const unlit = s.lightUnexplained >= LIGHT_MIN_UNEXPLAINED;
  const edge = pick <= WIPE_MAX_PICK || (unlit && localBlend <= WIPE_MAX_PICK);
  const wipe = blend >= WIPE_MIN_BLEND && edge && localBlend <= WIPE_MAX_LOCAL_SHARE * blend;
  const dissolve = blend <= DISSOLVE_MAX_BLEND && pick >= DISSOLVE_MIN_PICK && unlit;
  if (!wipe && !dissolve) return null;
  if (input) {
    // The last frame is the first one moved (an edge sweeping a flat field the camera model missed).
    const p = prepared(input);
    const seq = p.previousLuma ? [p.previousLuma, ...p.frameLuma] : p.frameLuma;
    if (unexplained(seq[0], seq[seq.length - 1], p.width, p.height) < BLEND_MIN_UNEXPLAINED) return null;
  }
  return wipe ? 'wipe' : 'dissolve';
}

export function analyzeTransition(input: WindowInput): DynamicValue | null {
  const value = classifyTransition(transitionStats(input), input);
  return value ? { domain: 'transition_type', value } : null;
}
