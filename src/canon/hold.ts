import type { SceneSpec, SpecDomain } from '../model/scene.js';

/**
 * A renderer hold: a field that would hide another domain's value from the analyzers, and what it
 * is held at while that domain is what a clip is meant to show. Each domain's holds live in its
 * canon file beside its levels; `src/create/holds.ts` reads them as one ordered table.
 */

/** A spec field a hold can set: a dotted path into the spec. */
export type HeldField =
  | 'composition.symmetry' | 'composition.framing' | 'composition.balance'
  | 'camera.motion' | 'camera.speed' | 'camera.steadiness'
  | 'motion.speed' | 'motion.rhythm' | 'motion.smoothness' | 'motion.directionality'
  | 'lighting.contrast' | 'audio.presence' | 'transition.shots' | 'shape';

export type FieldValue = string | number;

export interface Hold {
  /** Whether this hold keeps `domain`'s value visible. */
  protects: (domain: SpecDomain) => boolean;
  field: HeldField;
  /** The value the field is held at, or undefined when its `current` value hides nothing. */
  to: (current: FieldValue, spec: SceneSpec, domain: SpecDomain) => FieldValue | undefined;
  /** What the held value would otherwise hide, and how. */
  why: string;
}

export const isMotion = (domain: SpecDomain) => domain.startsWith('motion_');
export const isSound = (domain: SpecDomain) => domain.startsWith('sound_');
export const among = (...domains: SpecDomain[]) => (domain: SpecDomain) => domains.includes(domain);
/** Held at `value` whenever the field has another value. */
export const always = (value: FieldValue) => () => value;
/** Held at `value` when the field has one of `hiding`. */
export const when = (hiding: readonly FieldValue[], value: FieldValue) =>
  (current: FieldValue) => (hiding.includes(current) ? value : undefined);
