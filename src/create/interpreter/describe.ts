/** Spec → prompt: a prompt that the interpreter reads back as the same spec. */
import { validateSpec } from '../spec.js';
import type { SceneSpec } from '../../model/scene.js';
import { SLOTS, getPath } from './slots.js';

/** The label `describe` writes for each slot: specific enough to name that slot alone. */
const DESCRIBE_LABEL: Record<string, string> = {
  palette: 'palette',
  'gradient.type': 'gradient type',
  'camera.motion': 'camera motion',
  'camera.speed': 'camera speed',
  'camera.steadiness': 'camera steadiness',
  'motion.speed': 'motion speed',
  'motion.rhythm': 'motion rhythm',
  'motion.smoothness': 'motion smoothness',
  'motion.directionality': 'motion direction',
  'motion.acceleration': 'motion acceleration',
  'lighting.contrast': 'lighting contrast',
  'lighting.temperature': 'color temperature',
  'composition.framing': 'framing',
  'composition.balance': 'composition balance',
  'composition.symmetry': 'composition symmetry',
  'transition.type': 'transition',
  shape: 'shape overlay',
  'audio.tempo': 'audio tempo',
  'audio.mood': 'audio mood',
  'audio.presence': 'audio presence',
  'narrative.genre': 'genre',
  'narrative.mood': 'story mood',
  'narrative.style': 'style',
  'narrative.plots': 'tension curve',
  'narrative.settings': 'setting',
  'narrative.themes': 'theme',
  'narrative.scene_type': 'scene type',
};

/**
 * A prompt naming every field of `spec`, one comma-separated clause per field, each a qualified
 * phrase, so that `interpret(describe(spec))` gives back the spec (palette stops come from config,
 * so a palette outside config keeps its name only).
 */
export function describe(spec: SceneSpec): string {
  const s = validateSpec(spec);
  const clause = (slot: string) => {
    const value = slot === 'palette' ? s.palette.name : String(getPath(s, slot));
    return `${DESCRIBE_LABEL[slot] ?? slot.split('.').pop()!.replaceAll('_', ' ')} ${value.replaceAll('_', ' ')}`;
  };
  const parts = [
    `seed ${s.seed}`, `${s.duration} seconds`, `${s.width}x${s.height}`, `${s.fps} fps`,
    s.alpha ? `transparent, opacity ${s.opacity}` : s.opacity === 1 ? 'opaque' : `opaque, opacity ${s.opacity}`,
    ...SLOTS.map((x) => clause(x.slot)),
    `${s.gradient.angle} degrees`,
    s.transition.shots === 1 ? 'single shot' : `${s.transition.shots} shots`,
    s.audio.layers.length === 0 ? 'no sound layers' : `sound layers: ${s.audio.layers.map((l) => `${l.primitive} ${l.level}`).join(', ')}`,
  ];
  return parts.join(', ');
}
