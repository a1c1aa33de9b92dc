import t from 'tap';
import { extractFile } from '../../src/extract/extract.js';
import { localExecutor } from '../../src/work/local.js';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { narrativeValues, NARRATIVE_ASPECTS } from '../../src/base/values.js';
import { LoopController } from '../../src/loop/controller.js';
import { runJob } from '../../src/loop/job.js';
import { loadWorkflows, type Workflow } from '../../src/loop/workflows.js';
import type { Observation } from '../../src/model/records.js';
import { testRuntime } from '../helpers/loop.js';
import { tempDataDir } from '../helpers/store.js';

const workflows = loadWorkflows();
const short = (name: string, patch: Partial<Workflow> = {}): Workflow => ({ ...workflows.get(name)!, clip_seconds: 2, ...patch });
const MISSING = { genre: 'thriller', settings: 'golden_hour', scene_type: 'two_shot' } as const;

/** A controller's decision that must be a job. */
async function decideJob(controller: LoopController, seed: number) {
  const decision = await controller.decide(seed);
  if (decision.kind !== 'job') throw new Error(`expected a job, got idle: ${decision.detail}`);
  controller.scheduler.release(decision.claim);
  return decision;
}

/** Intended records of every narrative origin value except MISSING. */
function narrativeExcept(): Observation[] {
  return NARRATIVE_ASPECTS.flatMap((aspect) => narrativeValues(aspect)
    .filter((value) => (MISSING as Record<string, string>)[aspect] !== value)
    .map((value): Observation => ({ registry: 'narrative', domain: aspect, value, origin: 'intended' })));
}

t.test('a store missing narrative values: the next targeted specs name them, and their jobs fill them', async (t) => {
  const rt = await testRuntime(t, { loop: { width: 128, height: 72, fps: 12, narrative_probability: 1 } });
  await rt.actor.record(narrativeExcept());
  const before = (await rt.actor.coverage()).registries.narrative.aspects;
  t.same(before.genre.missing, ['thriller']);
  t.same(before.settings.missing, ['golden_hour']);

  const controller = new LoopController(rt, short('explorer'), { jobs: 1, seed: 3 });
  for (const seed of [1, 2, 3]) {
    const { plan, spec } = await decideJob(controller, seed);
    t.equal(spec!.narrative.genre, 'thriller');
    t.equal(spec!.narrative.settings, 'golden_hour');
    t.equal(spec!.narrative.scene_type, 'two_shot');
    t.match(plan.prompt, /genre thriller.*setting golden hour.*scene type two shot/);
    t.same(plan.targets.filter((x) => x.registry === 'narrative' && x.domain !== 'genre_mood_themes').map((x) => x.key).sort(), ['golden_hour', 'thriller', 'two_shot']);
    const triple = plan.targets.find((x) => x.domain === 'genre_mood_themes');
    t.equal(triple?.key, `thriller+${spec!.narrative.mood}+${spec!.narrative.themes}`, 'and a genre × mood × theme triple not recorded yet');
  }

  const [result] = await lastValueFrom(controller.run().pipe(toArray()));
  t.equal(result.job.status, 'done', result.job.error?.message ?? '');
  t.equal(result.job.hits.narrative, 4, 'all three aimed values and the triple reached');
  const after = (await rt.actor.coverage()).registries.narrative;
  t.same([after.aspects.genre.missing, after.aspects.settings.missing, after.aspects.scene_type.missing], [[], [], []]);
  t.equal(after.coverage_pct, 100);
});

t.test('explore specs that are not narrative-targeted also take missing narrative values first', async (t) => {
  const rt = await testRuntime(t, { loop: { width: 128, height: 72, fps: 12, narrative_probability: 0 } });
  await rt.actor.record(narrativeExcept());
  const { spec, plan } = await decideJob(new LoopController(rt, short('explorer')), 11);
  t.same([spec!.narrative.genre, spec!.narrative.settings, spec!.narrative.scene_type], ['thriller', 'golden_hour', 'two_shot']);
  t.ok(plan.targets.some((x) => x.registry === 'dynamic'), 'and aim at missing dynamic values');
  t.equal(plan.prompt.startsWith(`seed ${plan.seed}`), true, 'the prompt is the spec, described');
});

async function jobWithSeed(t: { teardown(fn: () => unknown): void }) {
  const rt = await testRuntime(t, {}, { keepClips: true });
  const [result] = await lastValueFrom(new LoopController(rt, short('explorer'), { jobs: 1, seed: 99 }).run().pipe(toArray()));
  const discoveries = await rt.actor.discoveries(0, 10_000);
  return {
    job: result.job,
    sources: discoveries.map((d) => d.source),
    clip: createHash('sha256').update(readFileSync(result.job.file!)).digest('hex'),
    cells: discoveries.map((d) => `${d.registry}/${d.domain}/${d.key}/${d.evidence}`).sort(),
  };
}

