import tap from 'tap';
import { makeClip, rgbaFrames } from '../../helpers/media.js';
import type { WindowFrames } from '../../../src/extract/dynamic/types.js';
import { analyzeTransition } from '../../../src/extract/dynamic/visual-transition.js';

// transition_type on clips made by ffmpeg alone (lavfi sources, xfade / fade / concat), decoded as
// extraction decodes them (RGBA, 160 px wide) and cut into windows of one second.

const FPS = 24;
const ANALYSIS_WIDTH = 160;
const t = tap;
const dir = t.testdir();
const encode = ['-t', '2', '-r', String(FPS), '-pix_fmt', 'yuv420p'];

/** The transition of every one-second window of a clip (null where none). */
async function transitions(file: string): Promise<(string | null)[]> {
  const { width, height, frames } = await rgbaFrames(file, ANALYSIS_WIDTH);
  const out: (string | null)[] = [];
  for (let s = 0, index = 0; s < frames.length; s += FPS, index++) {
    const window: WindowFrames = { index, start: index, fps: FPS, width, height, frames: frames.slice(s, s + FPS), previous: s > 0 ? frames[s - 1] : null };
    out.push(analyzeTransition(window)?.value ?? null);
  }
  return out;
}

/** A shot: a lavfi source cropped to 320×180, panned by vx, vy source px per second. */
const shot = (source: string, x0: number, y0: number, vx = 0, vy = 0): string =>
  `${source},crop=320:180:'${x0}+${vx}*t':'${y0}+${vy}*t',format=yuv420p,setsar=1`;

/** Shot a fading out to `color` from `at` over `half` s, then shot b fading in from it. */
async function dip(name: string, a: string, b: string, color: string, at: number, half: number): Promise<string> {
  return makeClip(dir, `${name}.mp4`, [a, b], ['-filter_complex',
    `[0]fade=t=out:st=${at}:d=${half}:color=${color},trim=0:${at + half},setpts=PTS-STARTPTS[p];[1]fade=t=in:st=0:d=${half}:color=${color}[q];[p][q]concat=n=2:v=1`,
    ...encode]);
}

async function xfade(name: string, a: string, b: string, transition: string, duration: number, offset: number): Promise<string> {
  return makeClip(dir, `${name}.mp4`, [a, b], ['-filter_complex', `[0][1]xfade=transition=${transition}:duration=${duration}:offset=${offset}`, ...encode]);
}

/** The clip shows `expected` in some window and nothing else anywhere. */
function shows(t: Pick<typeof tap, 'ok'>, seen: (string | null)[], expected: string, label: string): void {
  t.ok(seen.includes(expected) && seen.every((v) => v === null || v === expected), `${label}: ${expected} (windows: ${seen.map((v) => v ?? '-').join(' ')})`);
}

const TESTSRC = 'testsrc=s=960x360:r=24:d=3';
const MANDEL = 'mandelbrot=s=960x360:r=24:start_x=-0.6:start_y=0.4:start_scale=1.5';
const HDBARS = 'smptehdbars=s=480x270:r=24:d=3';
const LIFE = 'life=s=480x270:r=24:mold=10:ratio=0.4:seed=11:death_color=0x204060:life_color=0xE0C080,boxblur=1';

t.test('fade: a dip to any flat colour, not only black', async (t) => {
  const cases: Array<[string, string, string, string, number, number]> = [
    ['white', shot(TESTSRC, 120, 40), shot(LIFE, 60, 40), 'white', 1.1, 0.3],
    ['grey', shot(MANDEL, 300, 90, 30), shot(TESTSRC, 500, 100), '0x808080', 1.15, 0.35],
    ['tint', shot(HDBARS, 80, 40), shot(MANDEL, 200, 60), '0x3070c0', 1.3, 0.25],
    ['black', shot(LIFE, 100, 50), shot(HDBARS, 40, 60), 'black', 1.05, 0.4],
  ];
  for (const [label, a, b, color, at, half] of cases) shows(t, await transitions(await dip(`dip-${label}`, a, b, color, at, half)), 'fade', `dip to ${label}`);
});

t.test('fade: a wipe toward a flat shot stays a wipe', async (t) => {
  const flat = 'color=c=0x5a7a3a:s=320x180:r=24:d=3,format=yuv420p,setsar=1';
  for (const [i, type] of ['wipeleft', 'wipeup'].entries()) {
    const seen = await transitions(await xfade(`wipe-flat-${type}`, shot(TESTSRC, 150 + 90 * i, 60), flat, type, 0.6, 1.2));
    shows(t, seen, 'wipe', `${type} to a flat field`);
  }
});

t.test('no transition: the light of the whole picture changing (gain and offset)', async (t) => {
  const ramps: Array<[string, string]> = [
    ['brightening', `${shot(TESTSRC, 200, 80, 25)},eq=eval=frame:brightness='-0.3+0.2*t'`],
    ['darkening', `${shot(LIFE, 80, 50)},eq=eval=frame:brightness='0.2-0.2*t'`],
    ['contrast and brightness', `${shot(MANDEL, 250, 100)},eq=eval=frame:contrast='0.6+0.25*t':brightness='-0.1+0.06*t'`],
  ];
  for (const [label, graph] of ramps) {
    const seen = await transitions(await makeClip(dir, `light-${label.replace(/ /g, '-')}.mp4`, [graph], encode));
    t.ok(seen.every((v) => v === null), `${label}: none (windows: ${seen.map((v) => v ?? '-').join(' ')})`);
  }
});

t.test('cut: between two moving shots', async (t) => {
  const cuts: Array<[string, string, string, number]> = [
    ['bars panning to a panning test card', shot(HDBARS, 20, 40, 90), shot(TESTSRC, 400, 60, -110), 1.35],
    ['cells panning to tilting bars', shot(LIFE, 20, 30, 60), shot('smptehdbars=s=640x640:r=24:d=3', 200, 100, 0, -70), 1.6],
  ];
  for (const [label, a, b, at] of cuts) {
    const file = await makeClip(dir, `cut-${at}.mp4`, [a, b], ['-filter_complex',
      `[0]trim=0:${at},setpts=PTS-STARTPTS[p];[1]setpts=PTS-STARTPTS[q];[p][q]concat=n=2:v=1`, ...encode]);
    shows(t, await transitions(file), 'cut', label);
  }
});

t.test('dissolve and wipe: between two panning shots', async (t) => {
  const a = shot(TESTSRC, 100, 60, 70), b = shot(MANDEL, 500, 90, -60);
  const joins: Array<[string, string]> = [['fade', 'dissolve'], ['dissolve', 'dissolve'], ['wipeleft', 'wipe'], ['wipedown', 'wipe'], ['circleopen', 'wipe']];
  for (const [type, expected] of joins) shows(t, await transitions(await xfade(`panning-${type}`, a, b, type, 0.5, 1.2)), expected, `${type} between pans`);
});

t.test('no transition: pans and rolls over hard-edged bars', async (t) => {
  const moves: Array<[string, string]> = [
    ['bars panning', shot(HDBARS, 10, 40, 50)],
    ['test card panning', shot('testsrc2=s=960x360:r=24:d=3', 300, 60, -80)],
    ['bars rolling', `${HDBARS},rotate=0.25*t:ow=320:oh=180,format=yuv420p,setsar=1`],
  ];
  for (const [label, graph] of moves) {
    const seen = await transitions(await makeClip(dir, `moving-${label.replace(/ /g, '-')}.mp4`, [graph], encode));
    t.ok(seen.every((v) => v === null), `${label}: none (windows: ${seen.map((v) => v ?? '-').join(' ')})`);
  }
});
