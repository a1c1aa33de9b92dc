import t from 'tap';
import { mulberry32 } from '../../../src/base/random.js';
import type { WindowFrames } from '../../../src/extract/dynamic/types.js';
import {
  analyzeVisualWindow, analyzeGradient, analyzeLighting, analyzeComposition, analyzeTransition,
  analyzeCamera, analyzeMotionField, classifyCamera, classifySubjectMotion,
} from '../../../src/extract/dynamic/visual.js';

// --- synthesis -------------------------------------------------------------------------------
// Frames at analysis resolution, drawn in plain JS: smooth value-noise textures seen through a
// camera transform (shift, scale and rotation about the centre), layered bands for parallax,
// anti-aliased disks for subjects, gradients, grades and blends for transitions.

const W = 160, H = 90, FPS = 30, N = 30;
const CX = (W - 1) / 2, CY = (H - 1) / 2;
const DEBUG = process.env.VISUAL_DEBUG === '1';

type RGB = [number, number, number];

/** Periodic value noise: random lattice values every `cell` px, bilinear in between (0–1). */
class Noise {
  private readonly values: Float32Array;
  constructor(seed: number, private readonly cell = 5, private readonly size = 128) {
    const rand = mulberry32(seed);
    this.values = Float32Array.from({ length: size * size }, () => rand());
  }

  at(x: number, y: number): number {
    const fx = x / this.cell, fy = y / this.cell;
    const ix = Math.floor(fx), iy = Math.floor(fy);
    const ax = fx - ix, ay = fy - iy;
    const s = this.size;
    const x0 = ((ix % s) + s) % s, y0 = ((iy % s) + s) % s;
    const x1 = (x0 + 1) % s, y1 = (y0 + 1) % s;
    const v = this.values;
    const top = v[y0 * s + x0] * (1 - ax) + v[y0 * s + x1] * ax;
    const bottom = v[y1 * s + x0] * (1 - ax) + v[y1 * s + x1] * ax;
    return top * (1 - ay) + bottom * ay;
  }
}

/** Content transform of one frame: screen p = c + scale·R(rot)(q − c) + (tx, ty) for world q. */
interface Cam { tx?: number; ty?: number; scale?: number; rot?: number }

/** A camera transform prepared once per frame (the inverse map, screen → world). */
interface View { tx: number; ty: number; c: number; s: number }

function view(cam: Cam): View {
  const scale = cam.scale ?? 1, r = cam.rot ?? 0;
  return { tx: cam.tx ?? 0, ty: cam.ty ?? 0, c: Math.cos(-r) / scale, s: Math.sin(-r) / scale };
}

const views = new WeakMap<(k: number) => Cam, View[]>();
/** The per-frame views of a camera function (computed once). */
function viewsOf(cam: (k: number) => Cam): View[] {
  let v = views.get(cam);
  if (!v) views.set(cam, (v = Array.from({ length: N }, (_, k) => view(cam(k)))));
  return v;
}

function sample(noise: Noise, cam: Cam | View, x: number, y: number): number {
  const v = 'c' in cam ? cam : view(cam);
  const dx = x - CX - v.tx, dy = y - CY - v.ty;
  return noise.at(v.c * dx - v.s * dy + CX + 1000, v.s * dx + v.c * dy + CY + 1000);
}

function render(n: number, pixel: (k: number, x: number, y: number) => RGB): Uint8Array[] {
  return Array.from({ length: n }, (_, k) => {
    const f = new Uint8Array(W * H * 4);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const [r, g, b] = pixel(k, x, y);
        const o = (y * W + x) * 4;
        f[o] = Math.max(0, Math.min(255, Math.round(r)));
        f[o + 1] = Math.max(0, Math.min(255, Math.round(g)));
        f[o + 2] = Math.max(0, Math.min(255, Math.round(b)));
        f[o + 3] = 255;
      }
    }
    return f;
  });
}

function windowOf(frames: Uint8Array[], previous: Uint8Array | null = null): WindowFrames {
  return { index: 0, start: 0, fps: FPS, width: W, height: H, frames, previous };
}

