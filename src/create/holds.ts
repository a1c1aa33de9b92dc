import { VALUES } from '../base/values.js';
import { DOMAIN_FIELDS, type SceneSpec, type SpecDomain } from '../model/scene.js';
import type { FieldValue, Hold } from '../canon/hold.js';
import { CAMERA_HOLDS } from '../canon/camera.js';
import { COMPOSITION_HOLDS } from '../canon/composition.js';
import { GRADIENT_HOLDS } from '../canon/gradient.js';
import { SOUND_HOLDS } from '../canon/sound.js';
import { SUBJECT_HOLDS } from '../canon/subject.js';
import { TRANSITION_HOLDS } from '../canon/transition.js';

/**
 * Renderer conflicts: fields that hide another domain's value from the analysers, and what they
 * are held at while that domain is what a clip is meant to show. Each domain's holds live in its
 * canon file (src/canon/); here they are one table, read three ways:
 * `holdFor` (the precision benchmark and the loop's planner: every hold of one aimed domain),
 * `applyHolds` (the interpreter: holds of every named domain on the fields a prompt left free,
 * and the clashes between named values), so what is measured is what prompts and the loop aim with.
 */

/**
 * Every hold, in the order they apply: the composition's (for every picture domain), the camera's,
 * the subject's, the gradient's, the sound's, the transition's.
 */
export const HOLDS: readonly Hold[] = [
  ...COMPOSITION_HOLDS, ...CAMERA_HOLDS, ...SUBJECT_HOLDS, ...GRADIENT_HOLDS, ...SOUND_HOLDS, ...TRANSITION_HOLDS,
];

/** The object holding a top-level or dotted field, and the field's key in it. */
function slotOf(spec: SceneSpec, field: string): [Record<string, FieldValue>, string] {
  const [group, key] = field.split('.');
  return key === undefined
    ? [spec as unknown as Record<string, FieldValue>, group]
    : [spec[group as keyof SceneSpec] as unknown as Record<string, FieldValue>, key];
}

/** A field's value, by dotted path ("camera.motion", "shape"). */
export function fieldOf(spec: SceneSpec, field: string): FieldValue {
  const [owner, key] = slotOf(spec, field);
  return owner[key];
}

function setField(spec: SceneSpec, field: string, value: FieldValue): void {
  const [owner, key] = slotOf(spec, field);
  owner[key] = value;
}

/** The field holding a domain's value. */
export const domainField = (domain: SpecDomain): string => DOMAIN_FIELDS[domain].join('.');

/** Holds every field that would hide `domain` (whatever the fields' values came from). */
export function holdFor(spec: SceneSpec, domain: string): void {
  if (!(domain in DOMAIN_FIELDS)) return;
  for (const hold of HOLDS) {
    if (!hold.protects(domain as SpecDomain)) continue;
    const value = hold.to(fieldOf(spec, hold.field), spec, domain as SpecDomain);
    if (value !== undefined) setField(spec, hold.field, value);
  }
}

/**
 * How a field was named: `loose` by a reading that can give way to what a firmly named value
 * needs (a bare word that also filled fields of other groups, as "slowly" fills camera speed,
 * subject speed and tempo; or a field beside the observed one a phrase names, as the steadiness of
 * "handheld"), else `firm`.
 */
export type Naming = 'firm' | 'loose';

/** Two named values the renderer cannot show together, and what was rendered. */
export interface Conflict {
  /** The named field whose value is hidden, and the named field that hides it. */
  fields: [string, string];
  named: [string, string];
  rendered: [string, string];
  why: string;
}

/**
 * Holds the fields `named` leaves free so that no named domain is hidden, and reports each pair of
 * named values that clash. Firmly named domains are held first; a field a hold has set is not
 * held again. A named field is never changed, except a loose one that would hide a firm one.
 */
export function applyHolds(spec: SceneSpec, named: ReadonlyMap<string, Naming>): Conflict[] {
  const conflicts: Conflict[] = [];
  const held = new Set<string>();
  /** Loosely named fields a firm domain's hold has set: no longer named, so not held for. */
  const yielded = new Set<string>();
  const domains = (Object.keys(DOMAIN_FIELDS) as SpecDomain[])
    .filter((d) => VALUES.dynamic_domains[d] === 'observed' && named.has(domainField(d)));
  const ordered = [...domains.filter((d) => named.get(domainField(d)) === 'firm'), ...domains.filter((d) => named.get(domainField(d)) === 'loose')];
  for (const domain of ordered) {
    const shown = domainField(domain);
    if (yielded.has(shown)) continue;
    for (const hold of HOLDS) {
      if (!hold.protects(domain) || hold.field === shown) continue;
      const current = fieldOf(spec, hold.field);
      const value = hold.to(current, spec, domain);
      if (value === undefined || value === current) continue;
      const naming = named.get(hold.field);
      if (naming === undefined) {
        if (held.has(hold.field)) continue;
        held.add(hold.field);
        setField(spec, hold.field, value);
        continue;
      }
      const yields = naming === 'loose' && named.get(shown) === 'firm';
      if (yields) {
        setField(spec, hold.field, value);
        yielded.add(hold.field);
      }
      const shownValue = String(fieldOf(spec, shown));
      if (conflicts.some((c) => c.fields[0] === shown && c.fields[1] === hold.field)) continue;
      conflicts.push({
        fields: [shown, hold.field],
        named: [shownValue, String(current)],
        rendered: [shownValue, String(yields ? value : current)],
        why: hold.why,
      });
    }
  }
  return conflicts;
}
