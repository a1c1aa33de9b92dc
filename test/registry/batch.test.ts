import t from 'tap';
import { MAX_PROMPTS, MISSING_FIRST, groupBatch } from '../../src/registry/batch.js';
import { SEP, pairId } from '../../src/model/keys.js';
import { MotionRegistryError } from '../../src/base/errors.js';

const fast = { registry: 'dynamic', domain: 'motion_speed', value: 'fast' };
const slow = { registry: 'dynamic', domain: 'motion_speed', value: 'slow' };
const dark = { registry: 'narrative', domain: 'mood', value: 'dark', origin: 'intended' };

t.test('pairId joins registry, domain, key and evidence', async (t) => {
  t.equal(SEP, '\u001f');
  t.equal(pairId({ registry: 'dynamic', domain: 'motion_speed', key: 'fast', evidence: 'observed' }), 'dynamic\u001fmotion_speed\u001ffast\u001fobserved');
  t.equal(pairId({ registry: 'static_color', domain: 'color', key: '0,0,0_1.0', evidence: 'intended' }), 'static_color\u001fcolor\u001f0,0,0_1.0\u001fintended');
});

t.test('observations fold per cell and evidence, in first-seen order', async (t) => {
  const batch = groupBatch([
    fast,
    slow,
    { ...fast, count: 3 },
    dark,
    { ...dark, value: ' Dark ' },
    { ...fast, origin: 'intended' },
    { ...fast, origin: 'ingested' },
  ]);
  t.same(batch.pairs, [
    pairId({ registry: 'dynamic', domain: 'motion_speed', key: 'fast', evidence: 'observed' }),
    pairId({ registry: 'dynamic', domain: 'motion_speed', key: 'slow', evidence: 'observed' }),
    pairId({ registry: 'narrative', domain: 'mood', key: 'dark', evidence: 'intended' }),
    pairId({ registry: 'dynamic', domain: 'motion_speed', key: 'fast', evidence: 'intended' }),
  ]);
  t.same(batch.counts, [1 + 3 + 1, 1, 2, 1], 'an ingested observation counts as observed');
  t.equal(batch.observations, 9, 'the sum of counts');
  t.same(batch.firsts.map(([i]) => i), [0, 1, 2, 3], 'every pair is new');
  t.same(batch.firsts[0][1].fields, { value: 'fast' });
  t.equal(batch.firsts[0][1].count, 1, 'the first observation, not a later one');
  t.equal(batch.firsts[2][1].fields.value, 'dark');
  t.same(batch.prompts, []);
  t.equal(batch.once, undefined);
  t.equal(batch.ingest, undefined);
});

t.test('keys are computed from fields, across registries', async (t) => {
  const batch = groupBatch([
    { registry: 'dynamic', domain: 'gradient_type', value: 'radial', strength: 0.5 },
    { registry: 'dynamic', domain: 'gradient_type', value: 'radial', strength: 0.501 },
    { registry: 'dynamic', domain: 'camera_motion', value: 'pan', speed: 'fast', steadiness: 'shaky' },
    { registry: 'static_sound', amplitude: 0.31, tone: 'mid', timbre: 'tone' },
    { registry: 'static_sound', amplitude: 0.001, tone: 'mid', timbre: 'tone' },
    { registry: 'static_color', key: '0,0,0_1.0' },
  ]);
  t.same(batch.pairs.map((p) => p.split(SEP).slice(1, 3).join('/')), [
    'gradient_type/radial_0.50', 'camera_motion/pan_fast_shaky', 'sound/0.3_mid_tone', 'sound/0.0_silent_silence', 'color/0,0,0_1.0',
  ]);
  t.same(batch.counts, [2, 1, 1, 1, 1]);
});

t.test('pairs the sender knows to be stored travel without their first observation', async (t) => {
  const known = new Set([pairId({ registry: 'dynamic', domain: 'motion_speed', key: 'fast', evidence: 'observed' })]);
  const batch = groupBatch([slow, fast, fast, slow], {}, known);
  t.equal(batch.pairs.length, 2);
  t.same(batch.counts, [2, 2], 'known pairs are still counted');
  t.same(batch.firsts.map(([i, o]) => [i, o.key]), [[0, 'slow']]);
  t.equal(MISSING_FIRST, 'missing_first');
});

t.test('prompts: distinct, at most five per pair, in order', async (t) => {
  const prompts = ['p1', 'p2', 'p1', 'p3', 'p4', 'p5', 'p6'];
  const batch = groupBatch([slow, ...prompts.map((prompt) => ({ ...fast, prompt })), { ...slow, prompt: 'q' }]);
  t.equal(MAX_PROMPTS, 5);
  t.same(batch.prompts, [[1, ['p1', 'p2', 'p3', 'p4', 'p5']], [0, ['q']]], 'in the order pairs first got a prompt');
  t.equal(groupBatch([{ ...fast, prompt: 'x'.repeat(600) }]).prompts[0][1][0].length, 500, 'a prompt is cut to 500 characters');
});

t.test('the batch source fills what an observation leaves out', async (t) => {
  const batch = groupBatch([fast, { ...slow, source: { file: 'b.mp4', time: 2 } }], { job_id: 'j1', file: 'a.mp4' });
  t.same(batch.firsts[0][1].source, { job_id: 'j1', file: 'a.mp4' });
  t.same(batch.firsts[1][1].source, { job_id: 'j1', file: 'b.mp4', time: 2 });
});

t.test('an empty batch is empty', async (t) => {
  t.same(groupBatch([]), { observations: 0, pairs: [], counts: [], firsts: [], prompts: [] });
});

t.test('one bad observation rejects the batch', async (t) => {
  const refused = (observations: unknown) => {
    try {
      groupBatch(observations);
    } catch (err) {
      t.ok(err instanceof MotionRegistryError);
      return (err as MotionRegistryError).toJSON();
    }
    return t.fail('accepted');
  };
  t.same(refused({ registry: 'dynamic' }), { code: 'BATCH_INVALID', message: 'a batch must be an array of observations' });
  t.same(refused(null), { code: 'BATCH_INVALID', message: 'a batch must be an array of observations' });
  t.same(refused([fast, { ...fast, count: 0 }]), {
    code: 'OBSERVATION_INVALID', message: 'observation 1: "count" must be a positive integer',
    details: { index: 1, reason: '"count" must be a positive integer' },
  });
  t.same(refused([{ registry: 'dynamic', domain: 'warp', value: 'x' }]), {
    code: 'OBSERVATION_INVALID', message: 'observation 0: "domain" warp is not a dynamic domain',
    details: { index: 0, reason: '"domain" warp is not a dynamic domain' },
  });
  t.match(refused([fast, slow, { registry: 'static' }]), { code: 'OBSERVATION_INVALID', details: { index: 2 } });
});