const greyPixel: RGB = [0, 0, 0];
/** A grey pixel (a shared buffer: render() copies it at once). */
const grey = (v: number): RGB => { greyPixel[0] = greyPixel[1] = greyPixel[2] = v; return greyPixel; };
const far = new Noise(11);
const near = new Noise(23, 4);
const texture = (v: number, lo = 40, hi = 220): number => lo + (hi - lo) * v;

/** Frames per camera test window (half a second keeps the suite fast; moves are measured per second). */
const CAMERA_N = 16;

/** One textured layer moved by cam(k). */
function camera(cam: (k: number) => Cam, n = CAMERA_N): WindowFrames {
  const v = viewsOf(cam);
  return windowOf(render(n, (k, x, y) => grey(texture(sample(far, v[k], x, y)))));
}

/** Two layers: far (top half) and near (bottom half), each with its own transform. */
function layered(farCam: (k: number) => Cam, nearCam: (k: number) => Cam, n = CAMERA_N): WindowFrames {
  const vf = viewsOf(farCam), vn = viewsOf(nearCam);
  return windowOf(render(n, (k, x, y) => grey(y < H / 2 ? texture(sample(far, vf[k], x, y)) : texture(sample(near, vn[k], x, y)))));
}

const perFrame = (widthsPerSecond: number) => (widthsPerSecond * W) / FPS;

function disk(x: number, y: number, cx: number, cy: number, r: number): number {
  return Math.max(0, Math.min(1, r - Math.hypot(x - cx, y - cy) + 0.5));
}

/** Static low-contrast background with a red disk at pos(k) of radius rad(k). */
/** Frames per subject test window (two thirds of a second). */
const SUBJECT_N = 20;

function subject(pos: (k: number) => [number, number], rad: (k: number) => number = () => 10, n = SUBJECT_N): WindowFrames {
  return windowOf(render(n, (k, x, y) => {
    const bg = texture(far.at(x, y), 70, 170);
    const [px, py] = pos(k);
    const a = disk(x, y, px, py, rad(k));
    return [bg * (1 - a) + 250 * a, bg * (1 - a) + 50 * a, bg * (1 - a) + 50 * a];
  }));
}

/** Subject positions integrating a speed profile (frame short sides per second, by frame index) along a direction. */
function path(speed: (k: number) => number, dir: [number, number], start: [number, number], jitter = 0, seed = 5): (k: number) => [number, number] {
  const rand = mulberry32(seed);
  const pos: [number, number][] = [];
  let d = 0;
  const len = Math.hypot(dir[0], dir[1]);
  for (let k = 0; k < N; k++) {
    const j = jitter ? [(rand() - 0.5) * 2 * jitter, (rand() - 0.5) * 2 * jitter] : [0, 0];
    pos.push([start[0] + (d * dir[0]) / len + j[0], start[1] + (d * dir[1]) / len + j[1]]);
    d += (speed(k) * Math.min(W, H)) / FPS;
  }
  return (k) => pos[k];
}

const debug = (label: string, value: unknown): void => {
  if (DEBUG) console.error(label, JSON.stringify(value, (_, v) => (typeof v === 'number' ? Math.round(v * 10000) / 10000 : v)));
};

function cameraSummary(label: string, w: WindowFrames) {
  const s = analyzeMotionField(w);
  debug(label, {
    tx: s.tx, ty: s.ty, scale: s.scale, rot: s.rotation, affine: s.affine, rc: s.rotationConsistent, bands: s.bands,
    cs: s.centreStatic, fs: s.flankStatic, jitter: s.jitter, wander: s.wander, drift: s.drift, peak: s.peakTx, tex: s.texture,
    valid: s.validPairs, judged: classifyCamera(s),
  });
  return s;
}

// --- gradient --------------------------------------------------------------------------------

function gradientWindow(tOf: (x: number, y: number) => number, stops: RGB[] = [[20, 40, 120], [250, 200, 90]]): WindowFrames {
  const lerp = (t: number): RGB => {
    const u = Math.max(0, Math.min(1, t)) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(u)), a = u - i;
    return [0, 1, 2].map((c) => stops[i][c] * (1 - a) + stops[i + 1][c] * a) as RGB;
  };
  return windowOf(render(4, (_, x, y) => lerp(tOf(x, y))));
}

