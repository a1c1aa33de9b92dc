/**
 * Prompt → scene spec: `interpret(prompt)` maps free text to a valid {@link SceneSpec};
 * `describe(spec)` (describe.ts) writes a prompt that `interpret` maps back to the same spec. How
 * the text is read: analyze.ts; the fields it can name: slots.ts and synonyms.ts.
 *
 * Fields the prompt does not name, in order of precedence: `options.defaults`; then values
 * inferred from named ones (INFERENCES: e.g. setting ocean → palette ocean, palette fire → warm
 * light, camera handheld → handheld steadiness, scene type closeup → close framing, audio mood ↔
 * narrative mood, style noir → chiaroscuro); then built-in defaults (duration 4 s, 512×288,
 * 24 fps, opaque at opacity 1 — 0.5 when transparency is asked without a figure — shape none,
 * one shot, or two when a transition is named); then a seeded random choice from the field's
 * list. One mulberry32 stream, seeded by the spec seed, makes one draw per field in a fixed
 * order, so a field's random value depends only on the seed. The seed is `options.seed`, else
 * "seed N" in the prompt, else the FNV-1a hash of the normalised prompt (same prompt → same spec).
 *
 * Then the renderer's holds (`holds.ts`, the table the precision benchmark and the loop render
 * with) keep every named observed value visible: a field the prompt left free is held where it
 * would hide one (a named camera move gets a steady camera, a still subject, balanced composition
 * and normal light; a named subject motion a subject and a locked, static camera; a named tempo
 * beats). Named values win over holds, except a loose reading (a bare word that also filled fields
 * of other groups, as "slowly" fills camera speed, subject speed and tempo; or a field beside the
 * observed one it named, as the steadiness of "handheld") where a firmly named value needs it.
 * Every such clash between named values comes back from `interpretPrompt` as a conflict.
 *
 * Audio layers: sound-layers.ts.
 */
import { VALUES, NARRATIVE_ASPECTS, type RGB } from '../../base/values.js';
import { mulberry32, SEED_MAX } from '../../base/random.js';
import { fnv1aUtf8 } from '../../base/hash.js';
import { MotionRegistryError } from '../../base/errors.js';
import { validateSpec } from '../spec.js';
import type { SceneSpec } from '../../model/scene.js';
import { applyHolds, type Conflict, type Naming } from '../holds.js';
import { SLOTS, SLOT_VALUES, getPath } from './slots.js';
import { analyze, type PromptAnalysis } from './analyze.js';
import { DEFAULTS, FIXED, INFERENCES } from './defaults.js';
import { impliedPresence, layersFor, level } from './sound-layers.js';

/** Caller defaults: any part of a spec; the prompt's named values take precedence over them. */
export type SpecDefaults = {
  [K in keyof SceneSpec]?: SceneSpec[K] extends readonly unknown[] ? SceneSpec[K]
    : SceneSpec[K] extends object ? Partial<SceneSpec[K]> : SceneSpec[K];
};

export interface InterpretOptions {
  /** The spec seed (0 … 2³²−1); default: "seed N" in the prompt, else FNV-1a of the prompt. */
  seed?: number;
  defaults?: SpecDefaults;
}

/** A prompt's spec, and the named values in it that the renderer cannot show together. */
export interface Interpretation {
  spec: SceneSpec;
  conflicts: Conflict[];
}

/** FNV-1a (32-bit) over the UTF-8 bytes of the lower-cased, space-collapsed prompt. */
export function promptSeed(prompt: string): number {
  return fnv1aUtf8(prompt.trim().toLowerCase().replace(/\s+/g, ' '));
}

function checkSeed(seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > SEED_MAX) {
    throw new MotionRegistryError('INPUT_INVALID', `seed must be an integer from 0 to ${SEED_MAX}, got ${String(seed)}`);
  }
}

/** Maps free text to a valid scene spec (see analyze.ts for how the text is read). */
export function interpret(prompt: string, options: InterpretOptions = {}): SceneSpec {
  return interpretPrompt(prompt, options).spec;
}

/** The value of every enumerated field, and which of them the prompt or the defaults fixed. */
interface Chosen {
  values: Record<string, string>;
  fixed: Set<string>;
}

/** The fields the prompt or the defaults fix: named values, a named angle's gradient, the presence named layers imply. */
function fixedSlots(a: PromptAnalysis, defaults: SpecDefaults): Chosen {
  const values: Record<string, string> = {};
  const fixed = new Set<string>();
  for (const s of SLOTS) {
    const dv = s.slot === 'palette' ? defaults.palette?.name : getPath(defaults, s.slot);
    const v = a.named[s.slot] ?? (typeof dv === 'string' ? dv : undefined);
    if (v !== undefined) { values[s.slot] = v; fixed.add(s.slot); }
  }
  if (a.angle !== undefined && !fixed.has('gradient.type') && SLOT_VALUES.get('gradient.type')!.includes('angled')) {
    values['gradient.type'] = 'angled'; fixed.add('gradient.type');
  }
  if (!fixed.has('audio.presence') && (a.layers.length > 0 || a.noLayers)) {
    const presence = impliedPresence(a.layers.map((l) => l.primitive));
    if (SLOT_VALUES.get('audio.presence')!.includes(presence)) { values['audio.presence'] = presence; fixed.add('audio.presence'); }
  }
  return { values, fixed };
}

/** Fills the fields left free: inferred from fixed ones, else a fixed default, else the field's random draw. */
function fillSlots({ values, fixed }: Chosen, draws: ReadonlyMap<string, number>): void {
  for (const [fs, fv, ts, tv] of INFERENCES) {
    if (values[ts] === undefined && fixed.has(fs) && values[fs] === fv) values[ts] = tv;
  }
  for (const s of SLOTS) {
    if (values[s.slot] !== undefined) continue;
    const fixedDefault = FIXED[s.slot];
    values[s.slot] = fixedDefault !== undefined && s.values.includes(fixedDefault)
      ? fixedDefault
      : s.values[Math.min(s.values.length - 1, Math.floor(draws.get(s.slot)! * s.values.length))];
  }
}

