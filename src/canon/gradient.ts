import { among, when, type Hold } from './hold.js';

/**
 * gradient_type: the axis the renderer draws an angled backdrop along (src/create/render/layers.ts),
 * the tolerance by which the gradient analyzer (src/extract/dynamic/visual-gradient.ts) tells an
 * axis from an angle, and the hold that keeps a gradient readable.
 */

/** An angled gradient runs this many degrees from horizontal (mod 90°), by its spec angle. */
export const ANGLED_DEG: readonly [number, number] = [30, 60];
/** A best direction within this many degrees of an axis is horizontal or vertical, else angled. */
export const AXIS_TOLERANCE_DEG = 15;

export const GRADIENT_HOLDS: readonly Hold[] = [
  {
    protects: among('gradient_type'), field: 'lighting.contrast', to: when(['chiaroscuro'], 'normal'),
    why: 'chiaroscuro\'s light pool reads as a radial gradient',
  },
];
