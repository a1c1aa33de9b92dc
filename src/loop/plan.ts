import { VALUES, NARRATIVE_ASPECTS, type RGB } from '../base/values.js';
import type { Config } from '../base/config-schema.js';
import { interpret } from '../create/interpreter/interpret.js';
import { describe } from '../create/interpreter/describe.js';
import { validateSpec } from '../create/spec.js';
import { DOMAIN_FIELDS, type SceneSpec, type SpecDomain } from '../model/scene.js';
import { holdFor } from '../create/holds.js';
import { binCentre, OPAQUE_STEP, parseColorKey, stepOpacity } from '../model/color.js';
import { parseSoundKey } from '../model/sound.js';
import { COMBINATION_SEPARATOR } from '../base/values.js';
import { combinationKey } from '../model/combination.js';
import type { JobTarget } from '../registry/jobs.js';
import { pickGap, missingSoundKeysOf, type Gaps } from './gaps.js';
import type { Workflow } from './workflows.js';

/** A spec the loop built, the prompt that says it, and what it aims at. */
export interface PlannedSpec {
  spec: SceneSpec;
  prompt: string;
  targets: JobTarget[];
  template: string;
}

export interface PlanContext {
  loop: Config['loop'];
  workflow: Workflow;
  seed: number;
}

/** Fields a template fixes: the spec choices the bandit learns which ones pay. */
export const TEMPLATE_DOMAINS = ['gradient_type', 'camera_motion', 'lighting_contrast_ratio', 'transition_type'] as const satisfies readonly SpecDomain[];
export type TemplateFields = Partial<Record<SpecDomain, string>> & { shape?: string; alpha?: boolean };

/** `gradient_type=radial;camera_motion=pan;…;shape=circle;alpha=0`: stable, readable, parseable. */
export function templateOf(spec: SceneSpec): string {
  const parts = TEMPLATE_DOMAINS.map((d) => `${d}=${(spec[DOMAIN_FIELDS[d][0]] as Record<string, string>)[DOMAIN_FIELDS[d][1]]}`);
  return [...parts, `shape=${spec.shape}`, `alpha=${spec.alpha ? 1 : 0}`].join(';');
}

export function parseTemplate(template: string): TemplateFields {
  const out: TemplateFields = {};
  for (const part of template.split(';')) {
    const [name, value] = part.split('=');
    if (name === 'alpha') out.alpha = value === '1';
    else if (name === 'shape') out.shape = value;
    else if (name in DOMAIN_FIELDS) out[name as SpecDomain] = value;
  }
  return out;
}

const MOTION_DETAIL: readonly SpecDomain[] = ['motion_rhythm', 'motion_smoothness', 'motion_directionality', 'motion_acceleration'];
const SUBJECT_SHAPES = VALUES.dynamic.shape_overlay.filter((s) => s !== 'none');
/** Presence → the primitive layers that make it (the audio analyser's reading of presence). */
const PRESENCE_LAYERS: Record<string, Array<'rumble' | 'tone' | 'hiss'>> = {
  silence: [], ambient: ['rumble'], music: ['tone'], sfx: ['hiss'], full: ['rumble', 'tone', 'hiss'],
};
const DEFAULT_LEVEL: Record<string, number> = { rumble: 0.5, tone: 0.35, hiss: 0.25 };
const COLOR_STOPS = 4;

const pick = <T>(rng: () => number, values: readonly T[]): T => values[Math.floor(rng() * values.length)];

class Aim {
  readonly targets: JobTarget[] = [];
  constructor(private readonly gaps: Gaps, private readonly rng: () => number) {}

  /** A value for a dynamic domain or narrative aspect, missing or rare first; a missing value becomes a target. */
  value(registry: 'dynamic' | 'narrative', domain: string, allowed?: readonly string[]): string {
    const g = registry === 'dynamic' ? this.gaps.dynamic[domain] : this.gaps.narrative[domain];
    const value = pickGap(this.rng, g, allowed);
    if (g.missing.includes(value)) this.targets.push({ registry, domain, key: value });
    return value;
  }

  /** Whether a missing value of this domain is aimed at. */
  aims(registry: string, domain: string): boolean {
    return this.targets.some((t) => t.registry === registry && t.domain === domain);
  }

