import type { RegistryActor } from '../registry/actor.js';
import type { JobRecord, PerRegistry } from '../registry/jobs.js';
import { REGISTRIES, type CompletionTargets, type RegistryName } from '../registry/targets.js';
import type { CoverageDelta } from '../registry/types.js';

/** Loop figures over a window of recent jobs (SPEC: Metrics). */
export interface JobMetrics {
  jobs: number;
  done: number;
  failed: number;
  running: number;
  /** Share of finished jobs with a learning run (that is, that succeeded). */
  precision_pct: number;
  /** Share of finished jobs with at least one new cell; null before any finished job. */
  discovery_rate_pct: number | null;
  /** 1 − distinct templates / jobs: 0 when every job varied something new, near 1 when one template repeats. */
  repetition_score: number;
  modes: { explore: number; exploit: number; sweep: number; manual: number };
  novel_cells: { total: number; per_job: number; per_video_minute: number; per_cpu_second: number };
  video_seconds: number;
  cpu_seconds: number;
  /** Median over the window's jobs. */
  extraction_fps: number;
  /** Targets reached / targets aimed at, per registry. */
  hit_rate: Partial<Record<RegistryName, { aimed: number; hits: number; rate: number }>>;
}

export interface RegistryProjection {
  count: number;
  cells: number;
  coverage_pct: number;
  /** Good-Turing f1/n: the chance that the next record of this registry is of a new cell. */
  good_turing: number | null;
  /** New headline cells per hour of loop time over the window. */
  cells_per_hour: number;
  /** Seconds to completion at that rate (null when nothing is being found). */
  eta_seconds: number | null;
}

export interface LoopProgress extends JobMetrics {
  registries: Record<RegistryName, RegistryProjection>;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const total = (p: PerRegistry) => sum(Object.values(p).map((v) => v ?? 0));

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Figures of a window of jobs (any order). */
export function jobMetrics(jobs: readonly JobRecord[]): JobMetrics {
  const finished = jobs.filter((j) => j.status !== 'running');
  const done = finished.filter((j) => j.status === 'done');
  const novel = sum(done.map((j) => total(j.new_cells)));
  const video = sum(done.map((j) => j.video_seconds));
  const cpu = sum(finished.map((j) => j.cpu_seconds ?? 0));
  const templates = new Set(jobs.map((j) => j.template ?? j.prompt));
  const hitRate: JobMetrics['hit_rate'] = {};
  for (const registry of REGISTRIES) {
    const aimed = sum(done.map((j) => j.targets.filter((t) => t.registry === registry).length));
    if (aimed === 0) continue;
    const hits = sum(done.map((j) => j.hits[registry] ?? 0));
    hitRate[registry] = { aimed, hits, rate: round(hits / aimed) };
  }
  return {
    jobs: jobs.length,
    done: done.length,
    failed: finished.length - done.length,
    running: jobs.length - finished.length,
    precision_pct: finished.length ? round((100 * done.length) / finished.length, 1) : 0,
    discovery_rate_pct: finished.length ? round((100 * finished.filter((j) => total(j.new_cells) > 0).length) / finished.length, 1) : null,
    repetition_score: jobs.length ? round(1 - templates.size / jobs.length) : 0,
    modes: {
      explore: jobs.filter((j) => j.mode === 'explore').length,
      exploit: jobs.filter((j) => j.mode === 'exploit').length,
      sweep: jobs.filter((j) => j.mode === 'sweep').length,
      manual: jobs.filter((j) => j.mode === 'manual').length,
    },
    novel_cells: {
      total: novel,
      per_job: done.length ? round(novel / done.length, 2) : 0,
      per_video_minute: video > 0 ? round((novel / video) * 60, 2) : 0,
      per_cpu_second: cpu > 0 ? round(novel / cpu, 3) : 0,
    },
    video_seconds: round(video, 1),
    cpu_seconds: round(cpu, 1),
    extraction_fps: round(median(done.map((j) => j.extraction_fps ?? 0).filter((f) => f > 0)), 1),
    hit_rate: hitRate,
  };
}


/** Job metrics of the last `last` jobs, with per-registry coverage, Good-Turing estimate and completion projection. */
export async function loopProgress(actor: RegistryActor, targets: CompletionTargets, last: number): Promise<LoopProgress> {
  const jobs = await actor.jobs({ last });
  const headline = await actor.headline();
  const done = jobs.filter((j) => j.status === 'done');
  const seconds = sum(jobs.map((j) => j.timings.total_s ?? 0));
  const registries = {} as Record<RegistryName, RegistryProjection>;
  for (const c of headline as CoverageDelta[]) {
    const evidence = targets.registries[c.registry].domains[0].evidence;
    const f = await actor.frequencies(c.registry, evidence);
    const found = sum(done.map((j) => j.coverage_gain[c.registry] ?? 0));
    const perSecond = seconds > 0 ? found / seconds : 0;
    const remaining = c.cells - c.count;
    registries[c.registry] = {
      count: c.count, cells: c.cells, coverage_pct: c.coverage_pct,
      good_turing: f.n > 0 ? round(f.f1 / f.n, 4) : null,
      cells_per_hour: round(perSecond * 3600, 1),
      eta_seconds: remaining === 0 ? 0 : perSecond > 0 ? Math.round(remaining / perSecond) : null,
    };
  }
  return { ...jobMetrics(jobs), registries };
}