/** The palette's stops: the defaults' own when they name the same palette the prompt left free, else config's. */
function paletteStops(name: string, a: PromptAnalysis, defaults: SpecDefaults): readonly RGB[] {
  const stops = defaults.palette?.stops && defaults.palette.name === name && a.named.palette === undefined
    ? defaults.palette.stops
    : VALUES.palettes[name];
  if (!stops) throw new MotionRegistryError('INPUT_INVALID', `unknown palette "${name}" and no stops given`, { palette: name });
  return stops;
}

/** The spec of the chosen fields, with the prompt's numbers, else the defaults', else the built-in ones; no sound layers yet. */
function specOf(seed: number, a: PromptAnalysis, defaults: SpecDefaults, chosen: Record<string, string>, angleDraw: number): SceneSpec {
  const gradientType = chosen['gradient.type'];
  const angle = a.angle ?? (a.named['gradient.type'] === undefined ? defaults.gradient?.angle : undefined) ?? (
    gradientType === 'angled' ? 15 * (1 + Math.floor(angleDraw * 11)) : gradientType === 'vertical' ? 90 : 0);
  const shots = a.shots ?? (a.named['transition.type'] !== undefined ? DEFAULTS.transitionShots : defaults.transition?.shots ?? DEFAULTS.shots);
  const alpha = a.alpha ?? (a.opacity !== undefined ? true : defaults.alpha ?? DEFAULTS.alpha);
  const opacity = a.opacity ?? defaults.opacity ?? (alpha ? DEFAULTS.alphaOpacity : DEFAULTS.opacity);
  const stops = paletteStops(chosen.palette, a, defaults);
  return {
    version: 1,
    seed,
    duration: a.duration ?? defaults.duration ?? DEFAULTS.duration,
    width: a.width ?? defaults.width ?? DEFAULTS.width,
    height: a.height ?? defaults.height ?? DEFAULTS.height,
    fps: a.fps ?? defaults.fps ?? DEFAULTS.fps,
    alpha,
    opacity,
    palette: { name: chosen.palette, stops: stops.map((c) => [c[0], c[1], c[2]] as RGB) },
    gradient: { type: gradientType, angle },
    camera: { motion: chosen['camera.motion'], speed: chosen['camera.speed'], steadiness: chosen['camera.steadiness'] },
    motion: {
      speed: chosen['motion.speed'], rhythm: chosen['motion.rhythm'], smoothness: chosen['motion.smoothness'],
      directionality: chosen['motion.directionality'], acceleration: chosen['motion.acceleration'],
    },
    lighting: { contrast: chosen['lighting.contrast'], temperature: chosen['lighting.temperature'] },
    composition: { framing: chosen['composition.framing'], balance: chosen['composition.balance'], symmetry: chosen['composition.symmetry'] },
    transition: { type: chosen['transition.type'], shots },
    shape: chosen.shape,
    audio: { tempo: chosen['audio.tempo'], mood: chosen['audio.mood'], presence: chosen['audio.presence'], layers: [] },
    narrative: Object.fromEntries(NARRATIVE_ASPECTS.map((aspect) => [aspect, chosen[`narrative.${aspect}`]])) as SceneSpec['narrative'],
  };
}

/** How each field the prompt or the defaults fixed was named. */
function namings(a: PromptAnalysis, fixed: ReadonlySet<string>, shotsNamed: boolean): Map<string, Naming> {
  const out = new Map<string, Naming>([...fixed].map((slot) => [slot, a.loose.includes(slot) ? 'loose' : 'firm']));
  if (shotsNamed) out.set('transition.shots', 'firm');
  return out;
}

/** The named layers, else the defaults' when the prompt names no presence, else those of the presence the holds left. */
function soundLayers(a: PromptAnalysis, defaults: SpecDefaults, presence: string, mood: string): SceneSpec['audio']['layers'] {
  return a.noLayers && a.layers.length === 0 ? []
    : a.layers.length > 0 ? a.layers.map((l) => ({ primitive: l.primitive, level: l.level ?? level(l.primitive, mood) }))
      : defaults.audio?.layers && a.named['audio.presence'] === undefined ? defaults.audio.layers.map((l) => ({ ...l }))
        : layersFor(presence, mood);
}

/** {@link interpret}, with the clashes between named values it could not hold away. */
export function interpretPrompt(prompt: string, options: InterpretOptions = {}): Interpretation {
  const a = analyze(prompt);
  const defaults = options.defaults ?? {};
  const seed = options.seed ?? a.seed ?? defaults.seed ?? promptSeed(prompt);
  checkSeed(seed);
  const rand = mulberry32(seed);
  // One draw per slot, in a fixed order, whether or not the slot needs it.
  const draws = new Map(SLOTS.map((s) => [s.slot, rand()]));
  const angleDraw = rand();

  const chosen = fixedSlots(a, defaults);
  fillSlots(chosen, draws);
  const spec = specOf(seed, a, defaults, chosen.values, angleDraw);
  const shotsNamed = a.shots !== undefined || (a.named['transition.type'] === undefined && defaults.transition?.shots !== undefined);
  const conflicts = applyHolds(spec, namings(a, chosen.fixed, shotsNamed));
  // Layers follow the presence the holds left, unless the prompt or the defaults gave them.
  spec.audio.layers = soundLayers(a, defaults, spec.audio.presence, chosen.values['audio.mood']);
  return { spec: validateSpec(spec), conflicts };
}
