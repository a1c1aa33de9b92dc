import type { SceneSpec } from './spec.js';
import type { Observation, Source } from '../registry/types.js';
import { combinationKey } from '../registry/combination.js';

/** Which spec field carries each dynamic domain's intended value. */
const DYNAMIC_FIELDS: Record<string, (s: SceneSpec) => string> = {
  gradient_type: (s) => s.gradient.type,
  camera_motion: (s) => s.camera.motion,
  motion_speed: (s) => s.motion.speed,
  motion_rhythm: (s) => s.motion.rhythm,
  motion_smoothness: (s) => s.motion.smoothness,
  motion_directionality: (s) => s.motion.directionality,
  motion_acceleration: (s) => s.motion.acceleration,
  lighting_contrast_ratio: (s) => s.lighting.contrast,
  lighting_color_temperature: (s) => s.lighting.temperature,
  composition_balance: (s) => s.composition.balance,
  composition_symmetry: (s) => s.composition.symmetry,
  transition_type: (s) => s.transition.type,
  sound_tempo: (s) => s.audio.tempo,
  sound_presence: (s) => s.audio.presence,
  sound_mood: (s) => s.audio.mood,
  composition_framing: (s) => s.composition.framing,
};

/**
 * The values a clip was made to express, recorded with origin `intended`: every dynamic domain,
 * both combination spaces and every narrative aspect (and genre × mood × themes).
 */
export function intendedObservations(spec: SceneSpec, source: Source, prompt?: string): Observation[] {
  const common = { origin: 'intended' as const, source, ...(prompt ? { prompt } : {}) };
  const out: Observation[] = Object.entries(DYNAMIC_FIELDS).map(([domain, field]) => ({
    registry: 'dynamic', domain, value: field(spec), ...common,
    ...(domain === 'camera_motion' ? { speed: spec.camera.speed, steadiness: spec.camera.steadiness } : {}),
    ...(domain === 'gradient_type' ? { strength: 1 } : {}),
  }));
  out.push(
    { registry: 'dynamic', domain: 'gradient_camera', value: combinationKey([spec.gradient.type, spec.camera.motion]), ...common },
    { registry: 'dynamic', domain: 'sound_tempo_mood_presence', value: combinationKey([spec.audio.tempo, spec.audio.mood, spec.audio.presence]), ...common },
  );
  for (const [aspect, value] of Object.entries(spec.narrative)) out.push({ registry: 'narrative', domain: aspect, value, ...common });
  out.push({
    registry: 'narrative', domain: 'genre_mood_themes',
    value: combinationKey([spec.narrative.genre, spec.narrative.mood, spec.narrative.themes]), ...common,
  });
  return out;
}
