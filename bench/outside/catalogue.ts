/**
 * The outside-media catalogue: every aim (camera, picture, subject, transition, sound) and the
 * plan of one set — clips per aimed value, parameters and formats drawn from a seeded PRNG, so
 * another seed gives a different but equivalent set.
 */
import { mulberry32 } from '../../src/base/random.js';
import { fnv1aUtf16 } from '../../src/base/hash.js';
import { CAMERA_AIMS } from './camera.js';
import { PICTURE_AIMS } from './picture.js';
import { SUBJECT_AIMS } from './subject.js';
import { TRANSITION_AIMS } from './transitions.js';
import { SOUND_AIMS } from './sound.js';
import { drawFormat } from './formats.js';
import type { Aim, PlannedClip, VideoFormat } from './types.js';

export const AIMS: readonly Aim[] = [...CAMERA_AIMS, ...PICTURE_AIMS, ...SUBJECT_AIMS, ...TRANSITION_AIMS, ...SOUND_AIMS];

export interface PlanOptions {
  seed: number;
  /** Clips per aimed value (every recipe of the value in turn). */
  perValue: number;
  /** Only aims at these domains (all when empty). */
  domains?: readonly string[];
}

/** Values aimed at per domain, each with its recipes. */
function aimsByValue(domains: readonly string[]): Aim[][] {
  const groups = new Map<string, Aim[]>();
  for (const aim of AIMS) {
    if (domains.length > 0 && !domains.includes(aim.domain)) continue;
    const id = `${aim.domain}\u001f${aim.value}`;
    groups.set(id, [...(groups.get(id) ?? []), aim]);
  }
  return [...groups.values()];
}

export function planSet(options: PlanOptions): PlannedClip[] {
  return aimsByValue(options.domains ?? []).flatMap((recipes) =>
    Array.from({ length: options.perValue }, (_, k) => planClip(recipes[k % recipes.length], options.seed, k)));
}

/** The `k`th clip of an aim in the set of `seed`; `format` fixes the picture's format instead of drawing it. */
export function planClip(aim: Aim, seed: number, k: number, format?: VideoFormat): PlannedClip {
  const name = `${aim.domain}-${aim.value}-${aim.recipe.replace(/[^a-z0-9]+/gi, '_')}-${k}`;
  // The clip's name hashed with the set's seed: each clip's draws stand alone.
  const rng = mulberry32(fnv1aUtf16(name, seed));
  const drawn = drawFormat(rng);
  const chosen = format ?? drawn.format;
  return { name, aim, format: chosen, audioContainer: drawn.audioContainer, graph: aim.make(rng, chosen) };
}