t.test('gradient_type: vertical, horizontal, angled, radial, with strength', async (t) => {
  const cases: Array<[string, WindowFrames]> = [
    ['vertical', gradientWindow((_, y) => y / (H - 1))],
    ['vertical', gradientWindow((_, y) => y / (H - 1), [[30, 30, 30], [240, 240, 240], [30, 30, 30]])],
    ['horizontal', gradientWindow((x) => x / (W - 1))],
    ['horizontal', gradientWindow((x) => 1 - x / (W - 1), [[200, 30, 30], [30, 30, 200]])],
    ['angled', gradientWindow((x, y) => ((x - CX) * Math.cos(0.7) + (y - CY) * Math.sin(0.7)) / 110 + 0.5)],
    ['angled', gradientWindow((x, y) => ((x - CX) * Math.cos(2.3) + (y - CY) * Math.sin(2.3)) / 110 + 0.5)],
    // Radial pools are ellipses of the frame's aspect (as the renderer draws them).
    ['radial', gradientWindow((x, y) => Math.hypot((x - CX) * (H / W), y - CY) / 50)],
    ['radial', gradientWindow((x, y) => Math.hypot((x - 60) * (H / W), y - 40) / 56, [[250, 250, 200], [40, 10, 60]])],
  ];
  for (const [expected, w] of cases) {
    const g = analyzeGradient(w);
    debug(`gradient ${expected}`, g);
    t.equal(g?.value, expected, `${expected} recognised`);
    t.ok(g && g.strength! >= 0.9 && g.strength! <= 1, `${expected} strength ${g?.strength}`);
  }
  t.equal(analyzeGradient(windowOf(render(2, () => [90, 90, 90]))), null, 'no gradient in a flat frame');
  const textured = analyzeGradient(gradientWindow((x, y) => y / (H - 1) + 0.8 * (far.at(x, y) - 0.5)));
  t.equal(textured?.value, 'vertical', 'a textured vertical gradient is still vertical');
  t.ok(textured!.strength! < 0.95, 'with a lower strength');
});

// --- lighting --------------------------------------------------------------------------------

t.test('lighting_contrast_ratio and colour temperature', async (t) => {
  const still = (pixel: (x: number, y: number) => RGB) => windowOf(render(3, (_, x, y) => pixel(x, y)));
  const contrast = (w: WindowFrames) => analyzeLighting(w).find((v) => v.domain === 'lighting_contrast_ratio')?.value;
  const temperature = (w: WindowFrames) => analyzeLighting(w).find((v) => v.domain === 'lighting_color_temperature')?.value;
  t.equal(contrast(still((x, y) => grey(texture(far.at(x, y), 105, 150)))), 'flat');
  t.equal(contrast(still((x, y) => grey(texture(far.at(x, y), 50, 200)))), 'normal');
  t.equal(contrast(still((x, y) => grey(far.at(x, y) > 0.5 ? 235 : 25))), 'high');
  t.equal(contrast(still((x, y) => grey(15 + 215 * disk(x, y, 55, 42, 20) + 10 * far.at(x, y)))), 'chiaroscuro');
  t.equal(contrast(still((x, y) => grey(y > 60 ? 230 : 15))), 'high', 'a bright band across the frame is high contrast, not chiaroscuro');
  const tone = (r: number, b: number) => still((x, y) => { const v = texture(far.at(x, y), 80, 180); return [v * r, v, v * b]; });
  t.equal(temperature(tone(1.2, 0.8)), 'warm');
  t.equal(temperature(tone(0.8, 1.2)), 'cool');
  t.equal(temperature(tone(1, 1)), 'neutral');
});

// --- composition -----------------------------------------------------------------------------

