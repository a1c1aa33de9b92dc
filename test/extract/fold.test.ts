import t from 'tap';
import { ObservationFold } from '../../src/extract/fold.js';
import type { FrameAnalysis, InstantAnalysis } from '../../src/extract/tasks.js';
import type { DynamicValue } from '../../src/extract/dynamic/types.js';

const frame = (mean: FrameAnalysis['mean'], dominant: FrameAnalysis['dominant'] = []): FrameAnalysis => ({ pixels: 4, mean, dominant });
const instant = (fields: Partial<InstantAnalysis>): InstantAnalysis => ({
  amplitude: 0.3, peak_hz: 440, bands: { low: 0, mid: 1, high: 0 }, flatness: 0.1, peak_share: 0.9,
  tone: 'mid', timbre: 'tone', key: '0.3_mid_tone', ...fields,
});

t.test('frames: the mean and each dominant cell, one observation per cell with a count', async (t) => {
  const fold = new ObservationFold('clip.mp4', 'a red room');
  fold.frame(frame([210, 10, 10, 255], [[212, 12, 8, 255, 3], [0, 0, 200, 51, 1]]), 0.5);
  fold.frame(frame([205, 20, 5, 255]), 1);
  t.equal(fold.size, 2);
  t.same(fold.folded(), [
    {
      registry: 'static_color', domain: 'color', key: '200,0,0_1.0',
      observation: { registry: 'static_color', r: 210, g: 10, b: 10, opacity: 1, source: { file: 'clip.mp4', time: 0.5 }, count: 3, prompt: 'a red room' },
    },
    {
      registry: 'static_color', domain: 'color', key: '0,0,200_0.2',
      observation: { registry: 'static_color', r: 0, g: 0, b: 200, opacity: 0.2, source: { file: 'clip.mp4', time: 0.5 }, count: 1, prompt: 'a red room' },
    },
  ]);
  const bare = new ObservationFold('x');
  bare.frame(frame([0, 0, 0, 255]), 0);
  t.notOk('prompt' in bare.folded()[0].observation, 'no prompt, no field');
});

t.test('the earliest observation of a cell is kept, whatever order the frames arrive in', async (t) => {
  const frames: Array<[number, FrameAnalysis]> = [
    [2, frame([30, 30, 30, 255], [[130, 130, 130, 255, 2]])],
    [0, frame([40, 40, 40, 255])],
    [1, frame([140, 140, 140, 255], [[35, 35, 35, 255, 2]])],
    [3, frame([145, 145, 145, 255])],
  ];
  const orders = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]];
  const results = orders.map((order) => {
    const fold = new ObservationFold('f');
    for (const i of order) fold.frame(frames[i][1], frames[i][0]);
    return Object.fromEntries(fold.folded().map((c) => [c.key, c.observation]));
  });
  t.same(results[0], {
    '25,25,25_1.0': { registry: 'static_color', r: 40, g: 40, b: 40, opacity: 1, source: { file: 'f', time: 0 }, count: 3 },
    '125,125,125_1.0': { registry: 'static_color', r: 140, g: 140, b: 140, opacity: 1, source: { file: 'f', time: 1 }, count: 3 },
  });
  for (const result of results.slice(1)) t.same(result, results[0]);
});

t.test('sound instants: unclassified ones are dropped, amplitude and flatness clamped', async (t) => {
  const fold = new ObservationFold('a.wav');
  fold.instant(instant({ timbre: 'unclassified', key: 'x' }), 0);
  t.equal(fold.size, 0);
  fold.instant(instant({ amplitude: 1.4, flatness: -0.2, key: '1.0_mid_tone' }), 0.2);
  fold.instant(instant({ amplitude: 0.31, flatness: 1.5 }), 0.4);
  fold.instant(instant({ amplitude: 0.32 }), 0.1);
  t.same(fold.folded(), [
    {
      registry: 'static_sound', domain: 'sound', key: '1.0_mid_tone',
      observation: { registry: 'static_sound', amplitude: 1, tone: 'mid', timbre: 'tone', peak_hz: 440, flatness: 0, source: { file: 'a.wav', time: 0.2 }, count: 1 },
    },
    {
      registry: 'static_sound', domain: 'sound', key: '0.3_mid_tone',
      observation: { registry: 'static_sound', amplitude: 0.32, tone: 'mid', timbre: 'tone', peak_hz: 440, flatness: 0.1, source: { file: 'a.wav', time: 0.1 }, count: 2 },
    },
  ]);
});

t.test('windows: each value, and the combination cells they complete', async (t) => {
  const values: DynamicValue[] = [
    { domain: 'gradient_type', value: 'radial', strength: 0.634 },
    { domain: 'camera_motion', value: 'pan', speed: 'slow', steadiness: 'locked' },
    { domain: 'sound_tempo', value: 'fast' },
    { domain: 'sound_presence', value: 'ambient' },
  ];
  const fold = new ObservationFold('w.mp4');
  fold.window(values, 0, 'calm');
  fold.window(values, 2);
  const cells = fold.folded();
  t.same(cells.map((c) => [c.domain, c.key, c.observation.count]), [
    ['gradient_type', 'radial_0.63', 2],
    ['camera_motion', 'pan_slow_locked', 2],
    ['sound_tempo', 'fast', 2],
    ['sound_presence', 'ambient', 2],
    ['gradient_camera', 'radial+pan', 2],
    ['sound_tempo_mood_presence', 'fast+calm+ambient', 1],
  ], 'the tempo × mood × presence cell needs the mood the clip was made with');
  t.same(cells[1].observation, { registry: 'dynamic', domain: 'camera_motion', value: 'pan', speed: 'slow', steadiness: 'locked', source: { file: 'w.mp4', time: 0 }, count: 2 });
  t.same(cells[4].observation, { registry: 'dynamic', domain: 'gradient_camera', value: 'radial+pan', source: { file: 'w.mp4', time: 0 }, count: 2 });

  const partial = new ObservationFold('p');
  partial.window([{ domain: 'gradient_type', value: 'linear', strength: 1 }, { domain: 'sound_tempo', value: 'slow' }], 0, 'calm');
  t.same(partial.folded().map((c) => c.domain), ['gradient_type', 'sound_tempo'], 'no camera, no presence: no combination');
});
