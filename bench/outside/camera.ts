/**
 * camera_motion recipes: a still texture moved as a camera would move over it — crops at moving
 * offsets (pan, tilt, whip pan, handheld wander), zoompan (zoom in and out), rotate (roll,
 * rotate), zoompan + rotate (bird's-eye descent), and three stacked bands moving at different
 * rates (truck, pedestal, arc: parallax) or a still subject over a panning background (tracking).
 * Crops run on a texture twice the size and are scaled down, so offsets move by half pixels.
 */
import { even, num, pick, sign, uniform } from './draw.js';
import { texture } from './textures.js';
import type { Aim, ClipGraph, Rng, VideoFormat } from './types.js';

const SECONDS = 3;
const SUPER = 2;
/** zoompan crops at whole input pixels: a finer input keeps that rounding from wobbling the frame. */
const ZOOM_SUPER = 4;
/** Longest side of zoompan's input (a larger one costs more than its rounding is worth). */
const MAX_ZOOM_INPUT = 3072;
const zoomFactor = (width: number, height: number) => Math.min(ZOOM_SUPER, MAX_ZOOM_INPUT / Math.max(width, height));
/** The project's medium rate of each move: translations in frame sizes per second, scale in ln /s. */
const MEDIUM_RATE = { pan: 0.3, tilt: 0.3, zoom: 0.25, truck: 0.45, pedestal: 0.45, arc: 0.28, tracking: 0.35 };
/** Factors of the medium rate drawn for each speed (slow is half, fast twice, with margins). */
const SPEED_FACTORS: Record<string, [number, number]> = { slow: [0.4, 0.6], medium: [0.8, 1.25], fast: [1.7, 2.4] };
const SPEEDS = Object.keys(SPEED_FACTORS);
/** Rotation rates, rad/s: a roll is slow, a rotate clearly turning. */
const ROLL_RATE: [number, number] = [0.07, 0.2];
const ROTATE_RATE: [number, number] = [0.45, 1.2];
/** Whip pan: travel in widths and burst length in seconds (peak ≥ 2 W/s). */
const WHIP_TRAVEL: [number, number] = [0.6, 1];
const WHIP_SECONDS: [number, number] = [0.15, 0.3];
/** Handheld wander: rms per axis in frame sizes, and its component frequencies in Hz. */
const WANDER_RMS: [number, number] = [0.008, 0.016];
const WANDER_HZ: [number, number] = [0.7, 1.8];
const WANDER_COMPONENTS = 3;
/** Parallax: the far band's rate as a share of the near band's. */
const FAR_SHARE: [number, number] = [0.1, 0.35];
/** Tracking: side of the still subject as a share of the frame height. */
const SUBJECT_SIDE: [number, number] = [0.4, 0.55];

const rateFor = (rng: Rng, medium: number, speed: string) => medium * uniform(rng, ...SPEED_FACTORS[speed]);

/** A still texture `travelX` × `travelY` output px larger than the frame, cropped at (x(t), y(t)) output px. */
export function cropMove(rng: Rng, f: VideoFormat, travelX: number, travelY: number, x: string, y: string): string {
  const tw = even(SUPER * (f.width + travelX)), th = even(SUPER * (f.height + travelY));
  return `${texture(rng, tw, th, f.fps)},crop=w=${SUPER * f.width}:h=${SUPER * f.height}:x='${SUPER}*(${x})':y='${SUPER}*(${y})',scale=${f.width}:${f.height}:flags=area`;
}

/** Offset expression of a steady move of `rate` px/s over `travel` px, starting at the end that suits the sign. */
export const steady = (rate: number, travel: number) => (rate >= 0 ? `${num(rate)}*t` : `${num(travel)}${num(rate)}*t`);

function pan(rng: Rng, f: VideoFormat, vertical: boolean, speed: string): ClipGraph {
  const rate = sign(rng) * rateFor(rng, MEDIUM_RATE.pan, speed);
  const side = vertical ? f.height : f.width;
  const travel = Math.abs(rate) * side * SECONDS + 2;
  const offset = steady(rate * side, travel);
  const video = vertical ? cropMove(rng, f, 0, travel, '0', offset) : cropMove(rng, f, travel, 0, offset, '0');
  return { seconds: SECONDS, truth: { camera_motion: vertical ? 'tilt' : 'pan', camera_speed: speed }, video: `${video}[v]` };
}

