import type { FastifyInstance } from 'fastify';
import { loopProgress } from '../../loop/metrics.js';
import { REGISTRIES } from '../../registry/targets.js';
import type { ApiContext } from '../context.js';
import { Exposition, type Labels } from '../prometheus.js';

const perRegistry = <T>(pick: (registry: (typeof REGISTRIES)[number]) => T | null | undefined): Array<[Labels, number]> =>
  REGISTRIES.flatMap((registry) => {
    const value = pick(registry);
    return typeof value === 'number' ? [[{ registry }, value] as [Labels, number]] : [];
  });

/** Prometheus metrics: coverage per registry, aspect and domain; loop figures over the recent jobs. */
export function metricsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/metrics', async (_request, reply) => {
    const window = ctx.config.loop.recent_jobs;
    const [coverage, progress, [latest]] = await Promise.all([
      ctx.actor.coverage(), loopProgress(ctx.actor, ctx.targets, window), ctx.actor.jobs({ last: 1 }),
    ]);
    const r = coverage.registries;
    const loop = ctx.status.report();
    const text = new Exposition('motion_registry')
      .metric('cells_covered', 'gauge', 'Cells of the headline space covered, per registry', perRegistry((x) => r[x].count))
      .metric('cells', 'gauge', 'Size of the headline space, per registry', perRegistry((x) => r[x].cells))
      .metric('coverage_pct', 'gauge', 'Headline coverage in percent, per registry', perRegistry((x) => r[x].coverage_pct))
      .metric('cells_by_origin', 'gauge', 'Cells with a record of each origin, per registry',
        REGISTRIES.flatMap((registry) => Object.entries(r[registry].by_origin).map(([origin, n]) => [{ registry, origin }, n] as [Labels, number])))
      .metric('sound_primitive_coverage_pct', 'gauge', 'Sound primitives present in some depth_breakdown, in percent', r.static_sound.primitive_coverage_pct)
      .metric('narrative_aspect_coverage_pct', 'gauge', 'Origin values recorded per narrative aspect, in percent',
        Object.entries(r.narrative.aspects).map(([aspect, a]) => [{ aspect }, a.coverage_pct]))
      .metric('dynamic_domain_coverage_pct', 'gauge', 'Canonical values observed per dynamic domain and combination space, in percent',
        Object.entries({ ...r.dynamic.domains, ...r.dynamic.combinations }).map(([domain, d]) => [{ domain }, d.coverage_pct]))
      .metric('space_coverage_pct', 'gauge', 'Coverage of every completion space (registries and combination spaces), in percent',
        coverage.completion.spaces.map((sp) => [{ space: sp.space }, sp.coverage_pct]))
      .metric('space_complete', 'gauge', '1 once a completion space has reached 100 %',
        coverage.completion.spaces.map((sp) => [{ space: sp.space }, sp.completed_at === null ? 0 : 1]))
      .metric('discoveries_total', 'counter', 'Discovery-log records (new cell and evidence pairs)', coverage.seq)
      .metric('jobs_created_total', 'counter', 'Jobs created', latest?.id ?? 0)
      .metric('recent_jobs', 'gauge', `Jobs by status among the last ${window}`, [[{ status: 'running' }, progress.running], [{ status: 'done' }, progress.done], [{ status: 'failed' }, progress.failed]])
      .metric('recent_jobs_by_mode', 'gauge', `Jobs by mode among the last ${window}`, Object.entries(progress.modes).map(([mode, n]) => [{ mode }, n]))
      .metric('recent_jobs_by_strategy', 'gauge', `Loop jobs by scheduler strategy among the last ${window}`, Object.entries(progress.strategies).map(([strategy, n]) => [{ strategy }, n]))
      .metric('precision_pct', 'gauge', 'Finished recent jobs with a learning run, in percent', progress.precision_pct)
      .metric('discovery_rate_pct', 'gauge', 'Finished recent jobs with a new cell, in percent', progress.discovery_rate_pct === null ? [] : progress.discovery_rate_pct)
      .metric('repetition_score', 'gauge', '1 - distinct templates / recent jobs', progress.repetition_score)
      .metric('novel_cells_recent', 'gauge', 'New cells found by the recent jobs', progress.novel_cells.total)
      .metric('novel_cells_per_job', 'gauge', 'New cells per finished recent job', progress.novel_cells.per_job)
      .metric('novel_cells_per_video_minute', 'gauge', 'New cells per minute of rendered video', progress.novel_cells.per_video_minute)
      .metric('novel_cells_per_cpu_second', 'gauge', 'New cells per CPU-second', progress.novel_cells.per_cpu_second)
      .metric('extraction_fps', 'gauge', 'Median extraction frames per second of the recent jobs', progress.extraction_fps)
      .metric('good_turing', 'gauge', 'Good-Turing estimate f1/n: chance the next record is of a new cell', perRegistry((x) => progress.registries[x]?.good_turing))
      .metric('cells_per_hour', 'gauge', 'New headline cells per hour of loop time', perRegistry((x) => progress.registries[x]?.cells_per_hour))
      .metric('eta_seconds', 'gauge', 'Projected seconds to completion at the recent rate', perRegistry((x) => progress.registries[x]?.eta_seconds))
      .metric('loop_controllers', 'gauge', 'Loop controllers running in this process', loop.running ? loop.controllers.length : 0)
      .metric('loop_controllers_idle', 'gauge', 'Loop controllers idle (everything complete, or nothing they may run finds anything)', loop.controllers.filter((c) => c.idle).length)
      .text();
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  });
}