t.test('composition balance and symmetry', async (t) => {
  const blob = (cx: number, cy: number) => windowOf(render(3, (_, x, y) => grey(20 + 200 * disk(x, y, cx, cy, 14))));
  const balance = (w: WindowFrames) => analyzeComposition(w).find((v) => v.domain === 'composition_balance')?.value;
  const symmetry = (w: WindowFrames) => analyzeComposition(w).find((v) => v.domain === 'composition_symmetry')?.value;
  t.equal(balance(blob(40, CY)), 'left_heavy');
  t.equal(balance(blob(120, CY)), 'right_heavy');
  t.equal(balance(blob(CX, 22)), 'top_heavy');
  t.equal(balance(blob(CX, 68)), 'bottom_heavy');
  t.equal(balance(blob(CX, CY)), 'balanced');
  const mirroredTexture = windowOf(render(3, (_, x, y) => grey(texture(far.at(Math.min(x, W - 1 - x), y)))));
  t.equal(balance(mirroredTexture), 'balanced', 'a mirrored texture is balanced');
  t.equal(symmetry(mirroredTexture), 'bilateral');
  const partial = windowOf(render(3, (_, x, y) => {
    const master = texture(far.at(Math.min(x, W - 1 - x), y));
    return grey(x < W / 2 ? master : 0.7 * master + 0.3 * texture(near.at(x, y)));
  }));
  t.equal(symmetry(partial), 'slight', 'one half 0.7 × the mirrored other + 0.3 × its own content');
  t.equal(symmetry(windowOf(render(3, (_, x, y) => grey(texture(far.at(x, y)))))), 'asymmetric');
});

// --- transitions -----------------------------------------------------------------------------

t.test('transition_type: cut, fade, dissolve, wipe, none', async (t) => {
  const a = (x: number, y: number) => texture(far.at(x, y), 60, 230);
  const b = (x: number, y: number) => texture(near.at(x + 37, y + 11), 20, 160);
  const sequence = (mix: (k: number, x: number, y: number) => number) => windowOf(render(N, (k, x, y) => grey(mix(k, x, y))));
  const ramp = (k: number, from: number, to: number) => Math.max(0, Math.min(1, (k - from) / (to - from)));
  const cases: Array<[string | undefined, WindowFrames]> = [
    ['cut', sequence((k, x, y) => (k < 14 ? a(x, y) : b(x, y)))],
    ['fade', sequence((k, x, y) => (k < 15 ? (1 - ramp(k, 4, 14)) * a(x, y) : ramp(k, 15, 25) * b(x, y)))],
    ['fade', sequence((k, x, y) => (1 - ramp(k, 10, 25)) * a(x, y))],
    ['dissolve', sequence((k, x, y) => { const m = ramp(k, 8, 20); return (1 - m) * a(x, y) + m * b(x, y); })],
    ['wipe', sequence((k, x, y) => { const edge = ramp(k, 8, 20) * (W + 4) - 2; const m = Math.max(0, Math.min(1, edge - x + 0.5)); return (1 - m) * a(x, y) + m * b(x, y); })],
    [undefined, sequence((_, x, y) => a(x, y))],
    [undefined, camera((k) => ({ tx: k * perFrame(0.6) }))],
    [undefined, subject(path(() => 0.5, [1, 0], [30, 45]))],
  ];
  for (const [expected, w] of cases) t.equal(analyzeTransition(w)?.value, expected, `${expected ?? 'no transition'}`);
  // A cut right at the window boundary is seen through `previous`.
  const [before] = render(1, (_, x, y) => grey(a(x, y)));
  const after = render(N, (_, x, y) => grey(b(x, y)));
  t.equal(analyzeTransition(windowOf(after, before))?.value, 'cut', 'cut at the boundary');
  t.equal(analyzeTransition(windowOf(after, after[0])), null, 'no cut when the previous frame continues the shot');
});

// --- camera ----------------------------------------------------------------------------------

