import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { from, type Observable } from 'rxjs';
import { publishLoopEvent } from '../events/loop-events.js';
import { toMotionRegistryError } from '../base/errors.js';
import { mulberry32Uint, SEED_MAX } from '../base/random.js';
import type { SceneSpec } from '../model/scene.js';
import { runJob, type JobPlan, type JobResult } from './job.js';
import type { RatioDecision } from './exploit-ratio.js';
import type { LoopRuntime } from './runtime.js';
import { Scheduler, STALL_RETRY_MS } from './scheduler.js';
import type { StrategyName } from './strategy-names.js';
import type { Workflow } from './workflows.js';

/** Jobs left to run, shared by the controllers of one workflow. */
export interface JobBudget {
  left: number;
}

export interface ControllerOptions {
  /** Stop after this many jobs (a number: this controller's own; a budget: shared with others). */
  jobs?: number | JobBudget;
  /** Start no job after this time (epoch ms). */
  until?: number;
  /** Seed of the controller's job seeds (default: random); each job's seed is stored with it. */
  seed?: number;
  /** Shared by the controllers of one loop, so that they never aim two running jobs at the same cells. */
  scheduler?: Scheduler;
  /**
   * When nothing is left to aim at: `stop` completes the controller (default); `wait` idles until
   * the store changes, `wake()` is called or the controller is stopped (the service).
   */
  whenIdle?: 'stop' | 'wait';
}

/** Pause after a job the store could not take, before the next. */
const FAILED_STORE_PAUSE_MS = 1000;

/** How often an idle controller looks whether the store has changed. */
export const IDLE_POLL_MS = 5000;

/** What a controller decided for one job, before it runs; or why it runs none. */
export type JobDecision =
  | { kind: 'job'; strategy: StrategyName; plan: JobPlan; spec?: SceneSpec; ratio: RatioDecision; reason: string; claim?: number; steps: Parameters<typeof runJob>[2] }
  | { kind: 'idle'; reason: 'complete' | 'stalled'; detail: string };

export interface IdleState {
  reason: 'complete' | 'stalled';
  detail: string;
  since: string;
}

/**
 * One loop controller: a long-running RxJS stream that, job after job, asks the scheduler for
 * the job that should fill most per CPU-second, runs it (render, extract, record, announce) and
 * goes on. A failed job is stored as failed and the next one runs. When every space is complete
 * it announces `loop.idle` and, in the service, waits at no cost until there is work again.
 * `stop()` lets the running job finish, then completes.
 */
export class LoopController {
  private stopping = false;
  private readonly seeds: () => number;
  private wakeUp: (() => void) | null = null;
  readonly scheduler: Scheduler;
  /** Why the controller runs no job, while it does not. */
  idle: IdleState | null = null;

  constructor(private readonly rt: LoopRuntime, readonly workflow: Workflow, private readonly options: ControllerOptions = {}) {
    this.seeds = mulberry32Uint(options.seed ?? randomInt(0, SEED_MAX));
    this.scheduler = options.scheduler ?? new Scheduler(rt);
  }

  stop(): void {
    this.stopping = true;
    this.wake();
  }

  /** Ends an idle wait: the controller looks for work again. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Whether it was asked to stop and is finishing its running job. */
  get stopped(): boolean {
    return this.stopping;
  }

  /** Jobs as they finish. */
  run(): Observable<JobResult> {
    return from(this.jobs());
  }

  private more(budget: JobBudget): boolean {
    return !this.stopping && budget.left > 0 && (this.options.until === undefined || Date.now() < this.options.until);
  }

  private async *jobs(): AsyncGenerator<JobResult> {
    const jobs = this.options.jobs;
    const budget: JobBudget = typeof jobs === 'object' ? jobs : { left: jobs ?? Infinity };
    while (this.more(budget)) {
      let decision: JobDecision;
      try {
        decision = await this.decide(this.seeds());
      } catch (err) {
        // The store or a strategy failed before any job existed: say so, wait, try again.
        this.rt.log.warn({ workflow: this.workflow.name, err: toMotionRegistryError(err).toJSON() }, 'could not plan the next job');
        decision = { kind: 'idle', reason: 'stalled', detail: `planning failed: ${toMotionRegistryError(err).message}` };
      }
      if (decision.kind === 'idle') {
        if ((this.options.whenIdle ?? 'stop') === 'stop') return;
        await this.waitIdle(decision);
        continue;
      }
      this.idle = null;
      if (budget.left <= 0) {
        this.scheduler.release(decision.claim);
        return;
      }
      budget.left -= 1;
      let result: JobResult;
      try {
        result = await runJob(this.rt, decision.plan, decision.steps, { signal: this.scheduler.signal(decision.claim) });
      } catch (err) {
        // runJob stores its own failures; this is the store failing under it. The controller goes on.
        this.rt.log.error({ workflow: this.workflow.name, err: toMotionRegistryError(err).toJSON() }, 'a job could not be stored');
        await sleep(FAILED_STORE_PAUSE_MS);
        continue;
      } finally {
        this.scheduler.release(decision.claim);
      }
      if ((result.recorded?.completed.length ?? 0) > 0 && (await this.rt.actor.coverage()).completion.complete) {
        // This job completed the last space: what the other controllers are running adds nothing now.
        const cancelled = this.scheduler.cancelRunning();
        if (cancelled > 0) this.rt.log.info({ workflow: this.workflow.name, cancelled }, 'every space is complete: running jobs cancelled');
      }
      yield result;
      if (this.workflow.delay_seconds > 0 && this.more(budget)) await sleep(this.workflow.delay_seconds * 1000);
    }
  }

  /** Idles until the store changes, `wake()`, `stop()` or the deadline; announces the idle state once. */
  private async waitIdle(decision: Extract<JobDecision, { kind: 'idle' }>): Promise<void> {
    if (this.idle?.reason !== decision.reason || this.idle.detail !== decision.detail) {
      this.idle = { reason: decision.reason, detail: decision.detail, since: new Date().toISOString() };
      this.rt.log.info({ workflow: this.workflow.name, reason: decision.reason, detail: decision.detail }, 'loop idle');
      await publishLoopEvent(this.rt.bus, 'idle', { workflow: this.workflow.name, ...this.idle });
    }
    const seq = async () => Math.max(0, ...(await this.rt.actor.headline()).map((c) => c.seq));
    const start = await seq();
    const woken = new AbortController();
    this.wakeUp = () => woken.abort();
    try {
      while (!woken.signal.aborted && !this.stopping && (this.options.until === undefined || Date.now() < this.options.until)) {
        await sleep(IDLE_POLL_MS, undefined, { signal: woken.signal }).catch(() => undefined);
        if (!woken.signal.aborted && (await seq()) !== start) return;
        // A stalled strategy is given another job once its time out is over.
        if (decision.reason === 'stalled' && Date.parse(this.idle!.since) + STALL_RETRY_MS < Date.now()) return;
      }
    } finally {
      this.wakeUp = null;
    }
  }

  /** The next job's plan for a given seed: the same seed over the same store gives the same plan. */
  async decide(seed: number): Promise<JobDecision> {
    const decision = await this.scheduler.decide(this.workflow, seed);
    if (decision.kind === 'idle') return decision;
    const { job } = decision;
    return {
      kind: 'job', strategy: decision.strategy, ratio: decision.ratio, reason: decision.reason, claim: decision.claim, spec: job.spec, steps: job.steps,
      plan: { workflow: this.workflow.name, mode: job.mode, strategy: decision.strategy, ...job.plan, seed },
    };
  }
}
