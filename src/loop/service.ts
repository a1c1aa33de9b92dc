import { lastValueFrom, merge, toArray, tap } from 'rxjs';
import { SUBJECTS } from '../bus/subjects.js';
import { LoopController, type ControllerOptions } from './controller.js';
import type { JobResult } from './job.js';
import type { LoopRuntime } from './runtime.js';
import type { Workflow } from './workflows.js';

export interface LoopOptions {
  jobs?: number;
  minutes?: number;
  seed?: number;
  onJob?: (result: JobResult) => void;
}

export interface RunningLoop {
  controllers: LoopController[];
  /** Resolves with every job once all controllers have completed. */
  done: Promise<JobResult[]>;
  /** Lets each controller finish its running job, then stop. */
  stop(): void;
}

/**
 * Runs one controller per workflow, all sharing the runtime's registry: `jobs` is per
 * controller, `minutes` a deadline for starting jobs. Controllers' seeds derive from `seed`.
 */
export function runLoop(rt: LoopRuntime, workflows: Workflow[], options: LoopOptions = {}): RunningLoop {
  const until = options.minutes !== undefined ? Date.now() + options.minutes * 60_000 : undefined;
  const controllers = workflows.map((workflow, i) => {
    const controllerOptions: ControllerOptions = { jobs: options.jobs, until, ...(options.seed !== undefined ? { seed: options.seed + i } : {}) };
    return new LoopController(rt, workflow, controllerOptions);
  });
  const names = workflows.map((w) => w.name);
  const done = (async () => {
    await rt.bus.publish(SUBJECTS.loop('started'), { workflows: names, jobs: options.jobs ?? null, minutes: options.minutes ?? null });
    const results = await lastValueFrom(merge(...controllers.map((c) => c.run())).pipe(tap((r) => options.onJob?.(r)), toArray()));
    await rt.bus.publish(SUBJECTS.loop('stopped'), { workflows: names, jobs: results.length });
    return results;
  })();
  return { controllers, done, stop: () => controllers.forEach((c) => c.stop()) };
}
