/**
 * The sound layers the interpreter gives a spec. Named primitives ("rumble", "hiss", "tone",
 * "silence" and synonyms such as "white noise", "hum", "sine") become the layers, in order, at the
 * given or a default level; otherwise layers follow the presence (silence → none, ambient → a low
 * rumble for dark moods or a low hiss, music → tone, sfx → hiss, full → rumble + tone + hiss),
 * louder for intense moods and softer for calm ones. Named layers without a named presence imply
 * it (tone → music, rumble/hiss → ambient, tone with rumble/hiss → full, only silence → silence).
 */
import type { SceneSpec } from '../../model/scene.js';

type Primitive = SceneSpec['audio']['layers'][number]['primitive'];

const LOUD = new Set(['intense', 'energetic', 'chaotic', 'harsh', 'dramatic', 'tense']);
const QUIET = new Set(['soft', 'calm', 'peaceful', 'dreamy', 'melancholy']);
const DARK = new Set(['dark', 'ominous', 'tense', 'suspenseful', 'moody', 'dramatic', 'melancholy', 'intense']);
const BASE_LEVEL: Record<string, number> = { silence: 0, rumble: 0.5, tone: 0.35, hiss: 0.25 };

/** A primitive's default level in a mood, times `scale`. */
export function level(primitive: string, mood: string, scale = 1): number {
  const factor = LOUD.has(mood) ? 1.3 : QUIET.has(mood) ? 0.6 : 1;
  return Math.min(1, Math.round((BASE_LEVEL[primitive] ?? 0.3) * factor * scale * 100) / 100);
}

/** The layers of a presence when none are named. */
export function layersFor(presence: string, mood: string): SceneSpec['audio']['layers'] {
  const l = (primitive: Primitive, scale = 1) => ({ primitive, level: level(primitive, mood, scale) });
  switch (presence) {
    case 'silence': return [];
    case 'ambient': return [DARK.has(mood) ? l('rumble', 0.5) : l('hiss', 0.8)];
    case 'music': return [l('tone')];
    case 'sfx': return [l('hiss', 1.4)];
    case 'full': return [l('rumble', 0.6), l('tone'), l('hiss')];
    default: return [l('tone')];
  }
}

/** The presence named layers imply. */
export function impliedPresence(primitives: readonly Primitive[]): string {
  const kinds = new Set(primitives.filter((p) => p !== 'silence'));
  return kinds.size === 0 ? 'silence' : kinds.has('tone') ? (kinds.size > 1 ? 'full' : 'music') : 'ambient';
}
