import t from 'tap';
import { colorDepth, colorFamily, colorKey, parseColorKey, allColorKeys } from '../../src/model/color.js';
import { soundKey, soundDepth, allSoundKeys, parseSoundKey } from '../../src/model/sound.js';
import { dynamicKey, canonicalOfKey, dynamicValues, isDeclaredDynamicKey } from '../../src/model/dynamic.js';
import { narrativeKey } from '../../src/model/narrative.js';
import { CompletionTargets } from '../../src/model/targets.js';
import { loadConfig } from '../../src/base/config.js';

t.test('color keys', async (t) => {
  t.equal(colorKey(124.2, 124.3, 160.4, 1), '100,100,150_1.0');
  t.equal(colorKey(200, 30, 30, 1), '200,25,25_1.0');
  t.equal(colorKey(20.2, 56.6, 86.1, 1), '0,50,75_1.0');
  t.equal(colorKey(255, 255, 255, 1), '250,250,250_1.0');
  t.equal(colorKey(10, 20, 30, 0.53), '0,0,25_0.55');
  t.equal(colorKey(10, 20, 30, 0), '0,0,25_0.0');
  t.equal(colorKey(10, 20, 30, 0.5), '0,0,25_0.5');
  t.equal(colorKey(10, 20, 30, 0.05), '0,0,25_0.05');
  t.equal(colorKey(-5, 300, 249.9, 1.2), '0,250,225_1.0', 'channels and alpha are clamped');
  t.same(parseColorKey('100,100,150_0.55'), { r: 100, g: 100, b: 150, step: 11 });
  t.equal(parseColorKey('100,100,151_1.0'), null, 'off-grid channel');
  t.equal(parseColorKey('100,100,150_0.56'), null, 'off-grid opacity');
  t.equal(parseColorKey('100,100,150_1'), null, 'opacity must print one decimal');
});

t.test('color depth_breakdown', async (t) => {
  t.same(colorDepth(124.2, 124.3, 160.4, 1), { gray: 80, teal: 20, opacity: 100 });
  t.same(colorDepth(200, 30, 30, 1), { brown: 64, red: 36, opacity: 100 });
  t.same(colorDepth(20.2, 56.6, 86.1, 1), { navy: 54, teal: 46, opacity: 100 });
  t.same(colorDepth(255, 0, 0, 0.5), { red: 100, brown: 0, opacity: 50 }, 'an exact match is 100/0');
});

t.test('color family and shade', async (t) => {
  t.same(colorFamily(255, 255, 255), { family: 'white', shade: 'light' });
  t.same(colorFamily(5, 5, 5), { family: 'black', shade: 'deep' });
  t.same(colorFamily(128, 128, 128), { family: 'gray', shade: 'mid' });
  t.same(colorFamily(120, 70, 20), { family: 'brown', shade: 'deep' });
  t.same(colorFamily(255, 0, 0), { family: 'red', shade: 'mid' });
  t.same(colorFamily(0, 0, 255), { family: 'blue', shade: 'mid' });
  t.same(colorFamily(200, 160, 220), { family: 'purple', shade: 'light' });
  t.same(colorFamily(100, 140, 100), { family: 'green', shade: 'muted' });
  t.same(colorFamily(255, 105, 180), { family: 'pink', shade: 'light' });
});

t.test('sound keys and depth', async (t) => {
  t.equal(soundKey(0.3, 'mid', 'tone'), '0.3_mid_tone');
  t.equal(soundKey(0.71, 'high', 'hiss'), '0.7_high_hiss');
  t.equal(soundKey(0.005, 'low', 'rumble'), '0.0_silent_silence');
  t.equal(soundKey(0.03, 'low', 'rumble'), '0.0_low_rumble');
  t.equal(soundKey(1, 'high', 'hiss'), '1.0_high_hiss');
  t.same(parseSoundKey('0.3_mid_tone'), { band: 3, tone: 'mid', timbre: 'tone' });
  t.same(soundDepth(0.314, 'tone'), { origin_noises: { silence: 0.69, tone: 0.31 }, amplitude: 0.31, strength_pct: 0.31 });
  t.same(soundDepth(0, 'silence').origin_noises, { silence: 1 });
});

t.test('dynamic and narrative keys', async (t) => {
  t.equal(dynamicKey('gradient_type', 'radial', { strength: 0.634 }), 'radial_0.63');
  t.equal(dynamicKey('camera_motion', 'zoom_out', { speed: 'fast', steadiness: 'shaky' }), 'zoom_out_fast_shaky');
  t.equal(dynamicKey('motion_speed', 'fast'), 'fast');
  t.equal(canonicalOfKey('camera_motion', 'zoom_out_fast_shaky'), 'zoom_out');
  t.equal(canonicalOfKey('gradient_type', 'radial_0.63'), 'radial');
  t.ok(isDeclaredDynamicKey('camera_motion', 'birds_eye_slow_locked'));
  t.notOk(isDeclaredDynamicKey('camera_motion', 'moonwalk_slow_locked'));
  t.equal(narrativeKey('  Golden_Hour '), 'golden_hour');
  t.equal(dynamicValues('gradient_camera')[0], 'vertical+static');
});

t.test('completion targets are derived from the origin data', async (t) => {
  const targets = new CompletionTargets(loadConfig({ env: {} }));
  const r = targets.registries;
  t.equal(r.static_color.cells, 27951);
  t.equal(allColorKeys().length, 27951);
  t.equal(new Set(allColorKeys()).size, 27951);
  t.equal(r.static_sound.cells, 56);
  t.equal(allSoundKeys(['silence', 'rumble', 'tone', 'hiss']).length, 56);
  t.same(r.static_sound.primitives, ['silence', 'rumble', 'tone', 'hiss']);
  const sizes = Object.fromEntries(r.narrative.domains.map((d) => [d.domain, d.size]));
  t.same(sizes, { genre: 24, mood: 20, style: 11, plots: 4, settings: 25, themes: 17, scene_type: 17, genre_mood_themes: 8160 });
  t.equal(r.narrative.cells, 118);
  t.equal(targets.domain('dynamic', 'gradient_type')?.size, 4);
  t.equal(targets.domain('dynamic', 'camera_motion')?.size, 16);
  t.equal(targets.domain('dynamic', 'gradient_camera')?.size, 64);
  t.equal(targets.domain('dynamic', 'sound_tempo_mood_presence')?.size, 300);
  t.equal(targets.unitOf('dynamic', 'camera_motion', 'pan_slow_locked'), 'pan');
  t.equal(targets.unitOf('static_color', 'color', '255,0,0_1.0'), null, 'off-grid keys are outside the space');
  t.equal(targets.domain('narrative', 'genre')?.evidence, 'intended');
  t.equal(targets.domain('dynamic', 'sound_mood')?.evidence, 'intended');
});
