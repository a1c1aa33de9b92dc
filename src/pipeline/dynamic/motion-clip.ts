import type { DynamicValue } from './types.js';
import { quadraticFit } from './visual-prep.js';
import type { WindowSubjectTrack } from './visual-motion.js';

/**
 * Subject acceleration over the whole clip, from the per-frame tracks the windows were
 * read from (static camera; visual-motion.ts), in order. A window alone sees one second: a speed
 * that rises steadily over several seconds changes little within it.
 *
 * Only the longest run of consecutive windows with tracks (at least CLIP_MIN_WINDOWS, all radial
 * or all not) is read; its windows that carry motion_acceleration take the clip's value when the
 * clip has one. Nothing else is kept: the tracks are a few hundred bytes per window and at most
 * `dynamic.max_windows` of them.
 *
 * Each whole window's pace (the length of its path sampled every SEGMENT_SECONDS, per second:
 * per-frame noise and position steps do not add to it) is fitted with a quadratic over the run
 * (u ∈ [−1, 1]), coefficients over the mean: ease_in_out when the curvature ≤ −CLIP_EASE_CURVE and
 * dominates the slope, ease_in / ease_out when the slope is ≥ CLIP_EASE_SLOPE / ≤ −CLIP_EASE_SLOPE.
 * An envelope that repeats every second (the renderer's legs) gives every window the same pace:
 * the clip has no value and the windows keep theirs.
 */

export const CLIP_MIN_WINDOWS = 3;
export const SEGMENT_SECONDS = 1 / 6;
export const CLIP_EASE_SLOPE = 0.2;
export const CLIP_EASE_CURVE = 0.3;

export interface ClipSubjectMotion {
  /** Indices of the windows the reading covers. */
  windows: number[];
  acceleration?: string;
  /** Diagnostics. */
  slope: number;
  curvature: number;
}

/** The longest run of consecutive windows with tracks that agree on radial. */
function longestRun(tracks: (WindowSubjectTrack | null)[]): number[] {
  let best: number[] = [], run: number[] = [];
  tracks.forEach((t, i) => {
    const prev = run.length ? tracks[run[run.length - 1]] : null;
    if (!t) run = [];
    else if (prev && prev.radial === t.radial && prev.fps === t.fps && prev.unit === t.unit) run.push(i);
    else run = [i];
    if (run.length > best.length) best = [...run];
  });
  return best;
}

export function readClipSubjectMotion(tracks: (WindowSubjectTrack | null)[]): ClipSubjectMotion | null {
  const windows = longestRun(tracks);
  if (windows.length < CLIP_MIN_WINDOWS) return null;
  const first = tracks[windows[0]]!;
  const { fps, radial, unit } = first;
  // Per window: the path's coordinates (short sides, or ln size for a radial subject). Each
  // window's track is registered on its own, so steps are measured within windows only.
  const paths = windows.map((i) => {
    const t = tracks[i]!;
    return Array.from(t.cx, (x, f) => (radial ? [Math.log(Math.max(t.radius[f], 1e-3))] : [x / unit, t.cy[f] / unit]));
  });
  const dist = (p: number[], q: number[]) => Math.hypot(...p.map((v, k) => q[k] - v));

  // Pace of each whole window (a trailing part-window says less and is left out).
  const perWindow = Math.round(fps);
  const segment = Math.max(1, Math.round(SEGMENT_SECONDS * fps));
  const level: number[] = [];
  for (const path of paths) {
    if (path.length < perWindow) continue;
    let length = 0;
    for (let f = 0; f + 1 < path.length; f += segment) length += dist(path[f], path[Math.min(f + segment, path.length - 1)]);
    level.push((length * fps) / (path.length - 1));
  }
  const mean = level.reduce((a, b) => a + b, 0) / Math.max(1, level.length);
  let slope = 0, curvature = 0, acceleration: string | undefined;
  if (level.length >= CLIP_MIN_WINDOWS && mean > 0) {
    const [, c1, c2] = quadraticFit(level).coef;
    slope = c1 / mean; curvature = c2 / mean;
    if (curvature <= -CLIP_EASE_CURVE && Math.abs(curvature) > Math.abs(slope)) acceleration = 'ease_in_out';
    else if (slope >= CLIP_EASE_SLOPE) acceleration = 'ease_in';
    else if (slope <= -CLIP_EASE_SLOPE) acceleration = 'ease_out';
  }

  return { windows, acceleration, slope, curvature };
}

/** The window's values with the clip's acceleration in place of its own (where it has one). */
export function withClipSubjectMotion(values: DynamicValue[], clip: ClipSubjectMotion | null, window: number): DynamicValue[] {
  const acceleration = clip?.acceleration;
  if (!acceleration || !clip.windows.includes(window)) return values;
  return values.map((v) => (v.domain === 'motion_acceleration' ? { ...v, value: acceleration } : v));
}