t.test('camera_motion: every rule on clear synthetic moves', async (t) => {
  const v = perFrame;
  /** Uniform white per-frame shake of ± amp of the width (x) and height (y). */
  const shake = (amp: number, seed: number) => {
    const rand = mulberry32(seed);
    const off = Array.from({ length: N }, () => [(rand() * 2 - 1) * amp * W, (rand() * 2 - 1) * amp * H]);
    return (k: number) => off[k];
  };
  /** Smooth handheld wander: a sum of 0.55 / 1.1 / 1.9 Hz sines, ± amp of the frame. */
  const wander = (amp: number) => (k: number) => {
    const s = k / FPS;
    const f = (p: number) => 0.6 * Math.sin(2 * Math.PI * 0.55 * s + p) + 0.3 * Math.sin(2 * Math.PI * 1.1 * s + 2 * p) + 0.15 * Math.sin(2 * Math.PI * 1.9 * s + 3 * p);
    return [f(0.3) * amp * W, f(2.1) * amp * H];
  };
  const stable = shake(0.0015, 4), handheldShake = shake(0.006, 3), shaky = shake(0.015, 9), hand = wander(0.035);
  const cases: Array<[string, WindowFrames, string?, string?]> = [
    ['static', camera(() => ({})), undefined, 'locked'],
    ['static', camera((k) => ({ tx: handheldShake(k)[0], ty: handheldShake(k)[1] })), undefined, 'handheld'],
    ['pan', camera((k) => ({ tx: k * v(0.3) })), 'medium', 'locked'],
    ['pan', camera((k) => ({ tx: -k * v(0.6) })), 'fast'],
    ['pan', camera((k) => ({ tx: k * v(0.12) })), 'slow'],
    ['pan', camera((k) => ({ tx: k * v(0.3) + stable(k)[0], ty: stable(k)[1] })), undefined, 'stable'],
    ['pan', camera((k) => ({ tx: k * v(0.3) + shaky(k)[0], ty: shaky(k)[1] })), undefined, 'shaky'],
    ['tilt', camera((k) => ({ ty: (k * 0.3 * H) / FPS })), 'medium'],
    ['zoom', camera((k) => ({ scale: Math.exp((k * 0.25) / FPS) })), 'medium'],
    ['zoom_out', camera((k) => ({ scale: Math.exp((-k * 0.5) / FPS) })), 'fast'],
    ['rotate', camera((k) => ({ rot: (k * 0.785) / FPS })), 'medium'],
    ['roll', camera((k) => ({ rot: (-k * 0.105) / FPS })), 'medium'],
    ['birds_eye', camera((k) => ({ scale: Math.exp((k * 0.2) / FPS), rot: (k * 0.35) / FPS }))],
    ['handheld', camera((k) => ({ tx: hand(k)[0], ty: hand(k)[1] }), N), undefined, 'locked'],
    ['truck', layered((k) => ({ tx: k * v(0.08) }), (k) => ({ tx: k * v(0.45) })), 'medium'],
    ['pedestal', layered((k) => ({ ty: (k * 0.05 * H) / FPS }), (k) => ({ ty: (k * 0.45 * H) / FPS }))],
    ['dolly', layered((k) => ({ scale: Math.exp((k * 0.05) / FPS) }), (k) => ({ scale: Math.exp((k * 0.45) / FPS) }))],
    ['crane', camera((k) => ({ scale: Math.exp((k * 0.15) / FPS), ty: (k * 0.15 * H) / FPS })), 'medium'],
    ['arc', layered((k) => ({ tx: -k * v(0.2) }), (k) => ({ tx: k * v(0.35) })), 'medium'],
    ['whip_pan', camera((k) => ({ tx: -W * 0.9 * (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, (k - 3) / 10)))) / 2 }))],
    // Frame 8 repeats frame 7 and frame 12 catches up: a timing glitch, not a wander.
    ['pan', camera((k) => ({ tx: (k >= 8 && k < 12 ? k - 1 : k) * v(0.6) }), N), 'fast'],
    // A zoom out whose centre drifts a little is no crane.
    ['zoom_out', camera((k) => ({ scale: Math.exp((-k * 0.45) / FPS), ty: (k * 0.03 * H) / FPS })), 'fast'],
  ];
  // tracking: the background pans, a textured subject stays at the centre.
  cases.push(['tracking', windowOf(render(CAMERA_N, (k, x, y) => {
    const a = disk(x, y, CX, CY, 17);
    const bg = texture(sample(far, { tx: k * v(0.3) }, x, y));
    return grey(bg * (1 - a) + a * texture(near.at(x * 2, y * 2), 0, 255));
  }))]);
  // tracking: a still subject half the frame high holds the whole middle band back.
  cases.push(['tracking', windowOf(render(CAMERA_N, (k, x, y) => {
    const inside = Math.abs(x - CX) < H / 4 && Math.abs(y - CY) < H / 4;
    return grey(inside ? texture(near.at(x * 2, y * 2), 0, 255) : texture(sample(far, { tx: k * v(0.35) }, x, y)));
  }))]);
  // tracking, layered: the near layer (bottom) holds still while the far layer translates.
  cases.push(['tracking', layered((k) => ({ tx: k * v(0.3) }), () => ({}))]);
  for (const [expected, w, speed, steadiness] of cases) {
    cameraSummary(`camera ${expected}`, w);
    const c = analyzeCamera(w);
    t.equal(c?.value, expected, `${expected}${speed ? ' ' + speed : ''}${steadiness ? ' ' + steadiness : ''}`);
    if (speed) t.equal(c?.speed, speed, `${expected} speed`);
    if (steadiness) t.equal(c?.steadiness, steadiness, `${expected} steadiness`);
  }
  t.equal(analyzeCamera(camera(() => ({}), 1)), null, 'one frame: no verdict');
  // A left-right mirrored picture is read on one half: a mirrored pan is still a pan.
  const mirroredPan = windowOf(render(CAMERA_N, (k, x, y) => grey(texture(sample(far, { tx: k * v(0.3) }, Math.min(x, W - 1 - x), y)))));
  t.equal(analyzeCamera(mirroredPan)?.value, 'pan', 'mirrored pan');
});

