import { join } from 'node:path';
import { soundKeyClip } from '../../create/sound-clips.js';
import { encodeAudio } from '../../create/encode.js';
import { MotionRegistryError } from '../../base/errors.js';
import { AUDIO_ONLY_FPS } from '../../extract/extract.js';
import { SOUND_DOMAIN } from '../../model/registries.js';
import type { LoopRuntime } from '../runtime.js';
import type { WorkOrder } from '../order.js';
import type { Recipe, WorkRuntime } from '../recipe.js';
import { positive, runSweep, SWEEP_ATTEMPTS, type SweepClip, type SweepDefinition, type SweepProgress, type SweepReport } from './driver.js';
import { missingKeys, pickKeys } from './keys.js';

export interface SoundSweepOptions {
  /** Keys to sweep (default: every static sound key not yet observed). */
  keys?: string[];
  /** Sweep at most this many keys. */
  limit?: number;
  /** Clips per key at most (default 2: a missed key is tried once more, with other noise). */
  attempts?: number;
  /** Seconds of each key's segment, rounded to whole instants (default 0.5). */
  segmentSeconds?: number;
  /** Seed of the noise primitives' first attempt. */
  seed?: number;
  onProgress?: (progress: SweepProgress) => void;
}

/** Where a key's segment starts in a sound sweep clip. */
export interface SoundSegment {
  key: string;
  start: number;
}

/**
 * Fills static sound keys: each primitive at each amplitude band as a steady segment, the
 * segments of one attempt concatenated into one audio-only clip (lossless PCM WAV). Segments
 * span whole instants (1/24 s of audio-only input), so no instant mixes two keys.
 */
export async function sweepSounds(rt: LoopRuntime, options: SoundSweepOptions = {}): Promise<SweepReport> {
  return runSweep(rt, await soundSweep(rt, options));
}

/** A sound sweep clip as stored with its job: each key's segment, made with the job's seed. */
export interface SoundSweepSpec {
  kind: 'sounds';
  codec: 'pcm_s16le';
  attempt: number;
  sample_rate: number;
  segment_seconds: number;
  segments: SoundSegment[];
}

export const isSoundSweepSpec = (spec: unknown): spec is SoundSweepSpec => (spec as { kind?: unknown } | null)?.kind === 'sounds';

/** Each key's steady segment in turn, as one lossless WAV; every instant is read. */
export function soundSweepRecipe(rt: WorkRuntime, order: WorkOrder, spec: SoundSweepSpec): Recipe {
  const sampleRate = spec.sample_rate;
  const segment = Math.round(spec.segment_seconds * sampleRate);
  return {
    render: async (signal) => {
      const samples = new Float32Array(spec.segments.length * segment);
      spec.segments.forEach(({ key }, i) => {
        const clip = soundKeyClip(key, spec.segment_seconds, sampleRate, order.job.seed);
        if (!clip) throw new MotionRegistryError('INPUT_INVALID', `job ${order.job.id}: ${JSON.stringify(key)} is not a sound key a sweep can make`, { key });
        samples.set(clip, i * segment);
      });
      return encodeAudio(samples, join(rt.clipDir, `sweep-sounds-${order.job.id}`), { ffmpeg: rt.ffmpeg, sampleRate, signal });
    },
    extract: { maxFrames: 0, sampleEvery: 1, secondPass: false, dynamic: false },
  };
}

/** A sound sweep's keys and clips, ready to run (or to take one clip of, as one scheduled job). */
export async function soundSweep(rt: LoopRuntime, options: SoundSweepOptions = {}): Promise<SweepDefinition> {
  const sampleRate = rt.config.pipeline.audio_sample_rate;
  const instant = Math.round(sampleRate / AUDIO_ONLY_FPS);
  const segmentSeconds = options.segmentSeconds ?? 0.5;
  if (!(segmentSeconds > 0)) throw new MotionRegistryError('INPUT_INVALID', `segmentSeconds must be positive, not ${segmentSeconds}`);
  const segment = Math.max(1, Math.round((segmentSeconds * sampleRate) / instant)) * instant;
  const seed = options.seed ?? 1;
  const units = rt.targets.domain('static_sound', SOUND_DOMAIN)!.units;

  const requested = options.keys ?? await missingKeys(rt, 'static_sound', SOUND_DOMAIN);
  const declared = new Set(units);
  for (const key of requested) {
    if (!declared.has(key)) {
      throw new MotionRegistryError('INPUT_INVALID', `not a static sound key of the configured primitives: ${JSON.stringify(key)} (keys look like 0.3_mid_tone)`, { key });
    }
  }
  const clipOf = (key: string, attempt: number) => soundKeyClip(key, segment / sampleRate, sampleRate, seed + attempt - 1);
  const limit = options.limit === undefined ? undefined : positive('limit', options.limit);
  const { keys, skipped } = pickKeys(units, requested, (key) => clipOf(key, 1) !== null, limit);

  function* clips(pending: string[], attempt: number): Generator<SweepClip> {
    const spec: SoundSweepSpec = {
      kind: 'sounds', codec: 'pcm_s16le', attempt, sample_rate: sampleRate, segment_seconds: segment / sampleRate,
      segments: pending.map((key, i) => ({ key, start: (i * segment) / sampleRate })),
    };
    yield {
      keys: pending,
      plan: { spec, prompt: `sound sweep: ${pending.length} keys`, seed: seed + attempt - 1, video_seconds: (pending.length * segment) / sampleRate },
      steps: {},
    };
  }

  return {
    kind: 'sounds', codec: 'pcm_s16le', registry: 'static_sound', domain: SOUND_DOMAIN, keys, skipped,
    attempts: positive('attempts', options.attempts ?? SWEEP_ATTEMPTS), clips, onProgress: options.onProgress,
  };
}
