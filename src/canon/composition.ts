import { always, isMotion, isSound, type Hold } from './hold.js';

/**
 * composition_balance, composition_symmetry and composition_framing: where the renderer anchors the
 * subject and weights the texture (src/create/render/), how it mirrors, the offsets by which the
 * composition analyzer (src/extract/dynamic/visual-composition.ts) reads a side as heavy, and the
 * holds on the composition that keep every picture domain readable.
 */

// --- renderer levels ------------------------------------------------------------------------------

/** Balance: the subject's anchor (fractions of W, H). */
export const ANCHORS: Record<string, readonly [number, number]> = {
  left_heavy: [0.3, 0.55], right_heavy: [0.7, 0.55], top_heavy: [0.5, 0.3], bottom_heavy: [0.5, 0.72], balanced: [0.5, 0.5],
};
/** Balance: the layers' texture weight on the heavy and the light side, and everywhere when balanced. */
export const BALANCE_WEIGHT = { heavy: 1, light: 0.2, even: 0.7 } as const;
/** Slight symmetry: the copied half is this mix of the mirrored master half and its own content. */
export const SLIGHT_MIRROR = 0.7;
/** Subject half-size by framing (fraction of min(width, height)). */
export const FRAMING_SIZE: Record<string, number> = { wide: 0.09, medium: 0.15, close: 0.24, extreme_close: 0.36, pov: 0.18 };

// --- analyzer thresholds --------------------------------------------------------------------------

/**
 * Offsets of the detail's centre of mass from the frame centre (fractions of W, H) from which a
 * side is heavy: left/right, up, down (the near, bottom layer is the densest, so the bar below is higher).
 */
export const BALANCE_MIN_OFFSET_X = 0.05;
export const BALANCE_MIN_OFFSET_UP = 0.045;
export const BALANCE_MIN_OFFSET_DOWN = 0.09;

// --- holds ----------------------------------------------------------------------------------------

/** Holds on the composition, for every picture domain. */
export const COMPOSITION_HOLDS: readonly Hold[] = [
  {
    protects: (d) => !isSound(d) && d !== 'composition_symmetry',
    field: 'composition.symmetry', to: always('asymmetric'),
    why: 'a mirrored frame hides left/right cues, folds a horizontal or angled gradient, shifts the frame\'s mean colour and halves the motion field',
  },
  {
    protects: (d) => !isSound(d), field: 'composition.framing',
    to: (_, spec, d) => (spec.shape === 'none' ? undefined : isMotion(d) ? 'medium' : 'wide'),
    why: 'a close subject dominates the frame and camera motion; a wide one is a few blocks of the motion field',
  },
];
