/**
 * The camera: the per-layer similarity transforms of a frame (rates from src/canon/camera.ts), the
 * handheld wander, the whip pan's burst and its motion blur, and the steadiness jitter.
 */
import { mulberry32 } from '../../base/random.js';
import { CAMERA_RATES, HANDHELD_AMPLITUDE, HANDHELD_ROLL, SPEED_FACTOR, STEADINESS_JITTER, WHIP_BURST, WHIP_PEAK } from '../../canon/camera.js';
import type { SceneSpec } from '../../model/scene.js';
import { hashInt } from './math.js';
import { clamp } from '../../base/numbers.js';

export interface LayerTransform {
  /** Content displacement in pixels. */
  tx: number;
  ty: number;
  /** ln(scale) about the frame centre. */
  logScale: number;
  /** Radians, about the frame centre (positive = clockwise on screen). */
  rotation: number;
}

export interface CameraState {
  layers: [LayerTransform, LayerTransform, LayerTransform];
  /** Horizontal motion blur length in pixels (whip_pan), else 0. */
  blur: number;
  /** The steadiness jitter in pixels, already included in the layers' tx/ty. */
  shake: { x: number; y: number };
}

interface Wander { freq: number[]; amp: number[]; phase: number[] }

/** The scene's fixed random choices, drawn once from the seed in a fixed order. */
export interface SceneDraws {
  dir: number;
  wanderX: Wander;
  wanderY: Wander;
  wanderR: Wander;
  subjectPhase: number[];
}

export function drawScene(seed: number): SceneDraws {
  const rng = mulberry32(seed);
  const dir = rng() < 0.5 ? -1 : 1;
  const wander = (): Wander => ({ freq: [0.55, 1.1, 1.9], amp: [0.6, 0.3, 0.15], phase: [0, 1, 2].map(() => rng() * 2 * Math.PI) });
  const wanderX = wander();
  const wanderY = wander();
  const wanderR = wander();
  const subjectPhase = [0, 1, 2, 3].map(() => rng() * 2 * Math.PI);
  return { dir, wanderX, wanderY, wanderR, subjectPhase };
}

const wanderAt = (w: Wander, t: number) => w.amp.reduce((s, a, j) => s + a * Math.sin(2 * Math.PI * w.freq[j] * t + w.phase[j]), 0);

/** Cumulative whip displacement (frame widths at peak 1) up to time t. */
function whipTravel(t: number): number {
  const [a, b] = WHIP_BURST;
  const w = b - a;
  const k = Math.floor(t);
  const x = clamp(t - k - a, 0, w);
  return k * (w / 2) + x / 2 - (w / (4 * Math.PI)) * Math.sin((2 * Math.PI * x) / w);
}

export function cameraFor(spec: SceneSpec, draws: SceneDraws, t: number, frame: number): CameraState {
  const { width: W, height: H } = spec;
  const u = SPEED_FACTOR[spec.camera.speed] ?? 1;
  const motion = spec.camera.motion;
  const rates = CAMERA_RATES[motion] ?? {};
  const d = draws.dir;
  const layers = [0, 1, 2].map((l): LayerTransform => ({
    tx: d * (rates.vx?.[l] ?? 0) * u * W * t,
    ty: d * (rates.vy?.[l] ?? 0) * u * H * t,
    logScale: (rates.scale?.[l] ?? 0) * u * t,
    rotation: d * (rates.rotation?.[l] ?? 0) * u * t,
  })) as CameraState['layers'];
  let blur = 0;
  if (motion === 'handheld') {
    const x = wanderAt(draws.wanderX, t) * HANDHELD_AMPLITUDE * u * W;
    const y = wanderAt(draws.wanderY, t) * HANDHELD_AMPLITUDE * u * H;
    const r = wanderAt(draws.wanderR, t) * HANDHELD_ROLL * u;
    for (const l of layers) { l.tx += x; l.ty += y; l.rotation += r; }
  } else if (motion === 'whip_pan') {
    const x = d * WHIP_PEAK * u * W * whipTravel(t);
    for (const l of layers) l.tx += x;
    blur = Math.abs(x - d * WHIP_PEAK * u * W * whipTravel(t - 1 / spec.fps));
  }
  const amp = STEADINESS_JITTER[spec.camera.steadiness] ?? 0;
  const shake = { x: 0, y: 0 };
  if (amp > 0) {
    const rng = mulberry32(hashInt(spec.seed, 0x51ed, frame));
    shake.x = (rng() * 2 - 1) * amp * W;
    shake.y = (rng() * 2 - 1) * amp * H;
    for (const l of layers) { l.tx += shake.x; l.ty += shake.y; }
  }
  return { layers, blur, shake };
}

/** Horizontal box blur of RGB (radius r, edges clamped), in place, using `scratch` for one row. */
export function boxBlurRows(buf: Uint8Array, W: number, H: number, r: number, scratch: Uint8Array): void {
  r = Math.min(r, W - 1);
  const n = 2 * r + 1;
  for (let y = 0; y < H; y++) {
    const row = y * W * 4;
    scratch.set(buf.subarray(row, row + W * 4), 0);
    for (let ch = 0; ch < 3; ch++) {
      const at = (x: number) => scratch[clamp(x, 0, W - 1) * 4 + ch];
      let s = 0;
      for (let x = -r; x <= r; x++) s += at(x);
      for (let x = 0; x < W; x++) {
        buf[row + x * 4 + ch] = Math.round(s / n);
        s += at(x + r + 1) - at(x - r);
      }
    }
  }
}
