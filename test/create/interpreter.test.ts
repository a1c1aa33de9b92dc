import t from 'tap';
import { VALUES, NARRATIVE_ASPECTS, narrativeValues, type RGB } from '../../src/base/values.js';
import { mulberry32 } from '../../src/base/random.js';
import type { SceneSpec } from '../../src/model/scene.js';
import { SLOTS } from '../../src/create/interpreter/slots.js';
import { PHRASES, phrasesFor } from '../../src/create/interpreter/phrases.js';
import { analyze } from '../../src/create/interpreter/analyze.js';
import { interpret, interpretPrompt, promptSeed } from '../../src/create/interpreter/interpret.js';
import { describe } from '../../src/create/interpreter/describe.js';

/** The value of a dotted slot in a spec ("palette" → the palette name). */
function at(spec: SceneSpec, slot: string): string {
  if (slot === 'palette') return spec.palette.name;
  let cur: unknown = spec;
  for (const p of slot.split('.')) cur = (cur as Record<string, unknown>)[p];
  return cur as string;
}

/** Exact, spaced, hyphen/underscore-swapped and upper-case spellings of a value. */
function variants(value: string): string[] {
  return [...new Set([
    value, value.replace(/[_-]/g, ' '), value.replace(/_/g, '-'), value.replace(/-/g, '_'),
    value.replace(/[_-]/g, '-'), value.replace(/[_-]/g, '_'), value.toUpperCase(),
  ])];
}

/** Every list a SceneSpec enumerated field draws from, independently of the interpreter. */
const d = VALUES.dynamic;
const LISTS: Record<string, string[]> = {
  palette: Object.keys(VALUES.palettes),
  'gradient.type': d.gradient_type,
  'camera.motion': d.camera_motion,
  'camera.speed': d.camera_speed,
  'camera.steadiness': d.camera_steadiness,
  'motion.speed': d.motion_speed,
  'motion.rhythm': d.motion_rhythm,
  'motion.smoothness': d.motion_smoothness,
  'motion.directionality': d.motion_directionality,
  'motion.acceleration': d.motion_acceleration,
  'lighting.contrast': d.lighting_contrast_ratio,
  'lighting.temperature': d.lighting_color_temperature,
  'composition.framing': d.composition_framing,
  'composition.balance': d.composition_balance,
  'composition.symmetry': d.composition_symmetry,
  'transition.type': d.transition_type,
  shape: d.shape_overlay,
  'audio.tempo': d.sound_tempo,
  'audio.mood': d.sound_mood,
  'audio.presence': d.sound_presence,
  ...Object.fromEntries(NARRATIVE_ASPECTS.map((a) => [`narrative.${a}`, narrativeValues(a)])),
};

t.test('the interpreter covers every enumerated field of the spec', async (t) => {
  t.same(SLOTS.map((s) => s.slot).sort(), Object.keys(LISTS).sort());
  for (const s of SLOTS) t.same([...s.values], LISTS[s.slot], s.slot);
  t.equal(d.camera_motion.length, 16);
});

t.test('every canonical value is reachable by naming it, in every spelling', async (t) => {
  let checked = 0;
  let values = 0;
  for (const [slot, list] of Object.entries(LISTS)) {
    for (const value of list) {
      values++;
      for (const v of variants(value)) {
        // A value the renderer cannot show beside another the same word names is reported instead.
        const { spec: bare, conflicts } = interpretPrompt(`Make a clip: ${v}.`);
        const reported = conflicts.some((c) => c.fields[1] === slot && c.named[1] === value);
        if (at(bare, slot) !== value && !reported) t.fail(`"${v}" should set ${slot} = ${value}, got ${at(bare, slot)}`);
        checked++;
      }
    }
  }
  t.ok(values > 200 && checked >= 2 * values, `${values} values, ${checked} prompts checked`);
});

t.test('every narrative origin value is reachable (SPEC §3.4)', async (t) => {
  let n = 0;
  for (const aspect of NARRATIVE_ASPECTS) {
    for (const value of narrativeValues(aspect)) {
      n++;
      for (const v of variants(value)) {
        t.equal((interpret(`a short clip, ${v}`).narrative as Record<string, string>)[aspect], value, `${aspect}: "${v}"`);
        const label = aspect === 'scene_type' ? 'scene type' : aspect === 'plots' ? 'tension curve' : aspect;
        t.equal((interpret(`${label} ${v}`).narrative as Record<string, string>)[aspect], value, `${aspect}: "${label} ${v}"`);
      }
    }
  }
  t.equal(n, 118);
  for (const v of ['golden_hour', 'golden-hour', 'golden hour']) t.equal(interpret(v).narrative.settings, 'golden_hour');
  for (const v of ['b-roll', 'b roll', 'b_roll', 'broll']) t.equal(interpret(v).narrative.scene_type, 'b-roll');
  for (const v of ['two_shot', 'two-shot', 'two shot']) t.equal(interpret(v).narrative.scene_type, 'two_shot');
  for (const v of ['sci-fi', 'sci fi', 'sci_fi', 'scifi', 'science fiction']) t.equal(interpret(v).narrative.genre, 'sci-fi');
  for (const v of ['slow_build', 'slow-build', 'slow build', 'slow burn']) t.equal(interpret(v).narrative.plots, 'slow_build');
  for (const v of ['over_shoulder', 'over-shoulder', 'over shoulder', 'over the shoulder']) t.equal(interpret(v).narrative.scene_type, 'over_shoulder');
});

