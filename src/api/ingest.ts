import { NARRATIVE_ASPECTS, VALUES } from '../base/values.js';
import { MotionRegistryError } from '../base/errors.js';
import { TONE_BANDS } from '../model/sound.js';
import { COLOR_DOMAIN, SOUND_DOMAIN, type RegistryName } from '../model/registries.js';
import type { Observation, RecordResult } from '../model/records.js';
import { normalizeBatch } from '../registry/observation.js';
import type { CompletionTargets } from '../model/targets.js';
import { PROBLEMS_MAX } from '../base/limits.js';

/**
 * External batches (POST /api/knowledge/discoveries): an object of lists of items, each list
 * mapped onto one registry and its domains. Items are recorded with origin `ingested`.
 */

/**
 * Dynamic lists and the domains their items may name (the first is the default). The other lists
 * a client may send (graphics, temporal, technical, depth, time, colors, entities) have no domain
 * here and are ignored like unknown keys.
 */
export const DYNAMIC_LISTS: Readonly<Record<string, readonly string[]>> = {
  gradient: ['gradient_type'],
  camera: ['camera_motion'],
  motion: ['motion_speed', 'motion_rhythm', 'motion_smoothness', 'motion_directionality', 'motion_acceleration'],
  lighting: ['lighting_contrast_ratio', 'lighting_color_temperature'],
  composition: ['composition_balance', 'composition_symmetry', 'composition_framing'],
  transition: ['transition_type'],
  audio_semantic: ['sound_tempo', 'sound_presence', 'sound_mood', 'sound_tempo_mood_presence'],
  blends: ['gradient_camera'],
};

const NARRATIVE_DOMAINS = [...NARRATIVE_ASPECTS, ...Object.keys(VALUES.narrative.combinations)];

const text = { type: 'string', minLength: 1, maxLength: 200 };
const common = {
  key: text,
  job_id: { anyOf: [text, { type: 'integer', minimum: 0 }] },
  count: { type: 'integer', minimum: 1 },
  prompt: { type: 'string', maxLength: 500 },
};
const unit = { type: 'number', minimum: 0, maximum: 1 };
const channel = { type: 'number', minimum: 0, maximum: 255 };

const item = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required: ['key', ...required],
  properties: { ...common, ...properties },
});

const list = (items: unknown) => ({ type: 'array', maxItems: 100_000, items });

function dynamicItem(domains: readonly string[]) {
  return item(domains.length > 1 ? ['value', 'domain'] : ['value'], {
    domain: { enum: [...domains] },
    value: text,
    strength: unit,
    speed: { enum: VALUES.dynamic.camera_speed },
    steadiness: { enum: VALUES.dynamic.camera_steadiness },
  });
}

/** The batch body: known lists are checked item by item; other keys are ignored. */
export const BATCH_SCHEMA = {
  type: 'object',
  properties: {
    static_colors: list(item(['r', 'g', 'b'], { r: channel, g: channel, b: channel, opacity: unit })),
    static_sound: list(item(['amplitude', 'tone', 'timbre'], {
      amplitude: unit,
      tone: { enum: [...TONE_BANDS] },
      timbre: { enum: VALUES.static_sound.extended_primitives },
      peak_hz: { type: 'number', minimum: 0 },
      flatness: unit,
    })),
    narrative: {
      type: 'object',
      propertyNames: { enum: NARRATIVE_DOMAINS },
      additionalProperties: list(item([], { value: text })),
    },
    ...Object.fromEntries(Object.entries(DYNAMIC_LISTS).map(([name, domains]) => [name, list(dynamicItem(domains))])),
  },
};

type Item = Record<string, unknown> & { key: string; job_id?: string | number };
export type Batch = Record<string, unknown>;

const MEASURED: Record<Exclude<RegistryName, 'narrative'>, readonly string[]> = {
  static_color: ['r', 'g', 'b', 'opacity'],
  static_sound: ['amplitude', 'tone', 'timbre', 'peak_hz', 'flatness'],
  dynamic: ['value', 'strength', 'speed', 'steadiness'],
};

function observation(registry: RegistryName, domain: string, it: Item, measured: readonly string[]): Observation {
  const o: Record<string, unknown> = { registry, domain, key: it.key, origin: 'ingested' };
  for (const field of [...measured, 'count', 'prompt']) if (it[field] !== undefined) o[field] = it[field];
  if (it.job_id !== undefined) o.source = { job_id: String(it.job_id) };
  return o as unknown as Observation;
}

