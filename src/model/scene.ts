import type { RGB } from '../base/values.js';

/**
 * The scene spec: everything a clip is rendered from. Value lists come from
 * `config/origins.json`; same spec (seed included) ⇒ same frames and samples.
 */
export interface SceneSpec {
  version: 1;
  seed: number;
  duration: number;
  width: number;
  height: number;
  fps: number;
  /** When true the clip is encoded with an alpha plane at `opacity`. */
  alpha: boolean;
  opacity: number;
  palette: { name: string; stops: RGB[] };
  gradient: { type: string; angle: number };
  camera: { motion: string; speed: string; steadiness: string };
  motion: { speed: string; rhythm: string; smoothness: string; directionality: string; acceleration: string };
  lighting: { contrast: string; temperature: string };
  composition: { framing: string; balance: string; symmetry: string };
  transition: { type: string; shots: number };
  shape: string;
  audio: {
    tempo: string;
    mood: string;
    presence: string;
    /** Primitive sound layers with their peak level (0–1). */
    layers: Array<{ primitive: 'silence' | 'rumble' | 'tone' | 'hiss'; level: number }>;
  };
  narrative: { genre: string; mood: string; style: string; plots: string; settings: string; themes: string; scene_type: string };
}

/** Where each dynamic domain's value lives in a spec: [group, field]. */
export const DOMAIN_FIELDS = {
  gradient_type: ['gradient', 'type'],
  camera_motion: ['camera', 'motion'],
  motion_speed: ['motion', 'speed'],
  motion_rhythm: ['motion', 'rhythm'],
  motion_smoothness: ['motion', 'smoothness'],
  motion_directionality: ['motion', 'directionality'],
  motion_acceleration: ['motion', 'acceleration'],
  lighting_contrast_ratio: ['lighting', 'contrast'],
  lighting_color_temperature: ['lighting', 'temperature'],
  composition_balance: ['composition', 'balance'],
  composition_symmetry: ['composition', 'symmetry'],
  transition_type: ['transition', 'type'],
  sound_tempo: ['audio', 'tempo'],
  sound_presence: ['audio', 'presence'],
  sound_mood: ['audio', 'mood'],
  composition_framing: ['composition', 'framing'],
} as const satisfies Record<string, readonly [keyof SceneSpec, string]>;

export type SpecDomain = keyof typeof DOMAIN_FIELDS;
