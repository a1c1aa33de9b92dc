import type { Command } from 'commander';
import { MotionRegistryError } from '../base/errors.js';
import { openRuntime } from '../app/runtime.js';
import { startApi } from '../api/server.js';
import { runLoop } from '../loop/service.js';
import { DEFAULT_WORKFLOWS, loadWorkflows, selectWorkflows, WORKFLOWS_FILE } from '../loop/workflows.js';
import { jobMetrics, loopProgress, PROGRESS_JOBS, type LoopProgress } from '../loop/metrics.js';
import type { JobResult } from '../loop/job.js';
import type { CoverageDelta } from '../model/records.js';
import { CompletionTargets } from '../model/targets.js';
import { columns } from './table.js';
import { contextFrom, ffmpegFor, withActor, withReader, type Context } from './context.js';
import { print, statusBar } from './terminal.js';
import { loopRunOptions, positiveInteger, positiveNumber, seed } from './options.js';
import type { Bus } from '../events/bus.js';
import { NatsBus } from '../events/nats.js';
import type { RegistryActor } from '../registry/actor.js';
import type { Executor } from '../loop/order.js';
import { recordOrphans } from '../work/orphans.js';
import { QueueExecutor, workStreams } from '../work/queue.js';
import { killChildren } from '../media/children.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

export interface LoopCommandOptions {
  workflow: string[];
  workflows?: string;
  jobs?: number;
  minutes?: number;
  seed?: number;
  json?: boolean;
  keepClips?: boolean;
  /** Serve the HTTP API while the loop runs. */
  api?: boolean;
  /** What controllers do once nothing is left (the service waits; `loop` stops). */
  whenIdle?: 'stop' | 'wait';
  /** Explore jobs to run first, even when every space is complete. */
  more?: number;
  /** `registry`: jobs go to workers over NATS (default `all`: done here). */
  role?: 'all' | 'registry';
  /** Controllers per workflow, overriding the workflows file. */
  controllers?: number;
}


/** After the stop grace has cancelled every job, how long closing may still take. */
const EXIT_DEADLINE_MS = 15_000;

const coverageLine = (headline: CoverageDelta[]) => headline.map((c) => `${c.registry.replace('static_', '')} ${c.coverage_pct}%`).join(' · ');

/**
 * Runs controllers for the given workflows until their job or time budget is spent, or until
 * SIGINT/SIGTERM: the first lets running jobs finish and closes cleanly, a second exits at once.
 * A status line (a bar on a terminal, a log line per job otherwise) shows jobs, new cells and coverage.
 */
