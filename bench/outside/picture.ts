/**
 * Still-picture recipes: gradient_type (the gradients source, linear and circular, and geq
 * ramps), lighting contrast (grey patterns of known luma spread, some through eq's contrast, and a
 * pool of light in a dark surround) and temperature (lutrgb and colortemperature over a neutral
 * pattern), composition balance (a full-contrast patch and a bright box on one side of a faint
 * backdrop) and symmetry (hstack with hflip; a mirrored half blended with other content).
 */
import { even, hex, num, pick, randomRgb, sourceSeed, uniform } from './draw.js';
import { texture } from './textures.js';
import type { Aim, ClipGraph, Rng, VideoFormat } from './types.js';

const SECONDS = 3;
const freeze = (fps: number) => `trim=end_frame=1,loop=loop=-1:size=1:start=0,setpts=N/${fps}/TB`;

// ------------------------------------------------------------------ gradients

/** Direction of each linear value, degrees from the x axis (picture coordinates, y down). */
const GRADIENT_ANGLES: Record<string, (rng: Rng) => number> = {
  horizontal: (rng) => uniform(rng, -7, 7) + pick(rng, [0, 180]),
  vertical: (rng) => uniform(rng, 83, 97) + pick(rng, [0, 180]),
  angled: (rng) => uniform(rng, 35, 55) + pick(rng, [0, 90, 180, 270]),
};
/** Colours of a gradient: each stop differs from the previous by at least this much on some channel. */
const STOP_MIN_DISTANCE = 90;
/** Faint static grain over a gradient (uniform noise strength), so the field is not perfectly clean. */
const GRAIN: [number, number] = [0, 8];

function stops(rng: Rng, count: number): number[][] {
  const out = [randomRgb(rng)];
  while (out.length < count) {
    const c = randomRgb(rng);
    if (Math.max(...c.map((v, i) => Math.abs(v - out[out.length - 1][i]))) >= STOP_MIN_DISTANCE) out.push(c);
  }
  return out;
}

/** End points of a line through (cx, cy) at `deg`, kept inside the frame. */
function line(f: VideoFormat, cx: number, cy: number, deg: number): [number, number, number, number] {
  const dx = Math.cos((deg * Math.PI) / 180), dy = Math.sin((deg * Math.PI) / 180);
  const reach = 0.95 * Math.min(Math.abs(dx) > 1e-6 ? Math.min(cx, f.width - 1 - cx) / Math.abs(dx) : Infinity, Math.abs(dy) > 1e-6 ? Math.min(cy, f.height - 1 - cy) / Math.abs(dy) : Infinity);
  return [cx - reach * dx, cy - reach * dy, cx + reach * dx, cy + reach * dy].map(Math.round) as [number, number, number, number];
}

function gradientsSource(rng: Rng, f: VideoFormat, value: string): string {
  const colours = stops(rng, pick(rng, [2, 2, 3, 4]));
  const cs = colours.map((c, i) => `c${i}=${hex(c)}`).join(':');
  const cx = f.width * uniform(rng, 0.4, 0.6), cy = f.height * uniform(rng, 0.4, 0.6);
  const [x0, y0, x1, y1] = value === 'radial'
    ? [cx, cy, cx + uniform(rng, 0.35, 0.6) * f.width, cy].map(Math.round)
    : line(f, cx, cy, GRADIENT_ANGLES[value](rng));
  return `gradients=s=${f.width}x${f.height}:r=${f.fps}:${cs}:n=${colours.length}:type=${value === 'radial' ? 'radial' : 'linear'}`
    + `:x0=${x0}:y0=${y0}:x1=${x1}:y1=${y1}:speed=0.00001:seed=${sourceSeed(rng)}`;
}