// --- subject motion --------------------------------------------------------------------------

t.test('motion_*: speed, directionality, rhythm, smoothness, acceleration of the subject', async (t) => {
  const get = (w: WindowFrames) => {
    const j = classifySubjectMotion(analyzeMotionField(w));
    return j;
  };
  const check = (label: string, w: WindowFrames, expected: Record<string, string>) => {
    const j = get(w) as unknown as Record<string, string> | null;
    debug(`subject ${label}`, j);
    for (const [k, v] of Object.entries(expected)) t.equal(j?.[k], v, `${label}: ${k} = ${v}`);
  };
  check('still', subject(() => [80, 45]), { speed: 'static', directionality: 'none' });
  check('steady horizontal', subject(path(() => 0.28, [1, 0], [40, 45])), {
    speed: 'medium', directionality: 'horizontal', rhythm: 'steady', smoothness: 'smooth', acceleration: 'constant',
  });
  check('slow vertical', subject(path(() => 0.12, [0, 1], [80, 35])), { speed: 'slow', directionality: 'vertical' });
  check('fast diagonal', subject(path(() => 0.5, [1, 0.8], [35, 20])), { speed: 'fast', directionality: 'diagonal' });
  check('radial', subject(() => [80, 45], (k) => 8 + k * 0.6), { directionality: 'radial' });
  check('ease in', subject(path((k) => 0.05 + (0.5 * k) / SUBJECT_N, [1, 0], [30, 45])), { acceleration: 'ease_in' });
  check('ease out', subject(path((k) => 0.55 - (0.5 * k) / SUBJECT_N, [1, 0], [30, 45])), { acceleration: 'ease_out' });
  check('ease in-out', subject(path((k) => 0.05 + 0.6 * Math.sin((Math.PI * k) / (SUBJECT_N - 1)), [1, 0], [30, 45])), { acceleration: 'ease_in_out' });
  check('pulsing', subject(path((k) => (Math.floor(k / 4) % 2 === 0 ? 0.6 : 0), [1, 0], [30, 45])), { rhythm: 'pulsing' });
  check('wave', subject(path((k) => 0.3 * (1 + 0.75 * Math.sin((2 * Math.PI * 1.5 * k) / FPS)), [1, 0], [30, 45]), undefined, N), { rhythm: 'wave' });
  check('rough', subject(path(() => 0.28, [1, 0], [40, 45], 2.5)), { smoothness: 'rough' });
  // Jerky: held, then jumping every 6 frames.
  const hop = path(() => 0.3, [1, 0], [40, 45]);
  check('jerky', subject((k) => hop(k - (k % 6))), { smoothness: 'jerky' });
  // A path that sways: fluid; one that wanders in a loop: no direction.
  check('fluid', subject((k) => [40 + k * 2.6, 45 + 6 * Math.sin((2 * Math.PI * k) / SUBJECT_N)]), { smoothness: 'fluid', directionality: 'horizontal' });
  check('wandering', subject((k) => [80 + 22 * Math.cos((2 * Math.PI * k) / SUBJECT_N), 45 + 22 * Math.sin((2 * Math.PI * k) / SUBJECT_N)]), { directionality: 'none' });
});

