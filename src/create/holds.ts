import type { SceneSpec } from './spec.js';

/**
 * Renderer conflicts: fields that hide another domain's value from the analysers, and what they
 * are held at while that domain is what a clip is meant to show. The precision benchmark and the
 * loop's planner both render through these holds, so what is measured is what the loop aims with.
 *
 * - every domain: a mirrored frame hides left/right cues and halves the motion field (symmetry
 *   held asymmetric unless measured); a close subject dominates camera motion (framing wide).
 * - camera_motion: steadiness stable (shaky jitter swamps a slow move's band fits), the subject
 *   still (a moving subject is screen-space and biases its band), balance held balanced and flat or
 *   chiaroscuro light turned normal (they leave a band, one side of every band, or all but a lit
 *   pool with little texture to track: a band's fit leans on one side and reads a scale that is not
 *   there).
 * - motion_*: the subject at medium framing (wide is a few blocks of the motion field), the camera
 *   static and locked (subject motion is read relative to it); a still subject given medium speed
 *   unless speed is measured; rough smoothness held smooth (its noise swamps the speed profile);
 *   chiaroscuro and flat light held normal (a dark or low-detail frame around a centred subject
 *   reads as mirrored, and a mirrored frame's subject is not tracked); jerky held smooth for rhythm,
 *   acceleration and directionality (its ~6 positions a second sample the pace too coarsely and
 *   cannot show a heading that keeps turning); pulsing held steady for directionality (three short
 *   bursts a second, each nearly straight, show three headings a window: a turning path looks like a
 *   zigzag); for smoothness a path with no direction held horizontal (the renderer's wandering
 *   curve always turns: it cannot look straight, so smooth is unobservable on it); a radial
 *   subject's fluid sway held smooth unless smoothness is measured (the centre's sway moves it as
 *   far as a slow size change and the track reads a translation).
 * - gradient_type: chiaroscuro's light pool reads as a radial gradient: held normal.
 * - sound_tempo: silence held music (a silent track has no beats to count: it always reads slow).
 * - transition_type: camera slow and stable (a fast or shaky camera moves the picture between the
 *   two shots a dissolve or wipe blends); two shots.
 */
export function holdFor(spec: SceneSpec, domain: string): void {
  if (domain !== 'composition_symmetry') spec.composition.symmetry = 'asymmetric';
  spec.composition.framing = 'wide';
  if (domain === 'camera_motion') {
    spec.camera.steadiness = 'stable';
    spec.motion.speed = 'static';
    spec.composition.balance = 'balanced';
    if (spec.lighting.contrast === 'flat' || spec.lighting.contrast === 'chiaroscuro') spec.lighting.contrast = 'normal';
  }
  if (domain.startsWith('motion_')) {
    spec.composition.framing = 'medium';
    spec.camera.motion = 'static';
    spec.camera.steadiness = 'locked';
    if (domain !== 'motion_speed' && spec.motion.speed === 'static') spec.motion.speed = 'medium';
    if (domain !== 'motion_smoothness' && spec.motion.smoothness === 'rough') spec.motion.smoothness = 'smooth';
    if (spec.lighting.contrast === 'chiaroscuro' || spec.lighting.contrast === 'flat') spec.lighting.contrast = 'normal';
    const paced = domain === 'motion_rhythm' || domain === 'motion_acceleration' || domain === 'motion_directionality';
    if (paced && spec.motion.smoothness === 'jerky') spec.motion.smoothness = 'smooth';
    if (domain === 'motion_directionality' && spec.motion.rhythm === 'pulsing') spec.motion.rhythm = 'steady';
    if (domain === 'motion_smoothness' && spec.motion.directionality === 'none') spec.motion.directionality = 'horizontal';
    if (domain !== 'motion_smoothness' && spec.motion.directionality === 'radial' && spec.motion.smoothness === 'fluid') spec.motion.smoothness = 'smooth';
  }
  if (domain === 'gradient_type' && spec.lighting.contrast === 'chiaroscuro') spec.lighting.contrast = 'normal';
  if (domain === 'sound_tempo' && spec.audio.presence === 'silence') spec.audio.presence = 'music';
  if (domain === 'transition_type') {
    spec.camera.speed = 'slow';
    spec.camera.steadiness = 'stable';
    spec.transition.shots = 2;
  }
}