t.test('sound primitives named in the prompt become the layers', async (t) => {
  for (const p of VALUES.static_sound.primitives) {
    t.ok(interpret(`a clip with ${p}`).audio.layers.some((l) => l.primitive === p), p);
  }
  const s = interpret('low rumble 0.4 and hiss at 20%, then a tone');
  t.same(s.audio.layers, [{ primitive: 'rumble', level: 0.4 }, { primitive: 'hiss', level: 0.2 }, { primitive: 'tone', level: s.audio.layers[2].level }]);
  t.equal(s.audio.presence, 'full', 'tone with rumble/hiss implies a full mix');
  t.same(interpret('audio presence silence').audio.layers, [], 'presence silence → no layers');
  t.same(interpret('silent').audio.layers, []);
  t.equal(interpret('white noise').audio.presence, 'ambient');
  t.same(interpret('music, sine 0.3').audio.layers, [{ primitive: 'tone', level: 0.3 }]);
  const full = interpret('full sound');
  t.equal(full.audio.presence, 'full');
  t.same(full.audio.layers.map((l) => l.primitive), ['rumble', 'tone', 'hiss']);
  t.equal(interpret('music').audio.layers[0].primitive, 'tone');
  t.equal(interpret('sound effects').audio.presence, 'sfx');
  t.equal(interpret('sfx').audio.layers[0].primitive, 'hiss');
  t.equal(interpret('ominous ambient').audio.layers[0].primitive, 'rumble');
  t.equal(interpret('120 bpm').audio.tempo, 'medium');
});

t.test('synonyms and longest-phrase matching', async (t) => {
  const cam = (p: string) => interpret(p).camera.motion;
  for (const p of ['zoom out', 'zoom_out', 'zoom-out', 'ZOOM OUT', 'pull back', 'pulls back', 'zooming out']) t.equal(cam(p), 'zoom_out', p);
  t.notOk(analyze('zoom out').matched.includes('zoom'), '"zoom" is not matched again inside "zoom out"');
  for (const p of ['zoom', 'zoom in', 'punch in']) t.equal(cam(p), 'zoom', p);
  for (const p of ["bird's eye", 'birds eye', 'birds-eye', 'bird’s-eye view', 'overhead', 'top-down']) t.equal(cam(p), 'birds_eye', p);
  for (const p of ['whip pan', 'whip-pan', 'swish pan']) t.equal(cam(p), 'whip_pan', p);
  for (const p of ['dolly', 'push in', 'push-in']) t.equal(cam(p), 'dolly', p);
  for (const p of ['truck', 'trucking']) t.equal(cam(p), 'truck', p);
  t.equal(cam('pedestal up'), 'pedestal');
  for (const p of ['crane', 'jib']) t.equal(cam(p), 'crane', p);
  for (const p of ['arc', 'orbit']) t.equal(cam(p), 'arc', p);
  for (const p of ['tracking', 'follow']) t.equal(cam(p), 'tracking', p);
  for (const p of ['rotate', 'spin', 'spinning']) t.equal(cam(p), 'rotate', p);
  t.equal(cam('dutch roll'), 'roll');
  t.equal(cam('b-roll of a pan'), 'pan', '"b-roll" is not the camera move roll');
  t.equal(cam('tilt up'), 'tilt');
  const locked = interpret('locked off');
  t.same([locked.camera.motion, locked.camera.steadiness], ['static', 'locked']);
  const hh = interpretPrompt('handheld');
  t.same([hh.spec.camera.motion, hh.spec.camera.steadiness], ['handheld', 'stable'], 'handheld names the move; its steadiness reading yields to it');
  t.same(hh.conflicts.map((c) => [c.fields, c.rendered]), [[['camera.motion', 'camera.steadiness'], ['handheld', 'stable']]]);
  t.equal(interpret('camera steadiness handheld').camera.steadiness, 'handheld');
  const st = interpret('static');
  t.same([st.camera.motion, st.motion.speed, st.narrative.scene_type], ['static', 'static', 'static'], 'static fills all three');
  const dreamy = interpret('dreamy');
  t.same([dreamy.audio.mood, dreamy.narrative.mood, dreamy.narrative.themes, dreamy.palette.name], ['dreamy', 'dreamy', 'dreamy', 'dreamy']);
  const noir = interpret('noir');
  t.same([noir.narrative.style, noir.narrative.settings], ['noir', 'noir']);
  const cine = interpret('cinematic');
  t.same([cine.narrative.genre, cine.narrative.style], ['cinematic', 'cinematic']);
  for (const p of ['ease in', 'ease-in', 'ease_in', 'accelerating']) t.equal(interpret(p).motion.acceleration, 'ease_in', p);
  for (const p of ['ease-in-out', 'ease in out', 'ease in and out', 'ease_in_out']) t.equal(interpret(p).motion.acceleration, 'ease_in_out', p);
  for (const p of ['high contrast', 'high-contrast', 'contrast high']) t.equal(interpret(p).lighting.contrast, 'high', p);
  for (const p of ['left heavy', 'left-heavy', 'weighted left']) t.equal(interpret(p).composition.balance, 'left_heavy', p);
  for (const p of ['cold', 'cool light']) t.equal(interpret(p).lighting.temperature, 'cool', p);
  t.equal(interpret('sunset').palette.name, 'warm_sunset');
  t.equal(interpret('black and white').palette.name, 'mono');
  t.equal(interpret('no shape').shape, 'none');
  t.equal(interpret('close-up').composition.framing, 'close');
  t.equal(interpret('close-up').narrative.scene_type, 'closeup');
  t.equal(interpret('crossfade').transition.type, 'dissolve');
  const fade = interpret('fade');
  t.same([fade.transition.type, fade.transition.shots], ['fade', 2], 'a named transition gets two shots');
  t.equal(interpret('5 shots').transition.shots, 5);
  t.same(interpret('no transitions').transition, { type: 'cut', shots: 1 });
  t.equal(interpret('upbeat soundtrack').audio.presence, 'music');
  t.ok(phrasesFor('camera.motion', 'zoom_out').includes('pull back'));
  t.ok(PHRASES.get('zoom out')?.some((a) => a.slot === 'camera.motion' && a.value === 'zoom_out'));
});

