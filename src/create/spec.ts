import { Ajv } from 'ajv';
import { VALUES, narrativeValues, type RGB } from '../base/values.js';
import { MotionRegistryError } from '../base/errors.js';
import { SEED_MAX } from '../base/random.js';
import { DOMAIN_FIELDS, type SceneSpec, type SpecDomain } from '../model/scene.js';

/** A dynamic domain's value in a spec. */
export function domainValue(spec: SceneSpec, domain: SpecDomain): string {
  const [group, field] = DOMAIN_FIELDS[domain];
  return (spec[group] as Record<string, unknown>)[field] as string;
}

const oneOf = (values: readonly string[]) => ({ enum: [...values] });
const object = (properties: Record<string, unknown>) => ({
  type: 'object', additionalProperties: false, required: Object.keys(properties), properties,
});
const d = VALUES.dynamic;
const rgb = { type: 'array', minItems: 3, maxItems: 3, items: { type: 'integer', minimum: 0, maximum: 255 } };

export const SPEC_SCHEMA = object({
  version: { const: 1 },
  seed: { type: 'integer', minimum: 0, maximum: SEED_MAX },
  duration: { type: 'number', exclusiveMinimum: 0, maximum: 600 },
  width: { type: 'integer', minimum: 16, maximum: 3840, multipleOf: 2 },
  height: { type: 'integer', minimum: 16, maximum: 2160, multipleOf: 2 },
  fps: { type: 'integer', minimum: 1, maximum: 60 },
  alpha: { type: 'boolean' },
  opacity: { type: 'number', minimum: 0, maximum: 1 },
  palette: object({ name: { type: 'string', minLength: 1 }, stops: { type: 'array', minItems: 2, maxItems: 8, items: rgb } }),
  gradient: object({ type: oneOf(d.gradient_type), angle: { type: 'number', minimum: 0, maximum: 360 } }),
  camera: object({ motion: oneOf(d.camera_motion), speed: oneOf(d.camera_speed), steadiness: oneOf(d.camera_steadiness) }),
  motion: object({
    speed: oneOf(d.motion_speed), rhythm: oneOf(d.motion_rhythm), smoothness: oneOf(d.motion_smoothness),
    directionality: oneOf(d.motion_directionality), acceleration: oneOf(d.motion_acceleration),
  }),
  lighting: object({ contrast: oneOf(d.lighting_contrast_ratio), temperature: oneOf(d.lighting_color_temperature) }),
  composition: object({ framing: oneOf(d.composition_framing), balance: oneOf(d.composition_balance), symmetry: oneOf(d.composition_symmetry) }),
  transition: object({ type: oneOf(d.transition_type), shots: { type: 'integer', minimum: 1, maximum: 16 } }),
  shape: oneOf(d.shape_overlay),
  audio: object({
    tempo: oneOf(d.sound_tempo), mood: oneOf(d.sound_mood), presence: oneOf(d.sound_presence),
    layers: {
      type: 'array', maxItems: 8,
      items: object({ primitive: oneOf(VALUES.static_sound.primitives), level: { type: 'number', minimum: 0, maximum: 1 } }),
    },
  }),
  narrative: object(Object.fromEntries(
    Object.keys(VALUES.narrative.aspect_to_origin).map((aspect) => [aspect, oneOf(narrativeValues(aspect))]),
  )),
});

const validate = new Ajv({ allErrors: true, strict: true }).compile<SceneSpec>(SPEC_SCHEMA);

/** Validates a spec; INPUT_INVALID names every bad field and, for value lists, the allowed values. */
export function validateSpec(input: unknown): SceneSpec {
  if (validate(input)) return input;
  const problems = [...new Set((validate.errors ?? []).map((e) => {
    const at = e.instancePath.slice(1).replaceAll('/', '.') || 'spec';
    if (e.keyword === 'enum') return `"${at}" must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    if (e.keyword === 'additionalProperties') return `unknown field "${at === 'spec' ? '' : at + '.'}${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'required') return `missing field "${at === 'spec' ? '' : at + '.'}${(e.params as { missingProperty: string }).missingProperty}"`;
    return `"${at}" ${e.message ?? 'is invalid'}`;
  }))];
  throw new MotionRegistryError('INPUT_INVALID', `invalid scene spec: ${problems.join('; ')}`, { problems });
}

/** Fields to change in a spec: whole values, or some fields of a group. */
export type SpecPatch = { [K in keyof SceneSpec]?: SceneSpec[K] extends unknown[] ? SceneSpec[K] : SceneSpec[K] extends object ? Partial<SceneSpec[K]> : SceneSpec[K] };

/**
 * A neutral spec — static locked camera, no subject, one shot, flat grey-to-white gradient, a
 * quiet ambient tone, the first value of each narrative list — with `patch` applied and validated.
 * The starting point for directed renders (benchmarks, sweeps, tests).
 */
export function neutralSpec(patch: SpecPatch = {}): SceneSpec {
  const base: SceneSpec = {
    version: 1, seed: 1, duration: 1, width: 64, height: 64, fps: 24, alpha: false, opacity: 1,
    palette: { name: 'mono', stops: VALUES.palettes.mono.map((c) => [...c] as unknown as RGB) },
    gradient: { type: 'vertical', angle: 45 },
    camera: { motion: 'static', speed: 'medium', steadiness: 'locked' },
    motion: { speed: 'static', rhythm: 'steady', smoothness: 'smooth', directionality: 'none', acceleration: 'constant' },
    lighting: { contrast: 'normal', temperature: 'neutral' },
    composition: { framing: 'medium', balance: 'balanced', symmetry: 'asymmetric' },
    transition: { type: 'cut', shots: 1 },
    shape: 'none',
    audio: { tempo: 'medium', mood: 'calm', presence: 'ambient', layers: [{ primitive: 'tone', level: 0.3 }] },
    narrative: Object.fromEntries(
      Object.keys(VALUES.narrative.aspect_to_origin).map((aspect) => [aspect, narrativeValues(aspect)[0]]),
    ) as SceneSpec['narrative'],
  };
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] = value !== null && typeof value === 'object' && !Array.isArray(value) && typeof current === 'object'
      ? { ...(current as object), ...value }
      : value;
  }
  return validateSpec(merged);
}
