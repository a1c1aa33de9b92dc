import t from 'tap';
import { RegistryStore } from '../../src/registry/store.js';
import { groupBatch, type CommitBatch } from '../../src/registry/batch.js';
import { pairId } from '../../src/model/keys.js';
import { CompletionTargets } from '../../src/model/targets.js';
import type { Observation, Retraction } from '../../src/model/records.js';
import { coveringObservations } from '../helpers/coverage.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

type Teardown = { teardown(fn: () => unknown): void };

const COLOR_CELLS = 11 ** 3 * 21;

const color = (r: number, g: number, b: number, extra: Partial<Observation> = {}): Observation =>
  ({ registry: 'static_color', r, g, b, source: { job_id: 'job' }, ...extra } as Observation);

function openStore(t: Teardown, dataDir = tempDataDir(t)) {
  const config = testConfig(dataDir);
  const targets = new CompletionTargets(config);
  const store = RegistryStore.open(dataDir, targets);
  t.teardown(() => store.close());
  const commit = (observations: Observation[], options: Pick<CommitBatch, 'once' | 'ingest'> = {}, known?: Set<string>) =>
    store.commit({ ...groupBatch(observations, {}, known), ...options });
  return { store, targets, commit, dataDir };
}

t.test('a new pair is discovered once; a known pair only raises its count', async (t) => {
  const { store, commit } = openStore(t);
  const first = await commit([color(124, 124, 160), color(124.2, 124.3, 160.4), color(200, 30, 30), color(200, 30, 30, { origin: 'intended' })]);
  t.equal(first.observations, 4);
  t.equal(first.cells, 3, 'one pair per (cell, evidence)');
  t.same(first.discoveries.map((d) => [d.seq, d.key, d.evidence]), [[1, '100,100,150_1.0', 'observed'], [2, '200,25,25_1.0', 'observed'], [3, '200,25,25_1.0', 'intended']]);
  t.equal(first.seq, 3);
  t.same(first.coverage, [{ registry: 'static_color', count: 2, cells: COLOR_CELLS, coverage_pct: 0.01, delta: 2, seq: 3 }], 'intended evidence does not cover a color');
  t.same(first.gained, { static_color: 2 });

  const known = new Set(groupBatch([color(124, 124, 160)]).pairs);
  const second = await commit([color(124, 124, 160)], {}, known);
  t.same([second.discoveries, second.coverage, second.gained, second.seq], [[], [], {}, 3], 'nothing new: no discovery, no coverage change');

  t.match(store.getEntry('static_color', 'color', '100,100,150_1.0'), { count: 3, counts: { observed: 3, intended: 0 }, fields: { r: 124, g: 124, b: 160 } });
  t.match(store.getEntry('static_color', 'color', '200,25,25_1.0'), { count: 2, counts: { observed: 1, intended: 1 } });
  t.same(Object.keys(store.getEntry('static_color', 'color', '200,25,25_1.0')!.first_seen).sort(), ['intended', 'observed']);
  t.equal(store.getEntry('static_color', 'color', '0,0,0_1.0'), undefined);
  t.same(store.frequencies('static_color', 'observed'), { f1: 1, n: 4, cells: 2 });
  t.same(store.frequencies('static_color', 'intended'), { f1: 1, n: 1, cells: 1 });
  t.same(store.unitCounts('static_color', 'color'), { '100,100,150_1.0': 3, '200,25,25_1.0': 1 });
  t.same(store.unitCounts('static_color', 'color', 'intended'), { '200,25,25_1.0': 1 });
  t.same(store.headline().find((h) => h.registry === 'static_color'), { registry: 'static_color', count: 2, cells: COLOR_CELLS, coverage_pct: 0.01, delta: 0, seq: 3 });
  t.same(store.check(), { ok: true, log_records: 3, evidence_pairs: 3, entries: 2, problems: [] });
});

