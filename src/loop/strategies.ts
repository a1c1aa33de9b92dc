import type { SceneSpec } from '../model/scene.js';
import type { JobMode, JobRecord, JobTarget } from '../registry/jobs.js';
import { spaceId } from '../model/targets.js';
import { COLOR_DOMAIN, SOUND_DOMAIN, type RegistryName } from '../model/registries.js';
import { OPAQUE_STEP, parseColorKey } from '../model/color.js';
import { TemplateBandit } from './bandit.js';
import { gradientCameraFill, tempoMoodPresenceFill, type FillSpace } from './fill.js';
import type { Gaps } from './gaps.js';
import type { JobPlan, JobSteps } from './job.js';
import { contentKey, gapSpec, narrativeSpec, parseTemplate, type PlanContext, type PlannedSpec } from './plan.js';
import type { LoopRuntime } from './runtime.js';
import { CodecShift } from './sweep/codec-shift.js';
import { colorSweep, type SweepCodec } from './sweep/colors.js';
import type { SweepDefinition } from './sweep/driver.js';
import { soundSweep } from './sweep/sounds.js';
import type { StrategyName } from './strategy-names.js';

/** What a strategy sees when asked whether it can aim at anything, and for a job. */
export interface StrategyState {
  rt: LoopRuntime;
  gaps: Gaps;
  /** Recent jobs, most recent first. */
  recent: JobRecord[];
  /** Finished jobs per strategy, most recent first. */
  history: ReadonlyMap<StrategyName, JobRecord[]>;
  /** Targets of jobs in flight (`registry/domain/key`), not to be aimed at twice. */
  claimed: ReadonlySet<string>;
  /** Ids of the spaces completion waits for (`static_color`, `dynamic.gradient_camera`, …). */
  required: ReadonlySet<string>;
}

/** A job a strategy made: its plan (without workflow and strategy, which the scheduler adds) and steps. */
export interface StrategyJob {
  mode: JobMode;
  plan: Pick<JobPlan, 'spec' | 'prompt' | 'seed' | 'video_seconds' | 'targets'> & { template?: string };
  steps?: JobSteps;
  /** The scene spec, for jobs rendered from one. */
  spec?: SceneSpec;
}

export interface Strategy {
  name: StrategyName;
  /** Whether there is anything left for it to aim at. */
  eligible(state: StrategyState): boolean;
  job(state: StrategyState, ctx: PlanContext, rng: () => number): Promise<StrategyJob>;
}

export const targetId = (t: JobTarget) => `${t.registry}/${t.domain}/${t.key}`;

/** Missing units of a domain that no job in flight aims at. */
function open(state: StrategyState, registry: RegistryName, domain: string): string[] {
  const g = registry === 'static_color' ? state.gaps.color
    : registry === 'static_sound' ? state.gaps.sound
      : registry === 'dynamic' ? state.gaps.dynamic[domain] : state.gaps.narrative[domain];
  return (g?.missing ?? []).filter((key) => !state.claimed.has(targetId({ registry, domain, key })));
}

const sweepJob = (def: SweepDefinition): StrategyJob => {
  const clip = def.clips(def.keys, 1)[Symbol.iterator]().next().value!;
  return {
    mode: 'sweep',
    plan: { ...clip.plan, targets: clip.keys.map((key: string) => ({ registry: def.registry, domain: def.domain, key })) },
    steps: clip.steps,
  };
};

const OPAQUE = (key: string) => parseColorKey(key)?.step === OPAQUE_STEP;

/** Lossy color sweeps learn their codec's shift across jobs of this process. */
function colorStrategy(name: StrategyName, codec: SweepCodec): Strategy {
  const shift = new CodecShift();
  const wanted = (state: StrategyState) => open(state, 'static_color', COLOR_DOMAIN).filter((key) => codec !== 'h264' || OPAQUE(key));
  // Delivery codecs run once the lossless sweep stops gaining: what is left, it could not show.
  const losslessStalled = (state: StrategyState) => {
    const last = state.history.get('color_sweep')?.[0];
    return last !== undefined && !(last.gained?.static_color);
  };
  return {
    name,
    eligible: (state) => wanted(state).length > 0 && (codec === 'qtrle' || losslessStalled(state)),
    job: async (state) => sweepJob(await colorSweep(state.rt, { codec, keys: wanted(state), shift })),
  };
}

