/**
 * The subject's path: where `motion` (speed, rhythm, smoothness, directionality, acceleration; levels
 * in src/canon/subject.ts) puts the subject at each instant, and where the camera carries a still one.
 */
import { mulberry32 } from '../../base/random.js';
import { ANCHORS, FRAMING_SIZE } from '../../canon/composition.js';
import {
  FLUID_SWAY, JERKY_HOLDS, MOTION_SPEED, RADIAL_AMPLITUDE, RADIAL_SWAY, RANDOM_DEPTH, RHYTHM_HZ, SMOOTHNESS_NOISE, WAVE_DEPTH,
} from '../../canon/subject.js';
import type { SceneSpec } from '../../model/scene.js';
import type { CameraState, SceneDraws } from './camera.js';
import { BANDS } from './layers.js';
import { hashInt, mod } from './math.js';
import { clamp } from '../../base/numbers.js';

/** A wandering path (directionality none) is scaled to cover D per leg over this many legs. */
const ARC_LEGS = 8;

const SQRT1_2 = Math.SQRT1_2;

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


export class SubjectPath {
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

/**
 * Where the camera puts the subject. A still subject is part of the scene: it moves with the
 * depth layer of the band it stands in (translation, rotation, and scale up to ±1 octave — the
 * layers' endless zoom has no counterpart for one shape), except in a tracking shot, which follows
 * it. A moving subject is screen-space (its motion is the measured one); both take the shake.
 */
export function carriedSubject(spec: SceneSpec, width: number, height: number, s: SubjectState, cam: CameraState): SubjectState {
  if ((MOTION_SPEED[spec.motion.speed] ?? 0) > 0 || spec.camera.motion === 'tracking') {
    return { ...s, x: s.x + cam.shake.x, y: s.y + cam.shake.y };
  }
  const band = Math.max(0, BANDS.findIndex(([, b1]) => s.y / height < b1));
  const tr = cam.layers[band];
  const k = Math.exp(clamp(tr.logScale, -Math.LN2, Math.LN2));
  const cx = width / 2;
  const cy = height / 2;
  const cos = Math.cos(tr.rotation) * k;
  const sin = Math.sin(tr.rotation) * k;
  // A subject carried out of the frame comes back in on the other side once out of sight (the
  // layers' textures repeat the same way).
  const size = s.size * k;
  const wrap = (v: number, span: number) => mod(v + 2 * size, span + 4 * size) - 2 * size;
  return {
    ...s,
    x: wrap(cx + cos * (s.x - cx) - sin * (s.y - cy) + tr.tx, width),
    y: wrap(cy + sin * (s.x - cx) + cos * (s.y - cy) + tr.ty, height),
    size,
    heading: s.heading + tr.rotation,
  };
}
