/**
 * The subject of a window seen by a static camera: whatever differs from the static background.
 */

import { medianTrack, type SubjectTrack } from './background.js';
import { refineTrack } from './refine.js';


/** Fewer frames than this show no path. */
const TRACK_MIN_FRAMES = 3;

/**
 * With a static camera the subject is whatever differs from the static background: a coarse
 * median-background track (centroid and rms radius of the differing pixels: robust, but biased
 * towards the middle of a slow path), and that track refined by registering each frame's subject
 * to a reference frame (position and size exact to a fraction of a pixel: the pace along the
 * path). Null when the scene is not static (see medianTrack, background.ts).
 */
export function trackStaticSubject(frames: Float32Array[], w: number, h: number): { coarse: SubjectTrack; refined: SubjectTrack } | null {
  if (frames.length < TRACK_MIN_FRAMES) return null;
  const coarse = medianTrack(frames, w, h);
  return coarse && { coarse: coarse.track, refined: refineTrack(frames, w, h, coarse) };
}
