import t from 'tap';
import { RegistryStore } from '../../src/registry/store.js';
import { groupBatch } from '../../src/registry/batch.js';
import { normalizeBatch } from '../../src/registry/observation.js';
import { CompletionTargets } from '../../src/model/targets.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

function openStore(t: { teardown(fn: () => unknown): void }) {
  const dataDir = tempDataDir(t);
  const store = RegistryStore.open(dataDir, new CompletionTargets(testConfig(dataDir)));
  t.teardown(() => store.close());
  return { store, record: async (observations: unknown, defaults = {}) => store.commit(groupBatch(observations, defaults)) };
}

const color = { registry: 'static_color', r: 10, g: 20, b: 30 };

t.test('observations are normalized: the cell identified, the evidence taken from the origin, the source merged', async (t) => {
  const { store, record } = openStore(t);
  const result = await record([
    { ...color, opacity: 0.53, prompt: 'p'.repeat(600), source: { job_id: 'job-1', time: 2.5 } },
    { registry: 'static_sound', amplitude: 0.4, tone: 'mid', timbre: 'tone', peak_hz: 330, count: 3 },
    { registry: 'dynamic', domain: 'camera_motion', value: 'pan', speed: 'fast', origin: 'intended' },
    { registry: 'dynamic', domain: 'gradient_type', value: 'radial', strength: 1, origin: 'ingested' },
    { registry: 'narrative', domain: 'mood', value: '  Calm ', origin: 'intended' },
    { registry: 'static_color', key: '0,0,0_1.0' },
  ], { file: 'clip.mp4' });
  t.same(result.discoveries.map((d) => [d.registry, d.domain, d.key, d.evidence, d.origin]), [
    ['static_color', 'color', '0,0,25_0.55', 'observed', 'observed'],
    ['static_sound', 'sound', '0.4_mid_tone', 'observed', 'observed'],
    ['dynamic', 'camera_motion', 'pan_fast_stable', 'intended', 'intended'],
    ['dynamic', 'gradient_type', 'radial_1.00', 'observed', 'ingested'],
    ['narrative', 'mood', 'calm', 'intended', 'intended'],
    ['static_color', 'color', '0,0,0_1.0', 'observed', 'observed'],
  ]);
  t.equal(result.observations, 8, 'a count stands for that many observations');
  const entry = store.getEntry('static_color', 'color', '0,0,25_0.55')!;
  t.same(entry.fields, { r: 10, g: 20, b: 30, opacity: 0.53 });
  t.same(entry.first_seen.observed?.source, { file: 'clip.mp4', job_id: 'job-1', time: 2.5 }, 'the batch gives what the observation does not');
  t.equal(entry.prompts[0].length, 500, 'prompts are cut at 500 characters');
  t.same(store.getEntry('static_sound', 'sound', '0.4_mid_tone')?.fields, { amplitude: 0.4, tone: 'mid', timbre: 'tone', peak_hz: 330 });
  t.equal(store.getEntry('static_sound', 'sound', '0.4_mid_tone')?.count, 3);
  t.same(store.getEntry('dynamic', 'camera_motion', 'pan_fast_stable')?.fields, { value: 'pan', speed: 'fast' });
  t.same(store.getEntry('static_color', 'color', '0,0,0_1.0')?.fields, {}, 'an explicit key without measurements');
});

t.test('a bad observation rejects its whole batch with its index and reason, and nothing is recorded', async (t) => {
  const { store, record } = openStore(t);
  const cases: Array<[unknown, string, number, string]> = [
    [{ registry: 'static_colour' }, 'OBSERVATION_INVALID', 1, '"registry" must be one of: static_color, static_sound, dynamic, narrative'],
    ['red', 'OBSERVATION_INVALID', 1, 'must be an object'],
    [{ ...color, origin: 'guessed' }, 'OBSERVATION_INVALID', 1, '"origin" must be one of: observed, intended, ingested'],
    [{ ...color, r: 300 }, 'OBSERVATION_INVALID', 1, '"r" must be a number from 0 to 255'],
    [{ ...color, opacity: Number.NaN }, 'OBSERVATION_INVALID', 1, '"opacity" must be a number from 0 to 1'],
    [{ registry: 'static_sound', amplitude: 0.5, tone: 'loud', timbre: 'tone' }, 'OBSERVATION_INVALID', 1, '"tone" must be one of: silent, low, mid, high'],
    [{ registry: 'dynamic', domain: 'wobble', value: 'x' }, 'OBSERVATION_INVALID', 1, '"domain" wobble is not a dynamic domain'],
    [{ registry: 'dynamic', domain: 'camera_motion', value: 'pan', steadiness: 'steady' }, 'OBSERVATION_INVALID', 1, '"steadiness" must be one of: locked, stable, handheld, shaky'],
    [{ registry: 'narrative', domain: 'plot', value: 'x' }, 'OBSERVATION_INVALID', 1, '"domain" plot is not a narrative aspect'],
    [{ registry: 'narrative', domain: 'mood', value: 'calm\u001fdark' }, 'OBSERVATION_INVALID', 1, '"value" must be a non-empty string of at most 200 characters without control characters'],
    [{ ...color, count: 0 }, 'OBSERVATION_INVALID', 1, '"count" must be a positive integer'],
    [{ ...color, count: 1.5 }, 'OBSERVATION_INVALID', 1, '"count" must be a positive integer'],
    [{ ...color, source: 'a.mp4' }, 'OBSERVATION_INVALID', 1, '"source" must be an object'],
  ];
  for (const [bad, code, index, reason] of cases) {
    t.throws(() => groupBatch([color, bad, color]), { code, message: `observation ${index}: ${reason}`, details: { index, reason } }, reason);
  }
  t.throws(() => groupBatch({ observations: [color] }), { code: 'BATCH_INVALID', message: 'a batch must be an array of observations' });
  await t.rejects(record([color, { ...color, g: -1 }]), { code: 'OBSERVATION_INVALID', details: { index: 1 } });
  t.equal(store.seq, 0, 'the good observation before the bad one was not recorded');
  t.same(store.listEntries('static_color'), { total: 0, entries: [] });
});

t.test('a narrative combination domain is accepted, and its value is the key', async (t) => {
  const [o] = normalizeBatch([{ registry: 'narrative', domain: 'genre_mood_themes', value: 'Drama+calm+journey' }]);
  t.same([o.domain, o.key, o.evidence, o.origin, o.count], ['genre_mood_themes', 'drama+calm+journey', 'observed', 'observed', 1]);
});
