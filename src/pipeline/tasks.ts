import type { FrameAnalysis } from './frame-analysis.js';
import type { InstantAnalysis } from './sound-analysis.js';

/** A frame in shared memory: the worker reads it in place, nothing is copied. */
export interface FrameTask {
  kind: 'frame';
  buffer: SharedArrayBuffer;
  byteOffset: number;
  byteLength: number;
  minShare: number;
}

/** One audio instant (mono f32 samples) in shared memory. */
export interface InstantTask {
  kind: 'instant';
  buffer: SharedArrayBuffer;
  byteOffset: number;
  samples: number;
  sampleRate: number;
  primitives: string[];
  silenceAmplitude: number;
}

export type ExtractionTask = FrameTask | InstantTask;
export type { FrameAnalysis, InstantAnalysis };
