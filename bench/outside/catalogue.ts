/**
 * The outside-media catalogue: every aim (camera, picture, subject, transition, sound) and the
 * plan of one set — clips per aimed value, parameters and formats drawn from a seeded PRNG, so
 * another seed gives a different but equivalent set.
 */
import { mulberry32 } from '../../src/random.js';
import { CAMERA_AIMS } from './camera.js';
import { PICTURE_AIMS } from './picture.js';
import { SUBJECT_AIMS } from './subject.js';
import { TRANSITION_AIMS } from './transitions.js';
import { SOUND_AIMS } from './sound.js';
import { drawFormat } from './formats.js';
import type { Aim, PlannedClip } from './types.js';

export const AIMS: readonly Aim[] = [...CAMERA_AIMS, ...PICTURE_AIMS, ...SUBJECT_AIMS, ...TRANSITION_AIMS, ...SOUND_AIMS];

/** Domains the catalogue labels, in its order. */
export const CATALOGUE_DOMAINS = [...new Set(AIMS.flatMap((a) => [a.domain]))];

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
  const clips: PlannedClip[] = [];
  for (const recipes of aimsByValue(options.domains ?? [])) {
    for (let k = 0; k < options.perValue; k++) {
      const aim = recipes[k % recipes.length];
      const name = `${aim.domain}-${aim.value}-${aim.recipe.replace(/[^a-z0-9]+/gi, '_')}-${k}`;
      const rng = mulberry32(hashSeed(options.seed, name));
      const { format, audioContainer } = drawFormat(rng);
      clips.push({ name, aim, format, audioContainer, graph: aim.make(rng, format) });
    }
  }
  return clips;
}

/** FNV-1a of the clip's name mixed with the set's seed: each clip's draws stand alone. */
function hashSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