t.test('entries are listed in key order, filtered and paged', async (t) => {
  const { store, commit } = openStore(t);
  await commit([color(0, 0, 0), color(250, 250, 250), color(125, 125, 125), color(250, 0, 0)]);
  const all = store.listEntries('static_color');
  t.equal(all.total, 4);
  t.same(all.entries.map((e) => e.key), ['0,0,0_1.0', '125,125,125_1.0', '250,0,0_1.0', '250,250,250_1.0']);
  t.same(store.listEntries('static_color', { offset: 1, limit: 2 }).entries.map((e) => e.key), ['125,125,125_1.0', '250,0,0_1.0']);
  t.same(store.listEntries('static_color', { family: 'red' }), { total: 1, entries: [store.getEntry('static_color', 'color', '250,0,0_1.0')] });
  t.equal(store.listEntries('static_sound').total, 0, 'other registries are apart');
});

t.test('a batch under an id is applied once; a new pair that came without its observation aborts the whole batch', async (t) => {
  const { store, commit } = openStore(t);
  t.equal((await commit([color(0, 0, 0)], { once: 'job-1' })).seq, 1);
  const again = await commit([color(0, 0, 0), color(250, 0, 0)], { once: 'job-1' });
  t.same([again.duplicate, again.discoveries, again.coverage, again.seq], [true, [], [], 1]);
  t.equal(store.getEntry('static_color', 'color', '0,0,0_1.0')?.count, 1, 'the duplicate counted nothing');

  const claimed = new Set([pairId({ registry: 'static_color', domain: 'color', key: '25,25,25_1.0', evidence: 'observed' })]);
  await t.rejects(commit([color(250, 250, 250), color(30, 30, 30)], {}, claimed), { code: 'INTERNAL', details: { reason: 'missing_first' } });
  t.equal(store.seq, 1);
  t.equal(store.getEntry('static_color', 'color', '250,250,250_1.0'), undefined, 'the pair before the bad one was not written either');
  t.ok(store.check().ok);
});

t.test('revoking an ingested batch retracts what only it supported and moves shared pairs to the observed tally', async (t) => {
  const { store, commit } = openStore(t);
  const ingested = await commit([color(0, 0, 0, { origin: 'ingested' }), color(250, 0, 0, { origin: 'ingested', count: 2 })], { ingest: { client: 'partner' } });
  t.equal(ingested.batch, 1);
  await commit([color(0, 0, 0)]);
  t.same([...store.unitTallies('static_color', 'color')], [['0,0,0_1.0', { observed: 0, intended: 0, ingested: 1 }], ['250,0,0_1.0', { observed: 0, intended: 0, ingested: 1 }]]);
  t.match(store.listBatches(), { total: 1, batches: [{ id: 1, client: 'partner', seq: 2, observations: 3, cells: 2 }] });
  t.same(store.getBatch(1)?.pairs, [
    { registry: 'static_color', domain: 'color', key: '0,0,0_1.0', evidence: 'observed', count: 1 },
    { registry: 'static_color', domain: 'color', key: '250,0,0_1.0', evidence: 'observed', count: 2 },
  ]);

  const revocation = store.revoke(1, 'operator');
  t.match(revocation.batch, { id: 1, revoked: { by: 'operator', seq: 3, retracted: 1, reduced: 1 } });
  t.same(revocation.retractions.map((r: Retraction) => [r.seq, r.key, r.origin, r.retracted]), [[3, '250,0,0_1.0', 'ingested', { batch: 1, client: 'partner' }]]);
  t.same(revocation.coverage, [{ registry: 'static_color', count: 1, cells: COLOR_CELLS, coverage_pct: 0, delta: -1, seq: 3 }]);
  t.equal(store.getEntry('static_color', 'color', '250,0,0_1.0'), undefined, 'an entry left without evidence goes');
  t.match(store.getEntry('static_color', 'color', '0,0,0_1.0'), { count: 1, first_seen: { observed: { origin: 'observed' } } }, 'the job\'s record is left, as observed');
  t.same([...store.unitTallies('static_color', 'color')], [['0,0,0_1.0', { observed: 1, intended: 0, ingested: 0 }], ['250,0,0_1.0', { observed: 0, intended: 0, ingested: 0 }]]);
  t.same(store.records(2).map((r) => r.seq), [3], 'the retraction is logged after the discoveries');
  t.same(store.discoveries().map((d) => d.key), ['0,0,0_1.0', '250,0,0_1.0'], 'discoveries skip retractions');

  const repeated = store.revoke(1, 'operator');
  t.same([repeated.already, repeated.retractions, repeated.coverage, repeated.seq], [true, [], [], 3]);
  t.throws(() => store.revoke(2, 'operator'), { code: 'NOT_FOUND' });
  t.same(store.check(), { ok: true, log_records: 3, evidence_pairs: 1, entries: 1, problems: [] });
});

