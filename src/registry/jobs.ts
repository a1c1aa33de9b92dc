import type { Database, RootDatabase } from 'lmdb';
import { MotionRegistryError, type ErrorJSON } from '../base/errors.js';
import type { RegistryName } from '../model/registries.js';
import { LIST_DEFAULT, LIST_MAX } from '../base/limits.js';

export type JobStatus = 'running' | 'done' | 'failed';
export const JOB_STATUSES: readonly JobStatus[] = ['running', 'done', 'failed'];

/** Whether a job explored (aimed at gaps), exploited (varied a rewarding template), swept, or was asked for by a client. */
export type JobMode = 'explore' | 'exploit' | 'sweep' | 'manual';

export type PerRegistry = Partial<Record<RegistryName, number>>;

/** What a job aimed at: cells per registry, listed by key (domain-qualified for dynamic and narrative). */
export interface JobTarget {
  registry: RegistryName;
  domain: string;
  key: string;
}

export interface JobTimings {
  render_s?: number;
  extract_s?: number;
  record_s?: number;
  total_s?: number;
}

/** One loop job as stored: what was asked, how it went, what it found. */
export interface JobRecord {
  id: number;
  workflow: string;
  mode: JobMode;
  /** The bandit template an exploit job varied, or the template an explore job belongs to. */
  template?: string;
  /** The scheduler strategy that chose the job (loop jobs). */
  strategy?: string;
  spec: unknown;
  prompt: string;
  seed: number;
  targets: JobTarget[];
  status: JobStatus;
  created_at: string;
  finished_at?: string;
  timings: JobTimings;
  /** Seconds of video rendered. */
  video_seconds: number;
  /** CPU seconds the job used (render, encode and extraction, all threads of the process that did it). */
  cpu_seconds?: number;
  frames?: number;
  extraction_fps?: number;
  /** New cells per registry (observed and intended evidence alike). */
  new_cells: PerRegistry;
  /** New observed cells per registry. */
  new_observed: PerRegistry;
  /** Headline coverage units newly covered, per registry (what completion counts). */
  coverage_gain: PerRegistry;
  /** Targets reached per registry (aimed cells observed in the clip). */
  hits: PerRegistry;
  /** Units newly covered per completion space (`static_color`, `dynamic.gradient_camera`, …). */
  gained?: Record<string, number>;
  file?: string;
  /** The worker that did the job, when a worker on NATS did it (not this process). */
  worker?: string;
  error?: ErrorJSON;
}

export type JobDraft = Omit<JobRecord, 'id' | 'status' | 'created_at' | 'timings' | 'new_cells' | 'new_observed' | 'coverage_gain' | 'hits'>;
export type JobOutcome = Partial<Pick<JobRecord, 'timings' | 'cpu_seconds' | 'frames' | 'extraction_fps' | 'new_cells' | 'new_observed' | 'coverage_gain' | 'hits' | 'gained' | 'file' | 'worker' | 'error'>> & {
  status: Exclude<JobStatus, 'running'>;
};

/** What a job taught the loop: written once per successful job (SPEC: learning runs). */
export interface LearningRun {
  seq: number;
  job_id: number | null;
  workflow: string;
  mode: JobMode;
  template?: string;
  prompt: string;
  observations: number;
  cells: number;
  new_cells: number;
  /** Novel cells per second of rendered video: the bandit's reward. */
  reward: number;
  at: string;
}

export interface JobQuery {
  status?: JobStatus;
  workflow?: string;
  /** The most recent N (default LIST_DEFAULT, at most LIST_MAX). */
  last?: number;
}


/**
 * Jobs and learning runs, in the registry's LMDB environment: written only by the registry
 * actor, each write one synchronous transaction, so an acknowledged job survives a kill -9.
 */
export class JobLedger {
  private readonly jobs: Database<JobRecord, number>;
  private readonly runs: Database<LearningRun, number>;
  private readonly meta: Database<number, string>;

  constructor(private readonly root: RootDatabase) {
    this.jobs = root.openDB({ name: 'jobs', keyEncoding: 'uint32' });
    this.runs = root.openDB({ name: 'runs', keyEncoding: 'uint32' });
    this.meta = root.openDB({ name: 'job-meta' });
  }

  /** Jobs a previous process left running were cut off: they are marked failed, once. */
  interruptRunning(at = new Date().toISOString()): number {
    let n = 0;
    this.root.transactionSync(() => {
      for (const { value } of this.jobs.getRange({})) {
        if (value.status !== 'running') continue;
        n += 1;
        this.jobs.put(value.id, {
          ...value, status: 'failed', finished_at: at,
          error: { code: 'JOB_INTERRUPTED', message: 'the process stopped before the job finished' },
        });
      }
    });
    return n;
  }

  create(draft: JobDraft): JobRecord {
    let job!: JobRecord;
    this.root.transactionSync(() => {
      const id = (this.meta.get('job') ?? 0) + 1;
      this.meta.put('job', id);
      job = {
        ...draft, id, status: 'running', created_at: new Date().toISOString(),
        timings: {}, new_cells: {}, new_observed: {}, coverage_gain: {}, hits: {},
      };
      this.jobs.put(id, job);
    });
    return job;
  }

  /** Closes a running job; a successful one gets its learning run in the same transaction. */
  finish(id: number, outcome: JobOutcome, run?: Omit<LearningRun, 'seq' | 'at' | 'job_id'>): JobRecord {
    let job!: JobRecord;
    this.root.transactionSync(() => {
      const current = this.jobs.get(id);
      if (!current) throw new MotionRegistryError('NOT_FOUND', `no job ${id}`, { job_id: id });
      if (current.status !== 'running') throw new MotionRegistryError('INPUT_INVALID', `job ${id} is already ${current.status}`, { job_id: id });
      const at = new Date().toISOString();
      job = { ...current, ...outcome, finished_at: at };
      this.jobs.put(id, job);
      if (run) this.putRun({ ...run, job_id: id }, at);
    });
    return job;
  }

  /** A learning run not tied to a loop job (posted by a client). */
  addRun(run: Omit<LearningRun, 'seq' | 'at'>): LearningRun {
    let stored!: LearningRun;
    this.root.transactionSync(() => {
      stored = this.putRun(run, new Date().toISOString());
    });
    return stored;
  }

  private putRun(run: Omit<LearningRun, 'seq' | 'at'>, at: string): LearningRun {
    const seq = (this.meta.get('run') ?? 0) + 1;
    this.meta.put('run', seq);
    const stored = { ...run, seq, at };
    this.runs.put(seq, stored);
    return stored;
  }

  get(id: number): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** Most recent first. */
  list(query: JobQuery = {}): JobRecord[] {
    const last = Math.min(query.last ?? LIST_DEFAULT, LIST_MAX);
    const out: JobRecord[] = [];
    for (const { value } of this.jobs.getRange({ reverse: true })) {
      if (out.length >= last) break;
      if (query.status && value.status !== query.status) continue;
      if (query.workflow && value.workflow !== query.workflow) continue;
      out.push(value);
    }
    return out;
  }

  /** Most recent first. */
  listRuns(last = LIST_DEFAULT): LearningRun[] {
    return [...this.runs.getRange({ reverse: true, limit: Math.min(last, LIST_MAX) }).map(({ value }) => value)];
  }
}
