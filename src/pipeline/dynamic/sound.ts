/**
 * Per-window sound analysis (SPEC §3.3): `sound_tempo` and `sound_presence` from the window's
 * mono samples.
 *
 * Envelope: mean square per 10 ms hop (the last partial hop dropped unless it is the only one).
 * - silent hops: hop RMS < static_sound.silence_amplitude (0.01).
 * - level envelope: dB of the hop energy averaged over 3 hops (30 ms, centred), floored at
 *   −70 dB. 30 ms averages out the ripple of a 40–60 Hz sine in 10 ms hops.
 * - beats: rises of the level envelope through a hysteresis band — the envelope must fall below
 *   min + 35 % of its dB range, then rise above min + 65 %; each rise is one beat, timed at the
 *   upward crossing. No beats when the range is < 3 dB (a steady signal).
 * - sharpness: the largest jump of energy between the 20 ms before a hop (hops i−3, i−2) and the
 *   20 ms from it (hops i, i+1), in dB. Attacks of a few ms give ≥ 5 dB; a swell of ≤ 4 cycles/s
 *   gives ≤ ~2.5 dB even over noise.
 *
 * Tempo: from the beat rate. ≥ 2 beats → rate = (beats − 1) / (last − first rise time), so the
 * window's alignment does not matter; ≤ 1 beat → slow (one beat per second or fewer). slow
 * < 1.5 /s ≤ medium < 3 /s ≤ fast. A silent window is `slow` (no onsets at all — the
 * slowest tempo; it keeps the tempo domain total over every window).
 *
 * Presence, first match:
 * 1. silence  every hop silent (digital silence or below the silence threshold throughout).
 * 2. sfx      ≥ 30 % of hops silent: short bursts over near-silence.
 * 3. ambient  continuous, no clear onsets: sharpness < 3.8 dB.
 * 4. music    continuous with onsets and pitched: ≥ 50 % of the window's non-silent instants
 *             (1/24 s, SoundAnalyzer) classify as `tone`.
 * 5. full     continuous with onsets and not tone-dominated: a dense mix (bed, tone, impulses).
 */
import { ORIGINS } from '../../config/origins.js';
import { SoundAnalyzer } from '../sound-analysis.js';
import type { DynamicValue, WindowAudio } from './types.js';

export const HOP_SECONDS = 0.01;
/** Hysteresis band of the beat detector, as fractions of the window's dB range. */
export const BEAT_LOW = 0.35;
export const BEAT_HIGH = 0.65;
/** Minimum dB range of the level envelope for any beat to count. */
export const BEAT_MIN_RANGE_DB = 3;
/** Beat rates (per second) at which the tempo turns medium and fast. */
export const MEDIUM_RATE = 1.5;
export const FAST_RATE = 3;
/** Share of silent hops from which a window is sfx. */
export const SFX_SILENT_SHARE = 0.3;
/** Energy jump (dB) from which a window has clear onsets. */
export const ONSET_SHARPNESS_DB = 3.8;
/** Share of non-silent instants classified `tone` from which a window is music. */
export const MUSIC_TONE_SHARE = 0.5;
const FLOOR_DB = -70;
const INSTANTS_PER_SECOND = 24;

export interface SoundWindowFeatures {
  /** Hop count and seconds covered. */
  hops: number;
  seconds: number;
  rms: number;
  silentShare: number;
  /** Beat (rise) times in seconds from the window start. */
  beats: number[];
  /** Beats per second (0 for ≤ 1 beat). */
  rate: number;
  rangeDb: number;
  sharpnessDb: number;
  /** Share of non-silent instants classified `tone`; NaN when not needed (computed lazily). */
  toneShare: number;
}

const analyzers = new Map<number, SoundAnalyzer>();
function analyzerFor(sampleRate: number): SoundAnalyzer {
  let a = analyzers.get(sampleRate);
  if (!a) {
    a = new SoundAnalyzer({ sampleRate });
    analyzers.set(sampleRate, a);
  }
  return a;
}

const toDb = (e: number) => (e > 0 ? Math.max(FLOOR_DB, 10 * Math.log10(e)) : FLOOR_DB);

