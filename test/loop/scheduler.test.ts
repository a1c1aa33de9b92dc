import t from 'tap';
import { createLogger } from '../../src/base/log.js';
import { MemoryBus } from '../../src/events/memory.js';
import { SUBJECTS } from '../../src/events/subjects.js';
import { LoopController } from '../../src/loop/controller.js';
import { runJob } from '../../src/loop/job.js';
import { openRuntime } from '../../src/app/runtime.js';
import { Scheduler } from '../../src/loop/scheduler.js';
import { loadWorkflows, type Workflow } from '../../src/loop/workflows.js';
import { RegistryActor } from '../../src/registry/actor.js';
import { openRegistry } from '../../src/app/record-then-publish.js';
import type { JobRecord } from '../../src/registry/jobs.js';
import { coveringObservations } from '../helpers/coverage.js';
import { testRuntime } from '../helpers/loop.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const workflows = loadWorkflows();
const complete = workflows.get('complete')!;
const only = (...strategies: Workflow['strategies']): Workflow => ({ ...complete, name: 'test', strategies });

async function decideJob(scheduler: Scheduler, workflow: Workflow, seed: number) {
  const decision = await scheduler.decide(workflow, seed);
  if (decision.kind !== 'job') throw new Error(`expected a job, got idle: ${decision.detail}`);
  return decision;
}

t.test('an empty store: the first job is a lossless color sweep, and it fills the cells it aims at', async (t) => {
  const rt = await testRuntime(t);
  const decision = await decideJob(new Scheduler(rt), complete, 1);
  t.equal(decision.strategy, 'color_sweep');
  t.equal(decision.job.mode, 'sweep');
  t.equal(decision.job.plan.targets.length, 8192, 'one clip of 8,192 tiles');
  const { job } = await runJob(rt, { workflow: 'complete', mode: 'sweep', strategy: decision.strategy, ...decision.job.plan, seed: 1 }, decision.job.steps);
  t.equal(job.status, 'done', job.error?.message ?? '');
  t.equal(job.strategy, 'color_sweep');
  t.equal(job.hits.static_color, 8192, 'every aimed cell observed in the decoded clip');
  t.ok((job.gained?.static_color ?? 0) >= 8192, 'and newly covered (the frames\' mean colors may add a cell)');
});

t.test('a store missing only sound keys: the scheduler picks the sound sweep, which completes sound', async (t) => {
  const rt = await testRuntime(t);
  await rt.actor.record(coveringObservations(rt.targets, ['static_sound']));
  const before = await rt.actor.coverage();
  t.same(before.completion.spaces.filter((s) => s.count < s.cells).map((s) => s.space), ['static_sound']);
  const controller = new LoopController(rt, complete, { seed: 2, jobs: 3 });
  const decision = await controller.decide(7);
  t.equal(decision.kind === 'job' && decision.strategy, 'sound_sweep');
  controller.scheduler.release(decision.kind === 'job' ? decision.claim : undefined);
  const results: JobRecord[] = [];
  await new Promise<void>((resolve, reject) => controller.run().subscribe({ next: (r) => results.push(r.job), error: reject, complete: resolve }));
  t.same(results.map((j) => j.strategy), ['sound_sweep'], 'one job, then nothing is left: the controller completes');
  const sound = (await rt.actor.coverage()).registries.static_sound;
  t.equal(sound.count, 56);
  t.equal((await rt.actor.coverage()).completion.complete, true);
});

t.test('combination fills aim at missing combination cells and fill them from decoded clips', async (t) => {
  const rt = await testRuntime(t, { loop: { width: 160, height: 96, fps: 24 } });
  const gc = rt.targets.domain('dynamic', 'gradient_camera')!.units;
  const missingGc = gc.filter((_, i) => i % 9 === 0);
  const covered = coveringObservations(rt.targets, ['dynamic/gradient_camera']);
  await rt.actor.record([...covered, ...gc.filter((u) => !missingGc.includes(u)).map((value) => ({ registry: 'dynamic' as const, domain: 'gradient_camera', value }))]);
  const scheduler = new Scheduler(rt);
  const decision = await decideJob(scheduler, only('fill_gradient_camera'), 3);
  t.same(decision.job.plan.targets.map((x) => x.key).sort(), [...missingGc].sort(), 'aims at exactly the missing cells');
  const { job, extraction } = await runJob(rt, { workflow: 'test', mode: 'sweep', strategy: decision.strategy, ...decision.job.plan, seed: 3 }, decision.job.steps);
  t.equal(job.status, 'done', job.error?.message ?? '');
  const observed = new Set(extraction!.cells.filter((c) => c.domain === 'gradient_camera').map((c) => c.key));
  const hit = missingGc.filter((k) => observed.has(k));
  t.ok(hit.length >= missingGc.length - 1, `observed in the decoded windows: ${hit.length}/${missingGc.length} (${missingGc.filter((k) => !observed.has(k))})`);
  for (const key of hit) t.ok(((await rt.actor.entry('dynamic', 'gradient_camera', key))?.counts.observed ?? 0) > 0, `${key} recorded as observed`);
});

