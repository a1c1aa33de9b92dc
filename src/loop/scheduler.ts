import { mulberry32 } from '../base/random.js';
import type { JobRecord } from '../registry/jobs.js';
import { TemplateBandit } from './bandit.js';
import { exploitRatio, type RatioDecision } from './exploit-ratio.js';
import { readGaps } from './gaps.js';
import { jobMetrics } from './metrics.js';
import type { PlanContext } from './plan.js';
import type { LoopRuntime } from './runtime.js';
import { createStrategies, targetId, type StrategyJob, type StrategyState } from './strategies.js';
import { isStrategy, type StrategyName } from './strategy-names.js';
import type { Workflow } from './workflows.js';

/** Jobs read back to learn each strategy's reward. */
const HISTORY = 400;
/** A strategy's reward is the mean over its last this many jobs (spaces fill up: old rewards go stale). */
const REWARD_WINDOW = 8;
/** A strategy whose last this many jobs gained nothing in a required space is left out for a while. */
const STALL_JOBS = 3;
/** How long a stalled strategy is left out before it is given one more job. */
export const STALL_RETRY_MS = 10 * 60_000;
/** CPU seconds below this count as this (a job that failed at once says little about the cost). */
const MIN_CPU = 0.05;

/** Strategies an operator may ask for more jobs of: they make scenes, whatever is missing. */
export const REQUESTABLE = ['explore', 'narrative', 'exploit'] as const satisfies readonly StrategyName[];
export type RequestedStrategy = (typeof REQUESTABLE)[number];

/** What the scheduler decided: a job, or why there is none. */
export type Decision =
  | { kind: 'job'; strategy: StrategyName; job: StrategyJob; ratio: RatioDecision; reason: string }
  | { kind: 'idle'; reason: 'complete' | 'stalled'; detail: string };

/** Units a job newly covered in the spaces completion waits for (by space id). */
export function requiredGain(job: JobRecord, required: ReadonlySet<string>): number {
  let n = 0;
  for (const [space, gained] of Object.entries(job.gained ?? {})) if (required.has(space)) n += gained;
  return n;
}

/**
 * One scheduler per loop: it picks each next job from every strategy its workflow allows, by
 * expected new cells per CPU-second, learned from the stored jobs (UCB1 over strategies, fresh
 * strategies first, in the order of `STRATEGIES`). The same store and seed give the same
 * choice in any process. Exploit follows the workflow's explicit ratio, or else is capped while
 * static color or narrative coverage is low. Controllers sharing a scheduler never aim two jobs
 * in flight at the same cells.
 */
export class Scheduler {
  private readonly strategies = createStrategies();
  private readonly claims = new Map<number, { targets: string[]; abort: AbortController; asked: boolean }>();
  private claimSeq = 0;
  private readonly requested: RequestedStrategy[] = [];
  private deciding: Promise<unknown> = Promise.resolve();

  constructor(private readonly rt: LoopRuntime) {
    this.required = new Set(rt.targets.spaces.filter((s) => s.required).map((s) => s.id));
  }

  /** Queues jobs an operator asked for: they run next, even when every space is complete. */
  request(jobs: number, strategy: RequestedStrategy = 'explore'): void {
    for (let i = 0; i < jobs; i++) this.requested.push(strategy);
  }

  /** Ids of the spaces completion waits for (registries, and combination spaces from config). */
  private readonly required: ReadonlySet<string>;

  /**
   * The next job for a workflow and seed. Decisions are made one at a time, so that controllers
   * sharing the scheduler see each other's claims: the cells a job aims at stay claimed (not
   * missing for the next decision) until `release`.
   */
  decide(workflow: Workflow, seed: number): Promise<Decision & { claim?: number }> {
    const decision = this.deciding.then(() => this.decideNow(workflow, seed));
    this.deciding = decision.catch(() => undefined);
    return decision;
  }

