/**
 * Subject motion recipes: a disc or box (drawn once by geq, with soft edges) moved by overlay
 * over a still, faint backdrop along x/y expressions of known speed profile, or grown in place
 * (zoompan). The camera does not move. Positions are laid out on a picture SUPER times finer and
 * scaled down, so the subject moves by fractions of a pixel.
 *
 * A path is a distance s(t) along one direction, folded back and forth over a leg of the mean
 * speed × 1 s, so every window holds one leg of the profile: constant, ease-in (speed 2τ),
 * ease-out (2(1 − τ)), ease-in-out (6τ(1 − τ)), τ the time within the second; a wave (speed
 * v(1 + a·sin 2πft)); pulses (moves, then holds, twice a second); steps (hold-and-jump every
 * JERKY_FRAMES frames); or per-frame position noise (rough). Speeds are in frame short sides per
 * second (U).
 */
import { even, hex, num, pick, randomRgb, sign, uniform } from './draw.js';
import { texture } from './textures.js';
import type { Aim, ClipGraph, Rng, Truth, VideoFormat } from './types.js';

const SECONDS = 3;
const SUPER = 4;
const MAX_SUPER_WIDTH = 1280;
/** zoompan crops at whole input pixels: its input is this much finer than its output. */
const GROW_SUPER = 4;
/** Mean path speed drawn for each value, U/s (the project's legs: 0.12 / 0.28 / 0.5). */
const SPEED: Record<string, [number, number]> = { slow: [0.09, 0.14], medium: [0.23, 0.32], fast: [0.44, 0.56] };
/** Growth rate of a radial subject, |ln size| per second (the project's 0.4 / 0.8 / 1.4). */
const RADIAL_RATE: Record<string, [number, number]> = { slow: [0.3, 0.5], medium: [0.7, 0.95], fast: [1.25, 1.6] };
const SUBJECT_RADIUS: [number, number] = [0.06, 0.09];
/** Directions, degrees (picture coordinates), per directionality. */
const DIRECTION: Record<string, (rng: Rng) => number> = {
  horizontal: (rng) => uniform(rng, -4, 4) + pick(rng, [0, 180]),
  vertical: (rng) => uniform(rng, 86, 94) + pick(rng, [0, 180]),
  diagonal: (rng) => uniform(rng, 32, 58) + pick(rng, [0, 90, 180, 270]),
};
const WAVE_HZ: [number, number] = [1.2, 2];
const WAVE_DEPTH: [number, number] = [0.6, 0.9];
/** Pulses: period (s) and the moving share of it. */
const PULSE_PERIOD: [number, number] = [0.45, 0.5];
const PULSE_DUTY: [number, number] = [0.35, 0.5];
const JERKY_FRAMES = 6;
/** Rough: per-frame position noise, U (the project's ±2.5 %). */
const ROUGH_NOISE: [number, number] = [0.025, 0.04];
/** Fluid: sideways sway of a straight path, U and Hz. */
const SWAY: [number, number] = [0.06, 0.1];
const SWAY_HZ: [number, number] = [0.6, 1];
/** Loop (no direction): radius U, turns per second. */
const LOOP_RADIUS: [number, number] = [0.12, 0.2];
const LOOP_HZ: [number, number] = [0.3, 0.45];
const BACKDROP_CONTRAST: [number, number] = [0.15, 0.35];

export type Profile = 'constant' | 'ease_in' | 'ease_out' | 'ease_in_out' | 'wave' | 'pulsing' | 'jerky';

/** Path length s(t) in U for a mean speed v. */
function distance(rng: Rng, profile: Profile, v: number, fps: number): string {
  const f = 't-floor(t)';
  switch (profile) {
    case 'constant': return `${num(v)}*t`;
    case 'ease_in': return `${num(v)}*(floor(t)+pow(${f},2))`;
    case 'ease_out': return `${num(v)}*(floor(t)+1-pow(1-(${f}),2))`;
    case 'ease_in_out': return `${num(v)}*(floor(t)+3*pow(${f},2)-2*pow(${f},3))`;
    case 'wave': {
      const w = 2 * Math.PI * uniform(rng, ...WAVE_HZ), a = uniform(rng, ...WAVE_DEPTH), phase = uniform(rng, 0, 2 * Math.PI);
      return `${num(v)}*(t-${num(a / w)}*(cos(${num(w)}*t+${num(phase)})-${num(Math.cos(phase))}))`;
    }
    case 'pulsing': {
      const p = uniform(rng, ...PULSE_PERIOD), d = uniform(rng, ...PULSE_DUTY);
      return `${num(v / d)}*(floor(t/${num(p)})*${num(d * p)}+min(mod(t,${num(p)}),${num(d * p)}))`;
    }
    case 'jerky': return `${num(v * JERKY_FRAMES / fps)}*floor(n/${JERKY_FRAMES})`;
  }
}

