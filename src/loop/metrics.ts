import type { RegistryActor } from '../registry/actor.js';
import type { JobRecord, PerRegistry } from '../registry/jobs.js';
import type { CompletionSpace, CompletionTargets } from '../model/targets.js';
import { REGISTRIES, type RegistryName } from '../model/registries.js';
import { pct } from '../registry/tallies.js';
import { median, roundTo } from '../base/numbers.js';

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
  /** Jobs per scheduler strategy (loop jobs). */
  strategies: Record<string, number>;
  novel_cells: { total: number; per_job: number; per_video_minute: number; per_cpu_second: number };
  video_seconds: number;
  cpu_seconds: number;
  /** Median over the window's jobs. */
  extraction_fps: number;
  /** Targets reached / targets aimed at, per registry. */
  hit_rate: Partial<Record<RegistryName, { aimed: number; hits: number; rate: number }>>;
}

export interface SpaceProjection {
  count: number;
  cells: number;
  coverage_pct: number;
  /** Whether the service's completion waits for it. */
  required: boolean;
  /** New units per hour of loop time over the window. */
  cells_per_hour: number;
  /** Seconds to completion at that rate: 0 only when complete, null when nothing is being found. */
  eta_seconds: number | null;
  state: 'complete' | 'moving' | 'stalled';
  /** Why it is not moving (or not a target). */
  why?: string;
}

export interface RegistryProjection extends SpaceProjection {
  /** Good-Turing f1/n: the chance that the next record of this registry is of a new cell. */
  good_turing: number | null;
}

export interface LoopProgress extends JobMetrics {
  registries: Record<RegistryName, RegistryProjection>;
  /** Combination spaces, by space id (`dynamic.gradient_camera`, …). */
  spaces: Record<string, SpaceProjection>;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const total = (p: PerRegistry) => sum(Object.values(p).map((v) => v ?? 0));

function perStrategy(jobs: readonly JobRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { strategy } of jobs) if (strategy) out[strategy] = (out[strategy] ?? 0) + 1;
  return out;
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
    hitRate[registry] = { aimed, hits, rate: roundTo(hits / aimed) };
  }
  return {
    jobs: jobs.length,
    done: done.length,
    failed: finished.length - done.length,
    running: jobs.length - finished.length,
    precision_pct: finished.length ? roundTo((100 * done.length) / finished.length, 1) : 0,
    discovery_rate_pct: finished.length ? roundTo((100 * finished.filter((j) => total(j.new_cells) > 0).length) / finished.length, 1) : null,
    repetition_score: jobs.length ? roundTo(1 - templates.size / jobs.length) : 0,
    modes: {
      explore: jobs.filter((j) => j.mode === 'explore').length,
      exploit: jobs.filter((j) => j.mode === 'exploit').length,
      sweep: jobs.filter((j) => j.mode === 'sweep').length,
      manual: jobs.filter((j) => j.mode === 'manual').length,
    },
    strategies: perStrategy(jobs),
    novel_cells: {
      total: novel,
      per_job: done.length ? roundTo(novel / done.length, 2) : 0,
      per_video_minute: video > 0 ? roundTo((novel / video) * 60, 2) : 0,
      per_cpu_second: cpu > 0 ? roundTo(novel / cpu, 3) : 0,
    },
    video_seconds: roundTo(video, 1),
    cpu_seconds: roundTo(cpu, 1),
    extraction_fps: roundTo(median(done.map((j) => j.extraction_fps ?? 0).filter((f) => f > 0)) || 0, 1),
    hit_rate: hitRate,
  };
}


/** Units a job newly covered in a space (jobs stored before per-space gains carry their registry's gain). */
function gainOf(job: JobRecord, space: CompletionSpace): number {
  return job.gained?.[space.id] ?? (space.domain === null ? job.coverage_gain[space.registry] ?? 0 : 0);
}

/** The rate a space fills at over the window, its ETA, and why it is not moving when it is not. */
function project(space: CompletionSpace, count: number, jobs: readonly JobRecord[]): SpaceProjection {
  const done = jobs.filter((j) => j.status === 'done');
  const seconds = sum(jobs.map((j) => j.timings.total_s ?? 0));
  const found = sum(done.map((j) => gainOf(j, space)));
  const perSecond = seconds > 0 ? found / seconds : 0;
  const remaining = space.cells - count;
  const out: SpaceProjection = {
    count, cells: space.cells, coverage_pct: pct(count, space.cells), required: space.required,
    cells_per_hour: roundTo(perSecond * 3600, 1),
    // Never 0 while a cell is missing: at least a second.
    eta_seconds: remaining === 0 ? 0 : perSecond > 0 ? Math.max(1, Math.round(remaining / perSecond)) : null,
    state: remaining === 0 ? 'complete' : found > 0 ? 'moving' : 'stalled',
  };
  if (out.state === 'complete') return out;
  if (!space.required) return { ...out, why: 'not a completion target (config completion.spaces): the service does not wait for it' };
  if (out.state !== 'stalled') return out;
  const aimed = done.filter((j) => j.targets.some((t) => t.registry === space.registry && (space.domain === null ? true : t.domain === space.domain))).length;
  out.why = jobs.length === 0 ? 'no loop job has run'
    : aimed === 0 ? `none of the last ${jobs.length} jobs aimed at it: run the complete workflow (npm start), which picks the strategy that fills it`
      : `${aimed} of the last ${jobs.length} jobs aimed at it and found nothing new: what is missing may not be reachable by the renderer`;
  return out;
}

/** How many recent jobs `progress`, the API's progress and the export look back over by default. */
export const PROGRESS_JOBS = 100;

/** Job metrics of the last `last` jobs, with the coverage of every space, Good-Turing estimates and completion projections. */
export async function loopProgress(actor: RegistryActor, targets: CompletionTargets, last: number): Promise<LoopProgress> {
  const jobs = await actor.jobs({ last });
  const counts = new Map((await actor.spaceCoverage()).map((s) => [s.space, s.count]));
  const registries = {} as Record<RegistryName, RegistryProjection>;
  const spaces: Record<string, SpaceProjection> = {};
  for (const space of targets.spaces) {
    const projection = project(space, counts.get(space.id) ?? 0, jobs);
    if (space.domain !== null) {
      spaces[space.id] = projection;
      continue;
    }
    const f = await actor.frequencies(space.registry, targets.registries[space.registry].domains[0].evidence);
    registries[space.registry] = { ...projection, good_turing: f.n > 0 ? roundTo(f.f1 / f.n, 4) : null };
  }
  return { ...jobMetrics(jobs), registries, spaces };
}
