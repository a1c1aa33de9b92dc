import t from 'tap';
import { exportDocument } from '../../src/app/export.js';
import { openRegistry } from '../../src/app/record-then-publish.js';
import { PROGRESS_JOBS } from '../../src/loop/metrics.js';
import type { Observation } from '../../src/model/records.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

t.test('one document: every registry\'s entries, the coverage report and loop progress', async (t) => {
  const config = testConfig(tempDataDir(t));
  const actor = await openRegistry({ config });
  t.teardown(() => actor.close());
  const empty = await exportDocument(actor, config);
  t.same([empty.seq, Object.values(empty.registries).map((entries) => entries.length)], [0, [0, 0, 0, 0]]);

  await actor.record([
    { registry: 'static_color', r: 0, g: 0, b: 0, source: {} },
    { registry: 'static_color', r: 0, g: 0, b: 0, source: {} },
    { registry: 'dynamic', domain: 'camera_motion', value: 'pan', speed: 'slow', steadiness: 'locked', source: {} },
  ] as Observation[]);
  const doc = await exportDocument(actor, config);
  t.equal(doc.format, 'motion-registry/export@1');
  t.match(doc.generated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  t.equal(doc.seq, 2);
  t.equal(doc.coverage.seq, 2);
  t.same(Object.keys(doc.registries), ['static_color', 'static_sound', 'dynamic', 'narrative']);
  t.same(doc.registries.static_color.map((e) => [e.key, e.count]), [['0,0,0_1.0', 2]]);
  t.same(doc.registries.dynamic.map((e) => [e.domain, e.key, e.count]), [['camera_motion', 'pan_slow_locked', 1]]);
  t.same([doc.registries.static_sound, doc.registries.narrative], [[], []]);
  t.same(doc.coverage, await actor.coverage(), 'the coverage report as the actor gives it');
  t.same(Object.keys(doc.loop_progress.registries), ['static_color', 'static_sound', 'dynamic', 'narrative']);
  t.equal(PROGRESS_JOBS, 100);
  t.same(JSON.parse(JSON.stringify(doc)), doc, 'plain JSON');
});