/** Envelope features of a window (toneShare left NaN; see toneShare()). */
export function measureSoundWindow(w: WindowAudio): SoundWindowFeatures {
  const x = w.samples;
  const hopLen = Math.max(1, Math.round(w.sampleRate * HOP_SECONDS));
  const hops = Math.max(1, Math.floor(x.length / hopLen));
  const energy = new Float64Array(hops);
  const silence = ORIGINS.static_sound.silence_amplitude;
  const silentEnergy = silence * silence;
  let total = 0;
  let silent = 0;
  for (let h = 0; h < hops; h++) {
    const from = h * hopLen;
    const to = Math.min(x.length, from + hopLen);
    let s = 0;
    for (let i = from; i < to; i++) {
      const v = x[i];
      if (v === v && v !== Infinity && v !== -Infinity) s += v * v;
    }
    total += s;
    const e = to > from ? s / (to - from) : 0;
    energy[h] = e;
    if (e < silentEnergy) silent++;
  }
  const covered = Math.min(x.length, hops * hopLen);
  const rms = covered > 0 ? Math.sqrt(total / covered) : 0;

  // Level envelope: 3-hop centred mean, in dB.
  const level = new Float64Array(hops);
  let min = Infinity;
  let max = -Infinity;
  for (let h = 0; h < hops; h++) {
    const a = h > 0 ? h - 1 : 0;
    const b = h < hops - 1 ? h + 1 : hops - 1;
    let s = 0;
    for (let k = a; k <= b; k++) s += energy[k];
    const db = toDb(s / (b - a + 1));
    level[h] = db;
    if (db < min) min = db;
    if (db > max) max = db;
  }
  const rangeDb = max - min;
  const beats: number[] = [];
  if (rangeDb >= BEAT_MIN_RANGE_DB) {
    const lo = min + BEAT_LOW * rangeDb;
    const hi = min + BEAT_HIGH * rangeDb;
    let armed = false;
    for (let h = 0; h < hops; h++) {
      if (level[h] < lo) armed = true;
      else if (armed && level[h] > hi) {
        armed = false;
        beats.push((h + 0.5) * HOP_SECONDS);
      }
    }
  }
  const rate = beats.length >= 2 ? (beats.length - 1) / Math.max(HOP_SECONDS, beats[beats.length - 1] - beats[0]) : 0;

  let sharpnessDb = 0;
  for (let h = 3; h + 1 < hops; h++) {
    const jump = toDb(0.5 * (energy[h] + energy[h + 1])) - toDb(0.5 * (energy[h - 3] + energy[h - 2]));
    if (jump > sharpnessDb) sharpnessDb = jump;
  }
  return { hops, seconds: covered / w.sampleRate, rms, silentShare: silent / hops, beats, rate, rangeDb, sharpnessDb, toneShare: NaN };
}

/** Share of the window's non-silent 1/24 s instants that SoundAnalyzer classifies as `tone`. */
export function toneShare(w: WindowAudio): number {
  const analyzer = analyzerFor(w.sampleRate);
  const len = Math.max(2, Math.round(w.sampleRate / INSTANTS_PER_SECOND));
  let voiced = 0;
  let tone = 0;
  for (let from = 0; from + len / 2 <= w.samples.length; from += len) {
    const r = analyzer.analyze(w.samples.subarray(from, Math.min(w.samples.length, from + len)));
    if (r.timbre === 'silence') continue;
    voiced++;
    if (r.timbre === 'tone') tone++;
  }
  return voiced > 0 ? tone / voiced : 0;
}

export function tempoOf(f: SoundWindowFeatures): string {
  if (f.silentShare === 1 || f.rate < MEDIUM_RATE) return 'slow';
  return f.rate < FAST_RATE ? 'medium' : 'fast';
}

/** Presence of a window; fills f.toneShare when it is needed. */
export function presenceOf(f: SoundWindowFeatures, w: WindowAudio): string {
  if (f.silentShare === 1) return 'silence';
  if (f.silentShare >= SFX_SILENT_SHARE) return 'sfx';
  if (f.sharpnessDb < ONSET_SHARPNESS_DB) return 'ambient';
  f.toneShare = toneShare(w);
  return f.toneShare >= MUSIC_TONE_SHARE ? 'music' : 'full';
}

/** `sound_tempo` and `sound_presence` of one window (see the module comment). */
export function analyzeSoundWindow(w: WindowAudio): DynamicValue[] {
  const f = measureSoundWindow(w);
  return [
    { domain: 'sound_tempo', value: tempoOf(f) },
    { domain: 'sound_presence', value: presenceOf(f, w) },
  ];
}
