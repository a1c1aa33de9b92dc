// A quick subset of the outside-media bench (bench/outside/): clips made only with ffmpeg's sources
// and filters, extracted as `motion-registry extract` does, read as their recipes say. Only values
// the bench finds read right are asserted here; the bench itself measures the rest.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/base/config.js';
import { resolveFfmpeg } from '../../src/media/ffmpeg.js';
import { extractFile } from '../../src/extract/extract.js';
import { ExtractionPool } from '../../src/extract/pool.js';
import { colorKey } from '../../src/model/color.js';
import { parseSoundKey } from '../../src/model/sound.js';
import { AIMS, planClip } from '../../bench/outside/catalogue.js';
import { writeClip } from '../../bench/outside/formats.js';
import { scoreClip } from '../../bench/outside/score.js';
import type { PlannedClip, VideoFormat } from '../../bench/outside/types.js';

const SEED = 11;
const H264: VideoFormat = { codec: 'h264', width: 320, height: 240, fps: 24, quality: 20 };
const FFV1: VideoFormat = { codec: 'ffv1', width: 256, height: 144, fps: 30 };
const VP9: VideoFormat = { codec: 'vp9', width: 426, height: 240, fps: 25 };

/** domain, value, recipe and the format of each clip. */
const CASES: Array<[string, string, string, VideoFormat]> = [
  ['camera_motion', 'static', 'frozen', H264],
  ['camera_motion', 'tilt', 'crop', H264],
  ['camera_motion', 'zoom', 'zoompan', FFV1],
  ['camera_motion', 'rotate', 'rotate', VP9],
  ['gradient_type', 'vertical', 'gradients', H264],
  ['gradient_type', 'radial', 'geq', FFV1],
  ['lighting_contrast_ratio', 'high', 'eq', H264],
  ['lighting_contrast_ratio', 'chiaroscuro', 'geq-pool', FFV1],
  ['lighting_color_temperature', 'cool', 'lutrgb', VP9],
  ['composition_symmetry', 'bilateral', 'hstack', H264],
  ['transition_type', 'cut', 'concat', H264],
  ['transition_type', 'none', 'one-shot', FFV1],
  ['sound_tempo', 'medium', 'melody', H264],
  ['sound_tempo', 'fast', 'clicks', H264],
  ['sound_presence', 'sfx', 'bursts', H264],
  ['sound_presence', 'silence', 'zero', H264],
];

const config = loadConfig({ env: {} });
const ffmpeg = await resolveFfmpeg();
const pool = new ExtractionPool(config.pipeline.workers);
const dir = mkdtempSync(join(tmpdir(), 'outside-test-'));
t.teardown(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const extract = async (clip: PlannedClip) => extractFile(await writeClip(clip, dir, ffmpeg.path), { config, pool, ffmpeg });

t.test('clips made with ffmpeg filters read as their recipes say', async (t) => {
  for (const [domain, value, recipe, format] of CASES) {
    const aim = AIMS.find((a) => a.domain === domain && a.value === value && a.recipe === recipe);
    if (!aim) throw new Error(`no recipe ${recipe} for ${domain} ${value}`);
    const clip = planClip(aim, SEED, 0, format);
    const x = await extract(clip);
    const score = scoreClip(clip.graph, x.cells, config.dynamic.window_seconds);
    t.equal(score.labels[domain], value, `${clip.name}: ${domain}`);
    t.equal(score.falseTransitions, 0, `${clip.name}: no transition but its own`);
  }
});

t.test('a solid colour reads as its colour cell and a sine as a tone of its band', async (t) => {
  // Mid-cell channel values (cells start at multiples of 25), so a codec's shift of a level or two stays in the cell.
  const rgb = [62, 162, 212];
  const aim = { domain: 'static', value: 'colour', recipe: 'color+sine', visual: true, make: () => ({ seconds: 2, truth: {} }) };
  const clip: PlannedClip = {
    name: 'static-colour-sine', aim, format: H264, audioContainer: 'm4a',
    graph: {
      seconds: 2, truth: {},
      video: `color=c=0x${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}:s=320x240:r=24[v]`,
      audio: 'sine=f=1000:r=48000,volume=0.5[a]',
    },
  };
  const x = await extract(clip);
  const colours = x.cells.filter((c) => c.registry === 'static_color');
  t.ok(colours.some((c) => c.key === colorKey(rgb[0], rgb[1], rgb[2], 1)), 'the colour cell of the clip is observed');
  const sounds = x.cells.filter((c) => c.registry === 'static_sound').sort((a, b) => b.observation.count - a.observation.count);
  t.match(parseSoundKey(sounds[0]?.key ?? ''), { tone: 'mid', timbre: 'tone' }, 'the sine reads as a mid tone');
});
