import t from 'tap';
import { DYNAMIC_DOMAINS, VALUES } from '../../src/base/values.js';
import {
  allDynamicKeys, canonicalOfKey, dynamicKey, dynamicValues, isCombinationDomain, isDeclaredDynamicKey, isDynamicDomain,
} from '../../src/model/dynamic.js';

t.test('domains and combination spaces', async (t) => {
  t.ok(isCombinationDomain('gradient_camera'));
  t.ok(isCombinationDomain('sound_tempo_mood_presence'));
  t.notOk(isCombinationDomain('gradient_type'));
  t.ok(isDynamicDomain('gradient_type'));
  t.ok(isDynamicDomain('gradient_camera'), 'a combination space is a dynamic domain');
  t.notOk(isDynamicDomain('camera_speed'), 'a field list is not a domain');
  t.notOk(isDynamicDomain('genre'));
});

t.test('dynamicValues: a domain\'s list, a combination\'s cross product, nothing for the unknown', async (t) => {
  t.same(dynamicValues('gradient_type'), ['vertical', 'horizontal', 'radial', 'angled']);
  t.equal(dynamicValues('camera_motion').length, 16);
  const gc = dynamicValues('gradient_camera');
  t.equal(gc.length, 4 * 16);
  t.same(gc.slice(0, 3), ['vertical+static', 'vertical+pan', 'vertical+tilt']);
  t.equal(gc[16], 'horizontal+static');
  t.equal(gc[63], 'angled+rotate');
  const tmp = dynamicValues('sound_tempo_mood_presence');
  t.equal(tmp.length, 3 * 20 * 5);
  t.equal(tmp[0], 'slow+' + VALUES.dynamic.sound_mood[0] + '+silence');
  t.same(dynamicValues('no_such_domain'), []);
});

t.test('dynamicKey: strength for gradients, speed and steadiness for camera moves', async (t) => {
  t.equal(dynamicKey('gradient_type', 'radial', { strength: 0.5 }), 'radial_0.50');
  t.equal(dynamicKey('gradient_type', 'radial', { strength: 0.456 }), 'radial_0.46');
  t.equal(dynamicKey('gradient_type', 'radial', { strength: 1.7 }), 'radial_1.00', 'clamped above');
  t.equal(dynamicKey('gradient_type', 'radial', { strength: -0.2 }), 'radial_0.00', 'clamped below');
  t.equal(dynamicKey('gradient_type', 'radial'), 'radial_0.00', 'no strength is 0');
  t.equal(dynamicKey('camera_motion', 'pan'), 'pan_medium_stable', 'defaults');
  t.equal(dynamicKey('camera_motion', 'pan', { speed: 'fast' }), 'pan_fast_stable');
  t.equal(dynamicKey('camera_motion', 'whip_pan', { steadiness: 'shaky' }), 'whip_pan_medium_shaky');
  t.equal(dynamicKey('motion_speed', 'fast', { strength: 0.3, speed: 'slow' }), 'fast', 'other domains ignore the fields');
  t.equal(dynamicKey('gradient_camera', 'radial+pan'), 'radial+pan');
});

t.test('canonicalOfKey undoes dynamicKey, and names keys without that form', async (t) => {
  t.equal(canonicalOfKey('gradient_type', 'radial_0.50'), 'radial');
  t.equal(canonicalOfKey('gradient_type', 'radial_1.00'), 'radial');
  t.equal(canonicalOfKey('gradient_type', 'radial_0.5'), null, 'two decimals needed');
  t.equal(canonicalOfKey('gradient_type', 'radial_1.01'), null, 'above 1');
  t.equal(canonicalOfKey('gradient_type', 'radial'), null);
  t.equal(canonicalOfKey('camera_motion', 'zoom_out_fast_shaky'), 'zoom_out', 'underscores in the motion stay');
  t.equal(canonicalOfKey('camera_motion', 'pan_fast'), null, 'too few parts');
  t.equal(canonicalOfKey('camera_motion', 'anything_a_b'), 'anything', 'the form only, not the values');
  t.equal(canonicalOfKey('motion_speed', 'whatever'), 'whatever');
});

t.test('isDeclaredDynamicKey checks the value and the camera fields', async (t) => {
  t.ok(isDeclaredDynamicKey('gradient_type', 'angled_0.07'));
  t.notOk(isDeclaredDynamicKey('gradient_type', 'spiral_0.50'));
  t.notOk(isDeclaredDynamicKey('gradient_type', 'radial_0.5'));
  t.ok(isDeclaredDynamicKey('camera_motion', 'handheld_slow_handheld'));
  t.notOk(isDeclaredDynamicKey('camera_motion', 'pan_warp_stable'), 'unknown speed');
  t.notOk(isDeclaredDynamicKey('camera_motion', 'pan_fast_wobbly'), 'unknown steadiness');
  t.notOk(isDeclaredDynamicKey('camera_motion', 'pan_fast'));
  t.ok(isDeclaredDynamicKey('motion_speed', 'static'));
  t.notOk(isDeclaredDynamicKey('motion_speed', 'warp'));
  t.ok(isDeclaredDynamicKey('gradient_camera', 'radial+pan'));
  t.notOk(isDeclaredDynamicKey('gradient_camera', 'pan+radial'), 'parts in order');
  t.notOk(isDeclaredDynamicKey('no_such_domain', 'x'));
});

t.test('allDynamicKeys enumerates each declared space', async (t) => {
  const gradient = allDynamicKeys('gradient_type');
  t.equal(gradient.length, 4 * 101);
  t.same(gradient.slice(0, 2), ['vertical_0.00', 'vertical_0.01']);
  t.equal(gradient[100], 'vertical_1.00');
  t.equal(gradient[101], 'horizontal_0.00');
  const camera = allDynamicKeys('camera_motion');
  t.equal(camera.length, 16 * 3 * 4);
  t.same(camera.slice(0, 5), ['static_slow_locked', 'static_slow_stable', 'static_slow_handheld', 'static_slow_shaky', 'static_medium_locked']);
  t.same(allDynamicKeys('motion_speed'), ['static', 'slow', 'medium', 'fast']);
  t.equal(allDynamicKeys('gradient_camera').length, 64);
  t.same(allDynamicKeys('no_such_domain'), []);
  const all = [...DYNAMIC_DOMAINS, ...Object.keys(VALUES.dynamic_combinations)];
  t.equal(all.reduce((n, d) => n + allDynamicKeys(d).length, 0), 1033);
  for (const d of all) {
    const keys = allDynamicKeys(d);
    t.equal(new Set(keys).size, keys.length, `${d}: distinct`);
    t.ok(keys.every((k) => isDeclaredDynamicKey(d, k)), `${d}: every key is declared`);
    t.same([...new Set(keys.map((k) => canonicalOfKey(d, k)))], dynamicValues(d), `${d}: keys cover the values in order`);
  }
});
