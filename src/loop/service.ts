import { lastValueFrom, map, merge, toArray, tap } from 'rxjs';
import { publishLoopEvent } from '../events/loop-events.js';
import { LoopController, type ControllerOptions, type JobBudget } from './controller.js';
import type { JobResult } from './job.js';
import type { LoopRuntime } from './runtime.js';
import { Scheduler, type RequestedStrategy } from './scheduler.js';
import type { Workflow } from './workflows.js';

export interface LoopOptions {
  jobs?: number;
  minutes?: number;
  seed?: number;
  /** What controllers do once nothing is left to aim at (default `stop`; the service waits). */
  whenIdle?: ControllerOptions['whenIdle'];
  onJob?: (result: JobResult) => void;
}

export interface RunningLoop {
  controllers: LoopController[];
  /**
   * Resolves with the ids of the jobs run, once all controllers have completed. Results are not
   * kept (a service runs for days): each is handed to `onJob`, and the store has the jobs.
   */
  done: Promise<number[]>;
  /** Lets each controller finish its running job, then stop. */
  stop(): void;
  /** Cancels every running job (after `stop`, when its grace has run out). */
  cancel(): void;
  /** Queues jobs an operator asked for (run even when every space is complete) and wakes idle controllers. */
  request(jobs: number, strategy?: RequestedStrategy): void;
}

/**
 * Runs each workflow's controllers (`controllers` in its config, default one), all sharing the
 * runtime's registry and one scheduler: `jobs` is per workflow (its controllers share it),
 * `minutes` a deadline for starting jobs. Controllers' seeds derive from `seed`.
 */
export function runLoop(rt: LoopRuntime, workflows: Workflow[], options: LoopOptions = {}): RunningLoop {
  const until = options.minutes !== undefined ? Date.now() + options.minutes * 60_000 : undefined;
  const scheduler = new Scheduler(rt);
  const controllers = workflows
    .flatMap((workflow) => {
      const budget: JobBudget = { left: options.jobs ?? Infinity };
      return Array.from({ length: workflow.controllers ?? 1 }, () => ({ workflow, budget }));
    })
    .map(({ workflow, budget }, i) => new LoopController(rt, workflow, {
      jobs: budget, until, scheduler, whenIdle: options.whenIdle, ...(options.seed !== undefined ? { seed: options.seed + i } : {}),
    }));
  const names = workflows.map((w) => w.name);
  const done = (async () => {
    await publishLoopEvent(rt.bus, 'started', { workflows: names, jobs: options.jobs ?? null, minutes: options.minutes ?? null });
    const ids = await lastValueFrom(merge(...controllers.map((c) => c.run())).pipe(
      tap((r) => options.onJob?.(r)),
      map((r) => r.job.id),
      toArray(),
    ));
    await publishLoopEvent(rt.bus, 'stopped', { workflows: names, jobs: ids.length });
    return ids;
  })();
  return { controllers, done, stop: () => controllers.forEach((c) => c.stop()),
    cancel: () => void scheduler.cancelRunning(true),
    request: (jobs, strategy) => {
      scheduler.request(jobs, strategy);
      controllers.forEach((c) => c.wake());
    },
  };
}