t.test('qualified phrases beat bare words; first mention wins otherwise', async (t) => {
  const s = interpret('slow subject, fast camera, tempo medium');
  t.equal(s.camera.speed, 'fast');
  t.equal(s.motion.speed, 'slow');
  t.equal(s.audio.tempo, 'medium');
  t.equal(interpret('slow motion, quick camera').motion.speed, 'slow');
  t.equal(interpret('forest at night').narrative.settings, 'forest');
  const m = interpret('audio mood dark, story mood hopeful');
  t.same([m.audio.mood, m.narrative.mood], ['dark', 'hopeful']);
});

t.test('numbers, alpha and defaults', async (t) => {
  const plain = interpret('a slow pan');
  t.same([plain.duration, plain.width, plain.height, plain.fps, plain.alpha, plain.opacity], [4, 512, 288, 24, false, 1]);
  const s = interpret('a 6.5 second 1280x720 clip at 30 fps, 50% opacity, 45 degree gradient');
  t.same([s.duration, s.width, s.height, s.fps, s.alpha, s.opacity], [6.5, 1280, 720, 30, true, 0.5]);
  t.same([s.gradient.type, s.gradient.angle], ['angled', 45]);
  t.same([interpret('transparent').alpha, interpret('transparent').opacity], [true, 0.5]);
  t.same([interpret('opacity 0.25').alpha, interpret('opacity 0.25').opacity], [true, 0.25]);
  t.equal(interpret('30% transparent').opacity, 0.7);
  t.equal(interpret('translucent').alpha, true);
  t.equal(interpret('alpha channel').alpha, true);
  t.same([interpret('1080p').width, interpret('1080p').height], [1920, 1080]);
  t.equal(interpret('2 min').duration, 120);
  const withDefaults = interpret('a pan', { defaults: { duration: 8, narrative: { genre: 'horror' }, palette: { name: 'fire' } } });
  t.same([withDefaults.duration, withDefaults.narrative.genre, withDefaults.palette.name], [8, 'horror', 'fire']);
  t.equal(withDefaults.narrative.mood, 'ominous', 'inferred from the defaulted genre');
  t.equal(interpret('comedy', { defaults: { narrative: { genre: 'horror' } } }).narrative.genre, 'comedy', 'the prompt beats defaults');
  t.equal(interpret('ocean setting').palette.name, 'ocean', 'palette inferred from setting');
  t.equal(interpret('fire palette').lighting.temperature, 'warm', 'temperature inferred from palette');
});

