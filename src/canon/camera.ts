import { among, always, isMotion, when, type Hold } from './hold.js';

/**
 * camera_motion, camera_speed and camera_steadiness: the rates the renderer moves its three depth
 * layers at (src/create/render/camera.ts), the thresholds the camera analyzer
 * (src/extract/dynamic/visual-camera.ts) separates them by, and the holds that keep a move readable.
 */

// --- renderer levels ------------------------------------------------------------------------------

/** Camera speed multiplier of every rate below. */
export const SPEED_FACTOR: Record<string, number> = { slow: 0.5, medium: 1, fast: 2 };

/**
 * Per-layer camera rates at speed ×1 (`[far, mid, near]`). vx in frame widths/s, vy in frame
 * heights/s (content displacement, sign = a per-seed direction ±1), scale in ln(scale)/s (e-folding),
 * rotation in radians/s (sign = the per-seed direction). Handheld and whip_pan are not constant
 * rates: see HANDHELD_AMPLITUDE and WHIP_PEAK.
 */
export const CAMERA_RATES: Record<string, { vx?: number[]; vy?: number[]; scale?: number[]; rotation?: number[] }> = {
  static: {},
  pan: { vx: [0.3, 0.3, 0.3] },
  tilt: { vy: [0.3, 0.3, 0.3] },
  truck: { vx: [0.054, 0.18, 0.45] },
  pedestal: { vy: [0.054, 0.18, 0.45] },
  /** Far and near layers slide in opposite directions about the still mid depth. */
  arc: { vx: [-0.21, 0, 0.35] },
  /** The near layer (and subject) hold still. */
  tracking: { vx: [0.105, 0.35, 0] },
  zoom: { scale: [0.25, 0.25, 0.25] },
  zoom_out: { scale: [-0.25, -0.25, -0.25] },
  dolly: { scale: [0.05, 0.15, 0.6] },
  crane: { vy: [0.09, 0.18, 0.3], scale: [0.15, 0.15, 0.15] },
  /** A top-down spiral descent. */
  birds_eye: { scale: [0.3, 0.3, 0.3], rotation: [0.35, 0.35, 0.35] },
  roll: { rotation: [0.105, 0.105, 0.105] },
  rotate: { rotation: [0.785, 0.785, 0.785] },
  handheld: {},
  whip_pan: {},
};

/** Whip pan: a burst of `WHIP_PEAK` frame widths/s (×speed) from 0.35 s to 0.65 s of every second. */
export const WHIP_PEAK = 3;
export const WHIP_BURST: readonly [number, number] = [0.35, 0.65];
/** Handheld wander amplitude (fraction of width/height, ×speed) and roll (radians, ×speed). */
export const HANDHELD_AMPLITUDE = 0.035;
export const HANDHELD_ROLL = 0.012;
/** Per-frame white jitter of all layers and the subject, ± this fraction of the width (and height). */
export const STEADINESS_JITTER: Record<string, number> = { locked: 0, stable: 0.0015, handheld: 0.006, shaky: 0.015 };

// --- analyzer thresholds --------------------------------------------------------------------------

/**
 * Medium rate of each move (the renderer's), in the unit its magnitude is measured in:
 * pan W/s (|tx|), tilt H/s (|ty|), truck / pedestal / tracking the fastest band, arc the mean of the
 * two extreme bands, zoom / zoom_out / crane / dolly (fastest band) scale /s,
 * roll / rotate / birds_eye rad/s, handheld the wander (rms, frame sizes), whip_pan the peak W/s.
 */
export const SPEED_REFERENCE: Record<string, number> = {
  pan: 0.3, tilt: 0.3, truck: 0.45, pedestal: 0.45, arc: 0.28, tracking: 0.35,
  zoom: 0.25, zoom_out: 0.25, dolly: 0.45, crane: 0.15, birds_eye: 0.35, roll: 0.105, rotate: 0.785,
  handheld: 0.01, whip_pan: 3,
};
/** A move's magnitude over its SPEED_REFERENCE: slow below this, fast above CAMERA_FAST_ABOVE. */
export const CAMERA_SLOW_BELOW = Math.SQRT1_2;
export const CAMERA_FAST_ABOVE = Math.SQRT2;
/** Rotation (rad/s) from which a turn is rotate rather than roll. */
export const ROTATE_MIN_RATE = 0.3;
/** Robust peak horizontal translation (W/s) of a whip pan's burst. */
export const WHIP_MIN_SPEED = 1.0;
/** Per-frame jitter J: locked < LOCKED_MAX_JITTER ≤ stable < STABLE_MAX_JITTER ≤ handheld < HANDHELD_MAX_JITTER ≤ shaky. */
export const LOCKED_MAX_JITTER = 0.0006;
export const STABLE_MAX_JITTER = 0.003;
export const HANDHELD_MAX_JITTER = 0.0095;

// --- holds ----------------------------------------------------------------------------------------

/** Holds that keep a camera move readable (the last one keeps subject motion readable too). */
export const CAMERA_HOLDS: readonly Hold[] = [
  {
    protects: among('camera_motion'), field: 'camera.steadiness', to: when(['handheld', 'shaky'], 'stable'),
    why: 'handheld or shaky jitter swamps a slow move\'s band fits',
  },
  {
    protects: among('camera_motion'), field: 'camera.speed',
    to: (current, spec) => (spec.camera.motion === 'handheld' && current === 'slow' ? 'medium' : undefined),
    why: 'a slow handheld wander strays from a straight course over a second by little more than a steady move\'s tracking error',
  },
  {
    protects: among('camera_motion'), field: 'motion.speed', to: always('static'),
    why: 'a moving subject is screen-space and biases the band it crosses',
  },
  {
    protects: among('camera_motion'), field: 'composition.balance', to: always('balanced'),
    why: 'an off-centre balance leaves one side of every band with little texture to track: the fit leans on one side',
  },
  {
    protects: (d) => d === 'camera_motion' || isMotion(d), field: 'lighting.contrast',
    to: when(['flat', 'chiaroscuro'], 'normal'),
    why: 'flat light leaves little texture, chiaroscuro all but a lit pool: moves read as scales that are not there, and a dark frame around a centred subject reads as mirrored',
  },
];
