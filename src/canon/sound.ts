import { among, when, type Hold } from './hold.js';

/**
 * sound_tempo: the beat rates the synthesizer plays each tempo at (src/create/audio.ts), the rates
 * the sound analyzer (src/extract/dynamic/sound.ts) separates them by, and the hold that keeps a
 * tempo readable.
 */

/** Beats per second by tempo. */
export const TEMPO_RATE_HZ: Readonly<Record<string, number>> = { slow: 1, medium: 2, fast: 4 };
/** Beat rates (per second) at which the tempo turns medium and fast. */
export const MEDIUM_RATE = 1.5;
export const FAST_RATE = 3;

export const SOUND_HOLDS: readonly Hold[] = [
  {
    protects: among('sound_tempo'), field: 'audio.presence', to: when(['silence'], 'music'),
    why: 'a silent track has no beats to count: it always reads slow',
  },
];
