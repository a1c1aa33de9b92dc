import { randomInt } from 'node:crypto';
import { concatMap, defer, EMPTY, from, repeat, timer, type Observable } from 'rxjs';
import { mulberry32, mulberry32Uint } from '../random.js';
import type { SceneSpec } from '../create/spec.js';
import type { JobRecord } from '../registry/jobs.js';
import { readGaps, type Gaps } from './gaps.js';
import { runJob, type JobPlan, type JobResult } from './job.js';
import { specSteps } from './spec-job.js';
import { jobMetrics } from './metrics.js';
import { exploitRatio, type RatioDecision } from './exploit-ratio.js';
import { TemplateBandit } from './bandit.js';
import { contentKey, gapSpec, narrativeSpec, parseTemplate, type PlanContext, type PlannedSpec } from './plan.js';
import type { LoopRuntime } from './runtime.js';
import type { Workflow } from './workflows.js';
import { sweepColors } from './sweep/colors.js';
import { sweepSounds } from './sweep/sounds.js';

export interface ControllerOptions {
  /** Stop after this many jobs. */
  jobs?: number;
  /** Start no job after this time (epoch ms). */
  until?: number;
  /** Seed of the controller's job seeds (default: random); each job's seed is stored with it. */
  seed?: number;
}

/** Learning runs the bandit is rebuilt from before each exploit decision. */
const BANDIT_MEMORY = 500;
/** Draws of a variation before an exploit job gives up on avoiding every recent spec. */
const VARIATION_ATTEMPTS = 8;

/** What a controller decided for one job, before it runs. */
export interface JobDecision {
  plan: JobPlan;
  spec: SceneSpec;
  ratio: RatioDecision;
}

/**
 * One loop controller: a long-running RxJS pipeline that, job after job, reads coverage, picks
 * explore or exploit, builds a spec aimed at what is missing (or a variation of a rewarding
 * template), renders, extracts, records and announces it. A failed job is stored as failed and
 * the next one runs. `stop()` lets the running job finish, then completes.
 */
export class LoopController {
  private stopping = false;
  private readonly seeds: () => number;

  constructor(private readonly rt: LoopRuntime, readonly workflow: Workflow, private readonly options: ControllerOptions = {}) {
    this.seeds = mulberry32Uint(options.seed ?? randomInt(0, 2 ** 32 - 1));
  }

  stop(): void {
    this.stopping = true;
  }

  /** Whether it was asked to stop (or its sweep is complete) and is finishing its running job. */
  get stopped(): boolean {
    return this.stopping;
  }

  /** Jobs as they finish; a sweep workflow's rounds yield each of their jobs. */
  run(): Observable<JobResult> {
    let finished = 0;
    const more = () => !this.stopping
      && (this.options.jobs === undefined || finished < this.options.jobs)
      && (this.options.until === undefined || Date.now() < this.options.until);
    return defer(() => (more() ? from(this.workflow.sweep ? this.sweepRound() : this.next().then((r) => [r])) : EMPTY)).pipe(
      concatMap((results) => {
        finished += results.length;
        // A sweep round with nothing left to aim at: the sweep is complete.
        if (results.length === 0) this.stopping = true;
        return from(results);
      }),
      repeat({ delay: () => (more() ? timer(this.workflow.delay_seconds * 1000) : EMPTY) }),
    );
  }

  /** One round of the sweep workflow: every missing sound key, then every missing color cell. */
  private async sweepRound(): Promise<JobResult[]> {
    const kind = this.workflow.sweep;
    const reports = [];
    if (kind === 'sounds' || kind === 'both') reports.push(await sweepSounds(this.rt, { seed: this.seeds() }));
    if (kind === 'colors' || kind === 'both') reports.push(await sweepColors(this.rt));
    const ids = reports.flatMap((r) => r.jobs);
    return Promise.all(ids.map(async (id) => ({ job: (await this.rt.actor.job(id))! })));
  }

  /** Decides and runs the next job. */
  async next(): Promise<JobResult> {
    const decision = await this.decide(this.seeds());
    return runJob(this.rt, decision.plan, specSteps(this.rt, decision.spec, decision.plan.prompt, this.workflow.extraction_focus));
  }

  /** The next job's plan for a given seed: the same seed over the same store gives the same plan. */
  async decide(seed: number): Promise<JobDecision> {
    const { actor, targets, config } = this.rt;
    const rng = mulberry32(seed);
    const gaps = await readGaps(actor, targets);
    const recent = await actor.jobs({ last: config.loop.recent_jobs });
    const metrics = jobMetrics(recent);
    const ratio = exploitRatio({
      override: this.workflow.exploit_ratio,
      discovery_rate_pct: metrics.discovery_rate_pct,
      repetition_score: metrics.repetition_score,
      static_color_coverage_pct: gaps.report.registries.static_color.coverage_pct,
      narrative_min_coverage_pct: gaps.report.registries.narrative.narrative_min_coverage_pct,
    }, config.loop);
    const ctx: PlanContext = { loop: config.loop, workflow: this.workflow, seed };
    const exploiting = rng() < ratio.ratio;
    const exploit = exploiting ? await this.exploit(gaps, ctx, rng, recent) : null;
    const planned = exploit ?? (rng() < config.loop.narrative_probability ? narrativeSpec(gaps, ctx, rng) : gapSpec(gaps, ctx, rng));
    return {
      spec: planned.spec,
      ratio,
      plan: {
        workflow: this.workflow.name, mode: exploit ? 'exploit' : 'explore', template: planned.template,
        spec: planned.spec, prompt: planned.prompt, seed, targets: planned.targets, video_seconds: planned.spec.duration,
      },
    };
  }

  /** A variation of the best template (UCB1 over learning runs) that repeats no recent spec; null before any run. */
  private async exploit(gaps: Gaps, ctx: PlanContext, rng: () => number, recent: JobRecord[]): Promise<PlannedSpec | null> {
    const bandit = new TemplateBandit(await this.rt.actor.runs(BANDIT_MEMORY));
    const template = bandit.choose(rng);
    if (template === null) return null;
    const seen = new Set(recent.map((j) => j.spec as SceneSpec).filter((s) => s?.version === 1).map(contentKey));
    let planned = gapSpec(gaps, ctx, rng, parseTemplate(template));
    for (let i = 1; i < VARIATION_ATTEMPTS && seen.has(contentKey(planned.spec)); i++) planned = gapSpec(gaps, ctx, rng, parseTemplate(template));
    return { ...planned, template };
  }

}
