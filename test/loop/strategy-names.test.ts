import t from 'tap';
import { STRATEGIES, isStrategy } from '../../src/loop/strategy-names.js';

t.test('strategies in the order fresh ones are tried', async (t) => {
  t.same(STRATEGIES, [
    'color_sweep', 'sound_sweep', 'fill_tempo_mood_presence', 'fill_gradient_camera',
    'explore', 'narrative', 'exploit', 'color_sweep_h264', 'color_sweep_vp9',
  ]);
  t.equal(new Set(STRATEGIES).size, STRATEGIES.length);
});

t.test('isStrategy', async (t) => {
  for (const name of STRATEGIES) t.ok(isStrategy(name), name);
  for (const name of ['', 'sweep', 'Color_sweep', 'color_sweep ', 'toString', 'color_sweep_av1']) t.notOk(isStrategy(name), `"${name}"`);
});