const soundStrategy: Strategy = {
  name: 'sound_sweep',
  eligible: (state) => open(state, 'static_sound', SOUND_DOMAIN).length > 0,
  job: async (state, ctx) => sweepJob(await soundSweep(state.rt, { keys: open(state, 'static_sound', SOUND_DOMAIN), seed: ctx.seed })),
};

const fillStrategy = (name: StrategyName, space: FillSpace): Strategy => ({
  name,
  eligible: (state) => state.required.has(spaceId('dynamic', space)) && open(state, 'dynamic', space).length > 0,
  job: async (state, ctx, rng) => {
    const missing = open(state, 'dynamic', space);
    const fill = space === 'gradient_camera' ? gradientCameraFill(state.rt, missing, ctx.seed, rng) : tempoMoodPresenceFill(state.rt, missing, ctx.seed);
    return { mode: 'sweep', plan: fill.plan };
  },
});

/** Whether a space completion waits for is still incomplete (of one registry, or of any). */
const incomplete = (state: StrategyState, registry?: RegistryName) => state.gaps.report.completion.spaces
  .some((s) => s.required && s.count < s.cells && (registry === undefined || s.space.split('.')[0] === registry));

const scene = (planned: PlannedSpec, ctx: PlanContext, mode: JobMode): StrategyJob => ({
  mode,
  plan: { spec: planned.spec, prompt: planned.prompt, seed: ctx.seed, video_seconds: planned.spec.duration, targets: planned.targets, template: planned.template },
  steps: { focus: ctx.workflow.extraction_focus },
  spec: planned.spec,
});

/** A scene aimed at what is missing in every registry; narrative-targeted with the loop's narrative probability. */
const exploreStrategy: Strategy = {
  name: 'explore',
  eligible: (state) => incomplete(state),
  job: async (state, ctx, rng) => {
    const planned = rng() < ctx.loop.narrative_probability ? narrativeSpec(state.gaps, ctx, rng) : gapSpec(state.gaps, ctx, rng);
    return scene(planned, ctx, 'explore');
  },
};

const narrativeStrategy: Strategy = {
  name: 'narrative',
  eligible: (state) => incomplete(state, 'narrative'),
  job: async (state, ctx, rng) => scene(narrativeSpec(state.gaps, ctx, rng), ctx, 'explore'),
};

/** Learning runs the template bandit is rebuilt from before each exploit job. */
const BANDIT_MEMORY = 500;
/** Draws of a variation before an exploit job gives up on avoiding every recent spec. */
const VARIATION_ATTEMPTS = 8;

/** A variation of the best template (UCB1 over learning runs) that repeats no recent spec; an explore job before any run. */
const exploitStrategy: Strategy = {
  name: 'exploit',
  eligible: (state) => incomplete(state),
  job: async (state, ctx, rng) => {
    const template = new TemplateBandit(await state.rt.actor.runs(BANDIT_MEMORY)).choose(rng);
    if (template === null) return exploreStrategy.job(state, ctx, rng);
    const seen = new Set(state.recent.map((j) => j.spec as SceneSpec).filter((s) => s?.version === 1).map(contentKey));
    let planned = gapSpec(state.gaps, ctx, rng, parseTemplate(template));
    for (let i = 1; i < VARIATION_ATTEMPTS && seen.has(contentKey(planned.spec)); i++) planned = gapSpec(state.gaps, ctx, rng, parseTemplate(template));
    return scene({ ...planned, template }, ctx, 'exploit');
  },
};

/** The strategies of one scheduler (lossy sweeps keep what they learned of their codec between jobs). */
export function createStrategies(): Map<StrategyName, Strategy> {
  const all: Strategy[] = [
    colorStrategy('color_sweep', 'qtrle'), colorStrategy('color_sweep_h264', 'h264'), colorStrategy('color_sweep_vp9', 'vp9'),
    soundStrategy,
    fillStrategy('fill_gradient_camera', 'gradient_camera'), fillStrategy('fill_tempo_mood_presence', 'sound_tempo_mood_presence'),
    exploreStrategy, narrativeStrategy, exploitStrategy,
  ];
  return new Map(all.map((s) => [s.name, s]));
}