interface Layout { f: VideoFormat; k: number; U: number; radius: number }

function layout(rng: Rng, f: VideoFormat): Layout {
  const k = Math.min(SUPER, MAX_SUPER_WIDTH / f.width);
  const U = Math.min(f.width, f.height);
  return { f, k, U, radius: uniform(rng, ...SUBJECT_RADIUS) * U };
}

/** A soft-edged disc or box of `radius` px (super resolution), rgba, frozen. */
function shape(rng: Rng, L: Layout, fps: number, radius = L.radius): string {
  const r = radius * L.k;
  const side = even(2 * r + 4);
  const c = randomRgb(rng, 0, 255);
  const inside = pick(rng, ['disc', 'box']) === 'disc'
    ? `clip(${num(r)}-hypot(X-${side / 2},Y-${side / 2})+0.5,0,1)`
    : `clip(${num(r * 0.9)}-abs(X-${side / 2})+0.5,0,1)*clip(${num(r * 0.9)}-abs(Y-${side / 2})+0.5,0,1)`;
  return `color=c=black:s=${side}x${side}:r=${fps},format=rgba,geq=r=${Math.round(c[0])}:g=${Math.round(c[1])}:b=${Math.round(c[2])}:a='255*${inside}',`
    + `trim=end_frame=1,loop=loop=-1:size=1:start=0,setpts=N/${fps}/TB`;
}

/** A still, faint backdrop at super resolution. */
function backdrop(rng: Rng, L: Layout): string {
  const w = even(L.f.width * L.k), h = even(L.f.height * L.k);
  if (rng() < 0.3) return `color=c=${hex(randomRgb(rng, 30, 220))}:s=${w}x${h}:r=${L.f.fps},format=rgb24`;
  return `${texture(rng, w, h, L.f.fps)},format=yuv444p,eq=contrast=${num(uniform(rng, ...BACKDROP_CONTRAST))},format=rgb24`;
}

/** Overlays the shape with its centre at (x, y) (output px expressions of t and n), scaled back down. */
function compose(rng: Rng, L: Layout, x: string, y: string, shapeChain = shape(rng, L, L.f.fps)): string {
  return `${backdrop(rng, L)}[bg];${shapeChain}[fg];`
    + `[bg][fg]overlay=x='${num(L.k)}*(${x})-w/2':y='${num(L.k)}*(${y})-h/2':shortest=1,scale=${L.f.width}:${L.f.height}:flags=area`;
}

/** Triangle fold of s over a leg of `leg`: 0 → leg → 0 … */
const fold = (s: string, leg: number) => `${num(leg)}*(1-abs(mod((${s})/${num(leg)},2)-1))`;

interface Straight { direction: string; speed: string; profile: Profile; noise?: number; sway?: boolean }

function straight(rng: Rng, f: VideoFormat, o: Straight): string {
  const L = layout(rng, f);
  const v = uniform(rng, ...SPEED[o.speed]);
  const deg = DIRECTION[o.direction](rng) * Math.PI / 180;
  const dx = Math.cos(deg), dy = Math.sin(deg);
  const leg = v * L.U;
  const start = [f.width / 2 - (dx * leg) / 2, f.height / 2 - (dy * leg) / 2];
  const along = fold(`${num(L.U)}*(${distance(rng, o.profile, v, f.fps)})`, leg);
  let side = '0';
  if (o.sway) side = `${num(uniform(rng, ...SWAY) * L.U)}*sin(${num(2 * Math.PI * uniform(rng, ...SWAY_HZ))}*t+${num(uniform(rng, 0, 6.28))})`;
  if (o.noise) side = `${num(o.noise * L.U)}*(2*mod(abs(sin(n*12.9898+${num(uniform(rng, 0, 99))})*43758.5453),1)-1)`;
  const jitterAlong = o.noise ? `+${num(o.noise * L.U)}*(2*mod(abs(sin(n*78.233+${num(uniform(rng, 0, 99))})*43758.5453),1)-1)` : '';
  const x = `${num(start[0])}+${num(dx)}*(${along}${jitterAlong})-${num(dy)}*(${side})`;
  const y = `${num(start[1])}+${num(dy)}*(${along}${jitterAlong})+${num(dx)}*(${side})`;
  return compose(rng, L, x, y);
}

