import { join } from 'node:path';
import { synthesizeAudio } from '../create/audio.js';
import { encodeClip } from '../create/encode.js';
import { intendedObservations } from '../create/intended.js';
import type { SceneSpec } from '../create/spec.js';
import type { JobSteps } from './job.js';
import type { LoopRuntime } from './runtime.js';
import type { Workflow } from './workflows.js';

/**
 * The steps of a job made from a scene spec: render and encode it (with its procedural audio),
 * extract what the workflow's focus asks for, and record the spec's intended values beside.
 */
export function specSteps(rt: LoopRuntime, spec: SceneSpec, prompt: string, focus: Workflow['extraction_focus'] = 'all'): JobSteps {
  const sampleRate = rt.config.pipeline.audio_sample_rate;
  return {
    render: async (job, signal) => {
      const clip = await encodeClip(spec, join(rt.clipDir, `job-${job.id}.mp4`), { ffmpeg: rt.ffmpeg, audio: synthesizeAudio(spec, sampleRate), sampleRate, signal });
      return clip.file;
    },
    extract: { mood: spec.audio.mood, dynamic: focus !== 'frame', static: focus !== 'window' },
    intended: (source) => intendedObservations(spec, source, prompt),
  };
}
