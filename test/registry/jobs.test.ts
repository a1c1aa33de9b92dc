import t from 'tap';
import { RegistryActor } from '../../src/registry/actor.js';
import type { JobDraft } from '../../src/registry/jobs.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const draft = (prompt: string): JobDraft => ({
  workflow: 'explorer', mode: 'explore', template: 'gradient_type=radial', spec: { seed: 3 }, prompt, seed: 3,
  targets: [{ registry: 'narrative', domain: 'genre', key: 'thriller' }], video_seconds: 2,
});

t.test('jobs get increasing ids, close once, and keep their learning run', async (t) => {
  const dataDir = tempDataDir(t);
  const actor = await RegistryActor.start({ config: testConfig(dataDir) });
  t.teardown(() => actor.close());
  const a = await actor.createJob(draft('a'));
  const b = await actor.createJob(draft('b'));
  t.same([a.id, b.id, a.status], [1, 2, 'running']);
  const done = await actor.finishJob(a.id, { status: 'done', new_cells: { narrative: 1 }, hits: { narrative: 1 } }, {
    workflow: 'explorer', mode: 'explore', template: 'gradient_type=radial', prompt: 'a', observations: 5, cells: 3, new_cells: 1, reward: 0.5,
  });
  t.equal(done.status, 'done');
  t.type(done.finished_at, 'string');
  await t.rejects(actor.finishJob(a.id, { status: 'failed' }), { code: 'INPUT_INVALID', message: /already done/ });
  await t.rejects(actor.finishJob(99, { status: 'failed' }), { code: 'NOT_FOUND' });
  await actor.finishJob(b.id, { status: 'failed', error: { code: 'DECODE_FAILED', message: 'bad' } });
  t.same((await actor.jobs({})).map((j) => j.id), [2, 1], 'most recent first');
  t.same((await actor.jobs({ status: 'failed' })).map((j) => j.id), [2]);
  t.same((await actor.jobs({ last: 1 })).map((j) => j.id), [2]);
  const runs = await actor.runs();
  t.equal(runs.length, 1);
  t.same([runs[0].job_id, runs[0].reward, runs[0].template], [1, 0.5, 'gradient_type=radial']);
  const posted = await actor.addRun({ job_id: null, workflow: 'api', mode: 'manual', prompt: 'p', observations: 1, cells: 1, new_cells: 0, reward: 0 });
  t.equal(posted.seq, 2);
});

t.test('a job left running by a process that died is marked interrupted on restart', async (t) => {
  const dataDir = tempDataDir(t);
  const first = await RegistryActor.start({ config: testConfig(dataDir) });
  await first.createJob(draft('cut off'));
  await first.close();
  const second = await RegistryActor.start({ config: testConfig(dataDir) });
  t.teardown(() => second.close());
  const job = await second.job(1);
  t.equal(job?.status, 'failed');
  t.equal(job?.error?.code, 'JOB_INTERRUPTED');
  t.equal((await second.createJob(draft('next'))).id, 2, 'ids go on after a restart');
});