  private async decideNow(workflow: Workflow, seed: number): Promise<Decision & { claim?: number }> {
    const { actor, config } = this.rt;
    const rng = mulberry32(seed);
    const gaps = await readGaps(actor, this.rt.targets);
    const required = this.required;
    const asked = this.requested.shift();
    if (!asked && gaps.report.completion.complete) return { kind: 'idle', reason: 'complete', detail: 'every space the service completes is complete' };
    const recent = await actor.jobs({ last: HISTORY });
    const history = new Map<StrategyName, JobRecord[]>();
    for (const job of recent) {
      // Jobs a stop or a cancel cut short say nothing of what their strategy finds.
      const cutShort = job.error?.code === 'JOB_INTERRUPTED' || job.error?.code === 'JOB_CANCELLED';
      if (job.status === 'running' || cutShort || !job.strategy || !isStrategy(job.strategy)) continue;
      const jobs = history.get(job.strategy) ?? [];
      if (jobs.length === 0) history.set(job.strategy, jobs);
      jobs.push(job);
    }
    const claimed = new Set([...this.claims.values()].flatMap((c) => c.targets));
    // What a running job aims at is not missing for the next one: two controllers never aim at the same cells.
    for (const [registry, domains] of [['dynamic', gaps.dynamic], ['narrative', gaps.narrative]] as const) {
      for (const [domain, g] of Object.entries(domains)) g.missing = g.missing.filter((key) => !claimed.has(targetId({ registry, domain, key })));
    }
    const state: StrategyState = { rt: this.rt, gaps, recent, history, claimed, required };
    const ctx: PlanContext = { loop: config.loop, workflow, seed };
    if (asked) {
      const job = await this.strategies.get(asked)!.job(state, ctx, rng);
      return { kind: 'job', strategy: asked, job, ratio: { ratio: asked === 'exploit' ? 1 : 0, reasons: ['asked for'] }, reason: 'asked for by an operator', claim: this.claim(job, true) };
    }
    const allowed = workflow.strategies.map((n) => this.strategies.get(n)!).filter((s) => s.eligible(state));
    const stalled = (name: StrategyName) => {
      const last = (history.get(name) ?? []).slice(0, STALL_JOBS);
      const since = Date.now() - Date.parse(last[0]?.finished_at ?? last[0]?.created_at ?? '');
      return last.length === STALL_JOBS && last.every((j) => requiredGain(j, required) === 0) && since < STALL_RETRY_MS;
    };
    let candidates = allowed.filter((s) => !stalled(s.name));
    if (candidates.length === 0) {
      const names = allowed.map((s) => s.name);
      return { kind: 'idle', reason: 'stalled', detail: names.length === 0
        ? `no strategy of workflow ${workflow.name} can aim at what is missing`
        : `the last ${STALL_JOBS} jobs of ${names.join(', ')} found nothing new` };
    }

    const metrics = jobMetrics(recent.slice(0, config.loop.recent_jobs));
    const ratio = exploitRatio({
      override: workflow.exploit_ratio,
      discovery_rate_pct: metrics.discovery_rate_pct,
      repetition_score: metrics.repetition_score,
      static_color_coverage_pct: gaps.report.registries.static_color.coverage_pct,
      narrative_min_coverage_pct: gaps.report.registries.narrative.narrative_min_coverage_pct,
    }, config.loop);
    const exploit = candidates.find((s) => s.name === 'exploit');
    if (exploit && workflow.exploit_ratio !== null) {
      // An operator's explicit ratio is a coin: exploit with that chance, else anything else.
      const others = candidates.filter((s) => s !== exploit);
      candidates = rng() < workflow.exploit_ratio || others.length === 0 ? [exploit] : others;
    } else if (exploit) {
      const window = recent.slice(0, config.loop.recent_jobs);
      const share = window.length > 0 ? window.filter((j) => j.mode === 'exploit').length / window.length : 0;
      if (share >= ratio.ratio && candidates.length > 1) candidates = candidates.filter((s) => s !== exploit);
    }

    const fresh = candidates.find((s) => !history.has(s.name));
    let chosen = fresh;
    let reason = 'not tried yet';
    if (!chosen) {
      const samples = candidates.flatMap((s) => history.get(s.name)!.slice(0, REWARD_WINDOW)
        .map((j) => ({ template: s.name, reward: requiredGain(j, required) / Math.max(MIN_CPU, j.cpu_seconds ?? 0) })));
      const bandit = new TemplateBandit(samples);
      const best = bandit.choose(rng)! as StrategyName;
      chosen = candidates.find((s) => s.name === best)!;
      const arm = bandit.ranking().find((a) => a.template === best)!;
      reason = `UCB1: ${arm.mean.toFixed(2)} cells per CPU-second over ${arm.runs} jobs`;
    }
    const job = await chosen.job(state, ctx, rng);
    return { kind: 'job', strategy: chosen.name, job, ratio, reason, claim: this.claim(job) };
  }

  /** Claims a job's targets until `release`. */
  private claim(job: StrategyJob, asked = false): number {
    const claim = ++this.claimSeq;
    this.claims.set(claim, { targets: job.plan.targets.map(targetId), abort: new AbortController(), asked });
    return claim;
  }

  /** Aborted when the job is cancelled (see `cancelRunning`). */
  signal(claim: number | undefined): AbortSignal | undefined {
    return claim === undefined ? undefined : this.claims.get(claim)?.abort.signal;
  }

  /**
   * Cancels the running jobs the scheduler chose (not those an operator asked for, unless `all`):
   * once every space is complete they can add nothing, and a stop's grace may run out; their
   * encoders and decoders are killed.
   */
  cancelRunning(all = false): number {
    let n = 0;
    for (const c of this.claims.values()) {
      if ((c.asked && !all) || c.abort.signal.aborted) continue;
      c.abort.abort();
      n += 1;
    }
    return n;
  }

  /** Frees the cells a finished job aimed at. */
  release(claim: number | undefined): void {
    if (claim !== undefined) this.claims.delete(claim);
  }
}