/** A two-stop ramp drawn by geq: along a direction, or by distance from a centre (radial). */
function geqRamp(rng: Rng, f: VideoFormat, value: string): string {
  const [a, b] = stops(rng, 2);
  const cx = f.width * uniform(rng, 0.4, 0.6), cy = f.height * uniform(rng, 0.4, 0.6);
  let s: string;
  if (value === 'radial') {
    s = `clip(hypot(X-${num(cx)},Y-${num(cy)})/${num(uniform(rng, 0.45, 0.7) * f.height)},0,1)`;
  } else {
    const deg = GRADIENT_ANGLES[value](rng) * Math.PI / 180;
    const span = Math.abs(Math.cos(deg)) * f.width + Math.abs(Math.sin(deg)) * f.height;
    s = `clip(0.5+((X-${num(cx)})*${num(Math.cos(deg))}+(Y-${num(cy)})*${num(Math.sin(deg))})/${num(span)},0,1)`;
  }
  const ch = (i: number) => `${num(a[i])}+${num(b[i] - a[i])}*${s}`;
  return `color=c=black:s=${f.width}x${f.height}:r=${f.fps},format=gbrp,geq=r='${ch(0)}':g='${ch(1)}':b='${ch(2)}'`;
}

function gradient(rng: Rng, f: VideoFormat, value: string, source: typeof geqRamp): ClipGraph {
  const grain = uniform(rng, ...GRAIN);
  const video = `${source(rng, f, value)},format=rgb24,${grain >= 1 ? `noise=alls=${Math.round(grain)}:allf=u,` : ''}${freeze(f.fps)}`;
  return { seconds: SECONDS, truth: { gradient_type: value }, video: `${video}[v]` };
}

// ------------------------------------------------------------------ lighting

/** Luma standard deviation drawn for each contrast value, 0–255 (flat < 26 ≤ normal < 54 ≤ high). */
const CONTRAST_STD: Record<string, [number, number]> = { flat: [8, 19], normal: [33, 46], high: [63, 76] };
/** Mean grey of a contrast pattern. */
const MID_GREY = 128;

type Pattern = 'checker' | 'grating' | 'blocks';
/** Pattern value in [−1, 1] at (X, Y), and its standard deviation per unit amplitude. */
function patternExpr(rng: Rng, f: VideoFormat, kind: Pattern): { expr: string; unitStd: number } {
  const cell = Math.round(f.width / uniform(rng, 6, 14));
  switch (kind) {
    case 'checker': return { expr: `(2*mod(floor((X+${Math.round(uniform(rng, 0, cell))})/${cell})+floor(Y/${cell}),2)-1)`, unitStd: 1 };
    case 'grating': {
      const a = uniform(rng, 0, Math.PI), k = (2 * Math.PI) / (2 * cell);
      return { expr: `sin(${num(k * Math.cos(a))}*X+${num(k * Math.sin(a))}*Y)`, unitStd: Math.SQRT1_2 };
    }
    case 'blocks': {
      const seed = uniform(rng, 0, 100);
      // A hash of the block index in [−1, 1]: uniform values, std 1/√3.
      return { expr: `(2*(mod(sin(floor(X/${cell})*12.9898+floor(Y/${cell})*78.233+${num(seed)})*43758.5453,1)+1-ceil(mod(sin(floor(X/${cell})*12.9898+floor(Y/${cell})*78.233+${num(seed)})*43758.5453,1)))-1)`, unitStd: 1 / Math.sqrt(3) };
    }
  }
}

/** A grey pattern of luma std `std` about `mean`, as a frozen rgb stream (before freezing). */
function greyPattern(rng: Rng, f: VideoFormat, std: number, mean = MID_GREY, kinds: Pattern[] = ['checker', 'grating', 'blocks']): string {
  const kind = pick(rng, std * Math.sqrt(3) > mean - 4 ? kinds.filter((k) => k !== 'blocks') : kinds);
  const { expr, unitStd } = patternExpr(rng, f, kind);
  const v = `${num(mean)}+${num(std / unitStd)}*${expr}`;
  return `color=c=black:s=${f.width}x${f.height}:r=${f.fps},format=gbrp,geq=r='${v}':g='${v}':b='${v}'`;
}