export interface IngestPlan {
  observations: Observation[];
  /** The list each observation came from, and its index there. */
  origins: Array<{ list: string; index: number }>;
  /** Items per list. */
  results: Record<string, number>;
  /** Keys of the batch that are not lists recorded here. */
  ignored: string[];
}

/** Observations of a batch that passed {@link BATCH_SCHEMA}. */
export function planBatch(batch: Batch): IngestPlan {
  const plan: IngestPlan = { observations: [], origins: [], results: {}, ignored: [] };
  const add = (list: string, items: Item[], toObservation: (it: Item) => Observation) => {
    plan.results[list] = (plan.results[list] ?? 0) + items.length;
    items.forEach((it, index) => {
      plan.observations.push(toObservation(it));
      plan.origins.push({ list, index });
    });
  };
  for (const [name, value] of Object.entries(batch)) {
    const items = value as Item[];
    if (name === 'static_colors') add(name, items, (it) => observation('static_color', COLOR_DOMAIN, it, MEASURED.static_color));
    else if (name === 'static_sound') add(name, items, (it) => observation('static_sound', SOUND_DOMAIN, it, MEASURED.static_sound));
    else if (name === 'narrative') {
      for (const [aspect, aspectItems] of Object.entries(value as Record<string, Item[]>)) {
        add(name, aspectItems, (it) => observation('narrative', aspect, { value: it.key, ...it }, ['value']));
      }
    } else if (name in DYNAMIC_LISTS) {
      const domains = DYNAMIC_LISTS[name];
      add(name, items, (it) => observation('dynamic', (it.domain as string | undefined) ?? domains[0], it, MEASURED.dynamic));
    } else plan.ignored.push(name);
  }
  return plan;
}


/**
 * Refuses a batch whose items claim cells they do not show: each key must be the one its measured
 * fields make (a color's channels and opacity, a sound's amplitude, band and timbre, a dynamic
 * value with its strength, speed or steadiness, a narrative value), and must lie in its declared
 * space unless `ingest.accept_outside_space`. Every problem is named by list and index.
 */
export function checkClaims(plan: IngestPlan, targets: CompletionTargets, acceptOutsideSpace: boolean): void {
  const given = normalizeBatch(plan.observations);
  const derived = normalizeBatch(plan.observations.map((o) => ({ ...o, key: undefined })));
  const problems: string[] = [];
  given.forEach((o, i) => {
    const { list, index } = plan.origins[i];
    const measured = derived[i].key;
    if (o.key !== measured) problems.push(`${list}[${index}]: key "${o.key}" does not match its measured fields, which make "${measured}"`);
    else if (!acceptOutsideSpace && targets.unitOf(o.registry, o.domain, o.key) === null) {
      problems.push(`${list}[${index}]: "${o.key}" lies outside the declared ${o.registry} ${o.domain} space`);
    }
  });
  if (problems.length === 0) return;
  const shown = problems.slice(0, PROBLEMS_MAX);
  const more = problems.length - shown.length;
  throw new MotionRegistryError('OBSERVATION_INVALID', `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`, { problems: shown });
}

/** An observation the registry rejected, named by its list and index in the batch. */
export function locateInvalid(err: unknown, plan: IngestPlan): unknown {
  if (!(err instanceof MotionRegistryError) || err.code !== 'OBSERVATION_INVALID' || typeof err.details?.index !== 'number') return err;
  const at = plan.origins[err.details.index];
  const reason = String(err.details.reason ?? err.message);
  return new MotionRegistryError('OBSERVATION_INVALID', `${at.list}[${at.index}]: ${reason}`, { list: at.list, index: at.index, reason });
}

/** New cells per list. */
export function novelPerList(plan: IngestPlan, result: RecordResult): Record<string, number> {
  const listOf = new Map<string, string>();
  plan.observations.forEach((o, i) => listOf.set(`${o.registry}/${o.domain ?? ''}`, plan.origins[i].list));
  const novel = Object.fromEntries(Object.keys(plan.results).map((list) => [list, 0]));
  for (const d of result.discoveries) {
    const list = listOf.get(`${d.registry}/${d.domain}`);
    if (list !== undefined) novel[list] += 1;
  }
  return novel;
}
