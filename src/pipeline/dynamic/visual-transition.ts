import type { DynamicValue } from './types.js';
import { coarseShift } from './motion-field.js';
import { detail, DETAIL_RADIUS } from './visual-composition.js';
import { downsample2, median, prepared, type WindowInput } from './visual-prep.js';

/**
 * transition_type, only when a transition is present in the window. The sequence is the
 * previous window's last frame (when given) followed by the window's frames, in working-resolution
 * luma. Checks, first match wins:
 *
 * - fade: the mean luma dips toward black — the darkest frame is ≤ FADE_DARK_RATIO of a brighter
 *   frame on one side, the drop is ≥ FADE_MIN_DROP grey levels, spread over ≥ 2 steps with no step
 *   > FADE_MAX_STEP_SHARE of it, and the dark frame has lost its contrast too (std ≤
 *   FADE_CONTRAST_RATIO of the bright frame's). Fade-outs, fade-ins and dips (out and in) all count.
 * - cut: one frame-to-frame difference ≥ CUT_MIN_DIFF that is ≥ CUT_RATIO × every other one,
 *   and not explained by a shift (of the frames' detail, the best-shift difference ≥
 *   CUT_MIN_UNEXPLAINED of the unshifted one).
 * - dissolve / wipe: the first (A) and last (B) frames differ by ≥ CHANGE_LUMA over ≥
 *   CHANGE_MIN_SHARE of the pixels (set X), their detail not explainable by a shift. For each frame in between,
 *   over X: α = least-squares blend weight of (A, B); the blend residual |F − A − α(B − A)| and the
 *   pick residual min(|F − A|, |F − B|), both relative to |B − A|. With ≥ MIN_MID_FRAMES frames of
 *   α in (0.15, 0.85) and α not decreasing:
 *     dissolve — frames are convex mixtures: blend residual ≤ DISSOLVE_MAX_BLEND, pick residual ≥
 *                DISSOLVE_MIN_PICK;
 *     wipe     — each pixel is either A or B: pick residual ≤ WIPE_MAX_PICK, blend residual ≥
 *                WIPE_MIN_BLEND, and the B-region is spatially coherent (≥ WIPE_MIN_COHERENCE of
 *                neighbouring changed pixels share their side) — a moving edge.
 * Renderer: make consecutive shots differ clearly (≥ 30 % of the pixels by ≥ 20 levels) and let
 * dissolves / wipes / fades last ≥ 6 frames; motion inside the shots is tolerated but a still or
 * slow shot around the transition is the clearest.
 */

export const FADE_DARK_RATIO = 0.35;
export const FADE_MIN_DROP = 35;
export const FADE_MAX_STEP_SHARE = 0.6;
export const FADE_CONTRAST_RATIO = 0.5;
export const CUT_MIN_DIFF = 18;
export const CUT_RATIO = 3;
export const CUT_MIN_UNEXPLAINED = 0.6;
export const CHANGE_LUMA = 20;
export const CHANGE_MIN_SHARE = 0.2;
export const BLEND_MIN_UNEXPLAINED = 0.5;
export const MIN_MID_FRAMES = 2;
export const DISSOLVE_MAX_BLEND = 0.2;
export const DISSOLVE_MIN_PICK = 0.12;
export const WIPE_MAX_PICK = 0.12;
export const WIPE_MIN_BLEND = 0.2;
export const WIPE_MIN_COHERENCE = 0.85;

export interface TransitionStats {
  meanLuma: number[];
  std: number[];
  /** Mean absolute difference of consecutive frames. */
  diffs: number[];
  /** Blend weight / residuals per in-between frame (NaN when A and B do not differ enough). */
  alpha: number[];
  blendResidual: number[];
  pickResidual: number[];
  coherence: number[];
  /** Share of pixels that differ between the first and last frame. */
  changedShare: number;
}

/**
 * Fraction of the detail difference (luma minus its box blur) between a and b that the best global
 * shift leaves unexplained: ~1 across a shot change, small for camera motion.
 */
