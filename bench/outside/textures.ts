/**
 * Still textures from ffmpeg's own sources, frozen on one frame (trim + loop) so that every move
 * a recipe applies to them is the only motion in the picture. Each chain yields endless rgb24
 * frames of the asked size at the asked rate; the caller trims it.
 */
import { hex, integer, num, pick, randomRgb, sourceSeed, uniform } from './draw.js';
import type { Rng } from './types.js';

export type TextureKind = 'testsrc2' | 'mandelbrot' | 'cellauto' | 'life' | 'noise';
export const TEXTURE_KINDS: readonly TextureKind[] = ['testsrc2', 'mandelbrot', 'cellauto', 'life', 'noise'];

/** Mandelbrot points with detail at every scale around them. */
const MANDELBROT_POINTS: ReadonlyArray<[number, number]> = [
  [-0.743643, 0.131825], [-0.7453, 0.1127], [-1.25066, 0.02012], [-0.16, 1.0405], [-0.748, 0.1],
];
/** Elementary automaton rules whose patterns are textured in both directions. */
const CELLAUTO_RULES = [18, 30, 45, 73, 86, 105, 110, 150];
/** Cellular patterns are drawn at 1/CELL_SCALE of the size and enlarged, so cells survive downscaling. */
const CELL_SCALE = 4;
const NOISE_SCALE = 6;
const MANDELBROT_ITERATIONS = 150;

const freeze = (fps: number) => `trim=end_frame=1,format=rgb24,loop=loop=-1:size=1:start=0,setpts=N/${fps}/TB`;
/** Maps black → c0 and white → c1 per channel. */
const colourise = (c0: number[], c1: number[]) =>
  `lutrgb=${['r', 'g', 'b'].map((ch, i) => `${ch}='${num(c0[i])}+${num((c1[i] - c0[i]) / 255)}*val'`).join(':')}`;

/** A dark and a light colour, in either order, so the pattern has contrast. */
function contrastingPair(rng: Rng): [number[], number[]] {
  const dark = randomRgb(rng, 0, 90);
  const light = randomRgb(rng, 150, 255);
  return rng() < 0.5 ? [dark, light] : [light, dark];
}

/** Longest side a source renders at; larger textures are enlarged from it. */
const MAX_SOURCE_SIDE = 2048;

export function texture(rng: Rng, width: number, height: number, fps: number, kind: TextureKind = pick(rng, TEXTURE_KINDS)): string {
  const shrink = Math.max(1, Math.max(width, height) / MAX_SOURCE_SIDE);
  // Enlarging a small source by other factors across and down would leave a non-square pixel aspect.
  if (shrink > 1) {
    return `${sourceTexture(rng, Math.round(width / shrink), Math.round(height / shrink), fps, kind)},scale=${width}x${height}:flags=bicubic,setsar=1`;
  }
  return `${sourceTexture(rng, width, height, fps, kind)},setsar=1`;
}

function sourceTexture(rng: Rng, width: number, height: number, fps: number, kind: TextureKind): string {
  const small = (scale: number) => `${Math.max(8, Math.round(width / scale))}x${Math.max(8, Math.round(height / scale))}`;
  const size = `${width}x${height}`;
  const [c0, c1] = contrastingPair(rng);
  switch (kind) {
    case 'testsrc2':
      return `testsrc2=s=${size}:r=${fps},trim=start_frame=${integer(rng, 0, 200)},${freeze(fps)}`;
    case 'mandelbrot': {
      const [x, y] = pick(rng, MANDELBROT_POINTS);
      return `mandelbrot=s=${size}:r=${fps}:maxiter=${MANDELBROT_ITERATIONS}:start_x=${num(x)}:start_y=${num(y)}:start_scale=${num(uniform(rng, 0.004, 0.05))},${freeze(fps)}`;
    }
    case 'cellauto':
      return `cellauto=s=${small(CELL_SCALE)}:r=${fps}:rule=${pick(rng, CELLAUTO_RULES)}:random_fill_ratio=${num(uniform(rng, 0.3, 0.6))}:random_seed=${sourceSeed(rng)}:full=1:scroll=0,`
        + `${freeze(fps)},scale=${size}:flags=neighbor,${colourise(c0, c1)}`;
    case 'life':
      return `life=s=${small(CELL_SCALE)}:r=${fps}:random_seed=${sourceSeed(rng)}:ratio=${num(uniform(rng, 0.3, 0.6))}:mold=0:life_color=${hex(c1)}:death_color=${hex(c0)},`
        + `trim=start_frame=${integer(rng, 2, 12)},${freeze(fps)},scale=${size}:flags=neighbor`;
    case 'noise':
      return `color=c=${hex(randomRgb(rng, 70, 190))}:s=${small(NOISE_SCALE)}:r=${fps},noise=alls=${integer(rng, 60, 100)}:allf=u,`
        + `${freeze(fps)},scale=${size}:flags=bicubic`;
  }
}
