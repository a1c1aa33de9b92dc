import t from 'tap';
import { RegistryStore } from '../../src/registry/store.js';
import { groupBatch } from '../../src/registry/batch.js';
import { coverageReport } from '../../src/registry/coverage.js';
import { CompletionTargets } from '../../src/model/targets.js';
import type { Observation } from '../../src/model/records.js';
import { coveringObservations } from '../helpers/coverage.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

function openStore(t: { teardown(fn: () => unknown): void }) {
  const dataDir = tempDataDir(t);
  const targets = new CompletionTargets(testConfig(dataDir));
  const store = RegistryStore.open(dataDir, targets);
  t.teardown(() => store.close());
  const record = (observations: Observation[]) => store.commit(groupBatch(observations));
  const report = () => coverageReport(store, targets);
  return { store, targets, record, report };
}

const source = { job_id: 'job' };

t.test('an empty store covers nothing and misses everything', async (t) => {
  const { targets, report } = openStore(t);
  const r = report();
  t.equal(r.seq, 0);
  t.same(Object.values(r.registries).map((x) => [x.count, x.coverage_pct]), [[0, 0], [0, 0], [0, 0], [0, 0]]);
  t.equal(r.completion.complete, false);
  t.same(r.completion.spaces.map((s) => [s.space, s.count, s.coverage_pct, s.completed_at]), targets.spaces.map((s) => [s.id, 0, 0, null]));
  t.same(r.registries.static_sound.primitives_missing, ['silence', 'rumble', 'tone', 'hiss']);
  t.equal(r.registries.static_sound.missing_keys.length, 56);
  t.same(r.registries.dynamic.domains.gradient_type.missing, ['vertical', 'horizontal', 'radial', 'angled']);
  t.same(r.registries.static_color.by_opacity['0.5'], { count: 0, cells: 1331, coverage_pct: 0 });
  t.equal(r.registries.narrative.narrative_min_coverage_pct, 0);
});

t.test('each registry counts the evidence its domains take, by origin and by group', async (t) => {
  const { record, report } = openStore(t);
  await record([
    { registry: 'static_color', r: 0, g: 0, b: 0, opacity: 0.5, source },
    { registry: 'static_color', r: 250, g: 0, b: 0, source },
    { registry: 'static_color', r: 0, g: 0, b: 250, origin: 'ingested', source },
    { registry: 'static_color', r: 0, g: 250, b: 0, origin: 'intended', source },
    { registry: 'static_sound', amplitude: 0.4, tone: 'mid', timbre: 'tone', source },
    { registry: 'static_sound', amplitude: 0, tone: 'silent', timbre: 'silence', source },
    { registry: 'dynamic', domain: 'gradient_type', value: 'radial', strength: 0.5, source },
    { registry: 'dynamic', domain: 'gradient_type', value: 'vertical', origin: 'intended', source },
    { registry: 'dynamic', domain: 'sound_mood', value: 'calm', origin: 'intended', source },
    { registry: 'narrative', domain: 'mood', value: 'Calm', origin: 'intended', source },
    { registry: 'narrative', domain: 'mood', value: 'tense', source },
  ]);
  const r = report();
  t.equal(r.seq, 11);

  const color = r.registries.static_color;
  t.same([color.count, color.cells, color.coverage_pct], [3, 27951, 0.01], 'observed and ingested cover a color, intended does not');
  t.same(color.by_origin, { observed: 2, intended: 1, ingested: 1 });
  t.same(color.by_opacity['0.5'], { count: 1, cells: 1331, coverage_pct: 0.08 });
  t.same(color.by_opacity['1.0'], { count: 2, cells: 1331, coverage_pct: 0.15 });
  t.equal(color.by_family.red.count, 1);
  t.equal(color.by_family.green.count, 0, 'an intended color is not counted');

  const sound = r.registries.static_sound;
  t.same([sound.count, sound.cells, sound.coverage_pct, sound.key_coverage_pct], [2, 56, 3.57, 3.57]);
  t.same([sound.primitives_present, sound.primitives_missing, sound.primitive_coverage_pct], [['silence', 'tone'], ['rumble', 'hiss'], 50]);
  t.notOk(sound.missing_keys.includes('0.4_mid_tone'));

  const dynamic = r.registries.dynamic;
  t.same([dynamic.count, dynamic.cells, dynamic.coverage_pct], [2, 93, 2.15], 'an observed gradient and an intended sound mood');
  t.match(dynamic.domains.gradient_type, { covered: 1, size: 4, coverage_pct: 25, evidence: 'observed', missing: ['vertical', 'horizontal', 'angled'], intended_beside: 1 });
  t.match(dynamic.domains.sound_mood, { covered: 1, size: 20, coverage_pct: 5, evidence: 'intended', intended_beside: 0 });
  t.same(dynamic.by_origin, { observed: 1, intended: 2, ingested: 0 });

  const narrative = r.registries.narrative;
  t.same([narrative.count, narrative.cells, narrative.coverage_pct], [1, 118, 0.85], 'only intended evidence covers a narrative value');
  t.same(narrative.aspects.mood, { count: 1, origin_size: 20, coverage_pct: 5, missing: narrative.aspects.mood.missing });
  t.notOk(narrative.aspects.mood.missing.includes('calm'));
  t.ok(narrative.aspects.mood.missing.includes('tense'), 'an observed narrative value does not count');
  t.equal(narrative.narrative_min_coverage_pct, 0);
  t.equal(r.completion.complete, false);
});

t.test('a store that covers every required space is complete; a space left out keeps it from completing', async (t) => {
  const full = openStore(t);
  const result = await full.record(coveringObservations(full.targets));
  t.same(result.completed.map((c) => c.space), full.targets.spaces.map((s) => s.id));
  const r = full.report();
  t.equal(r.completion.complete, true);
  t.ok(r.completion.spaces.every((s) => s.coverage_pct === 100 && typeof s.completed_at === 'string'));
  t.same(Object.values(r.registries).map((x) => x.coverage_pct), [100, 100, 100, 100]);
  t.same(r.registries.static_sound.primitives_missing, []);

  const partial = openStore(t);
  await partial.record(coveringObservations(partial.targets, ['dynamic/gradient_camera']));
  const p = partial.report();
  t.equal(p.completion.complete, false, 'gradient_camera is a required space');
  t.same(p.completion.spaces.filter((s) => s.coverage_pct < 100).map((s) => [s.space, s.count, s.completed_at]), [['dynamic.gradient_camera', 0, null]]);
  t.equal(p.registries.dynamic.coverage_pct, 100, 'combination spaces are apart from the headline');
  t.match(p.registries.dynamic.combinations.gradient_camera, { covered: 0, size: 64, coverage_pct: 0 });
});
