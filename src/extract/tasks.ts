import type { FrameAnalysis } from './color/frame-analysis.js';
import type { InstantAnalysis } from './sound/analysis.js';
import type { DynamicValue } from './dynamic/types.js';
import type { WindowSubjectTrack } from './dynamic/subject-track.js';

/** A frame in shared memory: the worker reads it in place, nothing is copied. */
export interface FrameTask {
  kind: 'frame';
  buffer: SharedArrayBuffer;
  byteOffset: number;
  byteLength: number;
  minShare: number;
}

/** Consecutive audio instants (mono f32 samples, `samples` each) in shared memory; `take` lists which to analyse. */
export interface InstantTask {
  kind: 'instant';
  buffer: SharedArrayBuffer;
  byteOffset: number;
  /** Positions of the instants to analyse, from the first of the task. */
  take: number[];
  samples: number;
  sampleRate: number;
  primitives: string[];
  silenceAmplitude: number;
}

/** One window of frames at analysis resolution, in shared memory. */
export interface WindowTask {
  kind: 'window';
  buffer: SharedArrayBuffer;
  byteOffset: number;
  frames: number;
  width: number;
  height: number;
  fps: number;
  index: number;
  start: number;
  /** The last frame of the previous window (a copy), for transitions at the boundary. */
  previous: Uint8Array | null;
}

/** A visual window's values, and the subject track they were read from (for the clip-wide reading). */
export interface WindowAnalysis {
  values: DynamicValue[];
  subject: WindowSubjectTrack | null;
}

/** One window of mono f32 samples in shared memory. */
export interface SoundWindowTask {
  kind: 'sound-window';
  buffer: SharedArrayBuffer;
  byteOffset: number;
  samples: number;
  sampleRate: number;
  index: number;
  start: number;
  /** The audio just before the window (a copy, see SOUND_CONTEXT_SECONDS), null for the first. */
  previous: Float32Array | null;
}

export type ExtractionTask = FrameTask | InstantTask | WindowTask | SoundWindowTask;
export type { FrameAnalysis, InstantAnalysis };
