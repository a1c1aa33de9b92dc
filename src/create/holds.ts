import { ORIGINS } from '../base/values.js';
import { DOMAIN_FIELDS, type SceneSpec, type SpecDomain } from './spec.js';

/**
 * Renderer conflicts: fields that hide another domain's value from the analysers, and what they
 * are held at while that domain is what a clip is meant to show. One table, read three ways:
 * `holdFor` (the precision benchmark and the loop's planner: every hold of one aimed domain),
 * `applyHolds` (the interpreter: holds of every named domain on the fields a prompt left free,
 * and the clashes between named values), so what is measured is what prompts and the loop aim with.
 */

/** A spec field a hold can set: a dotted path into the spec. */
export type HeldField =
  | 'composition.symmetry' | 'composition.framing' | 'composition.balance'
  | 'camera.motion' | 'camera.speed' | 'camera.steadiness'
  | 'motion.speed' | 'motion.rhythm' | 'motion.smoothness' | 'motion.directionality'
  | 'lighting.contrast' | 'audio.presence' | 'transition.shots' | 'shape';

type FieldValue = string | number;

export interface Hold {
  /** Whether this hold keeps `domain`'s value visible. */
  protects: (domain: SpecDomain) => boolean;
  field: HeldField;
  /** The value the field is held at, or undefined when its `current` value hides nothing. */
  to: (current: FieldValue, spec: SceneSpec, domain: SpecDomain) => FieldValue | undefined;
  /** What the held value would otherwise hide, and how. */
  why: string;
}

const isMotion = (domain: SpecDomain) => domain.startsWith('motion_');
const isSound = (domain: SpecDomain) => domain.startsWith('sound_');
const among = (...domains: SpecDomain[]) => (domain: SpecDomain) => domains.includes(domain);
/** Held at `value` whenever the field has another value. */
const always = (value: FieldValue) => () => value;
/** Held at `value` when the field has one of `hiding`. */
const when = (hiding: readonly FieldValue[], value: FieldValue) =>
  (current: FieldValue) => (hiding.includes(current) ? value : undefined);

/** A subject shape for subject motion to move (the one the precision benchmark renders). */
export const HELD_SUBJECT = 'circle';
/** Shots a transition needs to happen between. */
const TRANSITION_SHOTS = 2;

export const HOLDS: readonly Hold[] = [
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
  {
    protects: among('camera_motion'), field: 'camera.steadiness', to: when(['handheld', 'shaky'], 'stable'),
    why: 'handheld or shaky jitter swamps a slow move\'s band fits',
  },
  {
    protects: among('camera_motion'), field: 'camera.speed',
    to: (current, spec) => (spec.camera.motion === 'handheld' && current === 'slow' ? 'medium' : undefined),
    why: 'a slow handheld wander strays from a straight course over a second by little more than a steady move\'s tracking error',
  },
  {
    protects: among('camera_motion'), field: 'motion.speed', to: always('static'),
    why: 'a moving subject is screen-space and biases the band it crosses',
  },
  {
    protects: among('camera_motion'), field: 'composition.balance', to: always('balanced'),
    why: 'an off-centre balance leaves one side of every band with little texture to track: the fit leans on one side',
  },
  {
    protects: (d) => d === 'camera_motion' || isMotion(d), field: 'lighting.contrast',
    to: when(['flat', 'chiaroscuro'], 'normal'),
    why: 'flat light leaves little texture, chiaroscuro all but a lit pool: moves read as scales that are not there, and a dark frame around a centred subject reads as mirrored',
  },
  {
    protects: isMotion, field: 'camera.motion', to: always('static'),
    why: 'subject motion is read relative to a still camera',
  },
  {
    protects: isMotion, field: 'camera.steadiness', to: always('locked'),
    why: 'camera jitter is read as the subject\'s',
  },
  {
    protects: isMotion, field: 'shape', to: when(['none'], HELD_SUBJECT),
    why: 'without a shape there is no subject to move',
  },
  {
    protects: (d) => isMotion(d) && d !== 'motion_speed', field: 'motion.speed', to: when(['static'], 'medium'),
    why: 'a still subject shows no path',
  },
  {
    protects: (d) => isMotion(d) && d !== 'motion_smoothness', field: 'motion.smoothness', to: when(['rough'], 'smooth'),
    why: 'rough per-frame noise swamps the speed profile',
  },
  {
    protects: among('motion_rhythm', 'motion_acceleration', 'motion_directionality'), field: 'motion.smoothness',
    to: when(['jerky'], 'smooth'),
    why: 'jerky\'s ~6 positions a second sample the pace too coarsely and cannot show a heading that keeps turning',
  },
  {
    protects: among('motion_directionality'), field: 'motion.rhythm', to: when(['pulsing'], 'steady'),
    why: 'three short nearly straight bursts a second show three headings a window: a turning path looks like a zigzag',
  },
  {
    protects: among('motion_smoothness'), field: 'motion.directionality', to: when(['none'], 'horizontal'),
    why: 'a path with no direction always turns: it cannot look straight, so smooth is unobservable on it',
  },
  {
    protects: (d) => isMotion(d) && d !== 'motion_smoothness', field: 'motion.smoothness',
    to: (current, spec) => (spec.motion.directionality === 'radial' && current === 'fluid' ? 'smooth' : undefined),
    why: 'a radial subject\'s fluid sway moves its centre as far as a slow size change: the track reads a translation',
  },
  {
    protects: among('motion_directionality'), field: 'composition.balance',
    to: (current, spec) => (spec.motion.directionality === 'radial' && ['top_heavy', 'bottom_heavy'].includes(String(current)) ? 'balanced' : undefined),
    why: 'a radial subject anchored in the top or bottom third grows across a band edge towards the frame edge: its track reads a translation',
  },
  {
    protects: among('gradient_type'), field: 'lighting.contrast', to: when(['chiaroscuro'], 'normal'),
    why: 'chiaroscuro\'s light pool reads as a radial gradient',
  },
  {
    protects: among('sound_tempo'), field: 'audio.presence', to: when(['silence'], 'music'),
    why: 'a silent track has no beats to count: it always reads slow',
  },
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
    .filter((d) => ORIGINS.dynamic_domains[d] === 'observed' && named.has(domainField(d)));
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
