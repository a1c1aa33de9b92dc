import t from 'tap';
import { loadConfig } from '../../src/base/config.js';
import { narrativeValues } from '../../src/base/values.js';
import { allColorKeys } from '../../src/model/color.js';
import { CompletionTargets, expandCombinationPatterns, spaceId } from '../../src/model/targets.js';
import { COLOR_DOMAIN, REGISTRIES, SOUND_DOMAIN, isRegistryName } from '../../src/model/registries.js';

const config = loadConfig({ env: {} });
const targets = new CompletionTargets(config);

t.test('registry names and space ids', async (t) => {
  t.same(REGISTRIES, ['static_color', 'static_sound', 'dynamic', 'narrative']);
  t.ok(isRegistryName('dynamic'));
  t.notOk(isRegistryName('static'));
  t.notOk(isRegistryName('Dynamic'));
  t.equal(COLOR_DOMAIN, 'color');
  t.equal(SOUND_DOMAIN, 'sound');
  t.equal(spaceId('static_color'), 'static_color');
  t.equal(spaceId('static_color', null), 'static_color');
  t.equal(spaceId('dynamic', 'gradient_camera'), 'dynamic.gradient_camera');
});

t.test('headline sizes per registry from the default config', async (t) => {
  const r = targets.registries;
  // Color's grid is counted from the model, so that this test does not fix its resolution.
  t.equal(r.static_color.cells, allColorKeys().length);
  t.equal(r.static_sound.cells, 56);
  t.equal(r.dynamic.cells, 93, 'the 16 domains\' canonical values; combinations are not headline');
  t.equal(r.narrative.cells, 24 + 20 + 11 + 4 + 25 + 17 + 17);
  t.equal(r.static_color.complete, `every one of the ${r.static_color.cells} color keys observed`);
  t.equal(r.static_sound.complete, 'all 4 primitives present in some depth_breakdown');
  t.equal(r.static_sound.stretch, 'all 56 sound keys observed');
  t.equal(r.static_color.stretch, undefined);
  t.same(r.static_sound.primitives, ['silence', 'rumble', 'tone', 'hiss']);
  t.equal(r.dynamic.domains.length, 16 + 2);
  t.equal(r.narrative.domains.length, 7 + 1);
  for (const registry of REGISTRIES) {
    t.equal(r[registry].registry, registry);
    t.equal(r[registry].cells, r[registry].domains.filter((d) => d.headline).reduce((n, d) => n + d.size, 0), `${registry}: cells add up`);
    for (const d of r[registry].domains) {
      t.equal(d.size, d.units.length, `${registry}/${d.domain} size`);
      t.equal(d.headline, d.kind !== 'combination', `${registry}/${d.domain} headline`);
    }
  }
});

t.test('domains: kind, evidence and intended-only cells', async (t) => {
  const d = (registry: Parameters<typeof targets.domain>[0], domain: string) => targets.domain(registry, domain)!;
  t.equal(d('static_color', 'color').kind, 'cells');
  t.equal(d('static_sound', 'sound').kind, 'cells');
  t.equal(d('dynamic', 'motion_speed').kind, 'canonical');
  t.equal(d('dynamic', 'gradient_camera').kind, 'combination');
  t.equal(d('narrative', 'genre_mood_themes').kind, 'combination');
  t.equal(d('narrative', 'genre_mood_themes').size, 24 * 20 * 17);
  t.equal(d('dynamic', 'composition_framing').evidence, 'intended');
  t.equal(d('dynamic', 'motion_speed').evidence, 'observed');
  t.equal(d('dynamic', 'sound_tempo_mood_presence').evidence, 'observed');
  t.equal(d('narrative', 'mood').evidence, 'intended');
  t.equal(targets.domain('dynamic', 'genre'), undefined, 'a domain of another registry');
  t.equal(targets.domain('static_color', 'sound'), undefined);

  const intended = d('dynamic', 'sound_tempo_mood_presence').intendedOnly;
  t.equal(Object.keys(intended).length, 2 * 20, 'medium and fast tempo, every mood, silence');
  t.match(intended['medium+dark+silence'], /silent window has no beats/);
  t.ok('fast+ominous+silence' in intended);
  t.notOk('slow+dark+silence' in intended, 'slow tempo is read right');
  t.notOk('medium+dark+music' in intended);
  t.same(d('dynamic', 'gradient_camera').intendedOnly, {});
});

t.test('completion spaces: registries first, then combination spaces; required from config', async (t) => {
  t.same(targets.spaces.map((s) => [s.id, s.cells, s.required]), [
    ['static_color', targets.registries.static_color.cells, true],
    ['static_sound', 56, true],
    ['dynamic', 93, true],
    ['narrative', 118, true],
    ['dynamic.gradient_camera', 64, true],
    ['dynamic.sound_tempo_mood_presence', 300, true],
    ['narrative.genre_mood_themes', 8160, true],
  ]);
  t.same(targets.spaces[4], { id: 'dynamic.gradient_camera', registry: 'dynamic', domain: 'gradient_camera', cells: 64, required: true });
  t.equal(targets.spaces[0].domain, null);

  const fewer = new CompletionTargets({ ...config, completion: { ...config.completion, spaces: ['gradient_camera'] } });
  t.same(fewer.spaces.map((s) => s.required), [true, true, true, true, true, false, false], 'registries are always required');
});

