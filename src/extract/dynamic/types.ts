/**
 * Per-window dynamic analysis. A window is `dynamic.window_seconds` of a clip (the last may be
 * shorter). Visual analyzers see the window's frames at a small analysis resolution; sound
 * analyzers see the window's mono samples.
 */

/** Straight (not premultiplied) RGBA frames of one window, all width × height. */
export interface WindowFrames {
  index: number;
  /** Seconds from the start of the clip to the window's first frame. */
  start: number;
  fps: number;
  width: number;
  height: number;
  frames: Uint8Array[];
  /** The last frame of the previous window, for transitions at the boundary (null for the first). */
  previous: Uint8Array | null;
}

export interface WindowAudio {
  index: number;
  start: number;
  sampleRate: number;
  samples: Float32Array;
  /** The audio just before the window (a copy, up to SOUND_CONTEXT_SECONDS), null for the first. */
  previous: Float32Array | null;
}

/** One observed canonical value of a dynamic domain, with the fields its entry key needs. */
export interface DynamicValue {
  domain: string;
  value: string;
  /** 0–1, for gradient_type keys (`{value}_{strength 2dp}`). */
  strength?: number;
  /** camera_motion keys (`{motion}_{speed}_{steadiness}`). */
  speed?: string;
  steadiness?: string;
}
