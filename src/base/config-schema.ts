import { VALUES, DYNAMIC_DOMAINS, COMBINATION_SPACES } from './values.js';

export interface Config {
  data_dir: string;
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  color: { min_share: number };
  sound: { primitives: string[]; silence_amplitude: number };
  dynamic: { window_seconds: number; analysis_width: number; max_windows: number; intended_only: Record<string, Record<string, string>> };
  learning: { max_frames: number; sample_every: number; short_clip_seconds: number; second_pass: boolean };
  pipeline: { workers: number; frames_in_flight: number; stall_timeout_seconds: number; audio_sample_rate: number };
  loop: {
    exploit_ratio: number; recent_jobs: number; narrative_probability: number; low_discovery_rate_pct: number;
    high_repetition: number; cap: number; color_cap_below_pct: number; narrative_cap_below_pct: number;
    palette_bias_below_pct: number; width: number; height: number; fps: number;
  };
  bus: { nats_url: string; stream: string; replicas: number };
  work: { ack_wait_seconds: number; max_deliver: number; stop_grace_seconds: number };
  api: {
    host: string;
    port: number;
    tokens: Record<string, string>;
    read_token_required: boolean;
    rate_limit_per_minute: number;
    max_uploads: number;
    max_jobs: number;
    max_upload_mb: number;
  };
  limits: { max_seconds: number; max_width: number; max_height: number; max_fps: number; max_frames_per_job: number };
  completion: { spaces: string[] };
  ingest: { accept_outside_space: boolean };
}

const section = (properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});

const ratio = { type: 'number', minimum: 0, maximum: 1 };
const percent = { type: 'number', minimum: 0, maximum: 100 };

/** JSON schema of the merged configuration; every key is required after defaults are applied. */
export const CONFIG_SCHEMA = section({
  data_dir: { type: 'string', minLength: 1 },
  log: section({ level: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] } }),
  color: section({ min_share: { type: 'number', exclusiveMinimum: 0, maximum: 1 } }),
  sound: section({
    primitives: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: VALUES.static_sound.extended_primitives },
    },
    silence_amplitude: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
  }),
  dynamic: section({
    window_seconds: { type: 'number', minimum: 0.1, maximum: 60 },
    analysis_width: { type: 'integer', minimum: 32, maximum: 1920, multipleOf: 2 },
    max_windows: { type: 'integer', minimum: 0 },
    intended_only: {
      type: 'object',
      propertyNames: { enum: [...DYNAMIC_DOMAINS, ...Object.keys(VALUES.dynamic_combinations)] },
      additionalProperties: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    },
  }),
  learning: section({
    max_frames: { type: 'integer', minimum: 0 },
    sample_every: { type: 'integer', minimum: 1 },
    short_clip_seconds: { type: 'number', minimum: 0 },
    second_pass: { type: 'boolean' },
  }),
  pipeline: section({
    workers: { type: 'integer', minimum: 1, maximum: 64 },
    frames_in_flight: { type: 'integer', minimum: 1, maximum: 256 },
    stall_timeout_seconds: { type: 'number', exclusiveMinimum: 0 },
    audio_sample_rate: { type: 'integer', minimum: 8000, maximum: 192000 },
  }),
  loop: section({
    exploit_ratio: ratio,
    recent_jobs: { type: 'integer', minimum: 1, maximum: 10000 },
    narrative_probability: ratio,
    low_discovery_rate_pct: percent,
    high_repetition: ratio,
    cap: ratio,
    color_cap_below_pct: percent,
    narrative_cap_below_pct: percent,
    palette_bias_below_pct: percent,
    width: { type: 'integer', minimum: 16, maximum: 3840, multipleOf: 2 },
    height: { type: 'integer', minimum: 16, maximum: 2160, multipleOf: 2 },
    fps: { type: 'integer', minimum: 1, maximum: 60 },
  }),
  bus: section({ nats_url: { type: 'string' }, stream: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' }, replicas: { type: 'integer', minimum: 1, maximum: 5 } }),
  work: section({ ack_wait_seconds: { type: 'integer', minimum: 5, maximum: 3600 }, max_deliver: { type: 'integer', minimum: 1, maximum: 100 }, stop_grace_seconds: { type: 'number', minimum: 0, maximum: 3600 } }),
  api: section({
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    tokens: { type: 'object', propertyNames: { pattern: '^[A-Za-z0-9_.-]{1,64}$' }, additionalProperties: { type: 'string', minLength: 16 } },
    read_token_required: { type: 'boolean' },
    rate_limit_per_minute: { type: 'integer', minimum: 1 },
    max_uploads: { type: 'integer', minimum: 1, maximum: 64 },
    max_jobs: { type: 'integer', minimum: 1, maximum: 64 },
    max_upload_mb: { type: 'integer', minimum: 1, maximum: 65536 },
  }),
  limits: section({
    max_seconds: { type: 'number', exclusiveMinimum: 0 },
    max_width: { type: 'integer', minimum: 16 },
    max_height: { type: 'integer', minimum: 16 },
    max_fps: { type: 'integer', minimum: 1 },
    max_frames_per_job: { type: 'integer', minimum: 1 },
  }),
  ingest: section({ accept_outside_space: { type: 'boolean' } }),
  completion: section({ spaces: { type: 'array', uniqueItems: true, items: { enum: COMBINATION_SPACES } } }),
});