// --- whole window and timing -----------------------------------------------------------------

t.test('analyzeVisualWindow: every domain of one window', async (t) => {
  const w = windowOf(render(N, (k, x, y) => {
    const g = y / (H - 1);
    const bg = sample(far, { tx: k * perFrame(0.2) }, x, y);
    const a = disk(x, y, 40 + k * 2, 45, 9);
    const base = 40 + 170 * g + 40 * (bg - 0.5);
    return [base * (1 - a) + 250 * a, base * 0.9 * (1 - a) + 40 * a, base * 0.8 * (1 - a) + 40 * a];
  }));
  const values = analyzeVisualWindow(w);
  debug('window', values);
  const domains = new Set(values.map((v) => v.domain));
  for (const d of ['gradient_type', 'lighting_contrast_ratio', 'lighting_color_temperature', 'composition_balance', 'composition_symmetry', 'camera_motion', 'motion_speed', 'motion_directionality']) {
    t.ok(domains.has(d), `has ${d}`);
  }
  t.notOk(domains.has('transition_type'), 'no transition in a continuous shot');
  t.equal(values.find((v) => v.domain === 'camera_motion')?.value, 'pan');
  t.equal(values.find((v) => v.domain === 'gradient_type')?.value, 'vertical');
  t.same(analyzeVisualWindow({ ...w, frames: [] }), []);
});

t.test('static-camera subject track: coarse median background, refined by registration', async (t) => {
  const { trackStaticSubject } = await import('../../../src/extract/dynamic/motion/track.js');
  const { classifyTrack, classifyPace } = await import('../../../src/extract/dynamic/subject-track.js');
  const w = 160, h = 90, n = 24, fps = 24;
  const rng = mulberry32(5);
  const bg = Float32Array.from({ length: w * h }, () => 60 + 40 * rng());
  const disc = (cx: number, cy: number, r: number): Float32Array => {
    const f = Float32Array.from(bg);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) f[y * w + x] = 220;
    return f;
  };
  // A slow horizontal leg (0.12 U in one second): the disc overlaps itself in most frames, which
  // pollutes the median background; the refined track still follows its exact path.
  const D = 0.12 * h;
  const frames = Array.from({ length: n }, (_, i) => disc(80 - D / 2 + (D * i) / (n - 1), 45, 12));
  const tracks = trackStaticSubject(frames, w, h);
  t.ok(tracks);
  const { coarse, refined } = tracks!;
  const travel = refined.cx[n - 1] - refined.cx[0];
  t.ok(Math.abs(travel - D) < 0.6, `refined travel ${travel.toFixed(2)} of ${D.toFixed(2)} px`);
  t.ok(coarse.cx[n - 1] - coarse.cx[0] < travel, 'the coarse track is pulled towards the middle');
  const j = classifyTrack(coarse, fps, w, h);
  t.equal(j?.directionality, 'horizontal');
  t.equal(j?.smoothness, 'smooth');
  t.equal(classifyPace(refined, fps, false, h).speed, 'slow');
  // Growing in place: radial.
  const grow = Array.from({ length: n }, (_, i) => disc(80, 45, 10 * Math.exp(0.4 * (i / (n - 1) - 0.5))));
  t.equal(classifyTrack(trackStaticSubject(grow, w, h)!.coarse, fps, w, h)?.directionality, 'radial');
  // Held still except a jump every 5 frames: jerky; per-frame noise: rough.
  const jerky = Array.from({ length: n }, (_, i) => disc(70 + 4 * Math.floor(i / 5), 45, 12));
  t.equal(classifyTrack(trackStaticSubject(jerky, w, h)!.coarse, fps, w, h)?.smoothness, 'jerky');
  const noisy = Array.from({ length: n }, (_, i) => disc(70 + (20 * i) / n + 4.5 * (rng() - 0.5), 45 + 4.5 * (rng() - 0.5), 12));
  t.equal(classifyTrack(trackStaticSubject(noisy, w, h)!.coarse, fps, w, h)?.smoothness, 'rough');
});

