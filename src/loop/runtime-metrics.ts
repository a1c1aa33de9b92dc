import { Counter, Histogram, type Metric } from 'prom-client';
import type { FileExtraction } from '../extract/extract.js';
import type { JobRecord } from '../registry/jobs.js';

/** Every metric this service exposes is named `motion_registry_…`, the process and runtime ones too. */
export const METRIC_PREFIX = 'motion_registry_';

/** The strategy label of jobs no scheduler strategy chose (jobs asked for over HTTP, sweeps). */
export const NO_STRATEGY = 'none';

/**
 * What a runtime counts as it works: how long its jobs take and how fast files are extracted for
 * it (by its own pool or by workers). The metrics belong to no registry; the API that exposes
 * them registers them on its own.
 */
export class RuntimeMetrics {
  readonly jobDuration = new Histogram({
    name: `${METRIC_PREFIX}job_duration_seconds`,
    help: 'Wall time of each finished job, by the scheduler strategy that chose it and how it ended',
    labelNames: ['strategy', 'status'] as const,
    buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
    registers: [],
  });

  readonly extractedFrames = new Counter({
    name: `${METRIC_PREFIX}extracted_frames_total`,
    help: 'Frames decoded and read by extraction (job clips and uploads)',
    registers: [],
  });

  readonly extractionSeconds = new Counter({
    name: `${METRIC_PREFIX}extraction_seconds_total`,
    help: 'Wall seconds spent extracting those frames; rate(frames) / rate(seconds) is the extraction fps',
    registers: [],
  });

  readonly fileFps = new Histogram({
    name: `${METRIC_PREFIX}extraction_file_fps`,
    help: 'Extraction frames per second of each extracted file',
    buckets: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
    registers: [],
  });

  metrics(): Metric[] {
    return [this.jobDuration, this.extractedFrames, this.extractionSeconds, this.fileFps];
  }

  jobFinished(job: JobRecord): void {
    if (job.status === 'running' || job.timings.total_s === undefined) return;
    this.jobDuration.observe({ strategy: job.strategy ?? NO_STRATEGY, status: job.status }, job.timings.total_s);
  }

  extracted(extraction: Pick<FileExtraction, 'frames' | 'seconds'>): void {
    this.extractedFrames.inc(extraction.frames);
    this.extractionSeconds.inc(extraction.seconds);
    if (extraction.frames > 0 && extraction.seconds > 0) this.fileFps.observe(extraction.frames / extraction.seconds);
  }
}
