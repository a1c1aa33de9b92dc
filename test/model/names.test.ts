import t from 'tap';
import { execFileSync } from 'node:child_process';
import { VALUES, NARRATIVE_ASPECTS, narrativeValues } from '../../src/base/values.js';
import { allColorKeys, cellFamily, parseColorKey } from '../../src/model/color.js';
import { allSoundKeys } from '../../src/model/sound.js';
import { allDynamicKeys } from '../../src/model/dynamic.js';
import { crossProduct } from '../../src/model/combination.js';
import type { RegistryName } from '../../src/model/registries.js';
import {
  FALLBACK_WORD, NAME_PATTERN, declaredName, fallbackName, fallbackNames, nameFor,
} from '../../src/model/names.js';

type Space = Array<[domain: string, key: string]>;

/** Each registry's whole declared space, enumerated independently of names.ts. */
const SPACES: Record<RegistryName, Space> = {
  static_color: allColorKeys().map((k) => ['color', k]),
  static_sound: allSoundKeys(VALUES.static_sound.primitives).map((k) => ['sound', k]),
  dynamic: [...Object.keys(VALUES.dynamic_domains), ...Object.keys(VALUES.dynamic_combinations)]
    .flatMap((d) => allDynamicKeys(d).map((k): [string, string] => [d, k])),
  narrative: [
    ...NARRATIVE_ASPECTS.flatMap((a) => narrativeValues(a).map((k): [string, string] => [a, k])),
    ...Object.entries(VALUES.narrative.combinations)
      .flatMap(([d, aspects]) => crossProduct(aspects.map(narrativeValues)).map((k): [string, string] => [d, k])),
  ],
};
// narrative: the aspect values (config/origins.json) plus 24 × 20 × 17 = 8,160 genre × mood × themes cells.
const ASPECT_VALUES = NARRATIVE_ASPECTS.reduce((n, a) => n + narrativeValues(a).length, 0);
const EXPECTED_SIZES: Record<RegistryName, number> = { static_color: 27951, static_sound: 56, dynamic: 1033, narrative: ASPECT_VALUES + 8160 };

const REGISTRY_NAMES = Object.keys(SPACES) as RegistryName[];

t.test('every declared key has a valid name, unique within its registry', async (t) => {
  for (const registry of REGISTRY_NAMES) {
    const space = SPACES[registry];
    t.equal(space.length, EXPECTED_SIZES[registry], `${registry} space size`);
    const seen = new Map<string, string>();
    let bad = 0;
    let dupes = 0;
    for (const [domain, key] of space) {
      const name = declaredName(registry, domain, key);
      if (name === null || !NAME_PATTERN.test(name) || /[\d_\-]/.test(name) || name.split(' ')[0] === FALLBACK_WORD) {
        if (bad++ < 5) t.fail(`${registry} ${domain}/${key}: bad name ${name}`);
        continue;
      }
      if (seen.has(name)) {
        if (dupes++ < 5) t.fail(`${registry}: ${name} names both ${seen.get(name)} and ${domain}/${key}`);
      }
      seen.set(name, `${domain}/${key}`);
    }
    t.equal(bad, 0, `${registry}: every name matches ${NAME_PATTERN}`);
    t.equal(dupes, 0, `${registry}: ${seen.size} distinct names`);
  }
});

