import { VALUES } from '../base/values.js';

export type ToneBand = 'silent' | 'low' | 'mid' | 'high';
export const TONE_BANDS: readonly ToneBand[] = ['silent', 'low', 'mid', 'high'];
const AMPLITUDE_BANDS = VALUES.static_sound.amplitude_bands;

export interface SoundCell {
  /** Amplitude band 0…10 (amplitude rounded to one decimal). */
  band: number;
  tone: ToneBand;
  timbre: string;
}

export function amplitudeBand(amplitude: number): number {
  return Math.min(AMPLITUDE_BANDS - 1, Math.max(0, Math.round(amplitude * 10)));
}

export function soundCellKey(cell: SoundCell): string {
  return `${(cell.band / 10).toFixed(1)}_${cell.tone}_${cell.timbre}`;
}

export const SILENCE_KEY = soundCellKey({ band: 0, tone: 'silent', timbre: 'silence' });

/** The key of a measured instant; anything below the silence threshold is `0.0_silent_silence`. */
export function soundKey(amplitude: number, tone: ToneBand, timbre: string, silenceAmplitude = VALUES.static_sound.silence_amplitude): string {
  if (amplitude < silenceAmplitude || tone === 'silent' || timbre === 'silence') return SILENCE_KEY;
  return soundCellKey({ band: amplitudeBand(amplitude), tone, timbre });
}

const KEY_PATTERN = /^(0\.\d|1\.0)_(silent|low|mid|high)_([a-z]+)$/;

export function parseSoundKey(key: string): SoundCell | null {
  const m = KEY_PATTERN.exec(key);
  if (!m) return null;
  return { band: Math.round(Number(m[1]) * 10), tone: m[2] as ToneBand, timbre: m[3] };
}

/** The (band, timbre) pairs a primitive set can produce, from `static_sound.timbre_bands`. */
export function soundPairs(primitives: readonly string[]): Array<{ tone: ToneBand; timbre: string }> {
  const pairs: Array<{ tone: ToneBand; timbre: string }> = [];
  for (const tone of TONE_BANDS) {
    for (const timbre of primitives) {
      if ((VALUES.static_sound.timbre_bands[timbre] ?? []).includes(tone)) pairs.push({ tone, timbre });
    }
  }
  return pairs;
}

export function allSoundKeys(primitives: readonly string[]): string[] {
  const keys = primitives.includes('silence') ? [SILENCE_KEY] : [];
  for (const { tone, timbre } of soundPairs(primitives)) {
    for (let band = 0; band < AMPLITUDE_BANDS; band++) keys.push(soundCellKey({ band, tone, timbre }));
  }
  return keys;
}

export interface SoundDepth {
  origin_noises: Record<string, number>;
  amplitude: number;
  strength_pct: number;
}

/** depth_breakdown of a sound entry: the primitive against silence, weighted by amplitude. */
export function soundDepth(amplitude: number, timbre: string): SoundDepth {
  if (timbre === 'silence') return { origin_noises: { silence: 1 }, amplitude: 0, strength_pct: 0 };
  const s = Math.round(Math.min(1, Math.max(0, amplitude)) * 100) / 100;
  return { origin_noises: { silence: Math.round((1 - s) * 100) / 100, [timbre]: s }, amplitude: s, strength_pct: s };
}
