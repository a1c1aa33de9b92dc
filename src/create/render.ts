/**
 * The procedural renderer: a {@link SceneSpec} → straight RGBA frames, deterministic (same spec and
 * seed ⇒ byte-identical frames, in any process, in any access order).
 *
 * Each frame is built in this order (the level of every canonical value, with the thresholds the
 * analyzers in `src/extract/dynamic/` read it back by, is in `src/canon/`):
 *
 *  1. **Backdrop** — the palette stops as a screen-fixed gradient of `gradient.type` (the "sky /
 *     light" of the scene). It does not move with the camera, so the window's luma field shows the
 *     gradient type whatever the camera does (rotate × vertical is still vertical).
 *  2. **Depth layers** — three periodic textures of zero-mean light/dark features, each visible in
 *     its own screen band: far (top third: small dots and dashes), mid (middle third: rectangles),
 *     near (bottom third: large discs and triangles). The camera moves each layer by its own
 *     similarity transform (translation, scale about the frame centre, rotation about the frame
 *     centre); so parallax shows as motion that differs from band to band. Zooms use two blended
 *     octaves of the texture (an endless zoom: no reset, no discontinuity).
 *  3. **Balance** — the layers' contrast is weighted towards the heavy side (BALANCE_WEIGHT) and the
 *     subject is anchored there.
 *  4. **Subject** — `shape`, moved in screen space by `motion` (speed, rhythm, smoothness,
 *     directionality, acceleration), or carried by its band's layer when still; outlined by a dark
 *     and a light ring.
 *  5. **Whip blur** (whip_pan only), **grade** (contrast normalised to a target luma spread, a spot
 *     for chiaroscuro, red–blue balance to a target), **symmetry** (mirror), **transition** (shots),
 *     **alpha** (every pixel `round(opacity × 255)` when `spec.alpha`, else 255).
 *
 * Canvas draws are opaque throughout, so the premultiplied `canvas.data()` equals straight RGBA;
 * alpha is set in JS at the end.
 */
import { createCanvas, type Canvas, type CanvasGradient, type CanvasPattern, type SKRSContext2D } from '@napi-rs/canvas';
import { mulberry32 } from '../base/random.js';
import { validateSpec, type SceneSpec } from './spec.js';
import { CAMERA_RATES, HANDHELD_AMPLITUDE, HANDHELD_ROLL, SPEED_FACTOR, STEADINESS_JITTER, WHIP_BURST, WHIP_PEAK } from '../canon/camera.js';
import { ANCHORS, BALANCE_WEIGHT, FRAMING_SIZE, SLIGHT_MIRROR } from '../canon/composition.js';
import { ANGLED_DEG } from '../canon/gradient.js';
import { CONTRAST_STD, TEMPERATURE_RB } from '../canon/light.js';
import {
  FLUID_SWAY, JERKY_HOLDS, MOTION_SPEED, RADIAL_AMPLITUDE, RADIAL_SWAY, RANDOM_DEPTH, RHYTHM_HZ, SMOOTHNESS_NOISE, SUBJECT_RING, WAVE_DEPTH,
} from '../canon/subject.js';
import { TRANSITION_SECONDS } from '../canon/transition.js';

type RGBTuple = readonly [number, number, number];

/** The three depth layers, far to near, and the screen band (fractions of the height) each is seen in. */
export const LAYERS = ['far', 'mid', 'near'] as const;
export const BANDS: ReadonlyArray<readonly [number, number]> = [[0, 1 / 3], [1 / 3, 2 / 3], [2 / 3, 1]];
/** Bands cross-fade over ± this fraction of the height around their shared edges (no static edge). */
export const BAND_FEATHER = 0.05;

/** A wandering path (directionality none) is scaled to cover D per leg over this many legs. */
const ARC_LEGS = 8;

const SQRT1_2 = Math.SQRT1_2;

