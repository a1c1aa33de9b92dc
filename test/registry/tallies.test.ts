import t from 'tap';
import { pct } from '../../src/registry/tallies.js';
import { RegistryStore } from '../../src/registry/store.js';
import { groupBatch } from '../../src/registry/batch.js';
import { CompletionTargets } from '../../src/model/targets.js';
import type { Observation } from '../../src/model/records.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

t.test('pct: a percentage to two decimals, 0 for an empty space', async (t) => {
  t.same([[0, 0], [3, 0], [1, 3], [2, 3], [3, 3], [1, 27951], [5, 27951], [1, 200_000]].map(([count, cells]) => pct(count, cells)),
    [0, 0, 33.33, 66.67, 100, 0, 0.02, 0]);
});

t.test('a unit is covered only by the evidence its domain counts', async (t) => {
  const dataDir = tempDataDir(t);
  const targets = new CompletionTargets(testConfig(dataDir));
  const store = RegistryStore.open(dataDir, targets);
  t.teardown(() => store.close());
  const commit = (observations: Observation[]) => store.commit(groupBatch(observations, {}));
  const genre = (origin: Observation['origin']): Observation => ({ registry: 'narrative', domain: 'genre', value: 'thriller', origin, source: {} });
  const speed = (origin: Observation['origin']): Observation => ({ registry: 'dynamic', domain: 'motion_speed', value: 'fast', origin, source: {} });

  const observed = await commit([genre('observed'), speed('intended')]);
  t.same([observed.gained, observed.coverage], [{}, []], 'an observed genre and an intended speed cover nothing');
  t.same([...store.unitTallies('narrative', 'genre')], [['thriller', { observed: 1, intended: 0, ingested: 0 }]]);

  const intended = await commit([genre('intended'), speed('ingested')]);
  t.same(intended.gained, { narrative: 1, dynamic: 1 });
  t.same(intended.coverage.map((c) => [c.registry, c.count, c.delta]), [['narrative', 1, 1], ['dynamic', 1, 1]], 'in the order the batch changed them');
  t.same([...store.unitTallies('dynamic', 'motion_speed')], [['fast', { observed: 0, intended: 1, ingested: 1 }]]);
  t.match(store.spaceCoverage().find((s) => s.space === 'narrative'), { count: 1 });
});
