import { among, always, when, type Hold } from './hold.js';

/**
 * transition_type: how long the renderer's fades, dissolves and wipes last (src/create/render/shots.ts)
 * and the holds that keep a transition readable.
 */

/** Longest fade / dissolve / wipe, seconds (and at most half a shot). */
export const TRANSITION_SECONDS = 0.6;
/** Shots a transition needs to happen between. */
export const TRANSITION_SHOTS = 2;

export const TRANSITION_HOLDS: readonly Hold[] = [
  {
    protects: among('transition_type'), field: 'camera.speed', to: always('slow'),
    why: 'a fast camera moves the picture between the two shots a dissolve or wipe blends',
  },
  {
    protects: among('transition_type'), field: 'camera.steadiness', to: when(['handheld', 'shaky'], 'stable'),
    why: 'a shaky camera moves the picture between the two shots a dissolve or wipe blends',
  },
  {
    protects: among('transition_type'), field: 'transition.shots', to: when([1], TRANSITION_SHOTS),
    why: 'one shot has no transition',
  },
];