t.test('tempo × mood × presence fills: one mood per clip, its missing cells a window each', async (t) => {
  const rt = await testRuntime(t);
  const units = rt.targets.domain('dynamic', 'sound_tempo_mood_presence')!.units;
  const missing = units.filter((u) => u.includes('+tense+'));
  await rt.actor.record([
    ...coveringObservations(rt.targets, ['dynamic/sound_tempo_mood_presence']),
    ...units.filter((u) => !missing.includes(u)).map((value) => ({ registry: 'dynamic' as const, domain: 'sound_tempo_mood_presence', value })),
  ]);
  const decision = await decideJob(new Scheduler(rt), complete, 4);
  t.equal(decision.strategy, 'fill_tempo_mood_presence', 'the only space missing anything');
  t.same(decision.job.plan.targets.map((x) => x.key).sort(), [...missing].sort());
  const { job } = await runJob(rt, { workflow: 'complete', mode: 'sweep', strategy: decision.strategy, ...decision.job.plan, seed: 4 }, decision.job.steps);
  t.equal(job.status, 'done', job.error?.message ?? '');
  const space = (await rt.actor.coverage()).registries.dynamic.combinations.sound_tempo_mood_presence;
  t.same(space.missing, [], 'the mood is complete: 13 cells observed, 2 silent ones with a tempo recorded from the spec');
  const intendedOnly = rt.targets.domain('dynamic', 'sound_tempo_mood_presence')!.intendedOnly;
  t.same(Object.keys(intendedOnly).filter((k) => k.includes('+tense+')).sort(), ['fast+tense+silence', 'medium+tense+silence']);
});

t.test('strategy rewards come from stored jobs: a restart over the same store and seed picks the same strategy', async (t) => {
  const data = tempDataDir(t);
  const config = testConfig(data, { loop: { width: 128, height: 72, fps: 12 }, pipeline: { workers: 1 } });
  const open = async () => {
    const actor = await RegistryActor.start({ config });
    const rt = await openRuntime({ config, actor, bus: new MemoryBus(), log: createLogger('silent') });
    return { rt, close: async () => { await rt.close(); await actor.close(); } };
  };
  const first = await open();
  // Stored history: narrative jobs paid 10 cells per CPU-second, explore jobs 1.
  for (const [strategy, gained] of [['explore', 1], ['narrative', 10], ['explore', 1], ['narrative', 10]] as const) {
    const job = await first.rt.actor.createJob({ workflow: 'test', mode: 'explore', strategy, spec: {}, prompt: strategy, seed: 1, targets: [], video_seconds: 3 });
    await first.rt.actor.finishJob(job.id, { status: 'done', cpu_seconds: 1, gained: { narrative: gained } });
  }
  const workflow = only('explore', 'narrative');
  const picks = async (rt: typeof first.rt) => Promise.all([1, 2, 3, 4, 5].map(async (seed) => (await decideJob(new Scheduler(rt), workflow, seed)).strategy));
  const before = await picks(first.rt);
  t.ok(before.filter((s) => s === 'narrative').length >= 4, `the paying strategy is picked: ${before}`);
  await first.close();
  const second = await open();
  t.teardown(() => second.close());
  t.same(await picks(second.rt), before, 'the same picks after a restart');
});

t.test('jobs cut short by a kill or a cancel do not make a strategy look stalled', async (t) => {
  const rt = await testRuntime(t);
  for (const code of ['JOB_INTERRUPTED', 'JOB_CANCELLED', 'JOB_INTERRUPTED', 'JOB_INTERRUPTED'] as const) {
    const job = await rt.actor.createJob({ workflow: 'test', mode: 'explore', strategy: 'explore', spec: {}, prompt: 'cut short', seed: 1, targets: [], video_seconds: 3 });
    await rt.actor.finishJob(job.id, { status: 'failed', error: { code, message: 'cut short' } });
  }
  const decision = await decideJob(new Scheduler(rt), only('explore'), 1);
  t.equal(decision.strategy, 'explore', 'the strategy is still picked');
});

