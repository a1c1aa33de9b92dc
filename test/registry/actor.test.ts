import t from 'tap';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openRegistry } from '../../src/app/record-then-publish.js';
import { MemoryBus } from '../../src/events/memory.js';
import { SUBJECTS } from '../../src/events/subjects.js';
import type { CoverageDelta, Discovery, Observation } from '../../src/model/records.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { cellsOf } from './fixtures/batches.js';

const color = (r: number, g: number, b: number, opacity = 1, job_id = 'job'): Observation =>
  ({ registry: 'static_color', r, g, b, opacity, source: { job_id } });

async function openActor(t: { teardown(fn: () => unknown): void }, dataDir = tempDataDir(t), overrides: Record<string, unknown> = {}) {
  const bus = new MemoryBus();
  const actor = await openRegistry({ config: testConfig(dataDir, overrides), bus });
  t.teardown(() => actor.close());
  return { actor, bus, dataDir };
}

t.test('a batch creates entries, raises counts and publishes one discovery per new cell', async (t) => {
  const { actor, bus } = await openActor(t);
  const discoveries: Discovery[] = [];
  const coverage: CoverageDelta[] = [];
  bus.subscribe<Discovery>(SUBJECTS.allDiscoveries, (m) => discoveries.push(m.data));
  bus.subscribe<CoverageDelta>(SUBJECTS.allCoverage, (m) => coverage.push(m.data));

  const first = await actor.record([color(124.2, 124.3, 160.4), color(124, 124, 160), color(200, 30, 30)], { file: 'a.mp4' });
  t.equal(first.discoveries.length, 2);
  t.same(discoveries.map((d) => d.key), ['100,100,150_1.0', '200,25,25_1.0']);
  t.equal(discoveries[0].name.length > 0, true);
  t.same(discoveries[0].depth_breakdown, { gray: 80, teal: 20, opacity: 100 });
  t.same(coverage, [{ registry: 'static_color', count: 2, cells: 27951, coverage_pct: 0.01, delta: 2, seq: 2 }]);

  const second = await actor.record([color(124, 124, 160), color(10, 20, 30, 0.53)]);
  t.same(second.discoveries.map((d) => d.key), ['0,0,25_0.55']);
  t.equal(discoveries.length, 3, 'known cells publish nothing');

  const entry = await actor.entry('static_color', 'color', '100,100,150_1.0');
  t.equal(entry?.count, 3);
  t.same(entry?.fields, { r: 124.2, g: 124.3, b: 160.4, opacity: 1 });
  t.equal(entry?.family, 'blue');
  t.equal(entry?.first_seen.observed?.source.job_id, 'job');
  const report = await actor.coverage();
  t.equal(report.registries.static_color.count, 3);
  t.equal(report.registries.static_color.by_opacity['0.55'].count, 1);
  t.equal(report.registries.static_color.by_opacity['0.55'].cells, 1331);
  t.ok((await actor.check()).ok);
});

t.test('two concurrent producers: exactly one discovery per cell and exact counts', async (t) => {
  const { actor, bus } = await openActor(t);
  const published = new Map<string, number>();
  bus.subscribe<Discovery>(SUBJECTS.allDiscoveries, ({ data }) => published.set(data.key, (published.get(data.key) ?? 0) + 1));
  const levels = [0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250];
  // Producer A walks cells 0..599, producer B cells 300..899: 300 cells overlap.
  const producer = (from: number) => (async () => {
    for (let i = from; i < from + 600; i += 50) {
      const batch: Observation[] = [];
      for (let n = i; n < i + 50; n++) batch.push(color(levels[Math.floor(n / 121) % 11] + 1, levels[Math.floor(n / 11) % 11] + 1, levels[n % 11] + 1));
      await actor.record(batch);
    }
  })();
  await Promise.all([producer(0), producer(300)]);
  t.equal(published.size, 900);
  t.ok([...published.values()].every((n) => n === 1), 'no cell was announced twice');
  const { entries, total } = await actor.entries('static_color');
  t.equal(total, 900);
  const counts = new Map(entries.map((e) => [e.key, e.count]));
  t.equal(counts.get('0,0,0_1.0'), 1);
  t.equal(counts.get(`${levels[Math.floor(300 / 121)]},${levels[Math.floor(300 / 11) % 11]},${levels[300 % 11]}_1.0`), 2, 'overlap counted twice');
  t.equal([...counts.values()].reduce((a, b) => a + b, 0), 1200);
  t.equal((await actor.discoveries(0, 5000)).length, 900);
  t.ok((await actor.check()).ok);
});

