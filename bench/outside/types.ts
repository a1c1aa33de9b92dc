/**
 * The outside-media catalogue's vocabulary: a clip recipe (an ffmpeg filter graph made only of
 * lavfi sources and filters) with the ground truth of the domains it controls.
 */

/** Expected canonical value per domain the recipe controls (only those). */
export type Truth = Record<string, string>;

export type Codec = 'h264' | 'vp9' | 'mpeg4' | 'ffv1' | 'prores';
export type AudioContainer = 'wav' | 'm4a' | 'ogg';

/** How a clip's picture is encoded. */
export interface VideoFormat {
  codec: Codec;
  width: number;
  height: number;
  fps: number;
  /** CRF (H.264) or quantiser (MPEG-4 part 2); unused by the other codecs. */
  quality?: number;
}

/**
 * What a recipe draws for one clip. `video` and `audio` are filter_complex chains ending in the
 * labels [v] and [a]; a recipe with only audio is written to an audio-only container.
 */
export interface ClipGraph {
  seconds: number;
  truth: Truth;
  /** Domains scored at one window only (a transition, a whip pan): domain → window index. */
  events?: Record<string, number>;
  video?: string;
  audio?: string;
}

export type Rng = () => number;

/** A recipe aimed at one value of one domain; `make` draws its free parameters from `rng`. */
export interface Aim {
  domain: string;
  value: string;
  /** Short name of the construction, e.g. `crop-pan`. */
  recipe: string;
  /** Whether the clip has a picture (sound aims may be audio-only). */
  visual: boolean;
  make(rng: Rng, format: VideoFormat): ClipGraph;
}

/** One planned clip of the set. */
export interface PlannedClip {
  name: string;
  aim: Aim;
  format: VideoFormat;
  audioContainer: AudioContainer;
  graph: ClipGraph;
}