  drop(registry: string, domain: string): void {
    const i = this.targets.findIndex((t) => t.registry === registry && t.domain === domain);
    if (i >= 0) this.targets.splice(i, 1);
  }
}

/**
 * Values for every dynamic domain, aimed at what is missing: a missing combination (gradient ×
 * camera, tempo × mood × presence) is aimed at once its parts are all covered; fields a template
 * fixes are kept. Then the renderer's needs: a moving subject needs a shape, motion detail needs
 * motion, a transition needs two shots.
 */
function dynamicChoices(aim: Aim, gaps: Gaps, rng: () => number, fixed: TemplateFields, favourPrimitives: boolean): Record<SpecDomain, string> {
  const chosen = {} as Record<SpecDomain, string>;
  const combine = (space: string, parts: readonly SpecDomain[]) => {
    if (parts.some((p) => fixed[p] !== undefined || gaps.dynamic[p].missing.length > 0)) return;
    const missing = gaps.dynamic[space].missing;
    if (missing.length === 0) return;
    const cell = pick(rng, missing);
    cell.split(COMBINATION_SEPARATOR).forEach((v, i) => (chosen[parts[i]] = v));
    aim.targets.push({ registry: 'dynamic', domain: space, key: cell });
  };
  combine('gradient_camera', ['gradient_type', 'camera_motion']);
  combine('sound_tempo_mood_presence', ['sound_tempo', 'sound_mood', 'sound_presence']);
  for (const domain of Object.keys(DOMAIN_FIELDS) as SpecDomain[]) {
    const allowed = favourPrimitives && domain === 'sound_presence' && gaps.dynamic.sound_presence.missing.length === 0 ? presencesForMissingPrimitives(gaps) : undefined;
    chosen[domain] ??= fixed[domain] ?? aim.value('dynamic', domain, allowed);
  }
  if (chosen.motion_speed === 'static' && MOTION_DETAIL.some((d) => gaps.dynamic[d].missing.includes(chosen[d]))) {
    aim.drop('dynamic', 'motion_speed');
    chosen.motion_speed = aim.value('dynamic', 'motion_speed', VALUES.dynamic.motion_speed.filter((v) => v !== 'static'));
  }
  if (chosen.motion_speed === 'static') for (const d of MOTION_DETAIL) aim.drop('dynamic', d);
  return chosen;
}

/**
 * Primitive layers for a presence, each leaning toward a missing amplitude band of its primitive.
 * They are not targets: the synthesizer shapes levels by presence, tempo and mood, so the band a
 * layer lands in is not the spec's to promise (the sound sweep aims at keys exactly).
 */
function layersFor(presence: string, gaps: Gaps, rng: () => number): SceneSpec['audio']['layers'] {
  return (PRESENCE_LAYERS[presence] ?? ['tone']).map((primitive) => {
    const missing = missingSoundKeysOf(gaps, primitive);
    if (missing.length === 0) return { primitive, level: DEFAULT_LEVEL[primitive] };
    return { primitive, level: Math.max(0.05, parseSoundKey(pick(rng, missing))!.band / 10) };
  });
}

/** Presences whose layers sound a primitive no recorded key has yet (all of them when none is missing). */
function presencesForMissingPrimitives(gaps: Gaps): string[] {
  const wanted = Object.keys(PRESENCE_LAYERS).filter((p) => PRESENCE_LAYERS[p].some((l) => gaps.sound.primitivesMissing.includes(l)));
  return wanted.length > 0 ? wanted : Object.keys(PRESENCE_LAYERS);
}

/** Up to four missing color cells of one opacity step, as palette stops at their cell centres. */
function gapPalette(gaps: Gaps, rng: () => number, targets: JobTarget[]): { stops: RGB[]; step: number } | null {
  if (gaps.color.missing.length === 0) return null;
  const first = parseColorKey(pick(rng, gaps.color.missing))!;
  const sameStep = gaps.color.missing.filter((k) => parseColorKey(k)!.step === first.step);
  const keys = new Set<string>();
  while (keys.size < Math.min(COLOR_STOPS, sameStep.length)) keys.add(pick(rng, sameStep));
  const stops = [...keys].map((key) => {
    targets.push({ registry: 'static_color', domain: 'color', key });
    const c = parseColorKey(key)!;
    return [binCentre(c.r), binCentre(c.g), binCentre(c.b)].map(Math.round) as unknown as RGB;
  });
  if (stops.length === 1) stops.push(stops[0]);
  return { stops, step: first.step };
}

