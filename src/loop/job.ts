import { toMotionRegistryError } from '../base/errors.js';
import { publishLoopEvent } from '../events/loop-events.js';
import type { JobSummary } from '../events/subjects.js';
import { cancelled } from '../media/chunks.js';
import type { FileExtraction } from '../extract/extract.js';
import type { JobDraft, JobRecord, JobTarget, PerRegistry } from '../registry/jobs.js';
import type { Observation, RecordResult } from '../model/records.js';
import { cpuSeconds } from '../base/cpu.js';
import type { WorkOrder } from './order.js';
import type { LoopRuntime } from './runtime.js';
import type { Workflow } from './workflows.js';
import { roundTo } from '../base/numbers.js';

/** What a job is asked to do, before it has an id. */
export type JobPlan = JobDraft;

/**
 * What the maker of a job adds to its plan. How the clip is made and read comes from the plan's
 * spec (see `recipeFor`), so a job can run here or on a worker elsewhere.
 */
export interface JobSteps {
  /** Called once the job is stored, before anything runs (callers that answer with the job id). */
  created?(job: JobRecord): void;
  /** Which analyses scene jobs run (default all). */
  focus?: Workflow['extraction_focus'];
  /** What the job measured (lossy color sweeps: where each tile decoded), for its maker to learn from. */
  learn?(measured: unknown): void;
}

export interface JobResult {
  job: JobRecord;
  extraction?: FileExtraction;
  recorded?: RecordResult;
}


function perRegistry(items: Iterable<{ registry: string }>): PerRegistry {
  const out: Record<string, number> = {};
  for (const { registry } of items) out[registry] = (out[registry] ?? 0) + 1;
  return out as PerRegistry;
}

/**
 * Targets reached, per registry: observed in the clip, or recorded from the spec where intended
 * evidence is what counts for that value (narrative, intended-only values).
 */
function hitsOf(rt: LoopRuntime, targets: JobTarget[], extraction: FileExtraction, intended: Observation[]): PerRegistry {
  const reached = new Set<string>();
  for (const c of extraction.cells) {
    const unit = rt.targets.unitOf(c.registry, c.domain, c.key);
    if (unit !== null) reached.add(`${c.registry}/${c.domain}/${unit}`);
  }
  for (const o of intended) {
    if (o.registry !== 'dynamic' && o.registry !== 'narrative') continue;
    const target = rt.targets.domain(o.registry, o.domain);
    if (target && rt.targets.counts(target, 'intended', o.value)) reached.add(`${o.registry}/${o.domain}/${o.value}`);
  }
  return perRegistry(targets.filter((t) => reached.has(`${t.registry}/${t.domain}/${t.key}`)));
}

/**
 * One loop job, end to end: stored as running, rendered, extracted, recorded with its job id,
 * closed with timings, new cells and hits (and its learning run), announced on the bus. A job
 * that fails at any step is closed as failed with its error; the caller goes on.
 */
export async function runJob(rt: LoopRuntime, plan: JobPlan, steps: JobSteps = {}, options: { signal?: AbortSignal } = {}): Promise<JobResult> {
  const { signal } = options;
  const job = await rt.actor.createJob(plan);
  steps.created?.(job);
  await publishLoopEvent(rt.bus, 'job.started', { id: job.id, workflow: job.workflow, mode: job.mode, strategy: job.strategy, prompt: job.prompt, seed: job.seed });
  const started = performance.now();
  const cpuStart = cpuSeconds();
  const timings: JobRecord['timings'] = {};
  try {
    if (signal?.aborted) throw cancelled(`job ${job.id}`);
    const order: WorkOrder = {
      job: { id: job.id, created_at: job.created_at, spec: job.spec, prompt: job.prompt, seed: job.seed, targets: job.targets, workflow: job.workflow },
      focus: steps.focus ?? 'all',
    };
    const run = await rt.executor.execute(order, signal);
    Object.assign(timings, run.timings);
    if (run.measured !== undefined) steps.learn?.(run.measured);
    const recordStart = performance.now();
    // Applied once per job: a result delivered twice (a worker's answer sent again) changes nothing.
    const recorded = await rt.actor.record([...run.extraction.cells.map((c) => c.observation), ...run.intended], { job_id: String(job.id), file: run.file }, { once: `job-${job.id}` });
    rt.executor.done?.(job.id);
    timings.record_s = roundTo((performance.now() - recordStart) / 1000);
    timings.total_s = roundTo((performance.now() - started) / 1000);
    const { extraction } = run;
    rt.metrics.extracted(extraction);
    const newObserved = recorded.discoveries.filter((d) => d.evidence === 'observed');
    const done = await rt.actor.finishJob(job.id, {
      status: 'done', timings, file: run.file,
      ...(run.worker === 'local' ? {} : { worker: run.worker }),
      cpu_seconds: run.cpu_seconds,
      frames: extraction.frames,
      extraction_fps: extraction.seconds > 0 ? roundTo(extraction.frames / extraction.seconds, 1) : 0,
      new_cells: perRegistry(recorded.discoveries),
      new_observed: perRegistry(newObserved),
      coverage_gain: Object.fromEntries(recorded.coverage.map((c) => [c.registry, c.delta])),
      hits: hitsOf(rt, plan.targets, extraction, run.intended),
      gained: recorded.gained,
    }, {
      workflow: plan.workflow, mode: plan.mode, template: plan.template, prompt: plan.prompt,
      observations: recorded.observations, cells: recorded.cells, new_cells: recorded.discoveries.length,
      reward: plan.video_seconds > 0 ? roundTo(newObserved.length / plan.video_seconds) : 0,
    });
    rt.metrics.jobFinished(done);
    await publishLoopEvent(rt.bus, 'job.done', summary(done), { msgId: `job-${done.id}-done` });
    return { job: done, extraction, recorded };
  } catch (err) {
    const error = toMotionRegistryError(err).toJSON();
    timings.total_s = roundTo((performance.now() - started) / 1000);
    if (error.code === 'JOB_CANCELLED') rt.log.info({ job_id: job.id, workflow: plan.workflow }, 'job cancelled');
    else rt.log.warn({ job_id: job.id, workflow: plan.workflow, err: error }, 'job failed');
    const failed = await rt.actor.finishJob(job.id, { status: 'failed', timings, error, cpu_seconds: roundTo(cpuSeconds() - cpuStart) });
    rt.metrics.jobFinished(failed);
    await publishLoopEvent(rt.bus, 'job.failed', summary(failed), { msgId: `job-${failed.id}-failed` });
    return { job: failed };
  }
}

/** A job as announced on the bus: everything but its spec. */
export function summary(job: JobRecord): JobSummary {
  const { spec: _spec, ...rest } = job;
  return rest;
}
