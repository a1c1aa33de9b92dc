import t from 'tap';
import { loadConfig } from '../../../src/base/config.js';
import { CompletionTargets } from '../../../src/model/targets.js';
import { allSoundKeys } from '../../../src/model/sound.js';
import { missingKeys, pickKeys } from '../../../src/loop/sweep/keys.js';
import type { LoopRuntime } from '../../../src/loop/runtime.js';

t.test('pickKeys: requested keys in declared order, producible ones, at most limit', async (t) => {
  const units = ['a', 'b', 'c', 'd', 'e'];
  const all = () => true;
  t.same(pickKeys(units, ['d', 'a', 'c'], all), { keys: ['a', 'c', 'd'], skipped: 0 }, 'declared order, not request order');
  t.same(pickKeys(units, ['a', 'x', 'a'], all), { keys: ['a'], skipped: 0 }, 'unknown and repeated keys drop out, uncounted');
  t.same(pickKeys(units, new Set(['e', 'b', 'c']), (k) => k !== 'c'), { keys: ['b', 'e'], skipped: 1 });
  t.same(pickKeys(units, units, (k) => k > 'b', 2), { keys: ['c', 'd'], skipped: 2 }, 'the limit does not count as skipped');
  t.same(pickKeys(units, units, all, 0), { keys: [], skipped: 0 });
  t.same(pickKeys(units, units, () => false), { keys: [], skipped: 5 });
  t.same(pickKeys(units, [], all), { keys: [], skipped: 0 });
});

t.test('missingKeys: the domain\'s cells not yet observed, in declared order', async (t) => {
  const targets = new CompletionTargets(loadConfig({ env: {} }));
  const units = allSoundKeys(['silence', 'rumble', 'tone', 'hiss']);
  const asked: unknown[][] = [];
  const rt = {
    targets,
    actor: {
      unitCounts: async (...args: unknown[]) => {
        asked.push(args);
        return Object.fromEntries(units.slice(2).map((k) => [k, 1]));
      },
    },
  } as unknown as LoopRuntime;
  t.same(await missingKeys(rt, 'static_sound', 'sound'), units.slice(0, 2));
  t.same(asked, [['static_sound', 'sound']], 'observed evidence, the default');
});