t.test('same seed, same spec, same clip, same new cells', async (t) => {
  const a = await jobWithSeed(t);
  const b = await jobWithSeed(t);
  t.equal(a.job.status, 'done', a.job.error?.message ?? '');
  t.equal(a.job.seed, b.job.seed);
  t.same(a.job.spec, b.job.spec);
  t.equal(a.job.prompt, b.job.prompt);
  t.equal(a.clip, b.clip, 'byte-identical clip');
  t.ok(a.cells.length > 20);
  t.ok(a.sources.every((s) => s.job_id === String(a.job.id) && s.file === a.job.file), 'every discovery names its job and clip');
  t.ok(a.sources.some((s) => typeof s.time === 'number' && s.time > 0), 'and, for measured cells, the time in the clip');
  t.same(a.cells, b.cells);
});

t.test('a job whose render or decode fails is stored as failed and the loop goes on', async (t) => {
  const rt = await testRuntime(t);
  const clipDir = join(tempDataDir(t), 'no', 'such', 'dir');
  const broken = { ...rt, clipDir, executor: localExecutor({ ...rt, clipDir }) };
  const results = await lastValueFrom(new LoopController(broken, short('explorer'), { jobs: 2, seed: 5 }).run().pipe(toArray()));
  t.same(results.map((r) => r.job.status), ['failed', 'failed'], 'both render failures recorded, the controller did not stop at the first');
  t.equal(results[0].job.error?.code, 'INTERNAL');
  t.match(results[0].job.error?.message, /ffmpeg/);

  const unknown = await runJob(rt, { workflow: 'explorer', mode: 'explore', spec: { kind: 'hologram' }, prompt: 'unknown', seed: 1, targets: [], video_seconds: 1 });
  t.equal(unknown.job.status, 'failed');
  t.match(unknown.job.error, { code: 'INPUT_INVALID', message: /no recipe renders \(kind "hologram"\)/ });
  const corrupt = join(rt.clipDir, 'corrupt.mp4');
  writeFileSync(corrupt, Buffer.alloc(4096, 7));
  const decodesCorrupt = { ...rt, executor: { execute: () => extractFile(corrupt, rt).then(() => { throw new Error('a corrupt file decoded'); }), close: async () => undefined } };
  const failed = await runJob(decodesCorrupt, { workflow: 'explorer', mode: 'explore', spec: {}, prompt: 'corrupt', seed: 1, targets: [], video_seconds: 1 });
  t.equal(failed.job.status, 'failed');
  t.equal(failed.job.error?.code, 'DECODE_FAILED');

  const [next] = await lastValueFrom(new LoopController(rt, short('explorer'), { jobs: 1, seed: 6 }).run().pipe(toArray()));
  t.equal(next.job.status, 'done', 'the next job runs');
  const stored = await rt.actor.jobs({});
  t.same(stored.map((j) => j.status), ['done', 'failed', 'failed', 'failed', 'failed']);
  t.same((await rt.actor.jobs({ status: 'failed' })).length, 4);
  t.equal((await rt.actor.runs()).length, 1, 'only the successful job has a learning run');
});

t.test('an exploiter varies the best template without replaying a spec', async (t) => {
  const rt = await testRuntime(t);
  const explored = await lastValueFrom(new LoopController(rt, short('explorer'), { jobs: 2, seed: 8 }).run().pipe(toArray()));
  const exploited = await lastValueFrom(new LoopController(rt, short('exploiter'), { jobs: 2, seed: 9 }).run().pipe(toArray()));
  const templates = new Set(explored.map((r) => r.job.template));
  for (const r of exploited) {
    t.equal(r.job.mode, 'exploit');
    t.ok(templates.has(r.job.template), 'a template that has paid before');
    t.equal(r.job.status, 'done', r.job.error?.message ?? '');
  }
  const specs = [...explored, ...exploited].map((r) => JSON.stringify({ ...(r.job.spec as object), seed: 0 }));
  t.equal(new Set(specs).size, specs.length, 'no spec repeated');
  const runs = await rt.actor.runs();
  t.equal(runs.length, 4);
  t.ok(runs.every((r) => r.reward >= 0 && r.template));
});

t.test('stop() lets the running job finish, then the controller completes', async (t) => {
  const rt = await testRuntime(t);
  const controller = new LoopController(rt, short('explorer'));
  const seen: number[] = [];
  await new Promise<void>((resolve, reject) => {
    controller.run().subscribe({
      next: (r) => {
        seen.push(r.job.id);
        controller.stop();
      },
      error: reject,
      complete: resolve,
    });
  });
  t.same(seen, [1]);
  t.equal((await rt.actor.job(1))?.status, 'done');
});

t.test('a workflow of sweeps sweeps what is missing, job after job, and completes when nothing is left', async (t) => {
  const rt = await testRuntime(t);
  const results = await lastValueFrom(new LoopController(rt, short('sweep', { strategies: ['sound_sweep'] })).run().pipe(toArray()));
  t.ok(results.length >= 1);
  t.ok(results.every((r) => r.job.mode === 'sweep' && r.job.workflow === 'sweep' && r.job.status === 'done'));
  const sound = (await rt.actor.coverage()).registries.static_sound;
  t.equal(sound.count, sound.cells, 'every sound key observed');
  t.same(sound.primitives_missing, []);
});
