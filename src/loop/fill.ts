import { join } from 'node:path';
import { VALUES, type RGB } from '../base/values.js';
import { synthesizeAudio } from '../create/audio.js';
import { encodeAudio, encodeFrames } from '../create/encode.js';
import { holdFor } from '../create/holds.js';
import { SceneRenderer } from '../create/render/index.js';
import { neutralSpec } from '../create/spec.js';
import type { SceneSpec } from '../model/scene.js';
import { COMBINATION_SEPARATOR } from '../base/values.js';
import type { Observation, Source } from '../model/records.js';
import type { JobPlan } from './job.js';
import type { LoopRuntime } from './runtime.js';
import type { WorkOrder } from './order.js';
import type { Recipe, WorkRuntime } from './recipe.js';

/** The combination spaces a fill aims at. */
export type FillSpace = 'gradient_camera' | 'sound_tempo_mood_presence';

/** Segments (one analysis window each) in one gradient × camera fill clip. */
const VISUAL_SEGMENTS = 16;

/** A fill job's plan (without the workflow and strategy the scheduler adds). */
export interface FillJob {
  keys: string[];
  plan: Pick<JobPlan, 'spec' | 'prompt' | 'seed' | 'video_seconds' | 'targets'>;
}

const pick = <T>(rng: () => number, values: readonly T[]): T => values[Math.floor(rng() * values.length)];
const partsOf = (cell: string) => cell.split(COMBINATION_SEPARATOR);

/** The segment's combination, recorded as intended: each segment was made to show its cell. */
function intendedCells(space: FillSpace, keys: string[]): (source: Source) => Observation[] {
  return (source) => keys.map((value) => ({ registry: 'dynamic', domain: space, value, origin: 'intended', source }));
}

/**
 * Whole windows in a row, each rendered from its own spec aimed at one missing gradient × camera
 * cell (held as the precision benchmark holds them), in one silent clip: a window per cell,
 * instead of a clip per cell.
 */
export function gradientCameraFill(rt: LoopRuntime, missing: readonly string[], seed: number, rng: () => number): FillJob {
  const keys = missing.slice(0, Math.min(VISUAL_SEGMENTS, rt.config.dynamic.max_windows || VISUAL_SEGMENTS));
  const { width, height, fps } = rt.config.loop;
  const seconds = rt.config.dynamic.window_seconds;
  const palettes = Object.keys(VALUES.palettes).filter((p) => p !== 'default');
  const segments: SceneSpec[] = keys.map((key, i) => {
    const [gradient, camera] = partsOf(key);
    const palette = pick(rng, palettes);
    const spec = neutralSpec({
      seed: (seed + i) >>> 0, duration: seconds, width, height, fps,
      palette: { name: palette, stops: VALUES.palettes[palette].map((c) => [...c] as unknown as RGB) },
      gradient: { type: gradient, angle: 15 * (1 + Math.floor(rng() * 11)) },
      camera: { motion: camera, speed: 'medium', steadiness: 'stable' },
      audio: { tempo: 'slow', mood: 'calm', presence: 'silence', layers: [] },
    });
    holdFor(spec, 'camera_motion');
    holdFor(spec, 'gradient_type');
    spec.gradient.type = gradient;
    spec.camera.motion = camera;
    return spec;
  });
  const frameCount = Math.round(seconds * fps) * segments.length;
  const spec: FillSpec = { kind: 'fill', space: 'gradient_camera', window_seconds: seconds, segments };
  return {
    keys,
    plan: {
      spec,
      prompt: `combination fill: ${keys.length} gradient × camera cells`,
      seed, video_seconds: frameCount / fps,
      targets: keys.map((key) => ({ registry: 'dynamic', domain: 'gradient_camera', key })),
    },
  };
}

/**
 * The missing tempo × presence cells of one mood (the mood with most of them), a window each,
 * synthesized as the renderer's audio and joined into one audio-only clip (lossless WAV): the
 * mood is the clip's, tempo and presence are read per window.
 */
