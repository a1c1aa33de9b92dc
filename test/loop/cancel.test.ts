import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFrames } from '../../src/create/encode.js';
import { extractFile } from '../../src/extract/extract.js';
import { runJob } from '../../src/loop/job.js';
import { Scheduler } from '../../src/loop/scheduler.js';
import { loadWorkflows } from '../../src/loop/workflows.js';
import { testRuntime } from '../helpers/loop.js';
import { makeClip } from '../helpers/media.js';
import { tempDataDir } from '../helpers/store.js';

/** ffmpeg processes that are children of this process. */
function ffmpegChildren(): number[] {
  const pids = readdirSync('/proc/self/task').flatMap((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
  return pids.map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ffmpeg';
    } catch {
      return false;
    }
  });
}

t.test('an aborted encode kills ffmpeg mid-clip, fails with JOB_CANCELLED and leaves no file', async (t) => {
  const rt = await testRuntime(t);
  const abort = new AbortController();
  const frames = function* () {
    const frame = new Uint8Array(64 * 64 * 4).fill(128);
    for (let i = 0; i < 10_000; i++) {
      if (i === 20) abort.abort();
      yield frame;
    }
  };
  const out = join(rt.clipDir, 'cancelled.mp4');
  await t.rejects(encodeFrames(frames(), { width: 64, height: 64, fps: 24, alpha: false }, out, { ffmpeg: rt.ffmpeg, signal: abort.signal }), { code: 'JOB_CANCELLED' });
  t.notOk(existsSync(out), 'the partial clip is removed');
  t.same(ffmpegChildren(), [], 'no ffmpeg left');
});

t.test('an aborted extraction kills its decoders and fails with JOB_CANCELLED', async (t) => {
  const rt = await testRuntime(t);
  const dir = join(tempDataDir(t), '..');
  const clip = await makeClip(dir, 'long.mp4', ['testsrc2=s=128x72:d=20:r=24'], ['-c:v', 'libx264', '-preset', 'ultrafast']);
  const abort = new AbortController();
  await t.rejects(extractFile(clip, { config: rt.config, pool: rt.pool, ffmpeg: rt.ffmpeg, signal: abort.signal, onProgress: (p) => { if (p.frames >= 3) abort.abort(); } }, { maxFrames: 0, sampleEvery: 1 }), { code: 'JOB_CANCELLED' });
  t.same(ffmpegChildren(), [], 'no ffmpeg left');
});

t.test('cancelRunning cancels the jobs the scheduler chose, not those an operator asked for', async (t) => {
  const rt = await testRuntime(t);
  const scheduler = new Scheduler(rt);
  const explorer = loadWorkflows().get('explorer')!;
  const chosen = await scheduler.decide(explorer, 1);
  scheduler.request(1);
  const asked = await scheduler.decide(explorer, 2);
  if (chosen.kind !== 'job' || asked.kind !== 'job') throw new Error('expected jobs');
  t.equal(asked.reason, 'asked for by an operator');
  t.equal(scheduler.cancelRunning(), 1);
  t.equal(scheduler.signal(chosen.claim)?.aborted, true);
  t.equal(scheduler.signal(asked.claim)?.aborted, false);

  const { job } = await runJob(rt, { workflow: 'explorer', mode: 'explore', strategy: chosen.strategy, ...chosen.job.plan, seed: 1 }, chosen.job.steps, { signal: scheduler.signal(chosen.claim) });
  t.equal(job.status, 'failed');
  t.equal(job.error?.code, 'JOB_CANCELLED');
  t.same(readdirSync(rt.clipDir), [], 'no clip left behind');
});
