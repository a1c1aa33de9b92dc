/**
 * The procedural renderer: a {@link SceneSpec} → straight RGBA frames, deterministic (same spec and
 * seed ⇒ byte-identical frames, in any process, in any access order). The renderer composes its
 * parts: layers.ts (backdrop, depth layers, balance), camera.ts, subject-path.ts and subject-shape.ts,
 * grade.ts (grade, spot, symmetry) and shots.ts (shots and transitions).
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
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { validateSpec } from '../spec.js';
import type { SceneSpec } from '../../model/scene.js';
import { boxBlurRows, cameraFor, drawScene, type CameraState, type SceneDraws } from './camera.js';
import { applyGrade, applySymmetry, chiaroscuroVignette, solveGrade, type Grade } from './grade.js';
import { Scenery } from './layers.js';
import { clamp } from '../../base/numbers.js';
import { blendShots, shotMixAt, shotSchedule, type ShotSchedule } from './shots.js';
import { carriedSubject, SubjectPath, type SubjectState } from './subject-path.js';
import { drawSubject } from './subject-shape.js';

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
  private readonly scenery: Scenery;
  private readonly vignette: Float32Array | null;
  private readonly out: Uint8Array;
  private readonly bufA: Uint8Array;
  private readonly bufB: Uint8Array;
  private readonly rowScratch: Uint8Array;
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
    this.scenery = new Scenery(spec, W, H);
    this.out = new Uint8Array(W * H * 4);
    this.bufA = new Uint8Array(W * H * 4);
    this.bufB = new Uint8Array(W * H * 4);
    this.rowScratch = new Uint8Array(W * 4);
    this.alpha = spec.alpha ? Math.round(clamp(spec.opacity, 0, 1) * 255) : 255;
    this.vignette = chiaroscuroVignette(spec, W, H);
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
      blendShots(this.schedule.type, this.width, mix, this.bufA, this.bufB, this.out);
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

  /** Draws shot `shot` at time t (before grading) and reads it into `dst` (RGBA, opaque). */
  private draw(shot: number, t: number, frame: number, dst: Uint8Array): CameraState {
    const cam = cameraFor(this.spec, this.draws, t, frame);
    this.scenery.paint(this.ctx, shot, cam);
    const subject = this.subject.at(t, frame);
    if (subject.visible) drawSubject(this.ctx, this.spec, shot, carriedSubject(this.spec, this.width, this.height, subject, cam));
    dst.set(this.canvas.data());
    return cam;
  }

  /** Renders shot `shot` at time t fully processed (blur, grade, symmetry) into `dst`. */
  private renderShot(shot: number, t: number, frame: number, dst: Uint8Array): void {
    const grade = this.gradeFor(shot);
    const cam = this.draw(shot, t, frame, dst);
    if (cam.blur >= 2) boxBlurRows(dst, this.width, this.height, Math.floor(cam.blur / 2), this.rowScratch);
    applyGrade(grade, dst, this.vignette);
    applySymmetry(this.spec, dst, this.width, this.height);
  }

  /** The shot's grade, solved once from its reference frame: the shot's first instant, ungraded. */
  private gradeFor(shot: number): Grade {
    const cached = this.grades.get(shot);
    if (cached !== undefined) return cached;
    const starts = [0, ...this.schedule.boundaries];
    const t0 = starts[Math.min(shot, starts.length - 1)];
    const frame = Math.min(this.frameCount - 1, Math.round(t0 * this.spec.fps));
    const ref = new Uint8Array(this.width * this.height * 4);
    this.draw(shot, frame / this.spec.fps, frame, ref);
    const grade = solveGrade(this.spec, ref, this.width, this.height, this.vignette);
    this.grades.set(shot, grade);
    return grade;
  }
}

/** Renders a spec frame by frame (each yielded buffer is reused by the next). */
export function* renderFrames(spec: SceneSpec): Generator<Uint8Array> {
  yield* new SceneRenderer(spec).frames();
}
