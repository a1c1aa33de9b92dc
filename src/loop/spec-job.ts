import { join } from 'node:path';
import { synthesizeAudio } from '../create/audio.js';
import { encodeClip } from '../create/encode.js';
import { intendedObservations } from '../create/intended.js';
import type { SceneSpec } from '../model/scene.js';
import type { WorkOrder } from './order.js';
import type { Recipe, WorkRuntime } from './recipe.js';

export const isSceneSpec = (spec: unknown): spec is SceneSpec => (spec as { version?: unknown } | null)?.version === 1;

/**
 * A job made from a scene spec: render and encode it (with its procedural audio), extract what
 * the workflow's focus asks for, and record the spec's intended values beside.
 */
export function sceneRecipe(rt: WorkRuntime, order: WorkOrder, spec: SceneSpec): Recipe {
  const sampleRate = rt.config.pipeline.audio_sample_rate;
  const { focus, job } = order;
  return {
    render: (signal) => encodeClip(spec, join(rt.clipDir, `job-${job.id}.mp4`), { ffmpeg: rt.ffmpeg, audio: synthesizeAudio(spec, sampleRate), sampleRate, signal }),
    extract: { mood: spec.audio.mood, dynamic: focus !== 'frame', static: focus !== 'window' },
    intended: (source) => intendedObservations(spec, source, job.prompt),
  };
}
