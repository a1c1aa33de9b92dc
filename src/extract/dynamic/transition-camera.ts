import { DIFF_BINS, type CompensationJob } from './compensation.js';
import { motionKernels } from './kernels.js';
import { analyzeMotionField, type MotionSummary } from './motion/field.js';
import { prepared, type PreparedWindow, type WindowInput } from './visual-prep.js';

/**
 * The camera's motion along the frames a transition is judged on: the previous window's last frame
 * (when given) and the window's frames, in working-resolution luma, with an affine model per
 * consecutive pair. The models come from the window's motion field (motion/field.ts); a pair the
 * field skipped (a cut, a flash, a frame too flat to match) or could not reach (the pair across the
 * window boundary, frames between strided pairs) takes its nearest neighbour's, since a camera
 * keeps moving across a shot change. Each pair then keeps whichever of its own model, its
 * neighbours', the window's steady motion and no motion at all compensates it best: an estimate
 * can follow something that is not the camera (the edge of a wipe, the second layer of a dissolve).
 *
 * Frames far apart are brought into each other's view by one motion per frame repeated — the
 * window's steady motion (the motion field's robust fit of the window-mean flow), or a shot's own
 * motion, the best model of its first or last pair — rather than by chaining the per-pair models,
 * whose errors add up and which, inside a dissolve or a wipe, follow neither shot.
 */

export interface CameraSequence {
  width: number;
  height: number;
  frames: Float32Array[];
  /** Per pair: mean absolute difference of frame k and frame k + 1 warped onto it by its best model, over the pixels both see. */
  residual: number[];
  /** Per pair: the model that compensates it best (a0 a1 a2 b0 b1 b2, as `steady`). */
  models: Float64Array[];
  /** The window's steady motion per frame, a0 a1 a2 b0 b1 b2: frame k's point x lies at x + u(x) in frame k + 1 (working px, from the centre). */
  steady: Float64Array;
}

/** A frame brought into another frame's view: `warped` is defined where `inside` is 1. */
export interface Warp {
  warped: Float32Array;
  inside: Uint8Array;
  count: number;
}

/** A warp must keep at least this share of the picture in view for its difference to count. */
export const MIN_OVERLAP = 0.5;

/** 2×3 affine map [m00 m01 m02; m10 m11 m12] of centre-relative coordinates. */
type Affine = [number, number, number, number, number, number];

const IDENTITY: Affine = [1, 0, 0, 0, 1, 0];
const STILL = new Float64Array(6);

const toAffine = (m: Float64Array): Affine => [1 + m[1], m[2], m[0], m[4], 1 + m[5], m[3]];
const toModel = (a: Affine): Float64Array => Float64Array.of(a[2], a[0] - 1, a[1], a[5], a[3], a[4] - 1);

/** f ∘ g: g first. */
function compose(f: Affine, g: Affine): Affine {
  return [
    f[0] * g[0] + f[1] * g[3], f[0] * g[1] + f[1] * g[4], f[0] * g[2] + f[1] * g[5] + f[2],
    f[3] * g[0] + f[4] * g[3], f[3] * g[1] + f[4] * g[4], f[3] * g[2] + f[4] * g[5] + f[5],
  ];
}

function invert(f: Affine): Affine {
  const det = f[0] * f[4] - f[1] * f[3];
  const i0 = f[4] / det, i1 = -f[1] / det, i3 = -f[3] / det, i4 = f[0] / det;
  return [i0, i1, -(i0 * f[2] + i1 * f[5]), i3, i4, -(i3 * f[2] + i4 * f[5])];
}

function compensationJob(w: number, h: number): CompensationJob {
  const size = w * h;
  return {
    a: new Float32Array(0), b: new Float32Array(0), width: w, height: h, model: STILL, identity: true,
    warped: new Float32Array(size), inside: new Uint8Array(size), diff: new Float32Array(size), hist: new Uint32Array(DIFF_BINS),
  };
}

