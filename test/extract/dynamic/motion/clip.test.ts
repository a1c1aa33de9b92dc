import t from 'tap';
import { join } from 'node:path';
import { extractFile, type FileExtraction } from '../../../../src/extract/extract.js';
import { ExtractionPool } from '../../../../src/extract/pool.js';
import { resolveFfmpeg } from '../../../../src/media/ffmpeg.js';
import { canonicalOfKey } from '../../../../src/model/dynamic.js';
import { tempDataDir, testConfig } from '../../../helpers/store.js';
import { makeClip } from '../../../helpers/media.js';

// Clips made by ffmpeg alone: a disc overlaid on a still picture along an x expression, and a
// crop that whips across a wide still picture. Overlays land on whole (even) pixels, so a slow
// disc moves in uneven steps, as such clips do.

const dataDir = tempDataDir(t);
const dir = join(dataDir, '..');
const config = testConfig(dataDir);
const pool = new ExtractionPool(1);
t.teardown(() => pool.close());
const ffmpeg = await resolveFfmpeg();

/** Canonical value → windows it was observed in, for one domain. */
function seen(x: FileExtraction, domain: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of x.cells) {
    if (c.registry !== 'dynamic' || c.domain !== domain) continue;
    const value = canonicalOfKey(domain, c.key) ?? c.key;
    out[value] = (out[value] ?? 0) + c.observation.count;
  }
  return out;
}

async function discClip(name: string, background: string, x: string, y: string | number, seconds: number, diameter: number, colour: string, fps: number): Promise<string> {
  const r = diameter / 2;
  const disc = `color=c=${colour}:s=${diameter}x${diameter}:r=${fps},format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='255*lte(hypot(X-${r},Y-${r}),${r - 1})'`;
  const source = `${background}${background.includes('=') ? ':' : '='}s=640x360:r=${fps}`;
  return makeClip(dir, name, [`${source},trim=end_frame=1,loop=loop=-1:size=1`, disc], [
    '-filter_complex', `[0:v][1:v]overlay=x='${x}':y='${y}':shortest=1,format=yuv420p`, '-t', String(seconds), '-c:v', 'libx264', '-crf', '20',
  ]);
}

const extract = (file: string) => extractFile(file, { config, pool, ffmpeg }, { static: false });

t.test('a disc speeding up over the whole clip eases in, in every window', async (t) => {
  for (const [name, background, path, seconds, diameter, colour, fps] of [
    ['accel-testsrc2.mp4', 'testsrc2', '40+30*t*t', 4, 120, 'red', 25],
    ['accel-mandelbrot.mp4', 'mandelbrot', '30+20*t*t', 5, 90, 'yellow', 30],
  ] as const) {
    const x = await extract(await discClip(name, background, path, 110, seconds, diameter, colour, fps));
    // The first window starts from rest and may read the subject as static (no acceleration).
    const acceleration = seen(x, 'motion_acceleration');
    t.same(Object.keys(acceleration), ['ease_in'], name);
    t.ok(acceleration.ease_in >= seconds - 1, `${name}: ${acceleration.ease_in} windows`);
  }
});

t.test('a disc at a steady pace has no acceleration and no wave over the clip', async (t) => {
  const x = await extract(await discClip('steady.mp4', 'testsrc2', '60+110*t', 130, 4, 120, 'red', 25));
  t.same(seen(x, 'motion_acceleration'), { constant: 4 });
  t.notOk(seen(x, 'motion_rhythm').wave, 'no wave');
});

t.test('a pace that swells and ebbs one and a half times a second is a wave over the clip', async (t) => {
  // Speed 100 (1 + 0.75 sin 3πt) px/s: a window holds a cycle and a half, too little to tell from easing.
  const w = 3 * Math.PI, depth = (0.75 * 100) / w;
  const x = await extract(await discClip('wave.mp4', 'testsrc2', `40+100*t-${depth}*(cos(${w}*t)-1)`, 130, 3, 80, 'red', 25));
  t.same(seen(x, 'motion_rhythm'), { wave: 3 });
});

t.test('a small disc over a flat colour, which shows no camera motion, is read from the still backdrop', async (t) => {
  // 100 px/s at 360 px tall: 0.28 short sides a second (medium); 40 px/s: 0.11 (slow).
  for (const [name, path, speed] of [['flat-medium.mp4', '40+100*t', 'medium'], ['flat-slow.mp4', '200+40*t', 'slow']] as const) {
    const x = await extract(await discClip(name, 'color=c=0x406080', path, 160, 3, 30, 'yellow', 25));
    t.same(seen(x, 'motion_speed'), { [speed]: 3 }, name);
    t.same(seen(x, 'motion_directionality'), { horizontal: 3 }, name);
    t.same(seen(x, 'motion_rhythm'), { steady: 3 }, name);
  }
});

t.test('a whip pan without motion blur is seen from its displacement', async (t) => {
  // 180 px a frame at 640 px wide for a quarter of a second, from t = 1 s.
  const rate = 180 * 24;
  const clip = await makeClip(dir, 'whip.mp4', ['testsrc2=s=2400x360:r=24,trim=end_frame=1,loop=loop=-1:size=1'], [
    '-vf', `crop=640:360:x='if(lt(t,1),0,if(lt(t,1.25),(t-1)*${rate},${rate / 4}))':y=0,format=yuv420p`, '-t', '3', '-c:v', 'libx264', '-crf', '20',
  ]);
  const x = await extract(clip);
  const whips = x.cells.filter((c) => c.domain === 'camera_motion' && c.key.startsWith('whip_pan'));
  t.equal(whips.length, 1, 'one whip pan');
  t.equal(whips[0]?.observation.source?.time, 1, 'in the window of the burst');
  t.equal(whips[0]?.observation.count, 1);
});

t.test('a disc circling once over the clip has no direction, though each window sees an arc', async (t) => {
  // One turn in 3 s, radius 100 px: each window sees a third of the circle.
  const w = (2 * Math.PI) / 3;
  const x = await extract(await discClip('circle.mp4', 'testsrc2', `270+100*cos(${w}*t)`, `130+100*sin(${w}*t)`, 3, 60, 'red', 25));
  t.same(seen(x, 'motion_directionality'), { none: 3 });
});
