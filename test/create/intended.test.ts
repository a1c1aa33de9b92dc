import t from 'tap';
import { intendedObservations } from '../../src/create/intended.js';
import { neutralSpec } from '../../src/create/spec.js';

t.test('every dynamic domain, both combinations and every narrative aspect, as intended', async (t) => {
  const spec = neutralSpec({ gradient: { type: 'radial' }, camera: { motion: 'pan', speed: 'slow', steadiness: 'shaky' }, audio: { tempo: 'fast', mood: 'tense', presence: 'full' } });
  const source = { job_id: 'job-7' };
  const out = intendedObservations(spec, source, 'a slow pan');
  t.equal(out.length, 16 + 2 + 7 + 1);
  const common = { origin: 'intended', source, prompt: 'a slow pan' };
  t.same(out[0], { registry: 'dynamic', domain: 'gradient_type', value: 'radial', strength: 1, ...common });
  t.same(out[1], { registry: 'dynamic', domain: 'camera_motion', value: 'pan', speed: 'slow', steadiness: 'shaky', ...common });
  t.same(out.slice(2, 16).map((o) => [o.domain, (o as { value: string }).value]), [
    ['motion_speed', 'static'], ['motion_rhythm', 'steady'], ['motion_smoothness', 'smooth'], ['motion_directionality', 'none'],
    ['motion_acceleration', 'constant'], ['lighting_contrast_ratio', 'normal'], ['lighting_color_temperature', 'neutral'],
    ['composition_balance', 'balanced'], ['composition_symmetry', 'asymmetric'], ['transition_type', 'cut'], ['sound_tempo', 'fast'],
    ['sound_presence', 'full'], ['sound_mood', 'tense'], ['composition_framing', 'medium'],
  ]);
  t.same(out[16], { registry: 'dynamic', domain: 'gradient_camera', value: 'radial+pan', ...common });
  t.same(out[17], { registry: 'dynamic', domain: 'sound_tempo_mood_presence', value: 'fast+tense+full', ...common });
  t.same(out.slice(18).map((o) => [o.registry, o.domain, (o as { value: string }).value]), [
    ['narrative', 'genre', 'general'], ['narrative', 'mood', 'neutral'], ['narrative', 'style', 'cinematic'], ['narrative', 'plots', 'flat'],
    ['narrative', 'settings', 'general'], ['narrative', 'themes', 'general'], ['narrative', 'scene_type', 'establishing'],
    ['narrative', 'genre_mood_themes', 'general+neutral+general'],
  ]);
  for (const o of out) t.equal(o.source, source, 'the one source object');
});

t.test('no prompt, no prompt field', async (t) => {
  for (const prompt of [undefined, '']) {
    t.notOk(intendedObservations(neutralSpec(), {}, prompt).some((o) => 'prompt' in o), JSON.stringify(prompt));
  }
});
