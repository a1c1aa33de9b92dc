/**
 * transition_type recipes: two shots — still textures or panning crops, the second graded apart so
 * the shots differ clearly — joined by xfade (fade and dissolve → dissolve; fadeblack and
 * fadewhite → fade; wipes and a circle opening → wipe), by plain concatenation (cut), or one shot
 * dipped through black with the fade filter (fade); and single shots with no transition (none).
 * The transition lies inside the second window (1–2 s) at a drawn phase.
 */
import { num, pick, sign, uniform } from './draw.js';
import { cropMove, steady } from './camera.js';
import { texture } from './textures.js';
import type { Aim, ClipGraph, Rng, VideoFormat } from './types.js';

const SECONDS = 3;
const WINDOW = 1;
const DURATION: [number, number] = [0.3, 0.6];
/** Pan rate of a moving shot, frame widths per second. */
const SHOT_PAN: [number, number] = [0.1, 0.4];
/** Share of cuts placed exactly on the window's first frame. */
const CUT_ON_EDGE = 0.25;

const XFADES: Record<string, string[]> = {
  dissolve: ['fade', 'dissolve'],
  fade: ['fadeblack', 'fadewhite'],
  wipe: ['wipeleft', 'wiperight', 'wipeup', 'wipedown', 'circleopen'],
};

/** One shot of `seconds`: a still or panning texture, optionally graded brighter or darker. */
function shot(rng: Rng, f: VideoFormat, seconds: number, moving: boolean, grade: boolean): string {
  let video: string;
  if (moving) {
    const rate = sign(rng) * uniform(rng, ...SHOT_PAN) * f.width;
    const travel = Math.abs(rate) * SECONDS + 2;
    video = cropMove(rng, f, travel, 0, steady(rate, travel), '0');
  } else {
    video = texture(rng, f.width, f.height, f.fps);
  }
  const look = grade ? `,format=yuv444p,eq=brightness=${num(sign(rng) * uniform(rng, 0.12, 0.22))}:saturation=${num(uniform(rng, 0.3, 1.6))}` : '';
  return `${video}${look},format=yuv420p,trim=duration=${num(seconds)},setpts=PTS-STARTPTS,settb=AVTB`;
}

const onFrame = (t: number, fps: number) => Math.round(t * fps) / fps;

function joined(rng: Rng, f: VideoFormat, value: string): ClipGraph {
  const moving = rng() < 0.5;
  const d = uniform(rng, ...DURATION);
  let video: string;
  if (value === 'cut') {
    const at = onFrame(rng() < CUT_ON_EDGE ? WINDOW : WINDOW + uniform(rng, 0, 0.95), f.fps);
    video = `${shot(rng, f, at, moving, false)}[s0];${shot(rng, f, SECONDS - at, moving, true)}[s1];[s0][s1]concat=n=2:v=1:a=0`;
  } else {
    const at = onFrame(WINDOW + uniform(rng, 0.05, 0.95 - d), f.fps);
    video = `${shot(rng, f, at + d, moving, false)}[s0];${shot(rng, f, SECONDS - at, moving, true)}[s1];`
      + `[s0][s1]xfade=transition=${pick(rng, XFADES[value])}:duration=${num(d)}:offset=${num(at)}`;
  }
  return { seconds: SECONDS, truth: { transition_type: value }, events: { transition_type: WINDOW }, video: `${video}[v]` };
}

/**
 * A dip through black inside one shot: fade out, then in. The shot is split at the black frame, as
 * the fade filter blacks out every frame after a fade-out and before a fade-in.
 */
function dip(rng: Rng, f: VideoFormat): ClipGraph {
  const out = uniform(rng, ...DURATION) / 2 + 0.1, back = uniform(rng, ...DURATION) / 2 + 0.1;
  const at = WINDOW + uniform(rng, 0.05, 0.95 - out - back), black = num(at + out);
  const video = `${shot(rng, f, SECONDS, rng() < 0.5, false)},split[d0][d1];`
    + `[d0]trim=end=${black},fade=t=out:st=${num(at)}:d=${num(out)}[d2];`
    + `[d1]trim=start=${black},setpts=PTS-STARTPTS,fade=t=in:st=0:d=${num(back)}[d3];[d2][d3]concat=n=2:v=1:a=0`;
  return { seconds: SECONDS, truth: { transition_type: 'fade' }, events: { transition_type: WINDOW }, video: `${video}[v]` };
}

function single(rng: Rng, f: VideoFormat): ClipGraph {
  return { seconds: SECONDS, truth: { transition_type: 'none' }, events: { transition_type: WINDOW }, video: `${shot(rng, f, SECONDS, rng() < 0.5, rng() < 0.5)}[v]` };
}

const aim = (value: string, recipe: string, make: Aim['make']): Aim => ({ domain: 'transition_type', value, recipe, visual: true, make });

export const TRANSITION_AIMS: Aim[] = [
  aim('cut', 'concat', (rng, f) => joined(rng, f, 'cut')),
  aim('dissolve', 'xfade', (rng, f) => joined(rng, f, 'dissolve')),
  aim('fade', 'xfade', (rng, f) => joined(rng, f, 'fade')),
  aim('fade', 'fade-dip', dip),
  aim('wipe', 'xfade', (rng, f) => joined(rng, f, 'wipe')),
  aim('none', 'one-shot', single),
];