/**
 * Narrative values, missing or rare first; then, while narrative combination cells (genre × mood ×
 * theme) are missing, the parts not aimed at a missing value are moved to a missing cell, so no
 * job repeats a recorded combination while one is left.
 */
function narrativeChoices(aim: Aim, gaps: Gaps, rng: () => number): SceneSpec['narrative'] {
  const chosen: Record<string, string> = Object.fromEntries(NARRATIVE_ASPECTS.map((aspect) => [aspect, aim.value('narrative', aspect)]));
  for (const [space, parts] of Object.entries(VALUES.narrative.combinations)) {
    const missing = gaps.narrative[space]?.missing ?? [];
    if (missing.length === 0) continue;
    let cell = combinationKey(parts.map((p) => chosen[p]));
    if (!missing.includes(cell)) {
      const kept = parts.map((p) => (aim.aims('narrative', p) ? chosen[p] : undefined));
      const fits = missing.filter((m) => m.split(COMBINATION_SEPARATOR).every((v, i) => kept[i] === undefined || kept[i] === v));
      cell = pick(rng, fits.length > 0 ? fits : missing);
      cell.split(COMBINATION_SEPARATOR).forEach((v, i) => {
        if (chosen[parts[i]] === v) return;
        aim.drop('narrative', parts[i]);
        chosen[parts[i]] = v;
      });
    }
    aim.targets.push({ registry: 'narrative', domain: space, key: cell });
  }
  return chosen as SceneSpec['narrative'];
}

const colorCoverage = (gaps: Gaps) => gaps.report.registries.static_color.coverage_pct;
const aimsAtColor = (ctx: PlanContext) => ctx.workflow.static_focus !== 'sound';
const aimsAtSound = (ctx: PlanContext) => ctx.workflow.static_focus !== 'color';

/**
 * An explore spec: every field drawn from what is missing or rare in its registry. `fixed`
 * holds a template's fields (exploit jobs vary a template this way).
 */
export function gapSpec(gaps: Gaps, ctx: PlanContext, rng: () => number, fixed: TemplateFields = {}): PlannedSpec {
  const aim = new Aim(gaps, rng);
  const chosen = dynamicChoices(aim, gaps, rng, fixed, aimsAtSound(ctx));
  const narrative = narrativeChoices(aim, gaps, rng);
  const shape = fixed.shape ?? (chosen.motion_speed === 'static' ? pick(rng, VALUES.dynamic.shape_overlay) : pick(rng, SUBJECT_SHAPES));
  const palette = aimsAtColor(ctx) && fixed.alpha === undefined ? gapPalette(gaps, rng, aim.targets) : null;
  const paletteBias = palette !== null && colorCoverage(gaps) < ctx.loop.palette_bias_below_pct;
  if (paletteBias && fixed.lighting_contrast_ratio === undefined) {
    // While colors are scarce, light flat and neutral so the stops reach the pixels as aimed.
    aim.drop('dynamic', 'lighting_contrast_ratio');
    aim.drop('dynamic', 'lighting_color_temperature');
    chosen.lighting_contrast_ratio = 'flat';
    chosen.lighting_color_temperature = 'neutral';
  }
  const named = pick(rng, Object.keys(VALUES.palettes).filter((p) => p !== 'default'));
  const alpha = fixed.alpha ?? (palette !== null && palette.step < OPAQUE_STEP);
  const draft: SceneSpec = {
    version: 1, seed: ctx.seed, duration: ctx.workflow.clip_seconds,
    width: ctx.loop.width, height: ctx.loop.height, fps: ctx.loop.fps,
    alpha, opacity: alpha ? (palette ? stepOpacity(palette.step) : 0.5) : 1,
    palette: palette ? { name: 'gap', stops: palette.stops } : { name: named, stops: VALUES.palettes[named].map((c) => [...c]) },
    gradient: { type: chosen.gradient_type, angle: 15 * (1 + Math.floor(rng() * 11)) },
    camera: {
      motion: chosen.camera_motion, speed: pick(rng, VALUES.dynamic.camera_speed),
      steadiness: chosen.camera_motion === 'static' ? 'locked' : chosen.camera_motion === 'handheld' ? 'handheld' : pick(rng, ['locked', 'stable']),
    },
    motion: {
      speed: chosen.motion_speed, rhythm: chosen.motion_rhythm, smoothness: chosen.motion_smoothness,
      directionality: chosen.motion_directionality, acceleration: chosen.motion_acceleration,
    },
    lighting: { contrast: chosen.lighting_contrast_ratio, temperature: chosen.lighting_color_temperature },
    composition: { framing: chosen.composition_framing, balance: chosen.composition_balance, symmetry: chosen.composition_symmetry },
    transition: { type: chosen.transition_type, shots: 2 },
    shape,
    audio: {
      tempo: chosen.sound_tempo, mood: chosen.sound_mood, presence: chosen.sound_presence,
      layers: aimsAtSound(ctx) ? layersFor(chosen.sound_presence, gaps, rng)
        : (PRESENCE_LAYERS[chosen.sound_presence] ?? []).map((primitive) => ({ primitive, level: DEFAULT_LEVEL[primitive] })),
    },
    narrative,
  };
  const spec = validateSpec(observable(draft, aim, rng, fixed));
  return { spec, prompt: describe(spec), targets: aim.targets, template: templateOf(spec) };
}

