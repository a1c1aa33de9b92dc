/** What fills the fields a prompt does not name: built-in defaults and inferences from named fields. */
import { VALUES, narrativeValues } from '../../base/values.js';
import { SLOT_VALUES } from './slots.js';

const d = VALUES.dynamic;

/** Built-in values for the fields that are not drawn at random. */
export const DEFAULTS = {
  duration: 4,
  width: 512,
  height: 288,
  fps: 24,
  alpha: false,
  opacity: 1,
  /** Opacity when transparency is asked for without a figure. */
  alphaOpacity: 0.5,
  shape: 'none',
  shots: 1,
  /** Shots when the prompt names a transition but no count. */
  transitionShots: 2,
} as const;

/** Fixed (non-random) enumerated defaults, by slot. */
export const FIXED: Record<string, string> = { shape: DEFAULTS.shape };

/** [from slot, from value, to slot, to value]: applied when the target is neither named nor defaulted; the first rule per target wins. */
export const INFERENCES: ReadonlyArray<readonly [string, string, string, string]> = [
  ...d.sound_mood.filter((m) => narrativeValues('mood').includes(m)).flatMap((m) => [
    ['audio.mood', m, 'narrative.mood', m] as const, ['narrative.mood', m, 'audio.mood', m] as const,
  ]),
  ['narrative.genre', 'horror', 'narrative.mood', 'ominous'], ['narrative.genre', 'horror', 'audio.mood', 'ominous'],
  ['narrative.genre', 'thriller', 'narrative.mood', 'tense'], ['narrative.genre', 'thriller', 'audio.mood', 'suspenseful'],
  ['narrative.genre', 'comedy', 'narrative.mood', 'playful'], ['narrative.genre', 'comedy', 'audio.mood', 'playful'],
  ['narrative.genre', 'drama', 'narrative.mood', 'dramatic'], ['narrative.genre', 'drama', 'audio.mood', 'dramatic'],
  ['camera.motion', 'handheld', 'camera.steadiness', 'handheld'],
  ['camera.motion', 'static', 'camera.steadiness', 'locked'],
  ['camera.motion', 'whip_pan', 'camera.speed', 'fast'],
  ['camera.motion', 'tracking', 'narrative.scene_type', 'tracking'],
  ['camera.motion', 'dolly', 'narrative.scene_type', 'dolly'],
  ['camera.motion', 'static', 'narrative.scene_type', 'static'],
  ['camera.motion', 'birds_eye', 'narrative.scene_type', 'aerial'],
  ['narrative.scene_type', 'tracking', 'camera.motion', 'tracking'],
  ['narrative.scene_type', 'dolly', 'camera.motion', 'dolly'],
  ['narrative.scene_type', 'static', 'camera.motion', 'static'],
  ['narrative.scene_type', 'aerial', 'camera.motion', 'birds_eye'],
  ['narrative.scene_type', 'closeup', 'composition.framing', 'close'],
  ['narrative.scene_type', 'insert', 'composition.framing', 'extreme_close'],
  ['narrative.scene_type', 'wide', 'composition.framing', 'wide'],
  ['narrative.scene_type', 'establishing', 'composition.framing', 'wide'],
  ['narrative.scene_type', 'aerial', 'composition.framing', 'wide'],
  ['narrative.scene_type', 'master', 'composition.framing', 'wide'],
  ['narrative.scene_type', 'medium', 'composition.framing', 'medium'],
  ['narrative.scene_type', 'two_shot', 'composition.framing', 'medium'],
  ['narrative.scene_type', 'over_shoulder', 'composition.framing', 'medium'],
  ['narrative.scene_type', 'pov', 'composition.framing', 'pov'],
  ['composition.framing', 'close', 'narrative.scene_type', 'closeup'],
  ['composition.framing', 'extreme_close', 'narrative.scene_type', 'insert'],
  ['composition.framing', 'wide', 'narrative.scene_type', 'wide'],
  ['composition.framing', 'medium', 'narrative.scene_type', 'medium'],
  ['composition.framing', 'pov', 'narrative.scene_type', 'pov'],
  ['narrative.style', 'noir', 'lighting.contrast', 'chiaroscuro'],
  ['narrative.style', 'noir', 'palette', 'mono'],
  ['narrative.settings', 'noir', 'palette', 'mono'],
  ['narrative.settings', 'ocean', 'palette', 'ocean'],
  ['narrative.settings', 'underwater', 'palette', 'ocean'],
  ['narrative.settings', 'beach', 'palette', 'ocean'],
  ['narrative.settings', 'neon', 'palette', 'neon'],
  ['narrative.settings', 'forest', 'palette', 'forest'],
  ['narrative.settings', 'nature', 'palette', 'forest'],
  ['narrative.settings', 'night', 'palette', 'night'],
  ['narrative.settings', 'space', 'palette', 'night'],
  ['narrative.settings', 'golden_hour', 'palette', 'warm_sunset'],
  ['narrative.settings', 'desert', 'palette', 'warm_sunset'],
  ['narrative.themes', 'dreamy', 'palette', 'dreamy'],
  ['narrative.mood', 'dreamy', 'palette', 'dreamy'],
  ['audio.mood', 'dreamy', 'palette', 'dreamy'],
  ['palette', 'warm_sunset', 'lighting.temperature', 'warm'],
  ['palette', 'fire', 'lighting.temperature', 'warm'],
  ['palette', 'ocean', 'lighting.temperature', 'cool'],
  ['palette', 'night', 'lighting.temperature', 'cool'],
  ['palette', 'mono', 'lighting.temperature', 'neutral'],
  ['narrative.settings', 'golden_hour', 'lighting.temperature', 'warm'],
  ['narrative.settings', 'desert', 'lighting.temperature', 'warm'],
  ['narrative.settings', 'night', 'lighting.temperature', 'cool'],
  ['narrative.settings', 'underwater', 'lighting.temperature', 'cool'],
  ['narrative.settings', 'space', 'lighting.temperature', 'cool'],
].filter(([fs, fv, ts, tv]) => SLOT_VALUES.get(fs)?.includes(fv) && SLOT_VALUES.get(ts)?.includes(tv)) as Array<readonly [string, string, string, string]>;