t.test('a batch sent twice under one id is applied once: the second changes nothing and publishes nothing', async (t) => {
  const { actor, bus } = await openActor(t);
  const events: string[] = [];
  bus.subscribe('registry.>', (m) => events.push(m.subject));
  const batch = [color(10, 200, 30), color(10, 200, 30), color(250, 250, 250)];
  const first = await actor.record(batch, { job_id: '7' }, { once: 'job-7' });
  const again = await actor.record(batch, { job_id: '7' }, { once: 'job-7' });
  t.equal(first.discoveries.length, 2);
  t.match(again, { duplicate: true, discoveries: [], coverage: [], seq: first.seq });
  t.equal((await actor.entry('static_color', 'color', '0,200,25_1.0'))?.count, 2, 'counts raised once');
  t.equal(events.length, 3, 'two discoveries and one coverage delta, once');
  const other = await actor.record(batch, { job_id: '8' }, { once: 'job-8' });
  t.notOk(other.duplicate, 'another id is another batch');
  t.equal((await actor.entry('static_color', 'color', '0,200,25_1.0'))?.count, 4);
});

t.test('a batch with one invalid observation is rejected whole', async (t) => {
  const { actor } = await openActor(t);
  await actor.record([color(1, 1, 1)]);
  await t.rejects(actor.record([color(100, 100, 100), { registry: 'static_color', r: 300, g: 0, b: 0 } as Observation]), {
    code: 'OBSERVATION_INVALID',
    message: /observation 1: "r" must be a number from 0 to 255/,
  });
  await t.rejects(actor.record([color(100, 100, 100), { registry: 'colors' } as unknown as Observation]), { code: 'OBSERVATION_INVALID' });
  await t.rejects(actor.record('nope'), { code: 'BATCH_INVALID' });
  t.equal(await actor.entry('static_color', 'color', '100,100,100_1.0'), null, 'the valid observation was not written');
  t.equal((await actor.headline()).find((c) => c.registry === 'static_color')?.count, 1);
  t.equal((await actor.discoveries()).length, 1);
});

t.test('observed, intended and ingested records are kept apart', async (t) => {
  const { actor } = await openActor(t, undefined, { dynamic: { window_seconds: 1, intended_only: { camera_motion: { roll: 'drawn like rotate' } } } });
  const result = await actor.record([
    { registry: 'narrative', domain: 'genre', value: 'Thriller', origin: 'intended' },
    { registry: 'narrative', domain: 'settings', value: 'golden_hour', origin: 'intended' },
    { registry: 'dynamic', domain: 'gradient_type', value: 'radial', strength: 0.634 },
    { registry: 'dynamic', domain: 'camera_motion', value: 'pan', speed: 'slow', steadiness: 'locked', origin: 'intended' },
    { registry: 'dynamic', domain: 'camera_motion', value: 'roll', speed: 'slow', steadiness: 'locked', origin: 'intended' },
    { registry: 'static_sound', amplitude: 0.31, tone: 'mid', timbre: 'tone' },
    { registry: 'static_color', key: 'not-a-color', origin: 'ingested' },
    { registry: 'static_color', r: 250, g: 250, b: 250, origin: 'ingested' },
  ]);
  t.equal(result.discoveries.length, 8);
  const report = await actor.coverage();
  t.same(report.registries.narrative.aspects.genre.count, 1);
  t.notOk(report.registries.narrative.aspects.settings.missing.includes('golden_hour'));
  t.equal(report.registries.dynamic.domains.gradient_type.covered, 1);
  t.equal(report.registries.dynamic.domains.camera_motion.covered, 1, 'only the intended-only value counts from a spec');
  t.equal(report.registries.dynamic.domains.camera_motion.intended_beside, 1);
  t.same(report.registries.static_sound.primitives_present, ['tone']);
  t.equal(report.registries.static_sound.count, 1);
  t.equal(report.registries.static_color.count, 1, 'the off-space key does not count');
  t.equal(report.registries.static_color.by_origin.ingested, 1);
  const stray = await actor.entry('static_color', 'color', 'not-a-color');
  t.match(stray?.name, /^Stray /);
  t.equal(stray?.unit, null);
  const thriller = await actor.entry('narrative', 'genre', 'thriller');
  t.equal(thriller?.counts.intended, 1);
  t.equal(thriller?.counts.observed, 0);
});

t.test('a SIGKILL in the middle of recording loses no acknowledged batch', async (t) => {
  const dataDir = tempDataDir(t);
  const script = fileURLToPath(new URL('./fixtures/recorder.js', import.meta.url));
  const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acked = -1;
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString().matchAll(/ack (\d+)/g)) acked = Number(m[1]);
      if (acked >= 25) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve());
  });
  t.ok(acked >= 25, `child acknowledged ${acked + 1} batches before the kill`);

  const { actor } = await openActor(t, dataDir);
  for (let i = 0; i <= acked; i++) {
    for (const key of cellsOf(i)) {
      const entry = await actor.entry('static_color', 'color', key);
      if (!entry) t.fail(`acknowledged cell ${key} of batch ${i} is missing`);
    }
  }
  const shared = await actor.entry('static_color', 'color', '0,0,0_1.0');
  t.ok(shared && shared.count >= acked + 1, 'the shared cell counts every acknowledged batch');
  const check = await actor.check();
  t.same(check.problems, []);
  t.equal(check.log_records, check.evidence_pairs, 'entry counts agree with the discovery log');
  const expectedMin = new Set(Array.from({ length: acked + 1 }, (_, i) => cellsOf(i)).flat()).size;
  t.ok(check.evidence_pairs >= expectedMin);
});