function zoom(rng: Rng, f: VideoFormat, inwards: boolean, speed: string): ClipGraph {
  const rate = rateFor(rng, MEDIUM_RATE.zoom, speed);
  const z = inwards ? `exp(${num(rate)}*it)` : `exp(${num(rate)}*(${SECONDS}-it))`;
  const k = zoomFactor(f.width, f.height);
  const video = `${texture(rng, even(k * f.width), even(k * f.height), f.fps)},`
    + `zoompan=z='${z}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=${f.width}x${f.height}:fps=${f.fps}`;
  return { seconds: SECONDS, truth: { camera_motion: inwards ? 'zoom' : 'zoom_out', camera_speed: speed }, video: `${video}[v]` };
}

/** A square texture covering the frame at any angle, turned at `rate` rad/s. */
function turning(rng: Rng, f: VideoFormat, rate: number, before = ''): string {
  const side = even(Math.hypot(f.width, f.height) + 4);
  return `${texture(rng, side, side, f.fps)},${before}rotate=a='${num(uniform(rng, 0, Math.PI))}+${num(rate)}*t':ow=${f.width}:oh=${f.height}`;
}

function roll(rng: Rng, f: VideoFormat, range: [number, number], value: string): ClipGraph {
  return { seconds: SECONDS, truth: { camera_motion: value }, video: `${turning(rng, f, sign(rng) * uniform(rng, ...range))}[v]` };
}

function birdsEye(rng: Rng, f: VideoFormat): ClipGraph {
  const side = even(Math.hypot(f.width, f.height) + 4);
  const descent = `zoompan=z='exp(${num(uniform(rng, 0.15, 0.3))}*it)':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=${side}x${side}:fps=${f.fps},`;
  const video = `${texture(rng, even(zoomFactor(side, side) * side), even(zoomFactor(side, side) * side), f.fps)},${descent}rotate=a='${num(sign(rng) * uniform(rng, 0.2, 0.5))}*t':ow=${f.width}:oh=${f.height}`;
  return { seconds: SECONDS, truth: { camera_motion: 'birds_eye' }, video: `${video}[v]` };
}

function whipPan(rng: Rng, f: VideoFormat): ClipGraph {
  const travel = uniform(rng, ...WHIP_TRAVEL) * f.width;
  const length = uniform(rng, ...WHIP_SECONDS);
  const window = 1;
  const start = window + uniform(rng, 0.1, 0.9 - length);
  const dir = sign(rng);
  const ramp = `clip((t-${num(start)})/${num(length)},0,1)`;
  const x = dir > 0 ? `${num(travel)}*${ramp}` : `${num(travel)}*(1-${ramp})`;
  return { seconds: SECONDS, truth: { camera_motion: 'whip_pan' }, events: { camera_motion: window }, video: `${cropMove(rng, f, travel, 0, x, '0')}[v]` };
}

/** A smooth wander: a few sinusoids of random phase, scaled to `rms` px. */
function wander(rng: Rng, rms: number): string {
  const amp = rms * Math.SQRT2 / Math.sqrt(WANDER_COMPONENTS);
  return Array.from({ length: WANDER_COMPONENTS }, () => `${num(amp)}*sin(${num(2 * Math.PI * uniform(rng, ...WANDER_HZ))}*t+${num(uniform(rng, 0, 2 * Math.PI))})`).join('+');
}

function handheld(rng: Rng, f: VideoFormat): ClipGraph {
  const rx = uniform(rng, ...WANDER_RMS) * f.width, ry = uniform(rng, ...WANDER_RMS) * f.height;
  const mx = 3 * rx * Math.SQRT2, my = 3 * ry * Math.SQRT2;
  const video = cropMove(rng, f, 2 * mx, 2 * my, `${num(mx)}+${wander(rng, rx)}`, `${num(my)}+${wander(rng, ry)}`);
  return { seconds: SECONDS, truth: { camera_motion: 'handheld' }, video: `${video}[v]` };
}

/**
 * Three bands (top, middle, bottom thirds) of one texture, each moved at its own rate along one
 * axis: `rates` in frame widths (horizontal) or heights (vertical) per second, top first.
 */
