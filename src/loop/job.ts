import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { toMotionRegistryError } from '../errors/catalogue.js';
import { SUBJECTS } from '../bus/subjects.js';
import { cancelled } from '../pipeline/chunks.js';
import { extractFile, type ExtractOptions, type FileExtraction } from '../pipeline/extract.js';
import type { JobDraft, JobRecord, JobTarget, PerRegistry } from '../registry/jobs.js';
import type { Observation, RecordResult, Source } from '../registry/types.js';
import type { LoopRuntime } from './runtime.js';

/** What a job is asked to do, before it has an id. */
export type JobPlan = JobDraft;

export interface JobSteps {
  /** Called once the job is stored, before anything runs (callers that answer with the job id). */
  created?(job: JobRecord): void;
  /** Renders and encodes the clip; resolves with the file written (an abort kills the encoder). */
  render(job: JobRecord, signal?: AbortSignal): Promise<string>;
  extract?: ExtractOptions;
  /** Observations from the spec (origin `intended`), recorded with the observed ones. */
  intended?(source: Source): Observation[];
  /** Looks at the clip and what was extracted before the clip is removed (sweeps measure codec error here). */
  inspect?(file: string, extraction: FileExtraction): Promise<void>;
}

export interface JobResult {
  job: JobRecord;
  extraction?: FileExtraction;
  recorded?: RecordResult;
}

/** CPU seconds of this process and of its reaped children (ffmpeg), where the OS tells. */
export function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // Fields 16 and 17 of /proc/self/stat: cutime and cstime, in clock ticks (100 per second on Linux).
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    children = 0;
  }
  return (own.user + own.system) / 1e6 + children;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

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
export async function runJob(rt: LoopRuntime, plan: JobPlan, steps: JobSteps, options: { signal?: AbortSignal } = {}): Promise<JobResult> {
  const { signal } = options;
  const job = await rt.actor.createJob(plan);
  steps.created?.(job);
  await rt.bus.publish(SUBJECTS.loop('job.started'), { id: job.id, workflow: job.workflow, mode: job.mode, strategy: job.strategy, prompt: job.prompt, seed: job.seed });
  const started = performance.now();
  const cpuStart = cpuSeconds();
  const lap = (() => {
    let last = started;
    return () => {
      const now = performance.now();
      const s = (now - last) / 1000;
      last = now;
      return round(s);
    };
  })();
  const timings: JobRecord['timings'] = {};
  let file: string | undefined;
  try {
    if (signal?.aborted) throw cancelled(`job ${job.id}`);
    file = await steps.render(job, signal);
    timings.render_s = lap();
    const extraction = await extractFile(file, { config: rt.config, pool: rt.pool, ffmpeg: rt.ffmpeg, signal }, { prompt: plan.prompt, ...steps.extract });
    timings.extract_s = lap();
    if (steps.inspect) await steps.inspect(file, extraction);
    const source: Source = { job_id: String(job.id), file };
    const intended = steps.intended?.(source) ?? [];
    const recorded = await rt.actor.record([...extraction.cells.map((c) => c.observation), ...intended], source);
    timings.record_s = lap();
    timings.total_s = round((performance.now() - started) / 1000);
    const newObserved = recorded.discoveries.filter((d) => d.evidence === 'observed');
    const done = await rt.actor.finishJob(job.id, {
      status: 'done', timings, file,
      cpu_seconds: round(cpuSeconds() - cpuStart),
      frames: extraction.frames,
      extraction_fps: extraction.seconds > 0 ? round(extraction.frames / extraction.seconds, 1) : 0,
      new_cells: perRegistry(recorded.discoveries),
      new_observed: perRegistry(newObserved),
      coverage_gain: Object.fromEntries(recorded.coverage.map((c) => [c.registry, c.delta])),
      hits: hitsOf(rt, plan.targets, extraction, intended),
      gained: recorded.gained,
    }, {
      workflow: plan.workflow, mode: plan.mode, template: plan.template, prompt: plan.prompt,
      observations: recorded.observations, cells: recorded.cells, new_cells: recorded.discoveries.length,
      reward: plan.video_seconds > 0 ? round(newObserved.length / plan.video_seconds) : 0,
    });
    await rt.bus.publish(SUBJECTS.loop('job.done'), summary(done), { msgId: `job-${done.id}-done` });
    return { job: done, extraction, recorded };
  } catch (err) {
    const error = toMotionRegistryError(err).toJSON();
    timings.total_s = round((performance.now() - started) / 1000);
    if (error.code === 'JOB_CANCELLED') rt.log.info({ job_id: job.id, workflow: plan.workflow }, 'job cancelled');
    else rt.log.warn({ job_id: job.id, workflow: plan.workflow, err: error }, 'job failed');
    const failed = await rt.actor.finishJob(job.id, { status: 'failed', timings, error, cpu_seconds: round(cpuSeconds() - cpuStart), ...(file ? { file } : {}) });
    await rt.bus.publish(SUBJECTS.loop('job.failed'), summary(failed), { msgId: `job-${failed.id}-failed` });
    return { job: failed };
  } finally {
    if (file && !rt.keepClips) await rm(file, { force: true });
  }
}

/** A job as announced on the bus: everything but its spec. */
export function summary(job: JobRecord): Omit<JobRecord, 'spec'> {
  const { spec: _spec, ...rest } = job;
  return rest;
}