const isMotion = (domain: string) => domain.startsWith('motion_');

/**
 * The spec with the renderer's conflicts held away from the values it aims at (see `holdFor`).
 * Camera motion and subject motion cannot both be shown (each is read with the other held
 * still): one is chosen — the one a template fixes, else at random — and the other's targets
 * are dropped. Aimed values are set again after the holds, so they always win.
 */
function observable(draft: SceneSpec, aim: Aim, rng: () => number, fixed: TemplateFields): SceneSpec {
  const aimed = () => aim.targets.filter((t) => t.registry === 'dynamic' && t.domain in DOMAIN_FIELDS).map((t) => t.domain as SpecDomain);
  const domains = aimed();
  if (domains.includes('camera_motion') && domains.some(isMotion)) {
    const keepCamera = fixed.camera_motion !== undefined || (fixed.motion_speed === undefined && rng() < 0.5);
    for (const d of domains) if (keepCamera ? isMotion(d) : d === 'camera_motion') aim.drop('dynamic', d);
  }
  const spec = structuredClone(draft);
  const targets = aimed();
  for (const domain of targets) holdFor(spec, domain);
  for (const domain of targets) {
    const [group, field] = DOMAIN_FIELDS[domain];
    (spec[group] as Record<string, unknown>)[field] = (draft[group] as Record<string, unknown>)[field];
  }
  return spec;
}

const NARRATIVE_LABEL: Record<string, string> = {
  genre: 'genre', mood: 'story mood', style: 'style', plots: 'tension curve', settings: 'setting', themes: 'theme', scene_type: 'scene type',
};

/**
 * A targeted narrative spec: a prompt naming missing (or least recorded) canonical values of every
 * aspect, read by the interpreter, so that the rest of the scene follows from the story.
 */
export function narrativeSpec(gaps: Gaps, ctx: PlanContext, rng: () => number): PlannedSpec {
  const aim = new Aim(gaps, rng);
  const narrative = narrativeChoices(aim, gaps, rng);
  const clauses = NARRATIVE_ASPECTS.map((aspect) => `${NARRATIVE_LABEL[aspect] ?? aspect} ${(narrative as Record<string, string>)[aspect].replaceAll('_', ' ')}`);
  const prompt = `a scene to tell: ${clauses.join(', ')}`;
  const spec = interpret(prompt, {
    seed: ctx.seed,
    defaults: { duration: ctx.workflow.clip_seconds, width: ctx.loop.width, height: ctx.loop.height, fps: ctx.loop.fps, transition: { shots: 2 } },
  });
  return { spec, prompt, targets: aim.targets, template: templateOf(spec) };
}

/** Whether two specs differ in anything but their seed: exploit jobs must never replay a spec. */
export function contentKey(spec: SceneSpec): string {
  return describe({ ...spec, seed: 0 });
}