t.test('exact names', async (t) => {
  const cases: Array<[RegistryName, string, string, string]> = [
    ['static_color', 'color', '0,0,0_1.0', 'Smooth Onyx'],
    ['static_color', 'color', '250,0,0_1.0', 'Pure Crimson'],
    ['static_color', 'color', '100,100,150_1.0', 'Faded Marine'],
    ['static_color', 'color', '100,100,150_0.55', 'Misty Faded Marine'],
    ['static_color', 'color', '0,100,0_0.0', 'Vanished Rich Pine'],
    ['static_sound', 'sound', '0.3_mid_tone', 'Soft Chime'],
    ['static_sound', 'sound', '0.0_silent_silence', 'Stillness'],
    ['static_sound', 'sound', '1.0_low_rumble', 'Deafening Rumble'],
    ['static_sound', 'sound', '0.7_high_hiss', 'Strong Hiss'],
    ['dynamic', 'gradient_type', 'radial_0.63', 'Radial Gradient Sixty Three'],
    ['dynamic', 'gradient_type', 'angled_1.00', 'Angled Gradient One Hundred'],
    ['dynamic', 'camera_motion', 'pan_slow_locked', 'Slow Locked Pan'],
    ['dynamic', 'camera_motion', 'zoom_out_fast_shaky', 'Fast Shaky Zoom Out'],
    ['dynamic', 'motion_speed', 'fast', 'Fast Pace'],
    ['dynamic', 'transition_type', 'wipe', 'Wipe Transition'],
    ['dynamic', 'sound_presence', 'sfx', 'Effects Mix'],
    ['dynamic', 'gradient_camera', 'radial+pan', 'Radial Pan'],
    ['dynamic', 'sound_tempo_mood_presence', 'slow+calm+music', 'Slow Calm Music Mix'],
    ['narrative', 'genre', 'thriller', 'Thriller Genre'],
    ['narrative', 'genre', 'sci-fi', 'Science Fiction Genre'],
    ['narrative', 'genre', 'ad', 'Advert Genre'],
    ['narrative', 'genre', 'cinematic', 'Cinematic Genre'],
    ['narrative', 'style', 'cinematic', 'Cinematic Style'],
    ['narrative', 'settings', 'golden_hour', 'Golden Hour Setting'],
    ['narrative', 'scene_type', 'b-roll', 'Cutaway Shot'],
    ['narrative', 'genre_mood_themes', 'thriller+tense+loss', 'Tense Thriller With Loss Theme'],
  ];
  for (const [registry, domain, key, name] of cases) t.equal(declaredName(registry, domain, key), name, `${domain}/${key}`);
});

t.test('keys outside the declared space have no declared name', async (t) => {
  t.equal(declaredName('static_color', 'color', '255,255,255_1.0'), null, 'off-grid channel');
  t.equal(declaredName('static_color', 'color', '0,0,0_1'), null, 'opacity printed without decimal');
  t.equal(declaredName('static_color', 'other', '0,0,0_1.0'), null, 'unknown domain');
  t.equal(declaredName('static_sound', 'sound', '0.3_mid_rumble'), null, 'rumble lives in the low band');
  t.equal(declaredName('dynamic', 'gradient_type', 'radial_0.633'), null);
  t.equal(declaredName('dynamic', 'camera_motion', 'spiral_fast_shaky'), null);
  t.equal(declaredName('narrative', 'genre', 'space opera'), null);
  t.equal(declaredName('narrative', 'style', 'thriller'), null, 'a value of another aspect');
});

t.test('color names follow the family vocabulary and opacity structure', async (t) => {
  const nounFamily = new Map<string, string>();
  const adjectives = new Set<string>();
  const opacityWords = new Set<string>();
  let mixed = 0;
  let wrongLength = 0;
  for (const key of allColorKeys()) {
    const words = declaredName('static_color', 'color', key)!.split(' ');
    const cell = parseColorKey(key)!;
    if (words.length !== (cell.step === 20 ? 2 : 3)) wrongLength++;
    const [adjective, noun] = words.slice(-2);
    adjectives.add(adjective);
    if (words.length === 3) opacityWords.add(words[0]);
    const family = cellFamily(cell).family;
    if ((nounFamily.get(noun) ?? family) !== family) mixed++;
    nounFamily.set(noun, family);
  }
  t.equal(wrongLength, 0, 'opaque cells have two words, the others three');
  t.equal(mixed, 0, 'no noun is shared between families');
  t.equal(opacityWords.size, 20, 'one word per non-opaque opacity step');
  t.same([...opacityWords].filter((w) => adjectives.has(w) || nounFamily.has(w)), [], 'opacity words are not adjectives or nouns');
  t.same([...adjectives].filter((w) => nounFamily.has(w)), [], 'adjectives are not nouns');
  t.ok(new Set(nounFamily.values()).size === 12, 'all twelve families are named');
});

