import t from 'tap';
import { shownValues } from '../../src/create/shown.js';
import { neutralSpec } from '../../src/create/spec.js';
import type { Conflict } from '../../src/create/holds.js';
import type { FileExtraction } from '../../src/extract/extract.js';
import type { FoldedCell } from '../../src/extract/fold.js';

/** An extraction holding dynamic cells [domain, key, windows]. */
function extraction(cells: Array<[string, string, number]>): FileExtraction {
  return {
    file: 'clip.mp4', info: { file: 'clip.mp4', container: 'x', duration: 1, video: null, audio: null },
    frames: 0, instants: 0, windows: 0, seconds: 0,
    cells: cells.map(([domain, key, count]): FoldedCell => ({ registry: 'dynamic', domain, key, observation: { registry: 'dynamic', domain, value: key, count } })),
  };
}

const spec = neutralSpec({ camera: { motion: 'pan', speed: 'slow', steadiness: 'locked' }, transition: { type: 'dissolve', shots: 2 }, audio: { mood: 'tense' } });

t.test('a named value is shown when more windows saw it than any other value', async (t) => {
  const x = extraction([['camera_motion', 'pan_slow_locked', 2], ['camera_motion', 'pan_fast_shaky', 1], ['camera_motion', 'static_slow_locked', 2], ['motion_speed', 'fast', 3]]);
  t.same(shownValues(spec, { 'camera.motion': 'pan' }, [], x), [
    { domain: 'camera_motion', value: 'pan', observed: true, conflicted: false, votes: 'pan:3 static:2' },
  ], 'keys are counted by their canonical value');
  const tie = extraction([['camera_motion', 'pan_slow_locked', 2], ['camera_motion', 'static_slow_locked', 2]]);
  t.same(shownValues(spec, { 'camera.motion': 'pan' }, [], tie)[0].observed, false, 'a tie is not shown');
  t.same(shownValues(spec, { 'camera.motion': 'pan' }, [], extraction([])), [
    { domain: 'camera_motion', value: 'pan', observed: false, conflicted: false, votes: 'nothing' },
  ]);
});

t.test('a transition is shown when any window saw it', async (t) => {
  const x = extraction([['transition_type', 'cut', 5], ['transition_type', 'dissolve', 1]]);
  t.same(shownValues(spec, { 'transition.type': 'dissolve' }, [], x), [
    { domain: 'transition_type', value: 'dissolve', observed: true, conflicted: false, votes: 'cut:5 dissolve:1' },
  ]);
});

t.test('only observed domains named with the value the spec renders, in domain order', async (t) => {
  const x = extraction([['sound_mood', 'tense', 4]]);
  t.same(shownValues(spec, { 'audio.mood': 'tense' }, [], x), [], 'mood is only intended');
  t.same(shownValues(spec, { 'camera.motion': 'tilt' }, [], x), [], 'the spec renders another value');
  t.same(shownValues(spec, { 'transition.type': 'dissolve', 'camera.motion': 'pan', 'gradient.type': 'vertical' }, [], x).map((v) => v.domain),
    ['gradient_type', 'camera_motion', 'transition_type']);
});

t.test('conflicted: a conflict names the field as hidden by a value that was kept', async (t) => {
  const conflict = (rendered: string): Conflict => ({ fields: ['camera.motion', 'motion.speed'], named: ['pan', 'fast'], rendered: ['pan', rendered], why: 'test' });
  const named = { 'camera.motion': 'pan' };
  t.equal(shownValues(spec, named, [conflict('fast')], extraction([]))[0].conflicted, true);
  t.equal(shownValues(spec, named, [conflict('static')], extraction([]))[0].conflicted, false, 'the hiding value yielded');
});