t.test('another config changes the sound space and intended-only values', async (t) => {
  const other = new CompletionTargets({
    ...config,
    sound: { ...config.sound, primitives: ['silence', 'tone'] },
    dynamic: { ...config.dynamic, intended_only: { motion_speed: { fast: 'blurred' }, gradient_camera: { '*+pan': 'p' } } },
  });
  t.equal(other.registries.static_sound.cells, 1 + 2 * 11, 'silence, tone mid and high');
  t.equal(other.registries.static_sound.complete, 'all 2 primitives present in some depth_breakdown');
  t.same(other.domain('dynamic', 'motion_speed')!.intendedOnly, { fast: 'blurred' }, 'a plain domain takes values as they are');
  t.same(other.domain('dynamic', 'gradient_camera')!.intendedOnly,
    { 'vertical+pan': 'p', 'horizontal+pan': 'p', 'radial+pan': 'p', 'angled+pan': 'p' });
  t.same(other.domain('dynamic', 'sound_tempo_mood_presence')!.intendedOnly, {}, 'left out, so none');
});

t.test('unitOf: the coverage unit of a key, or null outside the space', async (t) => {
  t.equal(targets.unitOf('static_color', 'color', '0,0,0_1.0'), '0,0,0_1.0');
  t.equal(targets.unitOf('static_color', 'color', 'red'), null);
  t.equal(targets.unitOf('static_color', 'paint', '0,0,0_1.0'), null, 'unknown domain');
  t.equal(targets.unitOf('static_sound', 'sound', '0.3_mid_tone'), '0.3_mid_tone');
  t.equal(targets.unitOf('static_sound', 'sound', '0.3_low_tone'), null, 'tone has no low band');
  t.equal(targets.unitOf('static_sound', 'sound', '0.3_low_whoosh'), null, 'well formed, but not a default primitive');
  t.equal(targets.unitOf('dynamic', 'gradient_type', 'radial_0.42'), 'radial');
  t.equal(targets.unitOf('dynamic', 'gradient_type', 'radial'), null);
  t.equal(targets.unitOf('dynamic', 'camera_motion', 'zoom_out_fast_shaky'), 'zoom_out');
  t.equal(targets.unitOf('dynamic', 'camera_motion', 'zoom_out_fast_wobbly'), null);
  t.equal(targets.unitOf('dynamic', 'motion_speed', 'fast'), 'fast');
  t.equal(targets.unitOf('dynamic', 'gradient_camera', 'radial+pan'), 'radial+pan');
  t.equal(targets.unitOf('dynamic', 'gradient_camera', 'radial+moonwalk'), null);
  t.equal(targets.unitOf('narrative', 'mood', 'dark'), 'dark');
  t.equal(targets.unitOf('narrative', 'mood', 'Dark'), null);
  const triple = `thriller+dark+${narrativeValues('themes')[0]}`;
  t.equal(targets.unitOf('narrative', 'genre_mood_themes', triple), triple);
  t.equal(targets.unitOf('narrative', 'genre_mood_themes', 'thriller+dark'), null);
  t.equal(targets.unitOf('narrative', 'weather', 'sunny'), null);
});

t.test('counts: the domain\'s evidence, or intended evidence for an intended-only unit', async (t) => {
  const framing = targets.domain('dynamic', 'composition_framing')!;
  t.ok(targets.counts(framing, 'intended', 'wide'));
  t.notOk(targets.counts(framing, 'observed', 'wide'));
  const stmp = targets.domain('dynamic', 'sound_tempo_mood_presence')!;
  t.ok(targets.counts(stmp, 'observed', 'slow+dark+music'));
  t.ok(targets.counts(stmp, 'intended', 'medium+dark+silence'));
  t.notOk(targets.counts(stmp, 'intended', 'slow+dark+silence'));
  const color = targets.domain('static_color', 'color')!;
  t.notOk(targets.counts(color, 'intended', '0,0,0_1.0'));
});

t.test('expandCombinationPatterns', async (t) => {
  const units = ['a+x', 'a+y', 'b+x', 'b+y'];
  t.same(expandCombinationPatterns(units, {}), {});
  t.same(expandCombinationPatterns(units, { 'b+x': 'one' }), { 'b+x': 'one' });
  t.same(expandCombinationPatterns(units, { 'a+*': 'first a' }), { 'a+x': 'first a', 'a+y': 'first a' });
  t.same(expandCombinationPatterns(units, { '*+*': 'all' }), { 'a+x': 'all', 'a+y': 'all', 'b+x': 'all', 'b+y': 'all' });
  t.same(expandCombinationPatterns(units, { 'a+*': 'r1', '*+x': 'r2' }), { 'a+x': 'r2', 'a+y': 'r1', 'b+x': 'r2' }, 'a later pattern wins');
  t.same(expandCombinationPatterns(units, { a: 'short', '*': 'short', 'a+x+*': 'long', '*+*+*': 'long' }), {}, 'the part count must match');
  t.same(expandCombinationPatterns(units, { 'c+*': 'none' }), {});
  t.same(expandCombinationPatterns(units, { 'A+x': 'case' }), {}, 'values match exactly');
  t.same(expandCombinationPatterns([], { '*+*': 'x' }), {});
});
