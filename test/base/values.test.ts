import t from 'tap';
import {
  COMBINATION_SEPARATOR, COMBINATION_SPACES, DYNAMIC_DOMAINS, NARRATIVE_ASPECTS, VALUES, narrativeValues,
} from '../../src/base/values.js';

t.test('narrativeValues reads the list an aspect maps to', async (t) => {
  t.same(NARRATIVE_ASPECTS, ['genre', 'mood', 'style', 'plots', 'settings', 'themes', 'scene_type']);
  t.equal(narrativeValues('mood'), VALUES.narrative.tone, 'mood reads tone');
  t.equal(narrativeValues('plots'), VALUES.narrative.tension_curve, 'plots read tension_curve');
  t.equal(narrativeValues('genre'), VALUES.narrative.genre);
  const sizes = Object.fromEntries(NARRATIVE_ASPECTS.map((a) => [a, narrativeValues(a).length]));
  t.same(sizes, { genre: 24, mood: 20, style: 11, plots: 4, settings: 25, themes: 17, scene_type: 17 });
  for (const aspect of NARRATIVE_ASPECTS) {
    const list = narrativeValues(aspect);
    t.ok(list.every((v) => typeof v === 'string' && v === v.trim().toLowerCase()), `${aspect}: trimmed lower-case strings`);
    t.equal(new Set(list).size, list.length, `${aspect}: no duplicates`);
  }
});

t.test('narrativeValues refuses an aspect without a list', async (t) => {
  t.throws(() => narrativeValues('weather'), { message: 'no canonical list for narrative aspect weather' });
  // A key of the narrative section that is not an aspect (and not a list) is refused too.
  t.throws(() => narrativeValues('combinations'), { message: 'no canonical list for narrative aspect combinations' });
  t.throws(() => narrativeValues('tone'), /no canonical list/, 'a list name is not an aspect name');
});

t.test('the canonical lists have the shapes the model relies on', async (t) => {
  const color = VALUES.static_color;
  t.equal(color.channel_step, 25);
  t.same(color.channel_levels, Array.from({ length: 11 }, (_, i) => i * 25));
  t.equal(color.opacity_levels, 21);
  for (const [name, rgb] of Object.entries(color.primitives)) {
    t.ok(rgb.length === 3 && rgb.every((c) => Number.isInteger(c) && c >= 0 && c <= 255), `color primitive ${name}`);
  }

  const sound = VALUES.static_sound;
  t.same(sound.primitives, ['silence', 'rumble', 'tone', 'hiss']);
  t.ok(sound.primitives.every((p) => sound.extended_primitives.includes(p)), 'primitives are a subset of the extended ones');
  t.equal(sound.amplitude_bands, 11);
  t.same(Object.keys(sound.tone_bands_hz).sort(), ['high', 'low', 'mid']);
  // Only the primitives a sound key can name have tone bands; silence has its one key of its own.
  t.same(sound.timbre_bands, { rumble: ['low'], tone: ['mid', 'high'], hiss: ['mid', 'high'] });
  t.same(sound.tone_bands_hz, { low: [0, 200], mid: [200, 2000], high: [2000, null] });

  t.equal(DYNAMIC_DOMAINS.length, 16);
  t.same(DYNAMIC_DOMAINS, Object.keys(VALUES.dynamic_domains));
  for (const d of DYNAMIC_DOMAINS) {
    t.ok(Array.isArray(VALUES.dynamic[d]) && VALUES.dynamic[d].length > 0, `values of ${d}`);
    t.ok(['observed', 'intended'].includes(VALUES.dynamic_domains[d]), `evidence of ${d}`);
  }
  t.same(VALUES.dynamic_combinations, {
    gradient_camera: ['gradient_type', 'camera_motion'],
    sound_tempo_mood_presence: ['sound_tempo', 'sound_mood', 'sound_presence'],
  });
  t.same(VALUES.narrative.combinations, { genre_mood_themes: ['genre', 'mood', 'themes'] });
});

t.test('combination spaces: dynamic first, then narrative; values never hold the separator', async (t) => {
  t.equal(COMBINATION_SEPARATOR, '+');
  t.same(COMBINATION_SPACES, ['gradient_camera', 'sound_tempo_mood_presence', 'genre_mood_themes']);
  const values = [...Object.values(VALUES.dynamic).flat(), ...NARRATIVE_ASPECTS.flatMap(narrativeValues)];
  t.notOk(values.some((v) => v.includes(COMBINATION_SEPARATOR)), 'no value contains +');
});
