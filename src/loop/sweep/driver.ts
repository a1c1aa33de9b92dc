import type { JobPlan, JobSteps } from '../job.js';
import { runJob } from '../job.js';
import type { LoopRuntime } from '../runtime.js';
import { MotionRegistryError } from '../../base/errors.js';
import type { RegistryName } from '../../model/registries.js';
import { roundTo } from '../../base/numbers.js';

export type SweepKind = 'colors' | 'sounds';
export const SWEEP_KINDS: readonly SweepKind[] = ['colors', 'sounds'];

export function sweepKind(name: string): SweepKind {
  if ((SWEEP_KINDS as readonly string[]).includes(name)) return name as SweepKind;
  throw new MotionRegistryError('INPUT_INVALID', `unknown sweep ${JSON.stringify(name)}; use one of ${SWEEP_KINDS.join(', ')}`,
    { kind: name, allowed: [...SWEEP_KINDS] });
}

export interface SweepAttempt {
  aimed: number;
  hit: number;
}

/** What a sweep did: its jobs, the cells it aimed at and hit (per attempt too), what was new. */
export interface SweepReport {
  kind: SweepKind;
  codec: string;
  jobs: number[];
  /** Jobs that failed (their cells count as missed, and are retried while attempts are left). */
  failed_jobs: number[];
  aimed: number;
  hit: number;
  /** hit / aimed (1 when nothing was aimed at). */
  hit_rate: number;
  attempts: SweepAttempt[];
  /** Cells new to the swept registry, observed in the sweep's clips. */
  new_cells: number;
  /** Cells asked for that the codec or generator cannot produce, so never aimed at. */
  skipped: number;
  /** Aimed cells not observed in any attempt. */
  missed: string[];
  seconds: number;
}

export interface SweepProgress {
  kind: SweepKind;
  attempt: number;
  /** Cells of this attempt done so far, out of `total`. */
  done: number;
  total: number;
  /** Cells hit so far, all attempts. */
  hit: number;
  /** The job just finished (none at the start of an attempt). */
  job?: number;
}

/** One clip of an attempt: the cells it aims at and how the job makes it. */
export interface SweepClip {
  keys: string[];
  plan: Pick<JobPlan, 'spec' | 'prompt' | 'seed' | 'video_seconds'>;
  steps: JobSteps;
}

export interface SweepDefinition {
  kind: SweepKind;
  codec: string;
  registry: RegistryName;
  domain: string;
  /** Cells to aim at, in the order they are swept. */
  keys: string[];
  skipped: number;
  attempts: number;
  /** The clips of one attempt over the cells still missing; taken one at a time, after the previous clip's job. */
  clips(pending: string[], attempt: number): Iterable<SweepClip>;
  onProgress?: (progress: SweepProgress) => void;
}


/** Runs a sweep's clips as loop jobs, attempt after attempt over the cells still missed. */
export async function runSweep(rt: LoopRuntime, sweep: SweepDefinition): Promise<SweepReport> {
  const started = performance.now();
  const report: SweepReport = {
    kind: sweep.kind, codec: sweep.codec, jobs: [], failed_jobs: [], aimed: sweep.keys.length, hit: 0, hit_rate: 1,
    attempts: [], new_cells: 0, skipped: sweep.skipped, missed: [], seconds: 0,
  };
  let pending = sweep.keys;
  for (let attempt = 1; attempt <= sweep.attempts && pending.length > 0; attempt++) {
    const hits = new Set<string>();
    let done = 0;
    sweep.onProgress?.({ kind: sweep.kind, attempt, done, total: pending.length, hit: report.hit });
    for (const clip of sweep.clips(pending, attempt)) {
      const { job, extraction } = await runJob(rt, {
        workflow: 'sweep', mode: 'sweep', ...clip.plan,
        targets: clip.keys.map((key) => ({ registry: sweep.registry, domain: sweep.domain, key })),
      }, clip.steps);
      report.jobs.push(job.id);
      if (job.status === 'failed') report.failed_jobs.push(job.id);
      report.new_cells += job.new_observed[sweep.registry] ?? 0;
      // Static cells are their own coverage units: a key observed is a target hit.
      const observed = new Set<string>();
      for (const c of extraction?.cells ?? []) {
        if (c.registry === sweep.registry && c.domain === sweep.domain) observed.add(c.key);
      }
      for (const key of clip.keys) if (observed.has(key)) hits.add(key);
      done += clip.keys.length;
      sweep.onProgress?.({ kind: sweep.kind, attempt, done, total: pending.length, hit: report.hit + hits.size, job: job.id });
    }
    report.attempts.push({ aimed: pending.length, hit: hits.size });
    report.hit += hits.size;
    pending = pending.filter((key) => !hits.has(key));
  }
  report.missed = pending;
  report.hit_rate = report.aimed > 0 ? roundTo(report.hit / report.aimed, 4) : 1;
  report.seconds = roundTo((performance.now() - started) / 1000, 2);
  return report;
}

/** A sweep option that must be a whole number from 1 up. */
/** Clips per cell at most, by default: a missed cell is aimed again once. */
export const SWEEP_ATTEMPTS = 2;

export function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new MotionRegistryError('INPUT_INVALID', `${name} must be an integer >= 1, not ${value}`, { [name]: value });
  return value;
}
