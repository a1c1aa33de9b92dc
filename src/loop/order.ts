import type { ErrorJSON } from '../base/errors.js';
import type { FileExtraction } from '../extract/extract.js';
import type { JobRecord } from '../registry/jobs.js';
import type { Observation } from '../model/records.js';
import type { Workflow } from './workflows.js';

/**
 * A job as a worker gets it: data only, so that it can cross NATS. The spec says what to render
 * (a scene, a color or sound sweep, a combination fill); the rest is in the worker's config.
 */
export interface WorkOrder {
  job: Pick<JobRecord, 'id' | 'created_at' | 'spec' | 'prompt' | 'seed' | 'targets' | 'workflow'>;
  /** Which analyses scene jobs run (the workflow's `extraction_focus`). */
  focus: Workflow['extraction_focus'];
}

/** What doing a job produced, wherever it ran. */
export interface Execution {
  extraction: FileExtraction;
  /** Observations of what the spec intended (origin `intended`). */
  intended: Observation[];
  /** What the job measured for its strategy to learn from (lossy sweeps: where each tile decoded). */
  measured?: unknown;
  timings: { render_s: number; extract_s: number };
  /** CPU of the process that did the job (and its ffmpeg children) while it did it. */
  cpu_seconds: number;
  /** The clip, on the machine that made it. */
  file: string;
  /** Who did it: `local`, or the worker's name. */
  worker: string;
}

/**
 * Names one job of one store: ids restart with every new store, and a NATS server outlives the
 * stores that used it, so an id alone could match an old store's order or reply.
 */
export const orderKey = (job: Pick<JobRecord, 'id' | 'created_at'>) => `${job.id}-${Date.parse(job.created_at)}`;

/** A worker's answer: the execution, or the error the job failed with. */
export type WorkReply = { job_id: number; order: string; worker: string } & ({ ok: true; execution: Execution } | { ok: false; error: ErrorJSON });

/** Runs jobs: in this process, or on workers over NATS. */
export interface Executor {
  execute(order: WorkOrder, signal?: AbortSignal): Promise<Execution>;
  /** The job's result is stored: what carried it may be let go (a reply leaves its queue). */
  done?(jobId: number): void;
  /** Where uploads go for jobs that run elsewhere (executors whose jobs run here have none). */
  media?: {
    /** Stores the file; resolves with the name of the object a `media` job spec points at. */
    upload(file: string, name: string): Promise<string>;
    discard(object: string): Promise<void>;
  };
  close(): Promise<void>;
}
