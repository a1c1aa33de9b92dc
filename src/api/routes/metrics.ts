import type { FastifyInstance } from 'fastify';
import type { BusState } from '../../events/bus.js';
import { waitingMs, type DeliveryState } from '../../registry/delivery.js';
import { loopProgress, type LoopProgress } from '../../loop/metrics.js';
import type { CoverageReport } from '../../registry/coverage.js';
import { REGISTRIES } from '../../model/registries.js';
import type { ApiContext } from '../context.js';
import type { LoopStatusReport } from '../loop-status.js';
import { ServiceRegistry, type FigureMetric, type Labels, type Samples } from '../prometheus.js';

/** What the metrics below are read from at each scrape. */
interface Figures {
  coverage: CoverageReport;
  progress: LoopProgress;
  jobsCreated: number;
  loop: LoopStatusReport;
  bus: { kind: string; state: BusState; delivery: DeliveryState | null; now: number };
}

const perRegistry = (pick: (registry: (typeof REGISTRIES)[number]) => number | null | undefined): Samples =>
  REGISTRIES.flatMap((registry) => {
    const value = pick(registry);
    return typeof value === 'number' ? [[{ registry }, value] as [Labels, number]] : [];
  });

function figureMetrics(window: number): Array<FigureMetric<Figures>> {
  return [
    { name: 'cells_covered', type: 'gauge', help: 'Cells of the headline space covered, per registry', labels: ['registry'], samples: (f) => perRegistry((x) => f.coverage.registries[x].count) },
    { name: 'cells', type: 'gauge', help: 'Size of the headline space, per registry', labels: ['registry'], samples: (f) => perRegistry((x) => f.coverage.registries[x].cells) },
    { name: 'coverage_pct', type: 'gauge', help: 'Headline coverage in percent, per registry', labels: ['registry'], samples: (f) => perRegistry((x) => f.coverage.registries[x].coverage_pct) },
    {
      name: 'cells_by_origin', type: 'gauge', help: 'Cells with a record of each origin, per registry', labels: ['registry', 'origin'],
      samples: (f) => REGISTRIES.flatMap((registry) => Object.entries(f.coverage.registries[registry].by_origin).map(([origin, n]) => [{ registry, origin }, n] as [Labels, number])),
    },
    { name: 'sound_primitive_coverage_pct', type: 'gauge', help: 'Sound primitives present in some depth_breakdown, in percent', samples: (f) => f.coverage.registries.static_sound.primitive_coverage_pct },
    {
      name: 'narrative_aspect_coverage_pct', type: 'gauge', help: 'Origin values recorded per narrative aspect, in percent', labels: ['aspect'],
      samples: (f) => Object.entries(f.coverage.registries.narrative.aspects).map(([aspect, a]) => [{ aspect }, a.coverage_pct]),
    },
    {
      name: 'dynamic_domain_coverage_pct', type: 'gauge', help: 'Canonical values observed per dynamic domain and combination space, in percent', labels: ['domain'],
      samples: (f) => Object.entries({ ...f.coverage.registries.dynamic.domains, ...f.coverage.registries.dynamic.combinations }).map(([domain, d]) => [{ domain }, d.coverage_pct]),
    },
    {
      name: 'space_coverage_pct', type: 'gauge', help: 'Coverage of every completion space (registries and combination spaces), in percent', labels: ['space'],
      samples: (f) => f.coverage.completion.spaces.map((sp) => [{ space: sp.space }, sp.coverage_pct]),
    },
    {
      name: 'space_complete', type: 'gauge', help: '1 once a completion space has reached 100 %', labels: ['space'],
      samples: (f) => f.coverage.completion.spaces.map((sp) => [{ space: sp.space }, sp.completed_at === null ? 0 : 1]),
    },
    { name: 'discoveries_total', type: 'counter', help: 'Discovery-log records (new cell and evidence pairs)', samples: (f) => f.coverage.seq },
    { name: 'jobs_created_total', type: 'counter', help: 'Jobs created', samples: (f) => f.jobsCreated },
    {
      name: 'recent_jobs', type: 'gauge', help: `Jobs by status among the last ${window}`, labels: ['status'],
      samples: ({ progress: p }) => [[{ status: 'running' }, p.running], [{ status: 'done' }, p.done], [{ status: 'failed' }, p.failed]],
    },
    { name: 'recent_jobs_by_mode', type: 'gauge', help: `Jobs by mode among the last ${window}`, labels: ['mode'], samples: (f) => Object.entries(f.progress.modes).map(([mode, n]) => [{ mode }, n]) },
    {
      name: 'recent_jobs_by_strategy', type: 'gauge', help: `Loop jobs by scheduler strategy among the last ${window}`, labels: ['strategy'],
      samples: (f) => Object.entries(f.progress.strategies).map(([strategy, n]) => [{ strategy }, n]),
    },
    { name: 'precision_pct', type: 'gauge', help: 'Finished recent jobs with a learning run, in percent', samples: (f) => f.progress.precision_pct },
    { name: 'discovery_rate_pct', type: 'gauge', help: 'Finished recent jobs with a new cell, in percent', samples: (f) => f.progress.discovery_rate_pct },
    { name: 'repetition_score', type: 'gauge', help: '1 - distinct templates / recent jobs', samples: (f) => f.progress.repetition_score },
    { name: 'novel_cells_recent', type: 'gauge', help: 'New cells found by the recent jobs', samples: (f) => f.progress.novel_cells.total },
    { name: 'novel_cells_per_job', type: 'gauge', help: 'New cells per finished recent job', samples: (f) => f.progress.novel_cells.per_job },
    { name: 'novel_cells_per_video_minute', type: 'gauge', help: 'New cells per minute of rendered video', samples: (f) => f.progress.novel_cells.per_video_minute },
    { name: 'novel_cells_per_cpu_second', type: 'gauge', help: 'New cells per CPU-second', samples: (f) => f.progress.novel_cells.per_cpu_second },
    { name: 'extraction_fps', type: 'gauge', help: 'Median extraction frames per second of the recent jobs', samples: (f) => f.progress.extraction_fps },
    { name: 'good_turing', type: 'gauge', help: 'Good-Turing estimate f1/n: chance the next record is of a new cell', labels: ['registry'], samples: (f) => perRegistry((x) => f.progress.registries[x]?.good_turing) },
    { name: 'cells_per_hour', type: 'gauge', help: 'New headline cells per hour of loop time', labels: ['registry'], samples: (f) => perRegistry((x) => f.progress.registries[x]?.cells_per_hour) },
    { name: 'eta_seconds', type: 'gauge', help: 'Projected seconds to completion at the recent rate', labels: ['registry'], samples: (f) => perRegistry((x) => f.progress.registries[x]?.eta_seconds) },
    { name: 'loop_controllers', type: 'gauge', help: 'Loop controllers running in this process', samples: ({ loop }) => (loop.running ? loop.controllers.length : 0) },
    {
      name: 'loop_controllers_idle', type: 'gauge', help: 'Loop controllers idle (everything complete, or nothing they may run finds anything)',
      samples: ({ loop }) => loop.controllers.filter((c) => c.idle).length,
    },
    { name: 'bus_connected', type: 'gauge', help: '1 while publishes can reach the bus (always, in process), 0 while NATS is away or the bus is closed', labels: ['kind'], samples: ({ bus }) => [[{ kind: bus.kind }, bus.state === 'connected' ? 1 : 0]] },
    { name: 'bus_outbox_pending', type: 'gauge', help: 'Discoveries committed but not yet acknowledged by the bus', samples: ({ bus }) => bus.delivery?.pending ?? null },
    {
      name: 'bus_outbox_waiting_seconds', type: 'gauge', help: 'How long the oldest unacknowledged event has been waiting for the bus (0 when none waits)',
      samples: ({ bus: { delivery, now } }) => (delivery === null ? null : waitingMs(delivery, now) / 1000),
    },
  ];
}

/**
 * Prometheus metrics: process and Node.js runtime, job durations and extraction speed, the bus and
 * its outbox, coverage per registry, aspect and domain, loop figures over the recent jobs.
 */
export function metricsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const window = ctx.config.loop.recent_jobs;
  const read = async (): Promise<Figures> => {
    const [coverage, progress, [latest]] = await Promise.all([ctx.actor.coverage(), loopProgress(ctx.actor, ctx.targets, window), ctx.actor.jobs({ last: 1 })]);
    return {
      coverage, progress, jobsCreated: latest?.id ?? 0, loop: ctx.status.report(),
      bus: { kind: ctx.bus.kind, state: ctx.bus.state(), delivery: ctx.actor.delivery(), now: Date.now() },
    };
  };
  const exposition = new ServiceRegistry(read, figureMetrics(window), ctx.runtime?.metrics.metrics());

  app.get('/api/metrics', async (_request, reply) => {
    const text = await exposition.text();
    return reply.type(exposition.contentType).send(text);
  });
}
