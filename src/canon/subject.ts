import { among, always, isMotion, when, type Hold } from './hold.js';

/**
 * motion_speed, rhythm, smoothness, directionality and acceleration of the subject: how the renderer
 * moves it (src/create/render/subject-path.ts), the thresholds the subject-motion analyzer
 * (src/extract/dynamic/visual-motion.ts) separates the speeds by, and the holds that keep a subject's
 * motion readable.
 */

// --- renderer levels ------------------------------------------------------------------------------

/** Subject travel per second (fraction of min(width, height)): one leg a second, back and forth. */
export const MOTION_SPEED: Record<string, number> = { static: 0, slow: 0.12, medium: 0.28, fast: 0.5 };
/** Radial subject: ± ln(size) per leg, so ln(size) changes by twice this each second. */
export const RADIAL_AMPLITUDE: Record<string, number> = { static: 0, slow: 0.2, medium: 0.4, fast: 0.7 };
/** Rhythm beat: pulses, wave crests and random level pairs repeat this many times a second. */
export const RHYTHM_HZ = 3;
/** Wave: speed × (1 − WAVE_DEPTH cos 2π·RHYTHM_HZ·t). Random: levels 1 ± a, a drawn in RANDOM_DEPTH. */
export const WAVE_DEPTH = 0.75;
export const RANDOM_DEPTH: readonly [number, number] = [0.35, 0.7];
/** Per-frame positional noise of the subject (fraction of min(width, height)). */
export const SMOOTHNESS_NOISE: Record<string, number> = { jerky: 0, rough: 0.025, smooth: 0, fluid: 0 };
/** Jerky: the subject's position is updated this many times a second and held in between. */
export const JERKY_HOLDS = 6;
/** Fluid radial motion: the centre's sway, fraction of min(width, height). */
export const RADIAL_SWAY = 0.04;
/** Fluid: perpendicular sway (fraction of the leg length), so the path curves and never reverses on a corner. */
export const FLUID_SWAY = 0.2;
/**
 * Subject outline: a dark ring (2×) under a light one (1×) of this fraction of the half-size — wide
 * enough to survive the analysis downscale, so the shape's edges can be tracked on any palette.
 */
export const SUBJECT_RING = 0.18;

// --- analyzer thresholds --------------------------------------------------------------------------

/** Speed limits static | slow | medium | fast, short sides per second, between the MOTION_SPEED legs. */
export const SPEED_LIMITS: [number, number, number] = [0.05, 0.18, 0.37];
/** The same for a radial subject, in |Δ ln size| per second (2 × RADIAL_AMPLITUDE per leg). */
export const RADIAL_SPEED_LIMITS: [number, number, number] = [0.1, 0.59, 1.05];
/** A wave's speed is fitted with one sinusoid in this band (Hz), about the RHYTHM_HZ beat. */
export const WAVE_HZ: readonly [number, number] = [2.5, 3.5];
/** A straight-line leg that bows out by this share of its length is fluid (smooth: no bow; fluid: FLUID_SWAY). */
export const FLUID_MIN_BOW = 0.08;
/** A radial subject whose centre's rms spread reaches this (short sides) is fluid (it sways by RADIAL_SWAY). */
export const FLUID_MIN_RADIAL_SWAY = 0.01;
/**
 * A main axis within this many degrees of horizontal or vertical is that axis, else diagonal (the
 * renderer's diagonal leg runs at 45°, subject-path.ts).
 */
export const AXIS_SECTOR_DEG = 22.5;

// --- holds ----------------------------------------------------------------------------------------

/** A subject shape for subject motion to move (the one the precision benchmark renders). */
export const HELD_SUBJECT = 'circle';

/** Holds that keep the subject's motion readable. */
export const SUBJECT_HOLDS: readonly Hold[] = [
  {
    protects: isMotion, field: 'camera.motion', to: always('static'),
    why: 'subject motion is read relative to a still camera',
  },
  {
    protects: isMotion, field: 'camera.steadiness', to: always('locked'),
    why: 'camera jitter is read as the subject\'s',
  },
  {
    protects: isMotion, field: 'shape', to: when(['none'], HELD_SUBJECT),
    why: 'without a shape there is no subject to move',
  },
  {
    protects: (d) => isMotion(d) && d !== 'motion_speed', field: 'motion.speed', to: when(['static'], 'medium'),
    why: 'a still subject shows no path',
  },
  {
    protects: (d) => isMotion(d) && d !== 'motion_smoothness', field: 'motion.smoothness', to: when(['rough'], 'smooth'),
    why: 'rough per-frame noise swamps the speed profile',
  },
  {
    protects: among('motion_rhythm', 'motion_acceleration', 'motion_directionality'), field: 'motion.smoothness',
    to: when(['jerky'], 'smooth'),
    why: 'jerky\'s ~6 positions a second sample the pace too coarsely and cannot show a heading that keeps turning',
  },
  {
    protects: among('motion_directionality'), field: 'motion.rhythm', to: when(['pulsing'], 'steady'),
    why: 'three short nearly straight bursts a second show three headings a window: a turning path looks like a zigzag',
  },
  {
    protects: among('motion_smoothness'), field: 'motion.directionality', to: when(['none'], 'horizontal'),
    why: 'a path with no direction always turns: it cannot look straight, so smooth is unobservable on it',
  },
  {
    protects: (d) => isMotion(d) && d !== 'motion_smoothness', field: 'motion.smoothness',
    to: (current, spec) => (spec.motion.directionality === 'radial' && current === 'fluid' ? 'smooth' : undefined),
    why: 'a radial subject\'s fluid sway moves its centre as far as a slow size change: the track reads a translation',
  },
  {
    protects: among('motion_directionality'), field: 'composition.balance',
    to: (current, spec) => (spec.motion.directionality === 'radial' && ['top_heavy', 'bottom_heavy'].includes(String(current)) ? 'balanced' : undefined),
    why: 'a radial subject anchored in the top or bottom third grows across a band edge towards the frame edge: its track reads a translation',
  },
];