function hashInt(a: number, b: number, c: number): number {
  let h = (a ^ 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) ^ Math.imul(b + 0x9e3779b1, 0x846ca68b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(c + 0x632be5ab, 0x9e3779b1);
  h ^= h >>> 16;
  return h >>> 0;
}

const mod = (v: number, m: number) => ((v % m) + m) % m;
const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;

// --- camera -------------------------------------------------------------------------------------

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
interface SceneDraws {
  dir: number;
  wanderX: Wander;
  wanderY: Wander;
  wanderR: Wander;
  subjectPhase: number[];
}

function drawScene(seed: number): SceneDraws {
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

function cameraFor(spec: SceneSpec, draws: SceneDraws, t: number, frame: number): CameraState {
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

// --- subject ------------------------------------------------------------------------------------

export interface SubjectState {
  visible: boolean;
  x: number;
  y: number;
  /** Half-size in pixels. */
  size: number;
  /** Heading of travel in radians (for the arrow). */
  heading: number;
}

const ENVELOPES: Record<string, (tau: number) => number> = {
  constant: () => 1,
  ease_in: (tau) => 2 * tau,
  ease_out: (tau) => 2 * (1 - tau),
  ease_in_out: (tau) => 6 * tau * (1 - tau),
};


class SubjectPath {
  private readonly cycles = new Map<number, Float64Array>();
  private static readonly STEPS = 240;
  /** Cumulative raw path length, STEPS entries per leg (filled on demand). */
  private arc = new Float64Array(0);
  private arcFilled = 0;

  constructor(private readonly spec: SceneSpec, private readonly draws: SceneDraws) {}

  /**
   * The rhythm's speed factor. Every rhythm averages the same over each third of a second and is
   * symmetric about the middle of each third, so the leg's easing (an envelope over the second)
   * still shows in how far the subject gets in each third, whatever the rhythm.
   */
  private rhythm(t: number): number {
    switch (this.spec.motion.rhythm) {
      case 'pulsing': return Math.max(0, -Math.cos(2 * Math.PI * RHYTHM_HZ * t)) ** 2;
      case 'wave': return 1 - WAVE_DEPTH * Math.cos(2 * Math.PI * RHYTHM_HZ * t);
      case 'random': {
        // Two levels 1 ± a per third (a sixth of a second each, order drawn; the second third
        // reverses the first so the pattern never settles into a regular beat), eased into each
        // other over a frame on either side of each change (the eases keep each third's mean).
        const seg = t * 2 * RHYTHM_HZ;
        const k = Math.floor(seg);
        const draw = (third: number) => {
          const rng = mulberry32(hashInt(this.spec.seed, 0x4a7d, third));
          return { a: RANDOM_DEPTH[0] + (RANDOM_DEPTH[1] - RANDOM_DEPTH[0]) * rng(), up: rng() < 0.5 };
        };
        const level = (j: number) => {
          const third = Math.floor(j / 2);
          const { a, up } = draw(third);
          const rising = mod(third, 3) === 1 ? !draw(third - 1).up : up;
          return 1 + ((mod(j, 2) === 0) === rising ? a : -a);
        };
        const ease = (2 * RHYTHM_HZ) / this.spec.fps;
        const f = seg - k;
        if (f < ease) return level(k) + (level(k - 1) - level(k)) * (1 - Math.sin((Math.PI / 2) * (f / ease))) / 2;
        if (f > 1 - ease) return level(k) + (level(k + 1) - level(k)) * (1 - Math.sin((Math.PI / 2) * ((1 - f) / ease))) / 2;
        return level(k);
      }
      default: return 1;
    }
  }

  /** Cumulative, normalised travel through cycle k (1 at the end of the cycle). */
  private cycle(k: number): Float64Array {
    let c = this.cycles.get(k);
    if (c === undefined) {
      const n = SubjectPath.STEPS;
      const env = ENVELOPES[this.spec.motion.acceleration] ?? ENVELOPES.constant;
      c = new Float64Array(n + 1);
      let prev = env(0) * this.rhythm(k);
      for (let j = 1; j <= n; j++) {
        const tau = j / n;
        const v = env(tau) * this.rhythm(k + tau);
        c[j] = c[j - 1] + (prev + v) / 2;
        prev = v;
      }
      const total = c[n] > 0 ? c[n] : 1;
      for (let j = 0; j <= n; j++) c[j] /= total;
      if (this.cycles.size > 64) this.cycles.clear();
      this.cycles.set(k, c);
    }
    return c;
  }

  /** Progress φ: whole legs completed plus the fraction of the current leg. */
  progress(t: number): number {
    const k = Math.floor(t);
    const c = this.cycle(k);
    const x = (t - k) * SubjectPath.STEPS;
    const j = Math.min(SubjectPath.STEPS - 1, Math.floor(x));
    return k + c[j] + (c[j + 1] - c[j]) * (x - j);
  }

  /**
   * Position and scale at progress φ (before noise). A path is travelled at an even pace along its
   * length (by arc length), so a sway or a wandering curve does not add a speed pattern of its own
   * to the rhythm and easing; a wandering curve is scaled to cover D per leg on average.
   */
  private place(phi: number): { x: number; y: number; scale: number } {
    const D = (MOTION_SPEED[this.spec.motion.speed] ?? 0) * Math.min(this.spec.width, this.spec.height);
    if (D === 0 || this.spec.motion.directionality === 'radial') return this.rawPlace(phi);
    const wander = this.spec.motion.directionality === 'none' ? D / this.legLength(ARC_LEGS) : 1;
    const legs = wander === 1 ? 1 : ARC_LEGS;
    const p = this.rawPlace(this.arcToPhi(phi * this.legLength(legs)));
    if (wander === 1) return p;
    const [x0, y0] = this.anchor();
    return { x: x0 + (p.x - x0) * wander, y: y0 + (p.y - y0) * wander, scale: 1 };
  }

  private anchor(): [number, number] {
    const [ax, ay] = ANCHORS[this.spec.composition.balance] ?? ANCHORS.balanced;
    return [ax * this.spec.width, ay * this.spec.height];
  }

  /** Mean raw path length of the first `legs` legs. */
  private legLength(legs: number): number {
    this.extendArc(legs * SubjectPath.STEPS);
    return this.arc[legs * SubjectPath.STEPS] / legs;
  }

  /** Extends the cumulative raw path length table (STEPS entries per leg) to index `to`. */
  private extendArc(to: number): void {
    if (to < this.arcFilled) return;
    if (to >= this.arc.length) {
      const grown = new Float64Array(Math.max(to + 1, this.arc.length * 2, SubjectPath.STEPS + 1));
      grown.set(this.arc.subarray(0, this.arcFilled));
      this.arc = grown;
    }
    if (this.arcFilled === 0) this.arcFilled = 1; // arc[0] = 0
    let prev = this.rawPlace((this.arcFilled - 1) / SubjectPath.STEPS);
    for (let j = this.arcFilled; j <= to; j++) {
      const q = this.rawPlace(j / SubjectPath.STEPS);
      this.arc[j] = this.arc[j - 1] + Math.hypot(q.x - prev.x, q.y - prev.y);
      prev = q;
    }
    this.arcFilled = to + 1;
  }

  /** The raw path parameter at which the path has length `s`. */
  private arcToPhi(s: number): number {
    const n = SubjectPath.STEPS;
    while (this.arc[this.arcFilled - 1] < s) this.extendArc(this.arcFilled - 1 + n);
    let lo = 0;
    let hi = this.arcFilled - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.arc[mid] <= s) lo = mid; else hi = mid;
    }
    const span = this.arc[hi] - this.arc[lo];
    return (lo + (span > 0 ? (s - this.arc[lo]) / span : 0)) / n;
  }

  private rawPlace(phi: number): { x: number; y: number; scale: number } {
    const U = Math.min(this.spec.width, this.spec.height);
    const [x0, y0] = this.anchor();
    const speed = this.spec.motion.speed;
    const D = (MOTION_SPEED[speed] ?? 0) * U;
    const k = Math.floor(phi);
    const f = phi - k;
    const along = (k % 2 === 0 ? f - 0.5 : 0.5 - f); // −½ … ½, back and forth
    const sway = this.spec.motion.smoothness === 'fluid' ? FLUID_SWAY * D * Math.sin(Math.PI * phi) : 0;
    switch (this.spec.motion.directionality) {
      case 'horizontal': return { x: x0 + D * along, y: y0 + sway, scale: 1 };
      case 'vertical': return { x: x0 + sway, y: y0 + D * along, scale: 1 };
      case 'diagonal': return { x: x0 + D * along * SQRT1_2 - sway * SQRT1_2, y: y0 + D * along * SQRT1_2 + sway * SQRT1_2, scale: 1 };
      case 'radial': {
        // Fluid: the centre drifts on a small arc (a growing shape has no path of its own to curve).
        const drift = this.spec.motion.smoothness === 'fluid' ? RADIAL_SWAY * U * Math.sin(Math.PI * phi) : 0;
        return { x: x0 + drift, y: y0, scale: Math.exp(2 * (RADIAL_AMPLITUDE[speed] ?? 0) * along) };
      }
      default: {
        // none: a looping curve (a circle of 0.8 turns per leg with a retrograde epicycle), its
        // heading turning through more than half a circle in every leg; scaled in place().
        const p = this.draws.subjectPhase;
        const a1 = 2 * Math.PI * 0.8 * phi + p[0];
        const a2 = -2 * Math.PI * 1.9 * phi + p[1];
        return { x: x0 + D * (Math.cos(a1) + 0.35 * Math.cos(a2)), y: y0 + D * (Math.sin(a1) + 0.35 * Math.sin(a2)), scale: 1 };
      }
    }
  }

  at(t: number, frame: number): SubjectState {
    const spec = this.spec;
    const U = Math.min(spec.width, spec.height);
    const base = (FRAMING_SIZE[spec.composition.framing] ?? 0.15) * U;
    let tq = t;
    if (spec.motion.smoothness === 'jerky') {
      // Each hold shows the path at its middle instant, so a window sees the middle of its leg
      // whatever the easing (holding the first instant would drop the leg's last, fastest part).
      const n = Math.max(2, Math.round(spec.fps / JERKY_HOLDS));
      tq = (Math.floor(frame / n) * n + (n - 1) / 2) / spec.fps;
    }
    const phi = this.progress(tq);
    const p = this.place(phi);
    const q = this.place(phi + 1e-3);
    let { x, y } = p;
    const noise = (SMOOTHNESS_NOISE[spec.motion.smoothness] ?? 0) * U;
    if (noise > 0 && (MOTION_SPEED[spec.motion.speed] ?? 0) > 0) {
      const rng = mulberry32(hashInt(spec.seed, 0x0b1e, frame));
      x += (rng() * 2 - 1) * noise;
      y += (rng() * 2 - 1) * noise;
    }
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const heading = dx === 0 && dy === 0 ? 0 : Math.atan2(dy, dx);
    return { visible: spec.shape !== 'none', x, y, size: base * p.scale, heading };
  }
}

// --- shots and transitions ----------------------------------------------------------------------

export interface ShotSchedule {
  /** Transition centres in seconds (shots − 1 of them). */
  boundaries: number[];
  /** Transition length in seconds (0 for cut). */
  length: number;
  type: string;
}

/** When the shots change: boundaries at k·duration/shots, moved to the middle of their second when all still fit. */
export function shotSchedule(spec: SceneSpec): ShotSchedule {
  const n = Math.max(1, spec.transition.shots);
  const type = spec.transition.type;
  const shot = spec.duration / n;
  const length = type === 'cut' ? 0 : Math.min(TRANSITION_SECONDS, shot / 2);
  const even = Array.from({ length: n - 1 }, (_, k) => (spec.duration * (k + 1)) / n);
  const snapped = even.map((c) => Math.floor(c) + 0.5);
  const fits = snapped.every((c, k) => c - length / 2 >= (k === 0 ? 0 : snapped[k - 1] + length / 2 + 1 / spec.fps)
    && c + length / 2 <= spec.duration);
  return { boundaries: n > 1 && fits && spec.duration >= 1 ? snapped : even, length, type };
}

interface ShotMix { a: number; b: number; p: number }

function shotMixAt(s: ShotSchedule, t: number): ShotMix {
  let shot = 0;
  for (const c of s.boundaries) {
    if (s.length > 0 && t >= c - s.length / 2 && t < c + s.length / 2) {
      return { a: shot, b: shot + 1, p: (t - (c - s.length / 2)) / s.length };
    }
    if (t >= c) shot++;
  }
  return { a: shot, b: shot, p: 0 };
}

/** The palette of shot k: stops as given, reversed on odd shots, rotated further on later ones. */
function shotStops(stops: RGBTuple[], k: number): RGBTuple[] {
  const rot = Math.floor(k / 2) % stops.length;
  const rotated = [...stops.slice(rot), ...stops.slice(0, rot)];
  return k % 2 === 1 ? rotated.reverse() : rotated;
}

// --- grade --------------------------------------------------------------------------------------

interface Grade {
  /** Luma (integer 0–255, BT.601 ×256 weights) → the amount added to every channel. */
  delta: Int16Array;
  /** Red and blue offsets for the temperature. */
  dR: number;
  dB: number;
}

/** Integer BT.601 luma, as the grade indexes it. */
const lumaInt = (r: number, g: number, b: number) => (77 * r + 150 * g + 29 * b) >> 8;

// --- the renderer -------------------------------------------------------------------------------

const rgb = (c: RGBTuple) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** Renders a spec's frames: `frame(i)` returns straight RGBA, width × height × 4, in a reused buffer. */
export class SceneRenderer {
  readonly spec: SceneSpec;
  readonly width: number;
  readonly height: number;
  readonly frameCount: number;
  readonly schedule: ShotSchedule;

  private readonly draws: SceneDraws;
  private readonly subject: SubjectPath;
  private readonly canvas: Canvas;
  private readonly ctx: SKRSContext2D;
  private readonly detail: Canvas;
  private readonly dctx: SKRSContext2D;
  private readonly mask: CanvasGradient | null;
  /** Per band: horizontal strips [y0, y1, weight] that together draw the band with feathered edges. */
  private readonly bandStrips: Array<Array<[number, number, number]>>;
  private readonly patterns = new Map<number, CanvasPattern[]>();
  private readonly maskAlpha: number;
  private readonly vignette: Float32Array | null;
  private readonly out: Uint8Array;
  private readonly bufA: Uint8Array;
  private readonly bufB: Uint8Array;
  private readonly rowScratch: Uint8Array;
  private readonly backdrops = new Map<number, Canvas>();
  private readonly textures = new Map<number, Canvas[]>();
  private readonly grades = new Map<number, Grade>();
  private readonly alpha: number;

  constructor(spec: SceneSpec) {
    this.spec = validateSpec(spec);
    const { width: W, height: H } = spec;
    this.width = W;
    this.height = H;
    this.frameCount = Math.max(1, Math.round(spec.duration * spec.fps));
    this.schedule = shotSchedule(spec);
    this.draws = drawScene(spec.seed);
    this.subject = new SubjectPath(spec, this.draws);
    this.canvas = createCanvas(W, H);
    this.ctx = this.canvas.getContext('2d');
    this.detail = createCanvas(W, H);
    this.dctx = this.detail.getContext('2d');
    // Each band fades in and out over ±BAND_FEATHER of the height at its inner edges, drawn as
    // strips of about two pixels with stepped weights (no extra canvas, no mask pass).
    const f = BAND_FEATHER * H;
    const steps = Math.max(2, Math.round((2 * f) / 2));
    this.bandStrips = BANDS.map(([b0, b1]) => {
      const strips: Array<[number, number, number]> = [];
      const top = b0 * H;
      const bottom = b1 * H;
      const core0 = b0 === 0 ? 0 : Math.round(top + f);
      const core1 = b1 === 1 ? H : Math.round(bottom - f);
      const ramp = (from: number, to: number, rising: boolean) => {
        for (let k = 0; k < steps; k++) {
          const y0 = Math.round(from + ((to - from) * k) / steps);
          const y1 = Math.round(from + ((to - from) * (k + 1)) / steps);
          const w = (k + 0.5) / steps;
          if (y1 > y0) strips.push([y0, y1, rising ? w : 1 - w]);
        }
      };
      if (b0 > 0) ramp(top - f, top + f, true);
      strips.push([core0, core1, 1]);
      if (b1 < 1) ramp(bottom - f, bottom + f, false);
      return strips;
    });
    this.out = new Uint8Array(W * H * 4);
    this.bufA = new Uint8Array(W * H * 4);
    this.bufB = new Uint8Array(W * H * 4);
    this.rowScratch = new Uint8Array(W * 4);
    this.alpha = spec.alpha ? Math.round(clamp(spec.opacity, 0, 1) * 255) : 255;

    // Balance: the layers' contrast weight across the frame.
    const balance = spec.composition.balance;
    const { heavy, light } = BALANCE_WEIGHT;
    this.maskAlpha = BALANCE_WEIGHT.even;
    this.mask = null;
    if (balance !== 'balanced' && balance in ANCHORS) {
      const horizontal = balance === 'left_heavy' || balance === 'right_heavy';
      const g = horizontal ? this.dctx.createLinearGradient(0, 0, W, 0) : this.dctx.createLinearGradient(0, 0, 0, H);
      const first = balance === 'left_heavy' || balance === 'top_heavy' ? heavy : light;
      const last = first === heavy ? light : heavy;
      g.addColorStop(0, `rgba(0,0,0,${first})`);
      g.addColorStop(0.35, `rgba(0,0,0,${first})`);
      g.addColorStop(0.65, `rgba(0,0,0,${last})`);
      g.addColorStop(1, `rgba(0,0,0,${last})`);
      this.mask = g;
      this.maskAlpha = 1;
    }

    // Chiaroscuro: a spot on the balance point, the periphery at 6 %.
    this.vignette = null;
    if (spec.lighting.contrast === 'chiaroscuro') {
      const [ax, ay] = ANCHORS[balance] ?? ANCHORS.balanced;
      const cx = ax * W;
      const cy = ay * H;
      const diag = Math.hypot(W, H);
      const r0 = 0.1 * diag;
      const r1 = 0.32 * diag;
      const v = new Float32Array(W * H);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
          const s = clamp((r - r0) / (r1 - r0), 0, 1);
          const smooth = s * s * (3 - 2 * s);
          v[y * W + x] = 1 - 0.94 * smooth;
        }
      }
      this.vignette = v;
    }
  }

  /** The per-layer camera transforms at frame i (also the ground truth for analyzer tests). */
  cameraAt(i: number): CameraState {
    return cameraFor(this.spec, this.draws, i / this.spec.fps, i);
  }

  /** The subject's screen position and size at frame i. */
  subjectAt(i: number): SubjectState {
    return this.subject.at(i / this.spec.fps, i);
  }

  /** Frame i as straight RGBA (width × height × 4). The buffer is reused by the next call. */
  frame(i: number): Uint8Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.frameCount) {
      throw new RangeError(`frame ${i} is outside 0…${this.frameCount - 1}`);
    }
    const t = i / this.spec.fps;
    const mix = shotMixAt(this.schedule, t);
    if (mix.a === mix.b) {
      this.renderShot(mix.a, t, i, this.out);
    } else {
      this.renderShot(mix.a, t, i, this.bufA);
      this.renderShot(mix.b, t, i, this.bufB);
      this.blend(mix, this.bufA, this.bufB, this.out);
    }
    const out = this.out;
    const a = this.alpha;
    for (let o = 3; o < out.length; o += 4) out[o] = a;
    return out;
  }

  /** All frames in order (each yielded buffer is reused by the next). */
  *frames(): Generator<Uint8Array> {
    for (let i = 0; i < this.frameCount; i++) yield this.frame(i);
  }

  // --- drawing ----------------------------------------------------------------------------------

  private backdrop(shot: number): Canvas {
    const key = shot;
    let c = this.backdrops.get(key);
    if (c !== undefined) return c;
    const { width: W, height: H } = this;
    c = createCanvas(W, H);
    const ctx = c.getContext('2d');
    const stops = shotStops(this.spec.palette.stops as RGBTuple[], shot);
    let g: CanvasGradient;
    const type = this.spec.gradient.type;
    if (type === 'radial') {
      // An ellipse of the frame's aspect (drawn in a frame scaled to a square of side H).
      ctx.setTransform(W / H, 0, 0, 1, 0, 0);
      g = ctx.createRadialGradient(H / 2, H / 2, 0, H / 2, H / 2, Math.SQRT2 * H / 2);
    } else {
      let deg = type === 'horizontal' ? 0 : 90;
      if (type === 'angled') {
        const a = ((this.spec.gradient.angle % 360) + 360) % 360;
        deg = Math.floor(a / 90) * 90 + ANGLED_DEG[0] + ((a % 90) / 90) * (ANGLED_DEG[1] - ANGLED_DEG[0]);
      }
      const rad = (deg * Math.PI) / 180;
      const vx = Math.cos(rad);
      const vy = Math.sin(rad);
      const half = (Math.abs(W * vx) + Math.abs(H * vy)) / 2;
      g = ctx.createLinearGradient(W / 2 - vx * half, H / 2 - vy * half, W / 2 + vx * half, H / 2 + vy * half);
    }
    stops.forEach((s, k) => g.addColorStop(k / (stops.length - 1), rgb(s)));
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, W, H);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (this.backdrops.size >= 4) this.backdrops.clear();
    this.backdrops.set(key, c);
    return c;
  }

  /** The three periodic layer textures of a shot (tile = the frame size). */
  private layerTextures(shot: number): Canvas[] {
    let list = this.textures.get(shot);
    if (list !== undefined) return list;
    const { width: W, height: H } = this;
    const U = Math.min(W, H);
    const rng = mulberry32(hashInt(this.spec.seed, 0x7e47, shot));
    const between = (a: number, b: number) => a + (b - a) * rng();
    // Light and dark features move luma by the same amount on the palette's mean (zero-mean texture).
    const stops = this.spec.palette.stops;
    const mean = stops.reduce((m, c) => m + luma(c[0], c[1], c[2]), 0) / stops.length;
    list = [0, 1, 2].map((layer) => {
      const c = createCanvas(W, H);
      const ctx = c.getContext('2d');
      const excursion = [0.4, 0.45, 0.5][layer] * 128;
      const alphaLight = Math.min(0.95, excursion / Math.max(1, 255 - mean));
      const alphaDark = Math.min(0.95, excursion / Math.max(1, mean));
      const area = (W * H) / (U * U);
      const features: Array<(ctx: SKRSContext2D) => void> = [];
      const n = Math.max(4, Math.round([34, 16, 9][layer] * area));
      for (let k = 0; k < n; k++) {
        const x = rng() * W;
        const y = rng() * H;
        const light = k % 2 === 0;
        const style = light ? `rgba(255,255,255,${alphaLight})` : `rgba(0,0,0,${alphaDark})`;
        if (layer === 0) {
          const dash = k % 3 === 2;
          const rx = dash ? between(0.05, 0.09) * U : between(0.014, 0.032) * U;
          const ry = dash ? between(0.012, 0.02) * U : rx;
          features.push((g) => { g.fillStyle = style; g.beginPath(); g.ellipse(x, y, rx, ry, 0, 0, 2 * Math.PI); g.fill(); });
        } else if (layer === 1) {
          const w = between(0.05, 0.14) * U;
          const h = between(0.05, 0.16) * U;
          features.push((g) => { g.fillStyle = style; g.fillRect(x - w / 2, y - h / 2, w, h); });
        } else if (k % 3 === 2) {
          const r = between(0.08, 0.15) * U;
          const a0 = rng() * 2 * Math.PI;
          features.push((g) => {
            g.fillStyle = style;
            g.beginPath();
            for (let v = 0; v < 3; v++) {
              const a = a0 + (v * 2 * Math.PI) / 3;
              if (v === 0) g.moveTo(x + r * Math.cos(a), y + r * Math.sin(a)); else g.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
            }
            g.closePath();
            g.fill();
          });
        } else {
          const r = between(0.06, 0.13) * U;
          features.push((g) => { g.fillStyle = style; g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI); g.fill(); });
        }
      }
      // Periodic tile: every feature in its 9 wrapped positions.
      for (const dy of [-H, 0, H]) {
        for (const dx of [-W, 0, W]) {
          ctx.setTransform(1, 0, 0, 1, dx, dy);
          for (const f of features) f(ctx);
        }
      }
      return c;
    });
    if (this.textures.size >= 4) this.textures.clear();
    this.textures.set(shot, list);
    return list;
  }

  private layerPatterns(shot: number): CanvasPattern[] {
    let list = this.patterns.get(shot);
    if (list === undefined) {
      list = this.layerTextures(shot).map((c) => {
        const p = this.dctx.createPattern(c, 'repeat');
        if (p === null) throw new Error('canvas pattern could not be created');
        return p;
      });
      if (this.patterns.size >= 4) this.patterns.clear();
      this.patterns.set(shot, list);
    }
    return list;
  }

  /** Draws shot `shot` at time t (before grading) and reads it into `dst` (RGBA, opaque). */
  private draw(shot: number, t: number, frame: number, dst: Uint8Array): CameraState {
    const { width: W, height: H, ctx, dctx } = this;
    const cam = cameraFor(this.spec, this.draws, t, frame);

    // Depth layers into the detail canvas, then the balance weight.
    dctx.setTransform(1, 0, 0, 1, 0, 0);
    dctx.globalCompositeOperation = 'source-over';
    dctx.globalAlpha = 1;
    dctx.clearRect(0, 0, W, H);
    const cx = W / 2;
    const cy = H / 2;
    const patterns = this.layerPatterns(shot);
    for (let l = 0; l < 3; l++) {
      const tr = cam.layers[l];
      const pattern = patterns[l];
      const octaves: Array<[number, number]> = [];
      if (tr.logScale === 0) {
        octaves.push([1, 1]);
      } else {
        const o = tr.logScale / Math.LN2;
        const frac = o - Math.floor(o);
        octaves.push([2 ** frac, 1 - frac], [2 ** (frac - 1), frac]);
      }
      for (const [s, w] of octaves) {
        if (w <= 0) continue;
        const cos = Math.cos(tr.rotation) * s;
        const sin = Math.sin(tr.rotation) * s;
        // Without rotation the texture repeats every s·W × s·H on screen: wrap long translations
        // (exact, and keeps the float32 matrix precise in long clips).
        const tx = tr.rotation === 0 ? mod(tr.tx, s * W) : tr.tx;
        const ty = tr.rotation === 0 ? mod(tr.ty, s * H) : tr.ty;
        pattern.setTransform({
          a: cos, b: sin, c: -sin, d: cos,
          e: cx + tx - (cos * cx - sin * cy),
          f: cy + ty - (sin * cx + cos * cy),
        });
        dctx.fillStyle = pattern;
        for (const [y0, y1, weight] of this.bandStrips[l]) {
          dctx.globalAlpha = w * weight;
          dctx.fillRect(0, y0, W, y1 - y0);
        }
      }
    }
    dctx.globalAlpha = 1;
    if (this.mask !== null) {
      dctx.globalCompositeOperation = 'destination-in';
      dctx.fillStyle = this.mask;
      dctx.fillRect(0, 0, W, H);
      dctx.globalCompositeOperation = 'source-over';
    }

    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    ctx.drawImage(this.backdrop(shot), 0, 0);
    ctx.globalAlpha = this.maskAlpha;
    ctx.drawImage(this.detail, 0, 0);
    ctx.globalAlpha = 1;

    const subject = this.subject.at(t, frame);
    if (subject.visible) this.drawSubject(shot, this.carried(subject, cam), cam);

    dst.set(this.canvas.data());
    return cam;
  }

  /**
   * Where the camera puts the subject. A still subject is part of the scene: it moves with the
   * depth layer of the band it stands in (translation, rotation, and scale up to ±1 octave — the
   * layers' endless zoom has no counterpart for one shape), except in a tracking shot, which follows
   * it. A moving subject is screen-space (its motion is the measured one); both take the shake.
   */
  private carried(s: SubjectState, cam: CameraState): SubjectState {
    const spec = this.spec;
    if ((MOTION_SPEED[spec.motion.speed] ?? 0) > 0 || spec.camera.motion === 'tracking') {
      return { ...s, x: s.x + cam.shake.x, y: s.y + cam.shake.y };
    }
    const band = Math.max(0, BANDS.findIndex(([, b1]) => s.y / this.height < b1));
    const tr = cam.layers[band];
    const k = Math.exp(clamp(tr.logScale, -Math.LN2, Math.LN2));
    const cx = this.width / 2;
    const cy = this.height / 2;
    const cos = Math.cos(tr.rotation) * k;
    const sin = Math.sin(tr.rotation) * k;
    // A subject carried out of the frame comes back in on the other side once out of sight (the
    // layers' textures repeat the same way).
    const size = s.size * k;
    const wrap = (v: number, span: number) => mod(v + 2 * size, span + 4 * size) - 2 * size;
    return {
      ...s,
      x: wrap(cx + cos * (s.x - cx) - sin * (s.y - cy) + tr.tx, this.width),
      y: wrap(cy + sin * (s.x - cx) + cos * (s.y - cy) + tr.ty, this.height),
      size,
      heading: s.heading + tr.rotation,
    };
  }

  /**
   * The subject: filled with the palette's complementary hue at the palette's mean luma (so it
   * barely shifts the luma field) and outlined by a dark and a light ring of equal width (strong
   * edges, zero-mean luma).
   */
  private drawSubject(shot: number, s: SubjectState, cam: CameraState): void {
    const ctx = this.ctx;
    const stops = shotStops(this.spec.palette.stops as RGBTuple[], shot);
    const mean = [0, 1, 2].map((ch) => stops.reduce((m, c) => m + c[ch], 0) / stops.length);
    const lm = luma(mean[0], mean[1], mean[2]);
    let comp = mean.map((v) => 255 - v);
    if (Math.max(...mean) - Math.min(...mean) < 30) comp = [235, 140, 40]; // grey palette: an orange accent
    const shift = lm - luma(comp[0], comp[1], comp[2]);
    const fill = `rgb(${comp.map((v) => Math.round(clamp(v + shift, 0, 255))).join(',')})`;
    const x = s.x;
    const y = s.y;
    const r = Math.max(2, s.size);
    const ring = Math.max(1, r * SUBJECT_RING);
    const outline = (path: () => void) => {
      ctx.beginPath();
      path();
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.strokeStyle = 'rgb(16,16,20)';
      ctx.lineWidth = 2 * ring;
      ctx.stroke();
      ctx.strokeStyle = 'rgb(240,240,236)';
      ctx.lineWidth = ring;
      ctx.stroke();
    };
    ctx.save();
    ctx.lineJoin = 'round';
    switch (this.spec.shape) {
      case 'circle':
        outline(() => ctx.arc(x, y, r, 0, 2 * Math.PI));
        break;
      case 'rect':
        outline(() => ctx.rect(x - r, y - r * 0.75, 2 * r, 1.5 * r));
        break;
      case 'arrow':
        ctx.translate(x, y);
        ctx.rotate(s.heading);
        outline(() => {
          ctx.moveTo(r, 0);
          ctx.lineTo(0, -0.8 * r);
          ctx.lineTo(0, -0.35 * r);
          ctx.lineTo(-r, -0.35 * r);
          ctx.lineTo(-r, 0.35 * r);
          ctx.lineTo(0, 0.35 * r);
          ctx.lineTo(0, 0.8 * r);
          ctx.closePath();
        });
        break;
      case 'character':
        // A blob body, a head and two eyes.
        outline(() => ctx.ellipse(x, y + 0.25 * r, 0.6 * r, 0.75 * r, 0, 0, 2 * Math.PI));
        outline(() => ctx.arc(x, y - 0.65 * r, 0.4 * r, 0, 2 * Math.PI));
        for (const side of [-1, 1]) {
          ctx.beginPath();
          ctx.arc(x + side * 0.16 * r, y - 0.7 * r, Math.max(0.6, 0.08 * r), 0, 2 * Math.PI);
          ctx.fillStyle = 'rgb(16,16,20)';
          ctx.fill();
        }
        break;
      default:
        break;
    }
    ctx.restore();
  }

  /** Renders shot `shot` at time t fully processed (blur, grade, symmetry) into `dst`. */
  private renderShot(shot: number, t: number, frame: number, dst: Uint8Array): void {
    const grade = this.gradeFor(shot);
    const cam = this.draw(shot, t, frame, dst);
    if (cam.blur >= 2) boxBlurRows(dst, this.width, this.height, Math.floor(cam.blur / 2), this.rowScratch);
    this.applyGrade(grade, dst);
    this.applySymmetry(dst);
  }

  /**
   * The shot's grade, from its reference frame (the shot's first instant, ungraded). Contrast moves
   * each pixel's luma to `pivot + (L − μ) × gain` by adding the same amount to R, G and B (chroma
   * kept), with the gain solved so the clipped result has the target luma spread; temperature adds
   * ±d/2 to red and blue, solved so that mean(R − B) meets the target (spot included).
   */
  private gradeFor(shot: number): Grade {
    const cached = this.grades.get(shot);
    if (cached !== undefined) return cached;
    const starts = [0, ...this.schedule.boundaries];
    const t0 = starts[Math.min(shot, starts.length - 1)];
    const frame = Math.min(this.frameCount - 1, Math.round(t0 * this.spec.fps));
    const ref = new Uint8Array(this.width * this.height * 4);
    this.draw(shot, frame / this.spec.fps, frame, ref);

    const n = this.width * this.height;
    const every = Math.max(1, Math.floor(n / 20000));
    const idx: number[] = [];
    for (let p = 0; p < n; p += every) idx.push(p);
    const ls = idx.map((p) => lumaInt(ref[p * 4], ref[p * 4 + 1], ref[p * 4 + 2]));
    const mu = ls.reduce((s, l) => s + l, 0) / ls.length;
    const sigma = Math.sqrt(Math.max(0, ls.reduce((s, l) => s + (l - mu) ** 2, 0) / ls.length));
    const target = CONTRAST_STD[this.spec.lighting.contrast] ?? CONTRAST_STD.normal;
    const pivot = clamp(mu, 80, 175);
    const deltaFor = (g: number) => Int16Array.from({ length: 256 }, (_, l) => Math.round(clamp(pivot + (l - mu) * g, 0, 255) - l));
    const graded = (delta: Int16Array, j: number, dR: number, dB: number, out: number[]) => {
      const p = idx[j];
      const d = delta[ls[j]];
      const v = this.vignette?.[p] ?? 1;
      out[0] = Math.round(clamp(ref[p * 4] + d + dR, 0, 255) * v);
      out[1] = Math.round(clamp(ref[p * 4 + 1] + d, 0, 255) * v);
      out[2] = Math.round(clamp(ref[p * 4 + 2] + d + dB, 0, 255) * v);
    };
    const px = [0, 0, 0];
    // The spread is measured before the spot (the spot is chiaroscuro's own signature).
    const spread = (g: number) => {
      const delta = deltaFor(g);
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < idx.length; j++) {
        const p = idx[j];
        const d = delta[ls[j]];
        const v = luma(clamp(ref[p * 4] + d, 0, 255), clamp(ref[p * 4 + 1] + d, 0, 255), clamp(ref[p * 4 + 2] + d, 0, 255));
        s1 += v;
        s2 += v * v;
      }
      const m = s1 / idx.length;
      return Math.sqrt(Math.max(0, s2 / idx.length - m * m));
    };
    let gain = clamp(target / Math.max(sigma, 1e-3), 0.1, 8);
    if (spread(gain) < target * 0.98) {
      let lo = gain;
      let hi = 8;
      if (spread(hi) < target) gain = hi;
      else {
        for (let it = 0; it < 20; it++) { const mid = (lo + hi) / 2; if (spread(mid) < target) lo = mid; else hi = mid; }
        gain = (lo + hi) / 2;
      }
    }
    const delta = deltaFor(gain);

    const goal = TEMPERATURE_RB[this.spec.lighting.temperature] ?? 0;
    const rb = (d: number) => {
      let s = 0;
      for (let j = 0; j < idx.length; j++) { graded(delta, j, d / 2, -d / 2, px); s += px[0] - px[2]; }
      return s / idx.length;
    };
    let lo = -510;
    let hi = 510;
    for (let it = 0; it < 24; it++) {
      const mid = (lo + hi) / 2;
      if (rb(mid) < goal) lo = mid; else hi = mid;
    }
    const d = (lo + hi) / 2;
    const grade: Grade = { delta, dR: d / 2, dB: -d / 2 };
    this.grades.set(shot, grade);
    return grade;
  }

  private applyGrade(g: Grade, buf: Uint8Array): void {
    const v = this.vignette;
    const { delta, dR, dB } = g;
    const c = new Uint8ClampedArray(buf.buffer, buf.byteOffset, buf.byteLength);
    if (v === null) {
      for (let o = 0; o < c.length; o += 4) {
        const d = delta[(77 * c[o] + 150 * c[o + 1] + 29 * c[o + 2]) >> 8];
        c[o] = c[o] + d + dR;
        c[o + 1] = c[o + 1] + d;
        c[o + 2] = c[o + 2] + d + dB;
      }
      return;
    }
    for (let p = 0, o = 0; o < c.length; p++, o += 4) {
      const d = delta[(77 * c[o] + 150 * c[o + 1] + 29 * c[o + 2]) >> 8];
      const m = v[p];
      c[o] = clamp(c[o] + d + dR, 0, 255) * m;
      c[o + 1] = clamp(c[o + 1] + d, 0, 255) * m;
      c[o + 2] = clamp(c[o + 2] + d + dB, 0, 255) * m;
    }
  }

  private applySymmetry(buf: Uint8Array): void {
    const sym = this.spec.composition.symmetry;
    if (sym !== 'bilateral' && sym !== 'slight') return;
    const { width: W, height: H } = this;
    const masterRight = this.spec.composition.balance === 'right_heavy';
    const keep = sym === 'slight' ? 1 - SLIGHT_MIRROR : 0;
    const half = Math.floor(W / 2);
    const mix = Math.round(SLIGHT_MIRROR * 256);
    for (let y = 0; y < H; y++) {
      const row = y * W * 4;
      for (let k = 0; k < half; k++) {
        // Master pixel x = k (left) or W−1−k (right); its mirror is W−1−x.
        const m = row + (masterRight ? W - 1 - k : k) * 4;
        const c = row + (masterRight ? k : W - 1 - k) * 4;
        if (keep === 0) {
          buf[c] = buf[m];
          buf[c + 1] = buf[m + 1];
          buf[c + 2] = buf[m + 2];
        } else {
          buf[c] = (mix * buf[m] + (256 - mix) * buf[c] + 128) >> 8;
          buf[c + 1] = (mix * buf[m + 1] + (256 - mix) * buf[c + 1] + 128) >> 8;
          buf[c + 2] = (mix * buf[m + 2] + (256 - mix) * buf[c + 2] + 128) >> 8;
        }
      }
    }
  }

  private blend(mix: ShotMix, a: Uint8Array, b: Uint8Array, out: Uint8Array): void {
    const p = mix.p;
    const { width: W } = this;
    switch (this.schedule.type) {
      case 'fade': {
        const src = p < 0.5 ? a : b;
        const k = Math.abs(1 - 2 * p);
        for (let o = 0; o < out.length; o += 4) {
          out[o] = Math.round(src[o] * k);
          out[o + 1] = Math.round(src[o + 1] * k);
          out[o + 2] = Math.round(src[o + 2] * k);
        }
        break;
      }
      case 'wipe': {
        const edge = Math.round(p * W);
        for (let o = 0, px = 0; o < out.length; o += 4, px++) {
          const src = px % W < edge ? b : a;
          out[o] = src[o];
          out[o + 1] = src[o + 1];
          out[o + 2] = src[o + 2];
        }
        break;
      }
      default: { // dissolve
        for (let o = 0; o < out.length; o += 4) {
          out[o] = Math.round(a[o] * (1 - p) + b[o] * p);
          out[o + 1] = Math.round(a[o + 1] * (1 - p) + b[o + 1] * p);
          out[o + 2] = Math.round(a[o + 2] * (1 - p) + b[o + 2] * p);
        }
      }
    }
  }
}

/** Horizontal box blur of RGB (radius r, edges clamped), in place, using `scratch` for one row. */
function boxBlurRows(buf: Uint8Array, W: number, H: number, r: number, scratch: Uint8Array): void {
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

/** Renders a spec frame by frame (each yielded buffer is reused by the next). */
export function* renderFrames(spec: SceneSpec): Generator<Uint8Array> {
  yield* new SceneRenderer(spec).frames();
}