function radial(rng: Rng, f: VideoFormat, speed: string): string {
  const L = layout(rng, f);
  const rMin = 0.05 * L.U, rMax = 0.3 * L.U;
  const zMax = rMax / rMin;
  const rate = uniform(rng, ...RADIAL_RATE[speed]);
  const logLeg = Math.log(zMax);
  // zoompan enlarges the tile about its centre: z = exp(fold(rate·t)) between 1 and zMax.
  const tile = even(2 * rMax * L.k + 8);
  const z = `exp(${fold(`${num(rate)}*it`, logLeg)})`;
  const grower = `${shape(rng, L, f.fps, rMin)},pad=${tile}:${tile}:(ow-iw)/2:(oh-ih)/2:color=black@0,scale=${GROW_SUPER * tile}:${GROW_SUPER * tile},`
    + `zoompan=z='${z}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=${tile}x${tile}:fps=${f.fps}`;
  const cx = f.width * uniform(rng, 0.4, 0.6), cy = f.height * uniform(rng, 0.4, 0.6);
  return compose(rng, L, num(cx), num(cy), grower);
}

function loop(rng: Rng, f: VideoFormat): string {
  const L = layout(rng, f);
  const r = uniform(rng, ...LOOP_RADIUS) * L.U, w = sign(rng) * 2 * Math.PI * uniform(rng, ...LOOP_HZ), p = uniform(rng, 0, 6.28);
  return compose(rng, L, `${num(f.width / 2)}+${num(r)}*cos(${num(w)}*t+${num(p)})`, `${num(f.height / 2)}+${num(r)}*sin(${num(w)}*t+${num(p)})`);
}

const clip = (truth: Truth, video: string): ClipGraph => ({ seconds: SECONDS, truth, video: `${video}[v]` });
const SPEEDS = Object.keys(SPEED);
const LINES = Object.keys(DIRECTION);

function steadyLine(rng: Rng, f: VideoFormat, speed = pick(rng, SPEEDS), direction = pick(rng, LINES)): ClipGraph {
  return clip({ motion_speed: speed, motion_directionality: direction, motion_acceleration: 'constant', motion_rhythm: 'steady', motion_smoothness: 'smooth' },
    straight(rng, f, { direction, speed, profile: 'constant' }));
}

const aim = (domain: string, value: string, recipe: string, make: Aim['make']): Aim => ({ domain, value, recipe, visual: true, make });

export const SUBJECT_AIMS: Aim[] = [
  aim('motion_speed', 'static', 'still', (rng, f) => clip({ motion_speed: 'static' }, compose(rng, layout(rng, f), num(f.width * uniform(rng, 0.3, 0.7)), num(f.height * uniform(rng, 0.3, 0.7))))),
  ...SPEEDS.map((s) => aim('motion_speed', s, 'line', (rng, f) => steadyLine(rng, f, s))),
  ...LINES.map((d) => aim('motion_directionality', d, 'line', (rng, f) => steadyLine(rng, f, undefined, d))),
  aim('motion_directionality', 'radial', 'zoompan-grow', (rng, f) => {
    const speed = pick(rng, SPEEDS);
    return clip({ motion_directionality: 'radial', motion_speed: speed }, radial(rng, f, speed));
  }),
  aim('motion_directionality', 'none', 'loop', (rng, f) => clip({ motion_directionality: 'none', motion_smoothness: 'fluid' }, loop(rng, f))),
  ...(['ease_in', 'ease_out', 'ease_in_out'] as const).map((p) => aim('motion_acceleration', p, 'line', (rng, f) => {
    const speed = pick(rng, ['medium', 'fast']), direction = pick(rng, LINES);
    return clip({ motion_acceleration: p, motion_speed: speed, motion_directionality: direction }, straight(rng, f, { direction, speed, profile: p }));
  })),
  aim('motion_acceleration', 'constant', 'line', (rng, f) => steadyLine(rng, f)),
  aim('motion_rhythm', 'steady', 'line', (rng, f) => steadyLine(rng, f)),
  ...(['wave', 'pulsing'] as const).map((p) => aim('motion_rhythm', p, 'line', (rng, f) => {
    const direction = pick(rng, LINES);
    return clip({ motion_rhythm: p, motion_directionality: direction }, straight(rng, f, { direction, speed: pick(rng, ['medium', 'fast']), profile: p }));
  })),
  aim('motion_smoothness', 'smooth', 'line', (rng, f) => steadyLine(rng, f)),
  aim('motion_smoothness', 'fluid', 'sway', (rng, f) => clip({ motion_smoothness: 'fluid' }, straight(rng, f, { direction: pick(rng, LINES), speed: pick(rng, ['medium', 'fast']), profile: 'constant', sway: true }))),
  aim('motion_smoothness', 'jerky', 'steps', (rng, f) => {
    const direction = pick(rng, LINES);
    return clip({ motion_smoothness: 'jerky', motion_directionality: direction }, straight(rng, f, { direction, speed: pick(rng, ['medium', 'fast']), profile: 'jerky' }));
  }),
  aim('motion_smoothness', 'rough', 'noise', (rng, f) => clip({ motion_smoothness: 'rough' },
    straight(rng, f, { direction: pick(rng, LINES), speed: pick(rng, SPEEDS), profile: 'constant', noise: uniform(rng, ...ROUGH_NOISE) }))),
];