/** Frame b warped onto frame a by model m (a's point x is b's x + u(x)). */
function warpByModel(a: Float32Array, b: Float32Array, w: number, h: number, m: Float64Array): Warp {
  const job = compensationJob(w, h);
  Object.assign(job, { a, b, model: m, identity: m.every((v) => v === 0) });
  const count = motionKernels().compensate(job);
  return { warped: job.warped, inside: job.inside, count };
}

function meanDifference(a: Float32Array, warp: Warp): number {
  if (warp.count < MIN_OVERLAP * a.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) if (warp.inside[i]) d += Math.abs(warp.warped[i] - a[i]);
  return d / warp.count;
}

/** The window-mean motion's affine model per frame, working px (motion/field.ts gives it per second, in frame sizes). */
function steadyModel(field: MotionSummary, fps: number): Float64Array {
  const [a1, a2, b1, b2] = field.affine;
  return Float64Array.of(field.tx * field.width, a1, a2, field.ty * field.height, b1, b2).map((v) => v / fps);
}

/** Per frame pair of the window, the motion field's model (per frame when the field strides), or null where it has none. */
function fieldModels(p: PreparedWindow, field: MotionSummary, frames: number): (Float64Array | null)[] {
  const stride = p.source.fps > 0 ? Math.max(1, Math.round(p.source.fps / field.rate)) : 1;
  const models: (Float64Array | null)[] = new Array(Math.max(0, frames - 1)).fill(null);
  for (const pair of field.pairDetails) {
    if (!pair.valid) continue;
    for (let k = pair.frame; k < pair.frame + stride && k < models.length; k++) models[k] = pair.model.map((v) => v / stride);
  }
  return models;
}

/** Each missing model replaced by its nearest neighbour's (the earlier one on a tie). */
function fillGaps(models: (Float64Array | null)[]): Float64Array[] {
  return models.map((m, k) => {
    if (m) return m;
    for (let d = 1; d < models.length; d++) {
      const near = models[k - d] ?? models[k + d];
      if (near) return near;
    }
    return STILL;
  });
}

const sequences = new WeakMap<object, CameraSequence>();

export function cameraSequence(input: WindowInput): CameraSequence {
  const p = prepared(input);
  const hit = sequences.get(p);
  if (hit) return hit;
  const { width: w, height: h } = p;
  const frames = p.previousLuma ? [p.previousLuma, ...p.frameLuma] : [...p.frameLuma];
  const field = analyzeMotionField(p);
  const steady = steadyModel(field, p.source.fps > 0 ? p.source.fps : field.rate);
  const own = fieldModels(p, field, p.frameLuma.length);
  if (p.previousLuma) own.unshift(null);
  const filled = fillGaps(own);
  const residual: number[] = [], models: Float64Array[] = [];
  for (let k = 0; k + 1 < frames.length; k++) {
    const candidates = [filled[k], filled[k - 1], filled[k + 1], steady, STILL].filter((m): m is Float64Array => !!m);
    const costs = candidates.map((m) => meanDifference(frames[k], warpByModel(frames[k], frames[k + 1], w, h, m)));
    const best = costs.indexOf(Math.min(...costs));
    residual.push(costs[best]);
    models.push(candidates[best]);
  }
  const sequence: CameraSequence = { width: w, height: h, frames, residual, models, steady };
  sequences.set(p, sequence);
  return sequence;
}

/** The affine map from frame `from`'s view to frame `to`'s under a motion of `model` per frame. */
function chain(model: Float64Array, from: number, to: number): Affine {
  const step = toAffine(model);
  let f = IDENTITY;
  for (let k = Math.min(from, to); k < Math.max(from, to); k++) f = compose(step, f);
  return from <= to ? f : invert(f);
}

/** Frame `source` warped into frame `target`'s view by a motion of `model` per frame (the window's steady motion by default). */
export function warpInto(s: CameraSequence, target: number, source: number, model: Float64Array = s.steady): Warp {
  return warpByModel(s.frames[target], s.frames[source], s.width, s.height, toModel(chain(model, target, source)));
}
