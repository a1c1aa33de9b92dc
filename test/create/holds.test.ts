import t from 'tap';
import { neutralSpec } from '../../src/create/spec.js';
import type { SceneSpec } from '../../src/model/scene.js';
import { holdFor } from '../../src/create/holds.js';

function held(domain: string, patch: Parameters<typeof neutralSpec>[0]): SceneSpec {
  const spec = neutralSpec(patch);
  holdFor(spec, domain);
  return spec;
}

t.test('a silent track is given beats when its tempo is measured', async (t) => {
  t.equal(held('sound_tempo', { audio: { presence: 'silence' } as SceneSpec['audio'] }).audio.presence, 'music');
  t.equal(held('sound_presence', { audio: { presence: 'silence' } as SceneSpec['audio'] }).audio.presence, 'silence');
});

t.test('subject motion: conflicts held away from the measured domain', async (t) => {
  const wander = { motion: { directionality: 'none' } as SceneSpec['motion'] };
  t.equal(held('motion_smoothness', wander).motion.directionality, 'horizontal', 'a wandering curve cannot look straight');
  t.equal(held('motion_directionality', wander).motion.directionality, 'none');
  t.equal(held('motion_directionality', { motion: { rhythm: 'pulsing' } as SceneSpec['motion'] }).motion.rhythm, 'steady');
  t.equal(held('motion_directionality', { motion: { smoothness: 'jerky' } as SceneSpec['motion'] }).motion.smoothness, 'smooth');
  const swaying = { motion: { directionality: 'radial', smoothness: 'fluid' } as SceneSpec['motion'] };
  t.equal(held('motion_rhythm', swaying).motion.smoothness, 'smooth');
  t.equal(held('motion_smoothness', swaying).motion.smoothness, 'fluid');
  t.equal(held('motion_speed', { lighting: { contrast: 'flat', temperature: 'neutral' } }).lighting.contrast, 'normal');
});

t.test('camera motion: dark or flat light is held normal', async (t) => {
  for (const contrast of ['flat', 'chiaroscuro']) {
    t.equal(held('camera_motion', { lighting: { contrast, temperature: 'neutral' } }).lighting.contrast, 'normal', contrast);
  }
  t.equal(held('lighting_contrast_ratio', { lighting: { contrast: 'chiaroscuro', temperature: 'neutral' } }).lighting.contrast, 'chiaroscuro');
});

t.test('a hold changes only what hides the measured domain', async (t) => {
  t.equal(held('camera_motion', { camera: { motion: 'pan', speed: 'slow', steadiness: 'locked' } }).camera.steadiness, 'locked', 'a locked camera shows a move');
  t.equal(held('camera_motion', { camera: { motion: 'pan', speed: 'slow', steadiness: 'shaky' } }).camera.steadiness, 'stable');
  const mirrored = { composition: { symmetry: 'bilateral' } as SceneSpec['composition'] };
  t.equal(held('sound_presence', mirrored).composition.symmetry, 'bilateral', 'a mirror hides no sound');
  t.equal(held('composition_balance', mirrored).composition.symmetry, 'asymmetric');
  const close = { composition: { framing: 'close' } as SceneSpec['composition'] };
  t.equal(held('camera_motion', close).composition.framing, 'close', 'without a shape, framing draws nothing');
  t.equal(held('camera_motion', { ...close, shape: 'circle' }).composition.framing, 'wide');
  t.equal(held('motion_rhythm', {}).shape, 'circle', 'subject motion needs a subject');
  const radial = (balance: string) => held('motion_directionality', { shape: 'circle', motion: { speed: 'fast', directionality: 'radial' } as SceneSpec['motion'], composition: { balance } as SceneSpec['composition'] }).composition.balance;
  t.same(['top_heavy', 'bottom_heavy', 'left_heavy'].map(radial), ['balanced', 'balanced', 'left_heavy']);
});

t.test('camera motion: a slow handheld wander is rendered at medium speed, a slow pan stays slow', async (t) => {
  const camera = (motion: string) => ({ camera: { motion, speed: 'slow', steadiness: 'stable' } as SceneSpec['camera'] });
  t.equal(held('camera_motion', camera('handheld')).camera.speed, 'medium');
  t.equal(held('camera_motion', camera('pan')).camera.speed, 'slow');
});
