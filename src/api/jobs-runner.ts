import { MotionRegistryError } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import { interpret } from '../create/interpreter/interpret.js';
import { describe } from '../create/interpreter/describe.js';
import { validateSpec } from '../create/spec.js';
import type { SceneSpec } from '../model/scene.js';
import { runJob } from '../loop/job.js';
import { templateOf } from '../loop/plan.js';
import type { LoopRuntime } from '../loop/runtime.js';
import type { JobRecord } from '../registry/jobs.js';
import type { Config } from '../base/config-schema.js';

/** A job asked for over HTTP: a prompt or a scene spec (one of them); `seed` overrides the seed either way. */
export interface JobRequest {
  prompt?: string;
  spec?: unknown;
  seed?: number;
}

/** The workflow name API jobs are stored under. */
export const API_WORKFLOW = 'api';
/** How long a client turned away for too many running jobs or uploads is asked to wait. */
export const BUSY_RETRY_S = 5;

/** The spec and prompt of a request; prompts are read at the loop's clip size unless they name one. */
function specOf(request: JobRequest, rt: LoopRuntime): { spec: SceneSpec; prompt: string } {
  if (request.spec !== undefined) {
    const spec = validateSpec(request.seed === undefined ? request.spec : { ...(request.spec as object), seed: request.seed });
    return { spec: withinLimits(spec, rt.config.limits), prompt: describe(spec) };
  }
  const { width, height, fps } = rt.config.loop;
  const prompt = request.prompt!;
  return { spec: withinLimits(interpret(prompt, { defaults: { width, height, fps }, ...(request.seed === undefined ? {} : { seed: request.seed }) }), rt.config.limits), prompt };
}

/** A spec within the configured bounds of one HTTP job, or INPUT_INVALID naming the first bound it passes. */
export function withinLimits(spec: SceneSpec, limits: Config['limits']): SceneSpec {
  const frames = Math.round(spec.duration * spec.fps);
  const checks: Array<[keyof Config['limits'], number, string]> = [
    ['max_seconds', spec.duration, `${spec.duration} s`],
    ['max_width', spec.width, `${spec.width} pixels wide`],
    ['max_height', spec.height, `${spec.height} pixels high`],
    ['max_fps', spec.fps, `${spec.fps} fps`],
    ['max_frames_per_job', frames, `${frames} frames`],
  ];
  for (const [limit, value, asked] of checks) {
    if (value > limits[limit]) {
      throw new MotionRegistryError('INPUT_INVALID', `the job asks for ${asked}; limits.${limit} is ${limits[limit]}`, { limit: `limits.${limit}`, max: limits[limit], asked: value });
    }
  }
  return spec;
}

/** Jobs started over HTTP: run by the loop's job runner in the background, awaited on close. */
export class ApiJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  /** Starts a job; resolves with it as stored (running) once it has an id. */
  async start(rt: LoopRuntime, request: JobRequest): Promise<{ job: JobRecord; spec: SceneSpec }> {
    const { spec, prompt } = specOf(request, rt);
    const max = rt.config.api.max_jobs;
    if (this.running.size >= max) {
      throw new MotionRegistryError('RATE_LIMITED', `${max} jobs started over HTTP are still running (api.max_jobs); retry in ${BUSY_RETRY_S} s`, { limit: 'api.max_jobs', retry_after_s: BUSY_RETRY_S });
    }
    let stored!: (job: JobRecord) => void;
    const created = new Promise<JobRecord>((resolve) => { stored = resolve; });
    const run = runJob(rt, {
      workflow: API_WORKFLOW, mode: 'manual', template: templateOf(spec), spec, prompt, seed: spec.seed, targets: [], video_seconds: spec.duration,
    }, { created: stored });
    const settled = run.then(() => undefined, (err: unknown) => this.log.error({ err }, 'job started over HTTP could not be stored'));
    this.running.add(settled);
    void settled.finally(() => this.running.delete(settled));
    return { job: await Promise.race([created, run.then((r) => r.job)]), spec };
  }

  /** Resolves when every job started here has finished. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
  }
}
