import t from 'tap';
import { frameIndex, inPass, samplingPlan, selectFilter, type Pass } from '../../src/extract/sampling.js';

const LEARNING = { max_frames: 120, sample_every: 2, short_clip_seconds: 15, second_pass: false };
const WITH_SECOND = { ...LEARNING, second_pass: true };

t.test('short clips are sampled at every frame, long ones at sample_every', async (t) => {
  t.same(samplingPlan({ duration: 10 }, LEARNING), { first: { every: 1, offset: 0, from: 0, max: 120 }, second: null });
  t.same(samplingPlan({ duration: 20 }, LEARNING), { first: { every: 2, offset: 0, from: 0, max: 120 }, second: null });
  t.equal(samplingPlan({ duration: 14.99 }, LEARNING).first.every, 1);
  t.equal(samplingPlan({ duration: 15 }, LEARNING).first.every, 2, 'a clip of exactly short_clip_seconds is long');
  t.equal(samplingPlan({ duration: 0 }, LEARNING).first.every, 1);
  t.equal(samplingPlan({ duration: null }, LEARNING).first.every, 2, 'an unknown duration is taken as long');
  t.equal(samplingPlan({ duration: 20 }, { ...LEARNING, sample_every: 5 }).first.every, 5);
});

t.test('overrides beat the config', async (t) => {
  t.same(samplingPlan({ duration: 20 }, LEARNING, { maxFrames: 0 }).first, { every: 2, offset: 0, from: 0, max: 0 });
  t.equal(samplingPlan({ duration: 10 }, LEARNING, { sampleEvery: 3 }).first.every, 3, 'even on a short clip');
  t.equal(samplingPlan({ duration: 20 }, LEARNING, { sampleEvery: 1 }).first.every, 1);
  t.equal(samplingPlan({ duration: 20 }, LEARNING, { secondPass: true }).second?.offset, 1);
  t.equal(samplingPlan({ duration: 20 }, WITH_SECOND, { secondPass: false }).second, null);
});

t.test('the second pass samples other frames of the same file', async (t) => {
  t.same(samplingPlan({ duration: 20 }, WITH_SECOND).second, { every: 2, offset: 1, from: 0, max: 120 }, 'the odd frames');
  t.same(samplingPlan({ duration: 20 }, { ...WITH_SECOND, sample_every: 3 }).second, { every: 3, offset: 1, from: 0, max: 120 });
  t.same(samplingPlan({ duration: 20 }, { ...WITH_SECOND, sample_every: 4 }).second, { every: 4, offset: 2, from: 0, max: 120 });
  t.same(samplingPlan({ duration: 20 }, { ...WITH_SECOND, sample_every: 7 }).second?.offset, 3);
  t.same(samplingPlan({ duration: 10 }, WITH_SECOND).second, { every: 1, offset: 0, from: 120, max: 120 }, 'the frames after the first pass');
  t.same(samplingPlan({ duration: 10 }, { ...WITH_SECOND, max_frames: 30 }).second, { every: 1, offset: 0, from: 30, max: 30 });
  t.equal(samplingPlan({ duration: 10 }, { ...WITH_SECOND, max_frames: 0 }).second, null, 'no cap: the first pass took every frame');
});

t.test('inPass', async (t) => {
  const frames = (pass: Pass, upTo: number) => Array.from({ length: upTo }, (_, n) => n).filter((n) => inPass(pass, n));
  t.same(frames({ every: 1, offset: 0, from: 0, max: 0 }, 5), [0, 1, 2, 3, 4]);
  t.same(frames({ every: 2, offset: 0, from: 0, max: 0 }, 9), [0, 2, 4, 6, 8]);
  t.same(frames({ every: 2, offset: 1, from: 0, max: 0 }, 9), [1, 3, 5, 7]);
  t.same(frames({ every: 3, offset: 2, from: 0, max: 0 }, 12), [2, 5, 8, 11]);
  t.same(frames({ every: 4, offset: 2, from: 0, max: 0 }, 12), [2, 6, 10], 'no frame before the offset');
  t.same(frames({ every: 1, offset: 0, from: 6, max: 0 }, 9), [6, 7, 8]);
  t.same(frames({ every: 1, offset: 3, from: 0, max: 0 }, 6), [3, 4, 5]);
});

t.test('selectFilter: the ffmpeg select expression, null for every frame', async (t) => {
  t.equal(selectFilter({ every: 1, offset: 0, from: 0, max: 120 }), null);
  t.equal(selectFilter({ every: 2, offset: 0, from: 0, max: 120 }), 'select=eq(mod(n\\,2)\\,0)');
  t.equal(selectFilter({ every: 3, offset: 1, from: 0, max: 0 }), 'select=eq(mod(n\\,3)\\,1)');
  t.equal(selectFilter({ every: 1, offset: 4, from: 0, max: 0 }), 'select=gte(n\\,4)');
  t.equal(selectFilter({ every: 1, offset: 0, from: 120, max: 120 }), 'select=gte(n\\,120)');
  t.equal(selectFilter({ every: 2, offset: 1, from: 10, max: 0 }), 'select=eq(mod(n\\,2)\\,1)*gte(n\\,10)');
});

t.test('frameIndex: the k-th delivered frame is the k-th frame in the pass', async (t) => {
  t.equal(frameIndex({ every: 2, offset: 1, from: 0, max: 0 }, 0), 1);
  t.equal(frameIndex({ every: 2, offset: 1, from: 0, max: 0 }, 3), 7);
  t.equal(frameIndex({ every: 1, offset: 0, from: 120, max: 120 }, 0), 120);
  t.equal(frameIndex({ every: 1, offset: 0, from: 120, max: 120 }, 5), 125);
  t.equal(frameIndex({ every: 1, offset: 4, from: 0, max: 0 }, 2), 6);
  const plans = [
    samplingPlan({ duration: 20 }, WITH_SECOND),
    samplingPlan({ duration: 20 }, { ...WITH_SECOND, sample_every: 5 }),
    samplingPlan({ duration: 10 }, { ...WITH_SECOND, max_frames: 12 }),
  ];
  for (const plan of plans) {
    for (const pass of [plan.first, plan.second!]) {
      const inIt = Array.from({ length: 60 }, (_, n) => n).filter((n) => inPass(pass, n));
      t.same(inIt.map((_, k) => frameIndex(pass, k)), inIt, `every ${pass.every} offset ${pass.offset} from ${pass.from}`);
    }
  }
});
