import t from 'tap';
import { COLOR_DOMAIN, isRegistryName, REGISTRIES, SOUND_DOMAIN } from '../../src/model/registries.js';

t.test('four registries in report order, and the static domains', async (t) => {
  t.same(REGISTRIES, ['static_color', 'static_sound', 'dynamic', 'narrative']);
  t.equal(COLOR_DOMAIN, 'color');
  t.equal(SOUND_DOMAIN, 'sound');
});

t.test('isRegistryName takes exactly the four names', async (t) => {
  for (const name of REGISTRIES) t.equal(isRegistryName(name), true, name);
  for (const name of ['', 'color', 'static', 'Static_Color', 'static_color ', 'narratives', 'toString', 'constructor']) {
    t.equal(isRegistryName(name), false, JSON.stringify(name));
  }
});