t.test('names are the same in another process, whatever the call order', async (t) => {
  const sample: Array<[RegistryName, string, string]> = [];
  for (const registry of REGISTRY_NAMES) {
    const space = SPACES[registry];
    for (let i = 0; i < 5; i++) {
      const [domain, key] = space[Math.floor(((i + 0.5) * space.length) / 5)];
      sample.push([registry, domain, key]);
    }
  }
  const outside: Array<[RegistryName, string, string, number]> = [
    ['static_color', 'color', '255,255,255_1.0', 0], ['dynamic', 'camera_motion', 'spiral_fast_shaky', 2],
    ['narrative', 'genre', 'xqzt', 1], ['static_sound', 'sound', '0.3_mid_hum', 0],
  ];
  const moduleUrl = new URL('../../src/model/names.js', import.meta.url).href;
  // The child asks in reverse order, fallbacks first, so its tables are built in a different order.
  const script = `
    const n = await import(${JSON.stringify(moduleUrl)});
    const sample = JSON.parse(process.argv[1]);
    const outside = JSON.parse(process.argv[2]);
    const fb = outside.slice().reverse().map(([r, d, k, a]) => n.fallbackName(r, d, k, a)).reverse();
    const names = sample.slice().reverse().map(([r, d, k]) => n.declaredName(r, d, k)).reverse();
    process.stdout.write(JSON.stringify({ names, fb }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(sample), JSON.stringify(outside)], { encoding: 'utf8' });
  const child = JSON.parse(out) as { names: string[]; fb: string[] };
  t.same(child.names, sample.map(([r, d, k]) => declaredName(r, d, k)), 'declared names');
  t.same(child.fb, outside.map(([r, d, k, a]) => fallbackName(r, d, k, a)), 'fallback names');
});

t.test('fallback names', async (t) => {
  const declared = new Set<string>();
  for (const registry of REGISTRY_NAMES) for (const [d, k] of SPACES[registry]) declared.add(declaredName(registry, d, k)!);
  const keys: Array<[RegistryName, string, string]> = [
    ['static_color', 'color', '255,255,255_1.0'],
    ['static_color', 'color', '12,13,14'],
    ['static_color', 'color', 'not a color'],
    ['static_sound', 'sound', '0.3_mid_hum'],
    ['static_sound', 'sound', '2.5_ultra_zap'],
    ['dynamic', 'camera_motion', 'spiral_fast_shaky'],
    ['dynamic', 'gradient_type', 'radial_0.633'],
    ['dynamic', 'new_domain', '###'],
    ['narrative', 'genre', 'space opera'],
    ['narrative', 'genre', 'xqzt'],
    ['narrative', 'themes', ''],
  ];
  for (const [registry, domain, key] of keys) {
    const candidates = Array.from({ length: 50 }, (_, a) => fallbackName(registry, domain, key, a));
    t.equal(new Set(candidates).size, 50, `${domain}/${key}: attempts give distinct names`);
    for (const name of candidates) {
      if (!NAME_PATTERN.test(name) || name.split(' ')[0] !== FALLBACK_WORD || declared.has(name)) t.fail(`${domain}/${key}: bad fallback ${name}`);
    }
    t.equal(fallbackName(registry, domain, key, 3), candidates[3], 'deterministic');
    const gen = fallbackNames(registry, domain, key);
    t.same([gen.next().value, gen.next().value, gen.next().value], candidates.slice(0, 3), 'generator yields the attempts');
  }
  t.equal(fallbackName('static_color', 'color', '255,255,255_1.0'), `${FALLBACK_WORD} ${declaredName('static_color', 'color', '250,250,250_1.0')}`,
    'an off-grid color reads as the cell it falls in');
  t.equal(fallbackName('narrative', 'genre', 'space opera'), 'Stray Space', 'recognisable words are kept');
  t.throws(() => fallbackName('narrative', 'genre', 'x', -1));
});

t.test('nameFor', async (t) => {
  t.equal(nameFor('narrative', 'genre', 'thriller'), 'Thriller Genre');
  t.equal(nameFor('narrative', 'genre', 'thriller', () => true), 'Thriller Genre', 'declared names ignore isTaken');
  const first = fallbackName('narrative', 'genre', 'space opera', 0);
  const second = fallbackName('narrative', 'genre', 'space opera', 1);
  const third = fallbackName('narrative', 'genre', 'space opera', 2);
  t.equal(nameFor('narrative', 'genre', 'space opera'), first);
  const taken = new Set([first, second]);
  t.equal(nameFor('narrative', 'genre', 'space opera', (n) => taken.has(n)), third, 'first candidate not taken');
  t.throws(() => nameFor('narrative', 'genre', 'space opera', () => true), 'gives up when every candidate is taken');
});