function bands(rng: Rng, f: VideoFormat, vertical: boolean, rates: [number, number, number]): string {
  const third = even(f.height / 3);
  const heights = [third, third, f.height - 2 * third];
  const parts = rates.map((rate, i) => {
    const band: VideoFormat = { ...f, height: heights[i] };
    const side = vertical ? f.height : f.width;
    const travel = Math.abs(rate) * side * SECONDS + 2;
    const offset = steady(rate * side, travel);
    return `${vertical ? cropMove(rng, band, 0, travel, '0', offset) : cropMove(rng, band, travel, 0, offset, '0')}[b${i}]`;
  });
  return `${parts.join(';')};[b0][b1][b2]vstack=inputs=3`;
}

function parallax(rng: Rng, f: VideoFormat, vertical: boolean): ClipGraph {
  const near = sign(rng) * MEDIUM_RATE.truck * uniform(rng, ...SPEED_FACTORS.medium);
  const far = near * uniform(rng, ...FAR_SHARE);
  const video = bands(rng, f, vertical, [far, (far + near) / 2, near]);
  return { seconds: SECONDS, truth: { camera_motion: vertical ? 'pedestal' : 'truck' }, video: `${video}[v]` };
}

function arc(rng: Rng, f: VideoFormat): ClipGraph {
  const rate = sign(rng) * MEDIUM_RATE.arc * uniform(rng, ...SPEED_FACTORS.medium);
  const video = bands(rng, f, false, [-rate, rate * uniform(rng, -0.2, 0.2), rate]);
  return { seconds: SECONDS, truth: { camera_motion: 'arc' }, video: `${video}[v]` };
}

function tracking(rng: Rng, f: VideoFormat): ClipGraph {
  const rate = sign(rng) * MEDIUM_RATE.tracking * uniform(rng, ...SPEED_FACTORS.medium);
  const travel = Math.abs(rate) * f.width * SECONDS + 2;
  const side = even(uniform(rng, ...SUBJECT_SIDE) * f.height);
  const background = cropMove(rng, f, travel, 0, steady(rate * f.width, travel), '0');
  const subject = `${texture(rng, side, side, f.fps)},drawbox=c=${pick(rng, ['white', 'black', 'yellow'])}:t=${Math.max(2, Math.round(side / 20))}`;
  const video = `${background}[bg];${subject}[fg];[bg][fg]overlay=x=(W-w)/2:y=(H-h)/2:shortest=1`;
  return { seconds: SECONDS, truth: { camera_motion: 'tracking' }, video: `${video}[v]` };
}

function still(rng: Rng, f: VideoFormat): ClipGraph {
  return { seconds: SECONDS, truth: { camera_motion: 'static' }, video: `${texture(rng, f.width, f.height, f.fps)}[v]` };
}

const visual = (value: string, recipe: string, make: Aim['make']): Aim => ({ domain: 'camera_motion', value, recipe, visual: true, make });

export const CAMERA_AIMS: Aim[] = [
  visual('static', 'frozen', still),
  visual('pan', 'crop', (rng, f) => pan(rng, f, false, pick(rng, SPEEDS))),
  visual('tilt', 'crop', (rng, f) => pan(rng, f, true, pick(rng, SPEEDS))),
  visual('zoom', 'zoompan', (rng, f) => zoom(rng, f, true, pick(rng, SPEEDS))),
  visual('zoom_out', 'zoompan', (rng, f) => zoom(rng, f, false, pick(rng, SPEEDS))),
  visual('roll', 'rotate', (rng, f) => roll(rng, f, ROLL_RATE, 'roll')),
  visual('rotate', 'rotate', (rng, f) => roll(rng, f, ROTATE_RATE, 'rotate')),
  visual('birds_eye', 'zoompan+rotate', birdsEye),
  visual('truck', 'bands', (rng, f) => parallax(rng, f, false)),
  visual('pedestal', 'bands', (rng, f) => parallax(rng, f, true)),
  visual('arc', 'bands', arc),
  visual('tracking', 'crop+overlay', tracking),
  visual('whip_pan', 'crop-burst', whipPan),
  visual('handheld', 'crop-wander', handheld),
];