function unexplained(a: Float32Array, b: Float32Array, w: number, h: number): number {
  const cw = Math.floor(w / 2), ch = Math.floor(h / 2);
  if (cw < 8 || ch < 4) return 1;
  const ca = downsample2(detail(a, w, h, DETAIL_RADIUS), w, h), cb = downsample2(detail(b, w, h, DETAIL_RADIUS), w, h);
  const s = coarseShift(ca, cb, cw, ch, 0, cw, 0, 0, Infinity);
  return s.zeroMad > 0 ? s.mad / s.zeroMad : 0;
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
  const stats: TransitionStats = { meanLuma, std, diffs, alpha: [], blendResidual: [], pickResidual: [], coherence: [], changedShare: 0 };
  if (n < 3) return stats;
  const A = seq[0], B = seq[n - 1];
  const X = new Uint8Array(size);
  let changed = 0, delta = 0, denom = 0;
  for (let i = 0; i < size; i++) {
    const d = B[i] - A[i];
    if (Math.abs(d) >= CHANGE_LUMA) { X[i] = 1; changed++; delta += Math.abs(d); denom += d * d; }
  }
  stats.changedShare = changed / size;
  if (changed === 0) return stats;
  delta /= changed;
  const w = p.width;
  for (let k = 1; k < n - 1; k++) {
    const F = seq[k];
    let num = 0;
    for (let i = 0; i < size; i++) if (X[i]) num += (F[i] - A[i]) * (B[i] - A[i]);
    const alpha = num / denom;
    let blend = 0, pick = 0, same = 0, pairs = 0;
    for (let i = 0; i < size; i++) {
      if (!X[i]) continue;
      blend += Math.abs(F[i] - A[i] - alpha * (B[i] - A[i]));
      const da = Math.abs(F[i] - A[i]), db = Math.abs(F[i] - B[i]);
      pick += Math.min(da, db);
      const side = db < da;
      const x = i % w;
      if (x + 1 < w && X[i + 1]) { pairs++; if ((Math.abs(F[i + 1] - B[i + 1]) < Math.abs(F[i + 1] - A[i + 1])) === side) same++; }
      if (i + w < size && X[i + w]) { pairs++; if ((Math.abs(F[i + w] - B[i + w]) < Math.abs(F[i + w] - A[i + w])) === side) same++; }
    }
    stats.alpha.push(alpha);
    stats.blendResidual.push(blend / changed / delta);
    stats.pickResidual.push(pick / changed / delta);
    stats.coherence.push(pairs ? same / pairs : 0);
  }
  return stats;
}

function isFade(s: TransitionStats): boolean {
  const M = s.meanLuma;
  const n = M.length;
  if (n < 3) return false;
  let iMin = 0;
  for (let i = 1; i < n; i++) if (M[i] < M[iMin]) iMin = i;
  const side = (from: number, to: number): boolean => {
    // from..to (either direction) ends at the dark frame iMin.
    let i0 = from;
    const lo = Math.min(from, to), hi = Math.max(from, to);
    for (let i = lo; i <= hi; i++) if (M[i] > M[i0]) i0 = i;
    const drop = M[i0] - M[iMin];
    if (drop < FADE_MIN_DROP || Math.abs(i0 - iMin) < 2) return false;
    if (M[iMin] > FADE_DARK_RATIO * M[i0]) return false;
    if (s.std[iMin] > FADE_CONTRAST_RATIO * s.std[i0] + 2) return false;
    let maxStep = 0;
    for (let i = Math.min(i0, iMin); i < Math.max(i0, iMin); i++) maxStep = Math.max(maxStep, Math.abs(M[i + 1] - M[i]));
    return maxStep <= FADE_MAX_STEP_SHARE * drop;
  };
  return (iMin > 0 && side(0, iMin)) || (iMin < n - 1 && side(n - 1, iMin));
}

export function classifyTransition(s: TransitionStats, input?: WindowInput): string | null {
  if (isFade(s)) return 'fade';
  const D = s.diffs;
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
        ok = unexplained(seq[k], seq[k + 1], p.width, p.height) >= CUT_MIN_UNEXPLAINED;
      }
      if (ok) return 'cut';
    }
  }
  if (s.changedShare < CHANGE_MIN_SHARE || s.alpha.length === 0) return null;
  const mids: number[] = [];
  for (let i = 0; i < s.alpha.length; i++) if (s.alpha[i] > 0.15 && s.alpha[i] < 0.85) mids.push(i);
  if (mids.length < MIN_MID_FRAMES) return null;
  for (let i = 1; i < s.alpha.length; i++) if (s.alpha[i] < s.alpha[i - 1] - 0.08) return null;
  if (input) {
    const p = prepared(input);
    const seq = p.previousLuma ? [p.previousLuma, ...p.frameLuma] : p.frameLuma;
    if (unexplained(seq[0], seq[seq.length - 1], p.width, p.height) < BLEND_MIN_UNEXPLAINED) return null;
  }
  const blend = median(mids.map((i) => s.blendResidual[i]));
  const pick = median(mids.map((i) => s.pickResidual[i]));
  const coherence = median(mids.map((i) => s.coherence[i]));
  if (blend <= DISSOLVE_MAX_BLEND && pick >= DISSOLVE_MIN_PICK) return 'dissolve';
  if (pick <= WIPE_MAX_PICK && blend >= WIPE_MIN_BLEND && coherence >= WIPE_MIN_COHERENCE) return 'wipe';
  return null;
}

export function analyzeTransition(input: WindowInput): DynamicValue | null {
  const value = classifyTransition(transitionStats(input), input);
  return value ? { domain: 'transition_type', value } : null;
}
