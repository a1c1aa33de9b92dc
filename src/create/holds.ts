import type { SceneSpec } from './spec.js';

/**
 * Renderer conflicts: fields that hide another domain's value from the analysers, and what they
 * are held at while that domain is what a clip is meant to show. The precision benchmark and the
 * loop's planner both render through these holds, so what is measured is what the loop aims with.
 *
 * - every domain: a mirrored frame hides left/right cues and halves the motion field (symmetry
 *   held asymmetric unless measured); a close subject dominates camera motion (framing wide).
 * - camera_motion: steadiness stable (shaky jitter swamps a slow move's band fits), the subject
 *   still (a moving subject is screen-space and biases its band), a top- or bottom-heavy balance
 *   turned balanced and flat light turned normal (both leave a band with little texture to track).
 * - motion_*: the subject at medium framing (wide is a few blocks of the motion field), the camera
 *   static and locked (subject motion is read relative to it); a still subject given medium speed
 *   unless speed is measured; rough smoothness held smooth (its noise swamps the speed profile);
 *   chiaroscuro held normal (its dark, near-symmetric frame reads as mirrored); jerky held smooth
 *   for rhythm and acceleration (it samples the pace too coarsely).
 * - gradient_type: chiaroscuro's light pool reads as a radial gradient: held normal.
 * - transition_type: camera slow and stable (a fast or shaky camera moves the picture between the
 *   two shots a dissolve or wipe blends); two shots.
 */
export function holdFor(spec: SceneSpec, domain: string): void {
  if (domain !== 'composition_symmetry') spec.composition.symmetry = 'asymmetric';
  spec.composition.framing = 'wide';
  if (domain === 'camera_motion') {
    spec.camera.steadiness = 'stable';
    spec.motion.speed = 'static';
    if (spec.composition.balance === 'top_heavy' || spec.composition.balance === 'bottom_heavy') spec.composition.balance = 'balanced';
    if (spec.lighting.contrast === 'flat') spec.lighting.contrast = 'normal';
  }
  if (domain.startsWith('motion_')) {
    spec.composition.framing = 'medium';
    spec.camera.motion = 'static';
    spec.camera.steadiness = 'locked';
    if (domain !== 'motion_speed' && spec.motion.speed === 'static') spec.motion.speed = 'medium';
    if (domain !== 'motion_smoothness' && spec.motion.smoothness === 'rough') spec.motion.smoothness = 'smooth';
    if (spec.lighting.contrast === 'chiaroscuro') spec.lighting.contrast = 'normal';
    if ((domain === 'motion_rhythm' || domain === 'motion_acceleration') && spec.motion.smoothness === 'jerky') spec.motion.smoothness = 'smooth';
  }
  if (domain === 'gradient_type' && spec.lighting.contrast === 'chiaroscuro') spec.lighting.contrast = 'normal';
  if (domain === 'transition_type') {
    spec.camera.speed = 'slow';
    spec.camera.steadiness = 'stable';
    spec.transition.shots = 2;
  }
}