export async function runLoopCommand(ctx: Context, opts: LoopCommandOptions): Promise<void> {
  if (opts.jobs !== undefined && opts.minutes !== undefined) throw new MotionRegistryError('INPUT_INVALID', 'give --jobs or --minutes, not both');
  const workflows = selectWorkflows(loadWorkflows(opts.workflows ?? WORKFLOWS_FILE), opts.workflow)
    .map((w) => (opts.controllers === undefined ? w : { ...w, controllers: opts.controllers }));
  await withActor(ctx, async (actor, bus, raw) => {
    const executor = opts.role === 'registry' ? await workersOver(raw, ctx, actor) : undefined;
    const rt = await openRuntime({ config: ctx.config, actor, bus, log: ctx.log, keepClips: opts.keepClips, executor, ffmpeg: await ffmpegFor(ctx) });
    const total = opts.jobs !== undefined ? opts.jobs * workflows.length : undefined;
    let jobs = 0;
    let failed = 0;
    let novel = 0;
    const bar = opts.json ? null : statusBar(
      total !== undefined ? 'loop [{bar}] {value}/{total} jobs · {failed} failed · {novel} new · {coverage}' : 'loop · {value} jobs · {failed} failed · {novel} new · {coverage}',
      total ?? 0, { failed, novel, coverage: coverageLine(await actor.headline()) },
    );
    ctx.log.info({ workflows: workflows.map((w) => w.name), data_dir: ctx.config.data_dir, bus: bus.kind, role: opts.role ?? 'all' }, 'loop started (Ctrl-C finishes the running jobs and stops)');
    const loop = runLoop(rt, workflows, {
      jobs: opts.jobs, minutes: opts.minutes, seed: opts.seed, whenIdle: opts.whenIdle,
      onJob: (r: JobResult) => {
        jobs += 1;
        if (r.job.status === 'failed') failed += 1;
        novel += Object.values(r.job.new_cells).reduce((a, b) => a + (b ?? 0), 0);
        void actor.headline().then((headline) => {
          if (bar) bar.update(jobs, { failed, novel, coverage: coverageLine(headline) });
          else if (!opts.json) ctx.log.info({ job: r.job.id, workflow: r.job.workflow, mode: r.job.mode, status: r.job.status, new_cells: r.job.new_cells, coverage: coverageLine(headline) }, 'job');
        }).catch(() => undefined);
      },
    });
    if (opts.more !== undefined) loop.request(opts.more);
    const api = opts.api ? await startApi({ config: ctx.config, actor, bus, runtime: rt, loop, log: ctx.log }) : null;
    let interrupts = 0;
    const grace = ctx.config.work.stop_grace_seconds * 1000;
    const interrupt = () => {
      interrupts += 1;
      if (interrupts > 1) {
        killChildren();
        process.exit(130);
      }
      ctx.log.info({ grace_s: grace / 1000 }, 'stopping: finishing the running jobs (Ctrl-C again to quit at once)');
      loop.stop();
      // A stop is bounded: jobs still running after the grace are cancelled (those with workers are
      // stored as interrupted), and a process that still has not ended then exits anyway.
      setTimeout(() => {
        ctx.log.warn({ grace_s: grace / 1000 }, 'jobs still running after the stop grace are cancelled');
        loop.cancel();
        killChildren();
        void executor?.close();
      }, grace).unref();
      setTimeout(() => {
        ctx.log.error('the service did not stop in time after cancelling its jobs; exiting');
        killChildren();
        process.exit(1);
      }, grace + EXIT_DEADLINE_MS).unref();
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    try {
      const ids = new Set(await loop.done);
      const jobs = ids.size === 0 ? [] : (await actor.jobs({ last: Math.max(...ids) })).filter((j) => ids.has(j.id));
      const summary = { ...jobMetrics(jobs), coverage: await actor.headline() };
      if (opts.json) print(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        const complete = (await actor.coverage()).completion.complete ? 'every space is complete\n' : '';
        print(`${summary.jobs} jobs (${summary.failed} failed), ${summary.novel_cells.total} new cells\ncoverage: ${coverageLine(summary.coverage)}\n${complete}`);
      }
    } finally {
      bar?.stop();
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      await api?.close();
      await rt.close();
    }
  });
}

/** The registry role's executor: jobs on the JetStream work queue, replies recorded here. */
async function workersOver(bus: Bus, ctx: Context, actor: RegistryActor): Promise<Executor> {
  if (!(bus instanceof NatsBus)) {
    throw new MotionRegistryError('INPUT_INVALID', 'the registry role hands its jobs to workers over NATS: set NATS_URL (or bus.nats_url)');
  }
  const executor = await QueueExecutor.open(bus, ctx.config, ctx.log, recordOrphans(actor, ctx.log));
  ctx.log.info({ queue: workStreams(ctx.config.bus.stream).jobs }, 'jobs go to workers (start --role worker, on any machine with this NATS)');
  return executor;
}

export function loopCommand(cmd: Command, action: Action): void {
  loopRunOptions(cmd, DEFAULT_WORKFLOWS)
    .option('--jobs <n>', 'jobs per workflow, then stop', positiveInteger)
    .option('--minutes <m>', 'start no job after M minutes', positiveNumber)
    .option('--seed <n>', 'seed of the job seeds (a run is reproducible from it)', seed)
    .option('--more <n>', 'run N explore jobs first, even when every space is complete', positiveInteger)
    .option('--json', 'print the summary as JSON')
    .action(action(async (opts: Omit<LoopCommandOptions, 'workflow'> & { workflow?: string[] }, self: Command) => {
      await runLoopCommand(contextFrom(self), { ...opts, workflow: opts.workflow ?? [...DEFAULT_WORKFLOWS] });
    }));
}

const fmt = (x: number | null) => (x === null ? '–' : String(x));

/** An ETA as a person reads it: seconds under a minute (never "0 min" while anything is missing). */
export function etaText(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds === 0) return 'done';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return seconds < 86_400 ? `${Math.round(seconds / 360) / 10} h` : `${Math.round(seconds / 8640) / 10} d`;
}

function progressText(p: LoopProgress): string {
  const rows = [
    ...Object.entries(p.registries).map(([name, r]) => ({ name, r, gt: fmt(r.good_turing) })),
    ...Object.entries(p.spaces).map(([name, r]) => ({ name, r, gt: '–' })),
  ];
  const lines = [
    `jobs ${p.jobs} (${p.done} done, ${p.failed} failed, ${p.running} running) · explore ${p.modes.explore} · exploit ${p.modes.exploit} · sweep ${p.modes.sweep}`,
    `precision ${p.precision_pct}% · discovery rate ${fmt(p.discovery_rate_pct)}% · repetition ${p.repetition_score}`,
    `novel cells ${p.novel_cells.total}: ${p.novel_cells.per_job}/job · ${p.novel_cells.per_video_minute}/video minute · ${p.novel_cells.per_cpu_second}/CPU second · extraction ${p.extraction_fps} fps`,
    '',
    columns([
      ['space', 'count', 'cells', 'coverage', 'hit rate', 'good-turing', 'cells/hour', 'eta', 'state'],
      ...rows.map(({ name, r, gt }) => {
        const hit = p.hit_rate[name as keyof typeof p.hit_rate];
        return [name, String(r.count), String(r.cells), `${r.coverage_pct}%`, hit ? `${hit.hits}/${hit.aimed}` : '–', gt, String(r.cells_per_hour), etaText(r.eta_seconds), r.state];
      }),
    ]),
  ];
  const stalled = rows.filter(({ r }) => r.why);
  if (stalled.length > 0) lines.push('', ...stalled.map(({ name, r }) => `${name}: ${r.why}`));
  return lines.join('\n');
}

export function progressCommand(cmd: Command, action: Action): void {
  cmd
    .option('--last <n>', 'jobs to look back over', positiveInteger, PROGRESS_JOBS)
    .option('--json', 'print the metrics as JSON')
    .action(action(async (opts: { last: number; json?: boolean }, self: Command) => {
      const ctx = contextFrom(self);
      await withReader(ctx, async (actor) => {
        const progress = await loopProgress(actor, new CompletionTargets(ctx.config), opts.last);
        print(opts.json ? `${JSON.stringify(progress, null, 2)}\n` : `${progressText(progress)}\n`);
      });
    }));
}