function contrast(rng: Rng, f: VideoFormat, value: string, throughEq: boolean): ClipGraph {
  const target = uniform(rng, ...CONTRAST_STD[value]);
  // Through eq: a pattern of moderate spread scaled by eq's contrast (about mid grey) to the target.
  const base = throughEq ? uniform(rng, 30, 40) : target;
  const pattern = greyPattern(rng, f, base, MID_GREY, throughEq && target > base ? ['checker', 'grating'] : undefined);
  const video = `${pattern},${freeze(f.fps)}${throughEq ? `,format=yuv444p,eq=contrast=${num(target / base)},format=rgb24` : ''}`;
  return { seconds: SECONDS, truth: { lighting_contrast_ratio: value }, video: `${video}[v]` };
}

/** Surround level of a light pool, share of its centre. */
const POOL_SURROUND: [number, number] = [0.03, 0.07];
/** Pool radius (1/e), share of the half-diagonal. */
const POOL_RADIUS: [number, number] = [0.14, 0.22];

function chiaroscuro(rng: Rng, f: VideoFormat): ClipGraph {
  const { expr, unitStd } = patternExpr(rng, f, pick(rng, ['checker', 'grating', 'blocks'] as Pattern[]));
  const cx = f.width * uniform(rng, 0.35, 0.65), cy = f.height * uniform(rng, 0.35, 0.65);
  const sigma = uniform(rng, ...POOL_RADIUS) * Math.hypot(f.width, f.height) / 2;
  const s = uniform(rng, ...POOL_SURROUND);
  const level = uniform(rng, 150, 200);
  const v = `(${num(level)}+${num(uniform(rng, 20, 40) / unitStd)}*${expr})*(${num(s)}+${num(1 - s)}*exp(-(pow(X-${num(cx)},2)+pow(Y-${num(cy)},2))/${num(sigma * sigma)}))`;
  const video = `color=c=black:s=${f.width}x${f.height}:r=${f.fps},format=gbrp,geq=r='${v}':g='${v}':b='${v}',${freeze(f.fps)}`;
  return { seconds: SECONDS, truth: { lighting_contrast_ratio: 'chiaroscuro' }, video: `${video}[v]` };
}

/** R − B offset of a tint, grey levels each way (warm ≥ 15 mean R − B; neutral none). */
const TINT: [number, number] = [16, 36];
const WARM_KELVIN: [number, number] = [1800, 3000];
const COOL_KELVIN: [number, number] = [11000, 15000];

function temperature(rng: Rng, f: VideoFormat, value: string, kelvin: boolean): ClipGraph {
  const pattern = `${greyPattern(rng, f, uniform(rng, 20, 45))},${freeze(f.fps)},format=rgb24`;
  let grade: string;
  if (value === 'neutral') grade = 'null';
  else if (kelvin) grade = `colortemperature=temperature=${Math.round(uniform(rng, ...(value === 'warm' ? WARM_KELVIN : COOL_KELVIN)))}`;
  else {
    const d = (value === 'warm' ? 1 : -1) * uniform(rng, ...TINT);
    grade = `lutrgb=r='val+${num(d)}':g='val+${num(uniform(rng, -6, 6))}':b='val-${num(d)}'`;
  }
  return { seconds: SECONDS, truth: { lighting_color_temperature: value }, video: `${pattern},${grade}[v]` };
}

// ------------------------------------------------------------------ composition

/** Contrast of the faint backdrop behind a heavy side (eq contrast factor). */
const BACKDROP_CONTRAST: [number, number] = [0.1, 0.2];

