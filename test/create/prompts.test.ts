import t from 'tap';
import { join } from 'node:path';
import { analyze } from '../../src/create/interpreter/analyze.js';
import { interpret, interpretPrompt } from '../../src/create/interpreter/interpret.js';
import { synthesizeAudio } from '../../src/create/audio.js';
import { encodeClip } from '../../src/create/encode.js';
import { shownValues, type ShownValue } from '../../src/create/shown.js';
import { extractFile } from '../../src/extract/extract.js';
import { ExtractionPool } from '../../src/extract/pool.js';
import { resolveFfmpeg } from '../../src/media/ffmpeg.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const dir = join(tempDataDir(t), '..');
const config = testConfig(join(dir, 'data'));
const pool = new ExtractionPool(2);
t.teardown(() => pool.close());
const ffmpeg = await resolveFfmpeg();

/** Short and small, through the path `render --extract` takes: interpret, render, encode, extract. */
const SHORT = ', 3 seconds, 192x108';

async function rendered(prompt: string, seed: number): Promise<ShownValue[]> {
  const { spec, conflicts } = interpretPrompt(prompt + SHORT, { seed });
  const clip = await encodeClip(spec, join(dir, `prompt-${seed}-${prompt.replace(/\W+/g, '-')}.mp4`), { ffmpeg, audio: synthesizeAudio(spec) });
  const x = await extractFile(clip.file, { config, pool, ffmpeg }, { prompt, mood: spec.audio.mood });
  return shownValues(spec, analyze(prompt).named, conflicts, x);
}

t.test('named values are observed in renders of prompts', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['a whip pan across the city at night', ['camera_motion']],
    ['the camera rolling slowly', ['camera_motion', 'sound_tempo']],
    ['a slow dolly in on a forest', ['camera_motion', 'sound_tempo']],
    ['handheld camera through a busy market', ['camera_motion']],
    ['a ball moving fast from left to right', ['motion_speed', 'motion_directionality', 'sound_tempo']],
    ['a radial gradient in warm tones', ['gradient_type', 'lighting_color_temperature']],
  ];
  for (const [prompt, domains] of cases) {
    for (const seed of [71, 72]) {
      const shown = await rendered(prompt, seed);
      t.same(shown.map((s) => s.domain), domains, `${prompt}: the named domains`);
      for (const s of shown) t.ok(s.observed && !s.conflicted, `${prompt} (seed ${seed}): ${s.domain}=${s.value} (${s.votes})`);
    }
  }
});

t.test('a free field that would hide a named value is held', async (t) => {
  // The draws any prompt gets at seed 3 shake the camera: left alone they would hide a named move.
  const free = interpret('clip', { seed: 3 });
  t.same([free.camera.motion, free.camera.steadiness], ['handheld', 'shaky']);
  t.equal(interpret('the camera rolling slowly', { seed: 3 }).camera.steadiness, 'stable');
  const subject = interpretPrompt('a ball moving left to right', { seed: 3 });
  t.same([subject.spec.camera.motion, subject.spec.camera.steadiness], ['static', 'locked'], 'a named subject motion gets a still camera');
  t.same(subject.conflicts, []);
  t.equal(interpret('a pulsing rhythm', { seed: 3 }).shape, 'circle', 'a named subject motion is given a subject to move');
  t.equal(interpret('a tripod pan', { seed: 3 }).camera.steadiness, 'locked', 'a named steadiness is kept');
});

t.test('a loose reading yields to a firmly named value, and says so', async (t) => {
  const { spec, conflicts } = interpretPrompt('the camera rolling slowly', { seed: 3 });
  t.same([spec.camera.motion, spec.camera.speed, spec.motion.speed, spec.audio.tempo], ['roll', 'slow', 'static', 'slow']);
  t.same(conflicts.map((c) => [c.fields, c.named, c.rendered]), [[['camera.motion', 'motion.speed'], ['roll', 'slow'], ['roll', 'static']]]);
});

t.test('two firmly named values that clash are both rendered and reported', async (t) => {
  const { spec, conflicts } = interpretPrompt('a dolly in while a ball moves up and down', { seed: 3 });
  t.same([spec.camera.motion, spec.motion.directionality], ['dolly', 'vertical']);
  t.same(conflicts.map((c) => c.fields), [['motion.directionality', 'camera.motion']]);
  t.match(conflicts[0].why, /still camera/);
});
