import t from 'tap';
import { openRegistry } from '../../src/app/record-then-publish.js';
import { MemoryBus } from '../../src/events/memory.js';
import { SUBJECTS } from '../../src/events/subjects.js';
import type { BusMessage } from '../../src/events/bus.js';
import type { Discovery, EntryWithCounts, Observation } from '../../src/model/records.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const color = (r: number, g: number, b: number): Observation => ({ registry: 'static_color', r, g, b, source: { job_id: 'job' } });

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never: ${what}`);
}

t.test('with a bus: each discovery is published once its commit is durable', async (t) => {
  const dataDir = tempDataDir(t);
  const bus = new MemoryBus();
  const actor = await openRegistry({ config: testConfig(dataDir), bus });
  t.teardown(() => actor.close());
  const seen: Array<{ message: BusMessage; entry: Promise<EntryWithCounts | null> }> = [];
  bus.subscribe<Discovery>(SUBJECTS.allRegistry, (m) => seen.push({
    message: m,
    entry: m.subject.startsWith('registry.discovery.') ? actor.entry('static_color', 'color', (m.data as Discovery).key) : Promise.resolve(null),
  }));

  const result = await actor.record([color(0, 0, 0), color(250, 0, 0)]);
  t.same(seen.map((s) => s.message.subject), ['registry.discovery.static_color.color', 'registry.discovery.static_color.color', 'registry.coverage.static_color'],
    'published by the time the commit resolves');
  t.same(seen.slice(0, 2).map((s) => (s.message.data as Discovery).seq), result.discoveries.map((d) => d.seq));
  const entries = await Promise.all(seen.slice(0, 2).map((s) => s.entry));
  t.same(entries.map((e) => e?.count), [1, 1], 'a subscriber reading the registry finds the entry');
  await until(() => actor.delivery()?.acked === 2, 'acknowledged');
  t.same(actor.delivery(), { pending: 0, acked: 2, waitingSince: null, error: null });
});

t.test('without a bus nothing is published and there is no delivery state; the log keeps the events for a later bus', async (t) => {
  const dataDir = tempDataDir(t);
  const config = testConfig(dataDir);
  const actor = await openRegistry({ config });
  t.equal(actor.delivery(), null);
  await actor.record([color(0, 0, 0), color(250, 0, 0)]);
  await actor.close();

  const bus = new MemoryBus();
  const subjects: string[] = [];
  bus.subscribe(SUBJECTS.allRegistry, (m) => void subjects.push(m.subject));
  const later = await openRegistry({ config, bus });
  t.teardown(() => later.close());
  await until(() => later.delivery()?.acked === 2, 'caught up');
  t.same(subjects, ['registry.discovery.static_color.color', 'registry.discovery.static_color.color', 'registry.coverage.static_color']);
});
