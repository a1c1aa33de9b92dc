import { VALUES } from '../base/values.js';
import { MotionRegistryError } from '../base/errors.js';
import { COLOR_DOMAIN, SOUND_DOMAIN, isRegistryName, type RegistryName } from '../model/registries.js';
import { colorKey } from '../model/color.js';
import { soundKey, TONE_BANDS, type ToneBand } from '../model/sound.js';
import { dynamicKey, isDynamicDomain } from '../model/dynamic.js';
import { isNarrativeAspect, narrativeKey } from '../model/narrative.js';
import { evidenceOf, type Evidence, type Observation, type Origin, type Source } from '../model/records.js';

/** An observation after validation, with its cell identified. */
export interface NormalizedObservation {
  registry: RegistryName;
  domain: string;
  key: string;
  evidence: Evidence;
  origin: Origin;
  fields: Record<string, number | string>;
  source: Source;
  prompt: string | undefined;
  count: number;
}

const MAX_TEXT = 200;
const ORIGIN_SET = new Set<string>(['observed', 'intended', 'ingested']);

class Invalid extends Error {}

function num(o: Record<string, unknown>, field: string, min: number, max: number, fallback?: number): number {
  const v = o[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new Invalid(`"${field}" must be a number from ${min} to ${max}`);
  }
  return v;
}

function text(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_TEXT || /[\u0000-\u001f]/.test(v)) {
    throw new Invalid(`"${field}" must be a non-empty string of at most ${MAX_TEXT} characters without control characters`);
  }
  return v;
}

function count(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > Number.MAX_SAFE_INTEGER) throw new Invalid('"count" must be a positive integer');
  return v;
}

function oneOf<T extends string>(o: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const v = o[field];
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new Invalid(`"${field}" must be one of: ${allowed.join(', ')}`);
  return v as T;
}

/** An observation's source over the batch's: fields it does not give (say, the job id) come from the batch. */
function source(s: unknown, fallback: Source): Source {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new Invalid('"source" must be an object');
  const src = s as Record<string, unknown>;
  const out: Source = { ...fallback };
  if (src.job_id !== undefined) out.job_id = text(src, 'job_id');
  if (src.file !== undefined) out.file = String(src.file).slice(0, 1024);
  if (src.time !== undefined) out.time = num(src, 'time', 0, Number.MAX_SAFE_INTEGER);
  if (src.client !== undefined) out.client = text(src, 'client');
  return out;
}

interface Parsed {
  domain: string;
  key: string;
  fields: Record<string, number | string>;
}

function parseColor(o: Record<string, unknown>, explicitKey: string | undefined): Parsed {
  if (explicitKey !== undefined && o.r === undefined) return { domain: COLOR_DOMAIN, key: explicitKey, fields: {} };
  const r = num(o, 'r', 0, 255);
  const g = num(o, 'g', 0, 255);
  const b = num(o, 'b', 0, 255);
  const opacity = num(o, 'opacity', 0, 1, 1);
  return { domain: COLOR_DOMAIN, key: explicitKey ?? colorKey(r, g, b, opacity), fields: { r, g, b, opacity } };
}

function parseSound(o: Record<string, unknown>, explicitKey: string | undefined): Parsed {
  if (explicitKey !== undefined && o.amplitude === undefined) return { domain: SOUND_DOMAIN, key: explicitKey, fields: {} };
  const amplitude = num(o, 'amplitude', 0, 1);
  const tone = oneOf<ToneBand>(o, 'tone', TONE_BANDS);
  const timbre = oneOf(o, 'timbre', VALUES.static_sound.extended_primitives);
  const fields: Record<string, number | string> = { amplitude, tone, timbre };
  if (o.peak_hz !== undefined) fields.peak_hz = num(o, 'peak_hz', 0, 1e6);
  if (o.flatness !== undefined) fields.flatness = num(o, 'flatness', 0, 1);
  return { domain: SOUND_DOMAIN, key: explicitKey ?? soundKey(amplitude, tone, timbre), fields };
}

function parseDynamic(o: Record<string, unknown>, explicitKey: string | undefined): Parsed {
  const domain = text(o, 'domain');
  if (!isDynamicDomain(domain)) throw new Invalid(`"domain" ${domain} is not a dynamic domain`);
  const value = text(o, 'value');
  const fields: Record<string, number | string> = { value };
  if (o.strength !== undefined) fields.strength = num(o, 'strength', 0, 1);
  if (o.speed !== undefined) fields.speed = oneOf(o, 'speed', VALUES.dynamic.camera_speed);
  if (o.steadiness !== undefined) fields.steadiness = oneOf(o, 'steadiness', VALUES.dynamic.camera_steadiness);
  const key = explicitKey ?? dynamicKey(domain, value, fields as { strength?: number; speed?: string; steadiness?: string });
  return { domain, key, fields };
}

function parseNarrative(o: Record<string, unknown>, explicitKey: string | undefined): Parsed {
  const domain = text(o, 'domain');
  if (!isNarrativeAspect(domain) && !(domain in VALUES.narrative.combinations)) {
    throw new Invalid(`"domain" ${domain} is not a narrative aspect`);
  }
  const value = text(o, 'value');
  return { domain, key: narrativeKey(explicitKey ?? value), fields: { value } };
}

const PARSERS: Record<RegistryName, (o: Record<string, unknown>, explicitKey: string | undefined) => Parsed> = {
  static_color: parseColor,
  static_sound: parseSound,
  dynamic: parseDynamic,
  narrative: parseNarrative,
};

/** Normalizes observations; sources shared by reference (as producers and structured clone keep them) are checked once. */
class Normalizer {
  private lastRawSource: unknown;
  private lastSource: Source = {};

  constructor(private readonly defaults: Source) {}

  one(raw: unknown): NormalizedObservation {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Invalid('must be an object');
    const o = raw as Record<string, unknown>;
    const registry = o.registry;
    if (typeof registry !== 'string' || !isRegistryName(registry)) {
      throw new Invalid('"registry" must be one of: static_color, static_sound, dynamic, narrative');
    }
    const origin = (o.origin ?? 'observed') as Origin;
    if (!ORIGIN_SET.has(origin)) throw new Invalid('"origin" must be one of: observed, intended, ingested');
    const { domain, key, fields } = PARSERS[registry](o, o.key === undefined ? undefined : text(o, 'key'));
    return {
      registry,
      domain,
      key,
      evidence: evidenceOf(origin),
      origin,
      fields,
      source: this.source(o.source),
      prompt: o.prompt === undefined ? undefined : String(o.prompt).slice(0, 500),
      count: o.count === undefined ? 1 : count(o.count),
    };
  }

  private source(raw: unknown): Source {
    if (raw === undefined) return this.defaults;
    if (raw !== this.lastRawSource) {
      this.lastSource = source(raw, this.defaults);
      this.lastRawSource = raw;
    }
    return this.lastSource;
  }
}

/** Validates a whole batch; the first bad observation rejects it with OBSERVATION_INVALID naming its index. */
export function normalizeBatch(observations: unknown, defaults: Source = {}): NormalizedObservation[] {
  if (!Array.isArray(observations)) {
    throw new MotionRegistryError('BATCH_INVALID', 'a batch must be an array of observations');
  }
  const normalizer = new Normalizer(source(defaults, {}));
  return observations.map((raw, index) => {
    try {
      return normalizer.one(raw);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      throw new MotionRegistryError('OBSERVATION_INVALID', `observation ${index}: ${err.message}`, { index, reason: err.message });
    }
  });
}

export type { Observation };