export function tempoMoodPresenceFill(rt: LoopRuntime, missing: readonly string[], seed: number): FillJob {
  const byMood = new Map<string, string[]>();
  for (const key of missing) {
    const mood = partsOf(key)[1];
    const ofMood = byMood.get(mood) ?? [];
    if (ofMood.length === 0) byMood.set(mood, ofMood);
    ofMood.push(key);
  }
  const [mood, cells] = [...byMood].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0];
  const keys = cells.slice(0, rt.config.dynamic.max_windows || cells.length);
  const sampleRate = rt.config.pipeline.audio_sample_rate;
  const seconds = rt.config.dynamic.window_seconds;
  const segments = keys.map((key, i) => ({ key, start: i * seconds }));
  const spec: FillSpec = { kind: 'fill', space: 'sound_tempo_mood_presence', mood, window_seconds: seconds, sample_rate: sampleRate, segments };
  return {
    keys,
    plan: {
      spec,
      prompt: `combination fill: ${keys.length} tempo × presence cells of a ${mood.replaceAll('_', ' ')} mood`,
      seed, video_seconds: keys.length * seconds,
      targets: keys.map((key) => ({ registry: 'dynamic', domain: 'sound_tempo_mood_presence', key })),
    },
  };
}

/** A fill clip as stored with its job: a window per cell, each made from its own spec. */
export type FillSpec =
  | { kind: 'fill'; space: 'gradient_camera'; window_seconds: number; segments: SceneSpec[] }
  | { kind: 'fill'; space: 'sound_tempo_mood_presence'; mood: string; window_seconds: number; sample_rate: number; segments: Array<{ key: string; start: number }> };

export const isFillSpec = (spec: unknown): spec is FillSpec => (spec as { kind?: unknown } | null)?.kind === 'fill';

/**
 * A fill's clip: the gradient × camera windows rendered one after another into one silent clip,
 * or each tempo × presence window synthesized as the renderer's audio into one audio-only WAV
 * (the mood is the clip's, tempo and presence are read per window). Every window is recorded as
 * intended for its cell: it was made to show it.
 */
export function fillRecipe(rt: WorkRuntime, order: WorkOrder, spec: FillSpec): Recipe {
  const keys = order.job.targets.map((t) => t.key);
  const file = join(rt.clipDir, `fill-${order.job.id}`);
  if (spec.space === 'gradient_camera') {
    const { width, height, fps } = spec.segments[0];
    const frameCount = spec.segments.reduce((n, s) => n + Math.round(s.duration * s.fps), 0);
    const frames = function* () {
      for (const segment of spec.segments) {
        const renderer = new SceneRenderer(segment);
        for (let i = 0; i < renderer.frameCount; i++) yield renderer.frame(i);
      }
    };
    return {
      render: (signal) => encodeFrames(frames(), { width, height, fps, alpha: false, seconds: frameCount / fps }, `${file}.mp4`, { ffmpeg: rt.ffmpeg, signal }),
      extract: { dynamic: true, static: true },
      intended: intendedCells('gradient_camera', keys),
    };
  }
  const { mood, sample_rate: sampleRate, window_seconds: seconds } = spec;
  return {
    render: async (signal) => {
      const perSegment = Math.round(seconds * sampleRate);
      const samples = new Float32Array(perSegment * spec.segments.length);
      spec.segments.forEach(({ key }, i) => {
        const [tempo, , presence] = partsOf(key);
        const segment = neutralSpec({ seed: (order.job.seed + i) >>> 0, duration: seconds, audio: { tempo, mood, presence, layers: [] } });
        samples.set(synthesizeAudio(segment, sampleRate).subarray(0, perSegment), i * perSegment);
      });
      return encodeAudio(samples, file, { ffmpeg: rt.ffmpeg, sampleRate, signal });
    },
    extract: { mood, dynamic: true, static: true, separateWindows: true },
    intended: intendedCells('sound_tempo_mood_presence', keys),
  };
}
