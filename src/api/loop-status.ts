import type { Bus, Subscription } from '../events/bus.js';
import { onLoopEvent } from '../events/loop-events.js';
import type { IdleState } from '../loop/controller.js';
import type { RunningLoop } from '../loop/service.js';
import type { JobRecord } from '../registry/jobs.js';

type JobEvent = Pick<JobRecord, 'id' | 'workflow' | 'status'>;

const NO_JOBS: WorkflowJobs = { running: 0, done: 0, failed: 0, last_job: null };

export interface WorkflowJobs {
  running: number;
  done: number;
  failed: number;
  last_job: number | null;
}

export interface LoopStatusReport {
  /** Whether this process runs loop controllers that have not all completed. */
  running: boolean;
  /** Whether they were asked to stop and are finishing their running jobs. */
  stopping: boolean;
  /** Whether every controller idles because every space is complete. */
  complete: boolean;
  controllers: Array<{
    workflow: string; exploit_ratio: number | null; extraction_focus: string; static_focus: string; strategies: string[];
    jobs: WorkflowJobs;
    /** Why the controller runs no job, while it does not. */
    idle: IdleState | null;
  }>;
  /** Jobs per workflow seen on the bus since the API started (loop controllers and API jobs). */
  jobs: Record<string, WorkflowJobs>;
}

/** The loop as the API reports it: the controllers it was given and the job events on the bus. */
export class LoopStatus {
  private readonly jobs = new Map<string, WorkflowJobs>();
  private readonly subscriptions: Subscription[];
  private completed = false;

  constructor(bus: Bus, private readonly loop?: RunningLoop) {
    this.subscriptions = [
      onLoopEvent(bus, 'job.started', ({ data }) => { this.of(data.workflow).running += 1; }),
      onLoopEvent(bus, 'job.done', ({ data }) => this.finished(data, 'done')),
      onLoopEvent(bus, 'job.failed', ({ data }) => this.finished(data, 'failed')),
    ];
    if (loop) {
      const settle = () => { this.completed = true; };
      loop.done.then(settle, settle);
    }
  }

  private of(workflow: string): WorkflowJobs {
    let jobs = this.jobs.get(workflow);
    if (!jobs) this.jobs.set(workflow, (jobs = { ...NO_JOBS }));
    return jobs;
  }

  private finished(job: JobEvent, status: 'done' | 'failed'): void {
    const jobs = this.of(job.workflow);
    jobs.running = Math.max(0, jobs.running - 1);
    jobs[status] += 1;
    jobs.last_job = Math.max(jobs.last_job ?? 0, job.id);
  }

  report(): LoopStatusReport {
    const running = this.loop !== undefined && !this.completed;
    const controllers = this.loop?.controllers ?? [];
    return {
      running,
      stopping: running && controllers.some((c) => c.stopped),
      complete: running && controllers.length > 0 && controllers.every((c) => c.idle?.reason === 'complete'),
      controllers: controllers.map(({ workflow, idle }) => ({
        workflow: workflow.name, exploit_ratio: workflow.exploit_ratio,
        extraction_focus: workflow.extraction_focus, static_focus: workflow.static_focus, strategies: [...workflow.strategies],
        jobs: { ...(this.jobs.get(workflow.name) ?? NO_JOBS) },
        idle,
      })),
      jobs: Object.fromEntries([...this.jobs].map(([workflow, jobs]) => [workflow, { ...jobs }])),
    };
  }

  close(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
