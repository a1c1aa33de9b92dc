import type { DynamicValue, WindowFrames } from './types.js';
import { prepareWindow } from './visual-prep.js';
import { analyzeGradient } from './visual-gradient.js';
import { analyzeLighting } from './visual-light.js';
import { analyzeComposition } from './visual-composition.js';
import { analyzeTransition } from './visual-transition.js';
import { analyzeCamera } from './visual-camera.js';
import { analyzeSubjectMotion } from './visual-motion.js';

export { prepareWindow, type PreparedWindow, type WindowInput } from './visual-prep.js';
export { analyzeGradient, fitGradient, classifyGradient } from './visual-gradient.js';
export { analyzeLighting, lightingStats, classifyContrast, classifyTemperature } from './visual-light.js';
export { analyzeComposition, compositionStats, classifyBalance, classifySymmetry } from './visual-composition.js';
export { analyzeTransition, transitionStats, classifyTransition } from './visual-transition.js';
export { analyzeMotionField, type MotionSummary } from './motion/field.js';
export { analyzeCamera, classifyCamera, type CameraJudgement } from './visual-camera.js';
export { analyzeSubjectMotion, classifySubjectMotion } from './visual-motion.js';
export type { SubjectJudgement } from './subject-pace.js';

/** Frames narrower or lower than this (analysis px) hold too little to judge any visual domain. */
const MIN_FRAME_SIDE = 4;

/**
 * All visual dynamic domains of one window: gradient_type (with strength), lighting contrast and
 * colour temperature, composition balance and symmetry, transition_type (only when one is
 * present), camera_motion (with speed and steadiness) and the motion_* domains of the subject.
 * Values a window cannot support (one frame: no motion; no texture: no camera verdict; flat
 * field: no gradient) are left out rather than guessed.
 */
export function analyzeVisualWindow(w: WindowFrames): DynamicValue[] {
  if (w.frames.length === 0 || w.width < MIN_FRAME_SIDE || w.height < MIN_FRAME_SIDE) return [];
  const p = prepareWindow(w);
  const out: DynamicValue[] = [];
  const gradient = analyzeGradient(p);
  if (gradient) out.push(gradient);
  out.push(...analyzeLighting(p), ...analyzeComposition(p));
  const transition = analyzeTransition(p);
  if (transition) out.push(transition);
  const camera = analyzeCamera(p);
  if (camera) out.push(camera);
  out.push(...analyzeSubjectMotion(p));
  return out;
}