function balance(rng: Rng, f: VideoFormat, value: string): ClipGraph {
  const fullTexture = (w: number, h: number) => texture(rng, even(w), even(h), f.fps);
  if (value === 'balanced') {
    return { seconds: SECONDS, truth: { composition_balance: value }, video: `${fullTexture(f.width, f.height)}[v]` };
  }
  const horizontal = value === 'left_heavy' || value === 'right_heavy';
  const pw = even(f.width * (horizontal ? uniform(rng, 0.3, 0.4) : uniform(rng, 0.6, 0.8)));
  const ph = even(f.height * (horizontal ? uniform(rng, 0.6, 0.85) : uniform(rng, 0.3, 0.4)));
  const margin = (room: number) => Math.round(room * uniform(rng, 0.02, 0.08));
  const x = value === 'left_heavy' ? margin(f.width) : value === 'right_heavy' ? f.width - pw - margin(f.width) : Math.round((f.width - pw) * uniform(rng, 0.3, 0.7));
  const y = value === 'top_heavy' ? margin(f.height) : value === 'bottom_heavy' ? f.height - ph - margin(f.height) : Math.round((f.height - ph) * uniform(rng, 0.3, 0.7));
  const box = `drawbox=x=${Math.round(pw * 0.3)}:y=${Math.round(ph * 0.3)}:w=${Math.round(pw * 0.4)}:h=${Math.round(ph * 0.4)}:c=${hex(randomRgb(rng, 200, 255))}:t=fill`;
  const backdrop = `${fullTexture(f.width, f.height)},format=yuv444p,eq=contrast=${num(uniform(rng, ...BACKDROP_CONTRAST))},format=rgb24`;
  const video = `${backdrop}[bg];${fullTexture(pw, ph)},${box}[fg];[bg][fg]overlay=x=${x}:y=${y}:shortest=1`;
  return { seconds: SECONDS, truth: { composition_balance: value }, video: `${video}[v]` };
}

/** Weight of the mirrored half in a `slight` symmetry (the rest is other content). */
const SLIGHT_MIRROR_WEIGHT: [number, number] = [0.62, 0.75];

function symmetry(rng: Rng, f: VideoFormat, value: string): ClipGraph {
  if (value === 'asymmetric') {
    return { seconds: SECONDS, truth: { composition_symmetry: value }, video: `${texture(rng, f.width, f.height, f.fps)}[v]` };
  }
  const half = Math.floor(f.width / 2);
  const other = f.width - half;
  let right = `[m]hflip`;
  let extra = '';
  if (value === 'slight') {
    const w = uniform(rng, ...SLIGHT_MIRROR_WEIGHT);
    extra = `;${texture(rng, other, f.height, f.fps)}[o]`;
    right = `[m]hflip[mf];[mf][o]blend=all_expr='A*${num(w)}+B*${num(1 - w)}'`;
  }
  const left = `${texture(rng, half, f.height, f.fps)},split[l][m]`;
  const video = `${left}${extra};${right}${half === other ? '' : `,scale=${other}:${f.height}`}[r];[l][r]hstack`;
  return { seconds: SECONDS, truth: { composition_symmetry: value }, video: `${video}[v]` };
}

// ------------------------------------------------------------------ aims

const aim = (domain: string, value: string, recipe: string, make: Aim['make']): Aim => ({ domain, value, recipe, visual: true, make });

export const PICTURE_AIMS: Aim[] = [
  ...['horizontal', 'vertical', 'angled', 'radial'].flatMap((v) => [
    aim('gradient_type', v, 'gradients', (rng, f) => gradient(rng, f, v, gradientsSource)),
    aim('gradient_type', v, 'geq', (rng, f) => gradient(rng, f, v, geqRamp)),
  ]),
  ...['flat', 'normal', 'high'].flatMap((v) => [
    aim('lighting_contrast_ratio', v, 'geq', (rng, f) => contrast(rng, f, v, false)),
    aim('lighting_contrast_ratio', v, 'eq', (rng, f) => contrast(rng, f, v, true)),
  ]),
  aim('lighting_contrast_ratio', 'chiaroscuro', 'geq-pool', chiaroscuro),
  ...['warm', 'neutral', 'cool'].flatMap((v) => [
    aim('lighting_color_temperature', v, 'lutrgb', (rng, f) => temperature(rng, f, v, false)),
    ...(v === 'neutral' ? [] : [aim('lighting_color_temperature', v, 'colortemperature', (rng, f) => temperature(rng, f, v, true))]),
  ]),
  ...['left_heavy', 'balanced', 'right_heavy', 'top_heavy', 'bottom_heavy'].map((v) => aim('composition_balance', v, 'overlay', (rng, f) => balance(rng, f, v))),
  ...['asymmetric', 'slight', 'bilateral'].map((v) => aim('composition_symmetry', v, 'hstack', (rng, f) => symmetry(rng, f, v))),
];