t.test('determinism', async (t) => {
  const p = 'a dreamy slow dolly through a neon city, fade, sci-fi';
  t.same(interpret(p), interpret(p));
  t.equal(interpret(p).seed, promptSeed(p));
  t.equal(interpret('  A DREAMY slow dolly through a neon city, fade, sci-fi ').seed, promptSeed(p), 'case and spacing do not change the seed');
  t.equal(interpret('seed 77, a pan').seed, 77);
  t.equal(interpret('seed 77, a pan', { seed: 5 }).seed, 5);
  const specs = [1, 2, 3, 4, 5, 6].map((seed) => interpret(p, { seed }));
  for (const s of specs) {
    t.same([s.palette.name, s.camera.motion, s.camera.speed, s.transition.type, s.narrative.genre, s.narrative.settings],
      ['dreamy', 'dolly', 'slow', 'fade', 'sci-fi', 'neon']);
  }
  t.ok(new Set(specs.map((s) => JSON.stringify([s.gradient, s.lighting, s.composition, s.motion.rhythm]))).size > 1, 'random fields vary with the seed');
});

/** A random valid spec built from the value lists. */
function randomSpec(seed: number): SceneSpec {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const v = (slot: string) => pick(LISTS[slot]);
  const palette = pick(Object.keys(VALUES.palettes));
  const alpha = r() < 0.4;
  const nLayers = Math.floor(r() * 5);
  return {
    version: 1,
    seed: Math.floor(r() * 0x100000000),
    duration: pick([0.5, 1, 2, 2.5, 4, 10, 30]),
    width: pick([320, 512, 640, 1280]),
    height: pick([180, 240, 288, 720]),
    fps: pick([12, 24, 25, 30, 60]),
    alpha,
    opacity: alpha ? Math.round(r() * 100) / 100 : pick([1, 1, 0.8]),
    palette: { name: palette, stops: VALUES.palettes[palette].map((c) => [c[0], c[1], c[2]] as RGB) },
    gradient: { type: v('gradient.type'), angle: Math.floor(r() * 361) },
    camera: { motion: v('camera.motion'), speed: v('camera.speed'), steadiness: v('camera.steadiness') },
    motion: {
      speed: v('motion.speed'), rhythm: v('motion.rhythm'), smoothness: v('motion.smoothness'),
      directionality: v('motion.directionality'), acceleration: v('motion.acceleration'),
    },
    lighting: { contrast: v('lighting.contrast'), temperature: v('lighting.temperature') },
    composition: { framing: v('composition.framing'), balance: v('composition.balance'), symmetry: v('composition.symmetry') },
    transition: { type: v('transition.type'), shots: 1 + Math.floor(r() * 16) },
    shape: v('shape'),
    audio: {
      tempo: v('audio.tempo'), mood: v('audio.mood'), presence: v('audio.presence'),
      layers: Array.from({ length: nLayers }, () => ({
        primitive: pick(VALUES.static_sound.primitives) as SceneSpec['audio']['layers'][number]['primitive'],
        level: Math.round(r() * 100) / 100,
      })),
    },
    narrative: Object.fromEntries(NARRATIVE_ASPECTS.map((a) => [a, v(`narrative.${a}`)])) as SceneSpec['narrative'],
  };
}

t.test('describe → interpret reproduces 200 random specs', async (t) => {
  let failures = 0;
  for (let i = 0; i < 200; i++) {
    const spec = randomSpec(1000 + i);
    const text = describe(spec);
    const back = interpret(text, { seed: spec.seed });
    const again = interpret(text);
    if (JSON.stringify(back) !== JSON.stringify(spec) || JSON.stringify(again) !== JSON.stringify(spec)) {
      if (failures++ < 3) t.same(back, spec, text);
    }
  }
  t.equal(failures, 0, 'every spec round-trips');
  t.match(describe(randomSpec(1)), /camera motion .+, camera speed .+, .*genre /);
});

t.test('invalid input is INPUT_INVALID', async (t) => {
  for (const bad of [undefined, null, 42, {}, ['pan']]) {
    t.throws(() => interpret(bad as unknown as string), { code: 'INPUT_INVALID' }, String(bad));
  }
  t.throws(() => interpret(''), { code: 'INPUT_INVALID', message: /empty/ });
  t.throws(() => interpret('   \n'), { code: 'INPUT_INVALID' });
  t.throws(() => interpret('pan', { seed: -1 }), { code: 'INPUT_INVALID' });
  t.throws(() => interpret('pan', { seed: 1.5 }), { code: 'INPUT_INVALID' });
  t.throws(() => interpret('a 513x288 clip'), { code: 'INPUT_INVALID', message: /width/ });
  t.throws(() => interpret('pan', { defaults: { palette: { name: 'plaid' } } }), { code: 'INPUT_INVALID', message: /plaid/ });
  t.throws(() => describe({} as SceneSpec), { code: 'INPUT_INVALID' });
});
