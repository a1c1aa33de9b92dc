import t from 'tap';
import { MotionRegistryError } from '../../src/base/errors.js';
import { VALUES } from '../../src/base/values.js';
import { domainValue, neutralSpec, validateSpec } from '../../src/create/spec.js';
import { DOMAIN_FIELDS } from '../../src/model/scene.js';

const problemsOf = (input: unknown): string[] => {
  try {
    validateSpec(input);
  } catch (err) {
    if (!(err instanceof MotionRegistryError) || err.code !== 'INPUT_INVALID') throw err;
    const problems = err.details?.problems as string[];
    if (err.message !== `invalid scene spec: ${problems.join('; ')}`) throw new Error(`the message does not list the problems: ${err.message}`);
    return problems;
  }
  throw new Error('the spec was accepted');
};

t.test('the neutral spec', async (t) => {
  const spec = neutralSpec();
  t.same(spec, {
    version: 1, seed: 1, duration: 1, width: 64, height: 64, fps: 24, alpha: false, opacity: 1,
    palette: { name: 'mono', stops: [[240, 240, 240], [180, 180, 180], [100, 100, 100], [40, 40, 40]] },
    gradient: { type: 'vertical', angle: 45 },
    camera: { motion: 'static', speed: 'medium', steadiness: 'locked' },
    motion: { speed: 'static', rhythm: 'steady', smoothness: 'smooth', directionality: 'none', acceleration: 'constant' },
    lighting: { contrast: 'normal', temperature: 'neutral' },
    composition: { framing: 'medium', balance: 'balanced', symmetry: 'asymmetric' },
    transition: { type: 'cut', shots: 1 },
    shape: 'none',
    audio: { tempo: 'medium', mood: 'calm', presence: 'ambient', layers: [{ primitive: 'tone', level: 0.3 }] },
    narrative: { genre: 'general', mood: 'neutral', style: 'cinematic', plots: 'flat', settings: 'general', themes: 'general', scene_type: 'establishing' },
  });
  t.equal(validateSpec(spec), spec, 'a valid spec is returned as it is');
  (spec.palette.stops[0] as unknown as number[])[0] = 1;
  t.equal(VALUES.palettes.mono[0][0], 240, 'its palette is a copy');
  t.equal(neutralSpec().palette.stops[0][0], 240);
});

t.test('a patch replaces whole values and merges groups field by field', async (t) => {
  const spec = neutralSpec({ seed: 9, camera: { motion: 'pan' }, audio: { layers: [] }, shape: 'circle', palette: { stops: [[0, 0, 0], [255, 255, 255]] } });
  t.equal(spec.seed, 9);
  t.same(spec.camera, { motion: 'pan', speed: 'medium', steadiness: 'locked' });
  t.same(spec.audio, { tempo: 'medium', mood: 'calm', presence: 'ambient', layers: [] }, 'an array replaces');
  t.same(spec.palette, { name: 'mono', stops: [[0, 0, 0], [255, 255, 255]] });
  t.equal(spec.shape, 'circle');
  t.throws(() => neutralSpec({ seed: 1.5 }), { code: 'INPUT_INVALID', message: 'invalid scene spec: "seed" must be integer' });
  t.throws(() => neutralSpec({ gradient: { type: 'spiral' } }), { code: 'INPUT_INVALID' }, 'the patched spec is validated');
});

t.test('validateSpec names every bad field', async (t) => {
  const spec = neutralSpec();
  t.same(problemsOf(null), ['"spec" must be object']);
  t.same(problemsOf([]), ['"spec" must be object']);
  t.same(problemsOf({}).slice(0, 3), ['missing field "version"', 'missing field "seed"', 'missing field "duration"']);
  t.equal(problemsOf({}).length, 18);
  t.same(problemsOf({ ...spec, extra: 1 }), ['unknown field "extra"']);
  t.same(problemsOf({ ...spec, camera: { ...spec.camera, zoom: 2 } }), ['unknown field "camera.zoom"']);
  t.same(problemsOf({ ...spec, camera: { motion: 'pan', speed: 'slow' } }), ['missing field "camera.steadiness"']);
  t.same(problemsOf({ ...spec, camera: { ...spec.camera, motion: 'moonwalk' } }),
    [`"camera.motion" must be one of: ${VALUES.dynamic.camera_motion.join(', ')}`]);
  t.same(problemsOf({ ...spec, seed: -1, width: 17, duration: 0 }),
    ['"seed" must be >= 0', '"duration" must be > 0', '"width" must be multiple of 2']);
  t.same(problemsOf({ ...spec, version: 2 }), ['"version" must be equal to constant']);
  t.same(problemsOf({ ...spec, palette: { name: '', stops: [[0, 0, 0]] } }),
    ['"palette.name" must NOT have fewer than 1 characters', '"palette.stops" must NOT have fewer than 2 items']);
  t.same(problemsOf({ ...spec, palette: { name: 'x', stops: [[0, 0, 256], [0, 0]] } }),
    ['"palette.stops.0.2" must be <= 255', '"palette.stops.1" must NOT have fewer than 3 items']);
  t.same(problemsOf({ ...spec, audio: { ...spec.audio, layers: [{ primitive: 'drum', level: 2 }] } }),
    [`"audio.layers.0.primitive" must be one of: ${VALUES.static_sound.primitives.join(', ')}`, '"audio.layers.0.level" must be <= 1']);
  t.same(problemsOf({ ...spec, transition: { type: 'cut', shots: 17 } }), ['"transition.shots" must be <= 16']);
});

t.test('domainValue reads each dynamic domain from its field', async (t) => {
  const spec = neutralSpec({ gradient: { type: 'radial' }, audio: { mood: 'tense' }, composition: { framing: 'close' } });
  t.equal(domainValue(spec, 'gradient_type'), 'radial');
  t.equal(domainValue(spec, 'sound_mood'), 'tense');
  t.equal(domainValue(spec, 'composition_framing'), 'close');
  t.equal(domainValue(spec, 'lighting_color_temperature'), 'neutral');
  t.equal(Object.keys(DOMAIN_FIELDS).length, 16);
});