t.test('an explicit exploit ratio is respected; the bandit ratio is capped while colors are scarce', async (t) => {
  const rt = await testRuntime(t);
  const exploiter = workflows.get('exploiter')!;
  for (const seed of [1, 2, 3]) t.equal((await decideJob(new Scheduler(rt), exploiter, seed)).strategy, 'exploit');
  const explorer = workflows.get('explorer')!;
  for (const seed of [1, 2, 3]) t.equal((await decideJob(new Scheduler(rt), explorer, seed)).strategy, 'explore');
  // Past exploit jobs fill the recent window: with color at 0 % the cap (0.3) leaves exploit out.
  for (let i = 0; i < 5; i++) {
    const job = await rt.actor.createJob({ workflow: 'test', mode: 'exploit', strategy: 'exploit', spec: {}, prompt: `variation ${i}`, seed: i, targets: [], video_seconds: 3 });
    await rt.actor.finishJob(job.id, { status: 'done', cpu_seconds: 1, gained: { dynamic: 50 }, new_cells: { dynamic: 50 } });
  }
  const decision = await decideJob(new Scheduler(rt), only('explore', 'exploit'), 9);
  t.equal(decision.strategy, 'explore');
  t.match(decision.ratio.reasons.join(' '), /capped at 0.3: static color 0% < 10%/);
});

t.test('two controllers sharing a scheduler never aim at the same missing value at once', async (t) => {
  const rt = await testRuntime(t);
  const missing = rt.targets.domain('dynamic', 'camera_motion')!.units.slice(0, 2);
  await rt.actor.record(coveringObservations(rt.targets, ['dynamic/camera_motion', 'dynamic/gradient_camera', 'narrative/genre_mood_themes']));
  await rt.actor.record(rt.targets.domain('dynamic', 'camera_motion')!.units.filter((u) => !missing.includes(u)).map((value) => ({ registry: 'dynamic' as const, domain: 'camera_motion', value })));
  const scheduler = new Scheduler(rt);
  const explorer = workflows.get('explorer')!;
  const [a, b] = await Promise.all([decideJob(scheduler, explorer, 1), decideJob(scheduler, explorer, 1)]);
  const aimed = (d: typeof a, domain: string) => d.job.plan.targets.filter((x) => x.domain === domain).map((x) => x.key);
  t.same([...aimed(a, 'camera_motion'), ...aimed(b, 'camera_motion')].sort(), [...missing].sort(), 'the same seed, yet one missing camera move each');
  t.not(aimed(a, 'genre_mood_themes')[0], aimed(b, 'genre_mood_themes')[0], 'and two different triples');
  scheduler.release(a.claim);
  const c = await decideJob(scheduler, explorer, 1);
  t.same(aimed(c, 'camera_motion'), aimed(a, 'camera_motion'), 'a released claim is missing again');
});

t.test('a complete store: completion is announced once per space, and controllers start no job', async (t) => {
  const data = tempDataDir(t);
  const config = testConfig(data, { loop: { width: 128, height: 72, fps: 12 }, pipeline: { workers: 1 } });
  const bus = new MemoryBus();
  const announced: string[] = [];
  bus.subscribe(SUBJECTS.allComplete, ({ subject }) => announced.push(subject));
  const actor = await openRegistry({ config, bus });
  const rt = await openRuntime({ config, actor, bus, log: createLogger('silent') });
  t.teardown(async () => { await rt.close(); await actor.close(); });
  const all = coveringObservations(rt.targets);
  await actor.record(all.slice(0, 1000));
  t.same(announced, [], 'nothing is complete yet');
  await actor.record(all.slice(1000));
  t.same(announced.sort(), rt.targets.spaces.map((s) => SUBJECTS.complete(s.id)).sort(), 'one announcement per space');
  await actor.record(all.slice(0, 10));
  const report = await actor.coverage();
  t.equal(report.completion.complete, true);
  t.ok(report.completion.spaces.every((s) => s.completed_at !== null));
  t.equal(announced.length, rt.targets.spaces.length, 'never again');

  const results = await new Promise<number>((resolve, reject) => {
    let n = 0;
    new LoopController(rt, complete, { seed: 1 }).run().subscribe({ next: () => n++, error: reject, complete: () => resolve(n) });
  });
  t.equal(results, 0, 'no job on a complete store');
  t.same(await actor.jobs({}), []);
});