t.test('a slow track: registration noise is steady, pace changes that last a few frames are not', async (t) => {
  const { classifyPace } = await import('../../../src/extract/dynamic/subject-track.js');
  const n = 24, fps = 24, U = 90;
  const rand = mulberry32(11);
  const noise = () => 0.55 * (rand() + rand() + rand() - 1.5); // ≈ 0.27 px rms
  // 0.12 short sides a second: 0.45 px a frame.
  const step = (0.12 * U) / fps;
  const track = (pace: (i: number) => number, jitter: () => number) => {
    const cx = new Float64Array(n);
    for (let i = 1; i < n; i++) cx[i] = cx[i - 1] + step * pace(i);
    return { cx: cx.map((x) => 20 + x + jitter()), cy: new Float64Array(n).fill(40), radius: new Float64Array(n).fill(8), pixels: new Int32Array(n).fill(100) };
  };
  t.equal(classifyPace(track(() => 1, noise), fps, false, U).rhythm, 'steady', 'noisy steady');
  // Levels 1 ± 0.6 a sixth of a second each, in a drawn order.
  const levels = [1.6, 0.4, 0.4, 1.6, 0.4, 1.6];
  t.equal(classifyPace(track((i) => levels[Math.floor(i / 4)], () => 0), fps, false, U).rhythm, 'random', 'level changes');
});

t.test('pace of a track: speed, easing by thirds, rhythm against the envelope', async (t) => {
  const { classifyPace } = await import('../../../src/extract/dynamic/subject-track.js');
  const n = 24, fps = 24, U = 90; // the tracking resolution of 160 × 90 analysis frames
  // A horizontal leg of 0.28 U whose progress over the window follows `progress` (0 → 1).
  const track = (progress: (tau: number) => number) => {
    const cx = Float64Array.from({ length: n }, (_, i) => 20 + 0.28 * U * progress(i / n));
    return { cx, cy: new Float64Array(n).fill(20), radius: new Float64Array(n).fill(6), pixels: new Int32Array(n).fill(100) };
  };
  /** Progress (0 → 1 over the window) of a pace profile. */
  const integral = (pace: (tau: number) => number) => {
    const steps = 960;
    const cum = [0];
    for (let k = 1; k <= steps; k++) cum.push(cum[k - 1] + pace((k - 0.5) / steps));
    return (x: number) => cum[Math.round(x * steps)] / cum[steps];
  };
  const cases: Array<[string, (tau: number) => number, string, string]> = [
    ['constant', (x) => x, 'constant', 'steady'],
    ['ease in', (x) => x * x, 'ease_in', 'steady'],
    ['ease out', (x) => 1 - (1 - x) ** 2, 'ease_out', 'steady'],
    ['ease in-out', (x) => 3 * x * x - 2 * x ** 3, 'ease_in_out', 'steady'],
    // Three bursts a second from standstill; a 3 Hz wave that never stops.
    ['pulsing', integral((x) => Math.max(0, -Math.cos(6 * Math.PI * x)) ** 2), 'constant', 'pulsing'],
    ['wave', (x) => x - (0.75 * Math.sin(6 * Math.PI * x)) / (6 * Math.PI), 'constant', 'wave'],
  ];
  for (const [name, progress, acceleration, rhythm] of cases) {
    const pace = classifyPace(track(progress), fps, false, U);
    t.equal(pace.speed, 'medium', `${name}: speed`);
    t.equal(pace.acceleration, acceleration, `${name}: acceleration`);
    t.equal(pace.rhythm, rhythm, `${name}: rhythm`);
  }
});
