/**
 * The enumerated fields a prompt can name, with their canonical values and labels. Every value
 * list comes from `config/origins.json` (through VALUES), so a value added there is reachable by
 * naming it without touching the interpreter.
 */
import { VALUES, narrativeValues, NARRATIVE_ASPECTS } from '../../base/values.js';
import type { SceneSpec } from '../../model/scene.js';

/** One enumerated field of the spec: its dotted path, its canonical values and its labels. */
export interface SlotDef {
  slot: string;
  values: readonly string[];
  /** Words that name the field in qualified phrases ("camera speed" in "camera speed slow"). */
  labels: readonly string[];
}

const d = VALUES.dynamic;
const PRIMITIVES = VALUES.static_sound.primitives as Array<SceneSpec['audio']['layers'][number]['primitive']>;

const NARRATIVE_LABELS: Record<string, string[]> = {
  genre: ['genre', 'film', 'movie'],
  mood: ['mood', 'story mood', 'narrative mood', 'narrative tone', 'story tone'],
  style: ['style', 'visual style', 'aesthetic', 'look'],
  plots: ['plot', 'plots', 'tension curve', 'tension', 'story arc', 'pacing'],
  settings: ['setting', 'settings', 'location', 'environment'],
  themes: ['theme', 'themes'],
  scene_type: ['scene type', 'scene', 'shot type', 'shot'],
};

/** Every enumerated field, in the fixed order of the random draws. */
export const SLOTS: readonly SlotDef[] = [
  { slot: 'palette', values: Object.keys(VALUES.palettes), labels: ['palette', 'colors', 'colours', 'color palette', 'colour palette', 'color scheme', 'colour scheme'] },
  { slot: 'gradient.type', values: d.gradient_type, labels: ['gradient', 'gradient type'] },
  { slot: 'camera.motion', values: d.camera_motion, labels: ['camera', 'camera motion', 'camera move', 'camera movement'] },
  { slot: 'camera.speed', values: d.camera_speed, labels: ['camera', 'camera speed', 'speed'] },
  { slot: 'camera.steadiness', values: d.camera_steadiness, labels: ['camera', 'camera steadiness', 'steadiness'] },
  { slot: 'motion.speed', values: d.motion_speed, labels: ['motion', 'motion speed', 'movement', 'movement speed', 'speed'] },
  { slot: 'motion.rhythm', values: d.motion_rhythm, labels: ['motion', 'motion rhythm', 'movement', 'rhythm'] },
  { slot: 'motion.smoothness', values: d.motion_smoothness, labels: ['motion', 'motion smoothness', 'movement', 'smoothness'] },
  { slot: 'motion.directionality', values: d.motion_directionality, labels: ['motion', 'motion direction', 'motion directionality', 'movement', 'direction', 'directionality'] },
  { slot: 'motion.acceleration', values: d.motion_acceleration, labels: ['motion', 'motion acceleration', 'movement', 'acceleration', 'easing'] },
  { slot: 'lighting.contrast', values: d.lighting_contrast_ratio, labels: ['contrast', 'lighting contrast', 'lighting', 'light'] },
  { slot: 'lighting.temperature', values: d.lighting_color_temperature, labels: ['temperature', 'color temperature', 'colour temperature', 'lighting temperature', 'lighting', 'light', 'white balance'] },
  { slot: 'composition.framing', values: d.composition_framing, labels: ['framing', 'frame', 'shot'] },
  { slot: 'composition.balance', values: d.composition_balance, labels: ['balance', 'composition balance', 'composition'] },
  { slot: 'composition.symmetry', values: d.composition_symmetry, labels: ['symmetry', 'composition symmetry', 'composition'] },
  { slot: 'transition.type', values: d.transition_type, labels: ['transition', 'transitions', 'transition type'] },
  { slot: 'shape', values: d.shape_overlay, labels: ['shape', 'shapes', 'shape overlay', 'overlay'] },
  { slot: 'audio.tempo', values: d.sound_tempo, labels: ['tempo', 'audio tempo', 'sound tempo', 'music tempo', 'beat'] },
  { slot: 'audio.mood', values: d.sound_mood, labels: ['mood', 'audio mood', 'sound mood', 'music mood', 'audio', 'sound'] },
  { slot: 'audio.presence', values: d.sound_presence, labels: ['presence', 'audio presence', 'sound presence', 'audio', 'sound'] },
  ...NARRATIVE_ASPECTS.map((aspect) => ({ slot: `narrative.${aspect}`, values: narrativeValues(aspect), labels: NARRATIVE_LABELS[aspect] ?? [aspect.replaceAll('_', ' ')] })),
];

/** Pseudo fields reached only through phrases: sound layers (repeatable), "no layers", alpha, one shot. */
export const PSEUDO: Record<string, readonly string[]> = {
  layer: PRIMITIVES,
  layers: ['none'],
  alpha: ['true', 'false'],
  shots: ['1'],
};
export const LAYER_SLOT: SlotDef = { slot: 'layer', values: PRIMITIVES, labels: ['layer', 'sound layer', 'audio layer'] };

/** The values of every field and pseudo field, by slot. */
export const SLOT_VALUES = new Map<string, readonly string[]>([
  ...SLOTS.map((s): [string, readonly string[]] => [s.slot, s.values]),
  ...Object.entries(PSEUDO),
]);

/** The value at a dotted slot path of a spec (or of its partial defaults). */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}