t.test('completions are stored once reached and withdrawn when a revocation undoes them', async (t) => {
  const { store, targets, commit } = openStore(t);
  const dynamic = coveringObservations(targets, ['static_color', 'static_sound', 'narrative']);
  const result = await commit(dynamic.map((o) => ({ ...o, origin: o.origin === 'intended' ? 'intended' : 'ingested' } as Observation)), { ingest: { client: 'partner' } });
  t.same(result.completed.map((c) => c.space).sort(), ['dynamic', 'dynamic.gradient_camera', 'dynamic.sound_tempo_mood_presence']);
  t.same(Object.keys(store.completed()).sort(), ['dynamic', 'dynamic.gradient_camera', 'dynamic.sound_tempo_mood_presence']);
  t.match(store.spaceCoverage().find((s) => s.space === 'dynamic'), { count: 93, cells: 93, required: true });
  t.same(store.settleCompletions(), [], 'nothing left to settle');

  store.revoke(1, 'operator');
  t.same(store.completed(), {});
  t.same(store.spaceCoverage().map((s) => s.count), [0, 0, 0, 0, 0, 0, 0]);
  t.ok(store.check().ok);
});

t.test('the outbox hands out what the bus has not acknowledged, and forgets it once acknowledged', async (t) => {
  const { store, commit } = openStore(t);
  t.equal(store.published, 0);
  await commit([color(0, 0, 0), color(250, 0, 0)]);
  await commit([color(0, 0, 250)]);
  const all = store.undelivered(0, 100);
  t.same(all.records.map((r) => r.seq), [1, 2, 3]);
  t.same(all.coverage.map((c) => [c.seq, c.count, c.delta]), [[2, 2, 2], [3, 3, 1]]);
  t.same([all.completed, all.seq, all.head], [[], 3, 3]);
  const page = store.undelivered(0, 1);
  t.same([page.records.length, page.coverage, page.seq, page.head], [1, [], 1, 3], 'a batch\'s coverage comes with its last discovery');

  store.acknowledge(2, []);
  t.equal(store.published, 2);
  const rest = store.undelivered(2, 100);
  t.same([rest.records.map((r) => r.seq), rest.coverage.map((c) => c.seq), rest.seq], [[3], [3], 3]);
  t.same(store.undelivered(0, 100).coverage.map((c) => c.seq), [3], 'acknowledged coverage left the outbox');
  store.acknowledge(10, []);
  t.equal(store.published, 3, 'never beyond the log');
});

t.test('a closed store refuses writes; a reopened one has what was committed', async (t) => {
  const dataDir = tempDataDir(t);
  const first = openStore(t, dataDir);
  await first.commit([color(0, 0, 0, { count: 3 })]);
  await first.store.close();
  await t.rejects(first.commit([color(0, 0, 0)]), { code: 'STORE_CLOSED' });
  t.throws(() => first.store.revoke(1, 'x'), { code: 'STORE_CLOSED' });

  const again = openStore(t, dataDir);
  t.equal(again.store.seq, 1);
  t.equal(again.store.getEntry('static_color', 'color', '0,0,0_1.0')?.count, 3);
  await again.store.close();
  const reader = RegistryStore.open(dataDir, again.targets, { readOnly: true });
  t.teardown(() => reader.close());
  t.equal(reader.readOnly, true);
  t.same(reader.settleCompletions(), [], 'a reader writes nothing');
  t.equal(reader.getEntry('static_color', 'color', '0,0,0_1.0')?.count, 3);
});
