import type { DynamicValue } from '../types.js';
import { principalAxis, quadraticFit } from '../visual-prep.js';
import { chordPace, chordSpan, PACE, pathDirection, type WindowSubjectTrack } from '../subject-track.js';
import { sinusoidR2 } from '../subject-pace.js';

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
 *
 * Rhythm: a wave slower than a window resolves (one or two cycles a second) is read from the
 * per-frame pace of the whole run (chordPace, at the frames' own times, leaving out the frames
 * where the path turns back), its quadratic trend over the run removed: wave when the pace is not
 * steady (its cv about the trend reaches PACE.steadyCv), one sinusoid of CLIP_WAVE_HZ explains at
 * least CLIP_WAVE_R2 of what is left and the subject does not stop (fewer than PACE.pulseStill of
 * the frames under PACE.still × the trend: pulses are periodic too). Its windows that carry
 * motion_rhythm then read wave, unless they saw the subject stop (pulsing).
 *
 * Directionality: a subject that circles slowly shows each window an arc with a main axis; over
 * the run its velocities point every way (pathDirection over all the windows' tracks: none) and
 * its positions spread about evenly in both axes (CLIP_NONE_SPREAD: a line swaying about its axis
 * also turns its velocity every way, but stays long and thin), and its windows read none.
 */

export const CLIP_MIN_WINDOWS = 3;
export const SEGMENT_SECONDS = 1 / 6;
export const CLIP_EASE_SLOPE = 0.2;
export const CLIP_EASE_CURVE = 0.3;
/** Above the once-a-second legs of a paced path, up to the fastest wave a window reads. */
export const CLIP_WAVE_HZ: [number, number] = [1.2, 3.5];
export const CLIP_WAVE_R2 = 0.5;
/** A path with no direction also spreads its positions this evenly (a circle ≈ 1; a line swaying about its axis ≈ 0.1–0.3). */
export const CLIP_NONE_SPREAD = 0.5;
/** A radial path's ln size keeps a vanished subject finite at this radius (working px). */
const MIN_RADIUS = 1e-3;

export interface ClipSubjectMotion {
  /** Indices of the windows the reading covers. */
  windows: number[];
  acceleration?: string;
  rhythm?: string;
  directionality?: string;
  /** Diagnostics. */
  slope: number;
  curvature: number;
  waveR2: number;
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
    return Array.from(t.cx, (x, f) => (radial ? [Math.log(Math.max(t.radius[f], MIN_RADIUS))] : [x / unit, t.cy[f] / unit]));
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

  const { rhythm, waveR2 } = clipRhythm(paths, fps, radial ? first.radius[first.radius.length >> 1] : unit, mean);
  const run = windows.map((i) => tracks[i]!);
  const directionality = !radial && pathDirection(...run) === 'none' && spreadIsotropy(run) >= CLIP_NONE_SPREAD ? 'none' : undefined;
  return { windows, acceleration, rhythm, directionality, slope, curvature, waveR2 };
}

/** Minor over major axis of the spread of the run's positions. */
function spreadIsotropy(run: WindowSubjectTrack[]): number {
  const xs = run.flatMap((t) => Array.from(t.cx)), ys = run.flatMap((t) => Array.from(t.cy));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let cxx = 0, cyy = 0, cxy = 0;
  xs.forEach((x, i) => { cxx += (x - mx) ** 2; cyy += (ys[i] - my) ** 2; cxy += (x - mx) * (ys[i] - my); });
  return principalAxis(cxx, cyy, cxy).isotropy;
}

/** The wave of the run's pace, if it has one (see the head of this file). */
function clipRhythm(paths: number[][][], fps: number, px: number, level: number): { rhythm?: string; waveR2: number } {
  const span = chordSpan(level, fps, px);
  const pace: number[] = [], times: number[] = [];
  paths.forEach((path, w) => {
    const coords = path[0] ? path[0].map((_, k) => path.map((q) => q[k])) : [];
    chordPace(coords, fps, span).forEach((v, i) => {
      // Where the path turns back the chord shortens: that is a change of direction, not of pace.
      const f = i + span;
      const turns = coords.reduce((dot, c) => dot + (c[f] - c[f - span]) * (c[f + span] - c[f]), 0) < 0;
      if (!turns) { pace.push(v); times.push(w + f / fps); }
    });
  });
  if (pace.length < CLIP_MIN_WINDOWS * fps / 2) return { waveR2: 0 };
  const { residual } = quadraticFit(pace);
  let still = 0, r2 = 0;
  pace.forEach((v, i) => { if (v < PACE.still * (v - residual[i])) still++; r2 += residual[i] ** 2; });
  const mean = pace.reduce((a, b) => a + b, 0) / pace.length;
  const steady = Math.sqrt(r2 / pace.length) < PACE.steadyCv * mean;
  const waveR2 = sinusoidR2(residual, fps, CLIP_WAVE_HZ[0], CLIP_WAVE_HZ[1], times);
  return { rhythm: !steady && waveR2 >= CLIP_WAVE_R2 && still < PACE.pulseStill * pace.length ? 'wave' : undefined, waveR2 };
}

/** The window's values with the clip's acceleration, rhythm and directionality in place of its own (where it has them). */
export function withClipSubjectMotion(values: DynamicValue[], clip: ClipSubjectMotion | null, window: number): DynamicValue[] {
  if (!clip || !clip.windows.includes(window)) return values;
  const { acceleration, rhythm, directionality } = clip;
  return values.map((v) => (v.domain === 'motion_acceleration' && acceleration ? { ...v, value: acceleration }
    : v.domain === 'motion_rhythm' && rhythm && v.value !== 'pulsing' ? { ...v, value: rhythm }
      : v.domain === 'motion_directionality' && directionality ? { ...v, value: directionality } : v));
}
