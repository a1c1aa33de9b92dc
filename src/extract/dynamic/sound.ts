/**
 * Per-window sound analysis (SPEC §3.3): `sound_tempo` and `sound_presence` from the window's
 * mono samples and the audio just before it.
 *
 * Context: each window carries a copy of the last SOUND_CONTEXT_SECONDS (1 s) of audio before it
 * (`previous`, null for a file's first window), as visual windows carry the previous frame. Onsets
 * are detected over context + window (sound-onsets.ts) and only those in the window are the
 * window's; the context supplies the level a hit at the window's first hops rises from, and the
 * onset before the window's first. So a beat on a window edge counts like any other and the
 * reading does not depend on where beats fall against the edges. The copy keeps memory bounded
 * (one context per task) and data flowing one way (decoder → tasks), with windows analysed in
 * parallel; a whole-file envelope would need the file before any window could be read.
 * Digital silence before the file is not an onset: a sound already running when the file starts
 * is not a hit.
 *
 * Onsets (sound-onsets.ts): rises of band energy (4 bands, 10 ms hops) above a threshold set per
 * band by its own hop-to-hop wandering, so that a quiet snare in a loud mix counts while steady
 * tones, drones and noise beds produce none.
 *
 * Tempo follows the beat, not every hit: the beats are the onsets whose accent (the energy the
 * hit adds in the bands that rise with it, sound-onsets.ts) is within BEAT_ACCENT_DB of the
 * strongest onset over context + window, so a ghost note or a backbeat snare far under the kick
 * does not double the tempo, while hits of like strength (eighth-note clicks, a melody's notes,
 * bursts of a few different sources) all count. The period is the median interval between each
 * beat of the window and the beat before it (in the window or its context). Onset times are
 * hops, so an interval is known to within two hops:
 * a median within two hops above a band's longest period still reads as that band (90 bpm,
 * 0.667 s, is medium). slow < 1.5 /s ≤ medium < 3 /s ≤ fast. A window without onsets takes the
 * period of its level's swell (sound-swell.ts: a bed breathing on the beat). No interval and no
 * swell (or one onset and none in the second before it) → slow. A silent window is `slow` (no
 * onsets at all — the slowest tempo; it keeps the tempo domain total over every window).
 *
 * Presence, first match (silent hops: 10 ms hop RMS < static_sound.silence_amplitude):
 * 1. silence  every hop silent (digital silence or below the silence threshold throughout).
 * 2. sfx      ≥ 30 % of hops silent: short bursts over near-silence.
 * 3. ambient  continuous, no onset in the window.
 * 4. music    continuous with onsets and one pitched line carrying the mix: in ≥ 50 % of the
 *             window's non-silent instants (1/24 s, SoundAnalyzer) the instant classifies as `tone`
 *             and the tone's peak holds ≥ LEAD_POWER_SHARE of the instant's whole power (not only
 *             of its band's), whatever the level.
 * 5. full     continuous with onsets and no leading tone: a dense mix where the tone is one layer
 *             among a bed, drums and noise (its peak holds about half of the mix or less), or no
 *             tone at all.
 */
import { VALUES } from '../../base/values.js';
import { SoundAnalyzer } from '../sound/analysis.js';
import { detectOnsets, HOP_SECONDS, hopLength, powerOfDb } from './sound-onsets.js';
import { median } from '../../base/numbers.js';
import { swellPeriod } from './sound-swell.js';
import type { DynamicValue, WindowAudio } from './types.js';
import { FAST_RATE, MEDIUM_RATE } from '../../canon/sound.js';

/** Audio before a window that its analysis sees: enough for the onset before any beat at ≥ MEDIUM_RATE. */
export const SOUND_CONTEXT_SECONDS = 1;
/** Onset times are hops, so an interval between two is known to within two hops. */
const PERIOD_TOLERANCE = 2 * HOP_SECONDS;
/**
 * How far (dB of added energy) under the strongest onset in view a hit still counts as a beat: hits
 * of one pattern drawn at different levels stay within ~9 dB of each other, while a backbeat snare or
 * a ghost note 16–24 dB under the kick is an accent-less subdivision of the beat.
 */
export const BEAT_ACCENT_DB = 12;
/** Share of silent hops from which a window is sfx. */
export const SFX_SILENT_SHARE = 0.3;
/** Share of non-silent instants led by a tone from which a window is music. */
export const MUSIC_LEAD_SHARE = 0.5;
/**
 * Share of an instant's power in its tone's peak from which the tone leads the mix: a melody with
 * its overtones holds ≥ 0.88, a tone with a bed riding at 0.4 × its level 0.82, while a melody
 * over a drone, drums and noise holds 0.4–0.7.
 */
export const LEAD_POWER_SHARE = 0.75;
const INSTANTS_PER_SECOND = 24;
/** The window's last, partial instant is read when it holds at least this share of an instant. */
const LAST_INSTANT_MIN_SHARE = 0.5;

export interface SoundWindowFeatures {
  /** Whole hops of the window and seconds they cover. */
  hops: number;
  seconds: number;
  rms: number;
  silentShare: number;
  /** Onset times in seconds from the window start. */
  onsets: number[];
  /** Median interval (s) from each beat to the one before it, or without onsets the swell period; NaN when neither. */
  period: number;
  /** Share of non-silent instants led by a tone; NaN when not needed (computed lazily). */
  leadShare: number;
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

/** The context of the window after one with `previous` and `samples`: their last SOUND_CONTEXT_SECONDS, copied. */
export function nextSoundContext(previous: Float32Array | null, samples: Float32Array, sampleRate: number): Float32Array {
  const length = Math.round(SOUND_CONTEXT_SECONDS * sampleRate);
  if (samples.length >= length || !previous) return samples.slice(Math.max(0, samples.length - length));
  const keep = Math.min(previous.length, length - samples.length);
  const out = new Float32Array(keep + samples.length);
  out.set(previous.subarray(previous.length - keep));
  out.set(samples, keep);
  return out;
}

/** The window's samples after its context's. */
function withContext(w: WindowAudio): Float32Array {
  if (!w.previous) return w.samples;
  const out = new Float32Array(w.previous.length + w.samples.length);
  out.set(w.previous);
  out.set(w.samples, w.previous.length);
  return out;
}

/** The onsets (times) whose accent is within BEAT_ACCENT_DB of the strongest. */
function beatsOf(times: number[], accents: number[]): number[] {
  const least = Math.max(...accents) * powerOfDb(-BEAT_ACCENT_DB);
  return times.filter((_, i) => accents[i] >= least);
}

/** Level and onset features of a window (leadShare left NaN; see leadShare()). */
export function measureSoundWindow(w: WindowAudio): SoundWindowFeatures {
  const x = w.samples;
  const hopLen = hopLength(w.sampleRate);
  const hops = Math.max(1, Math.floor(x.length / hopLen));
  const silence = VALUES.static_sound.silence_amplitude;
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
    if ((to > from ? s / (to - from) : 0) < silentEnergy) silent++;
  }
  const covered = Math.min(x.length, hops * hopLen);
  const { times, accents } = detectOnsets(w.previous, x, w.sampleRate);
  const onsets = times.filter((t) => t >= 0);
  const beats = beatsOf(times, accents);
  const intervals: number[] = [];
  for (let i = 1; i < beats.length; i++) if (beats[i] >= 0) intervals.push(beats[i] - beats[i - 1]);
  return {
    hops,
    seconds: covered / w.sampleRate,
    rms: covered > 0 ? Math.sqrt(total / covered) : 0,
    silentShare: silent / hops,
    onsets,
    period: onsets.length > 0 ? median(intervals) : swellPeriod(withContext(w), w.sampleRate, 1 / MEDIUM_RATE + PERIOD_TOLERANCE),
    leadShare: NaN,
  };
}

/** Share of the window's non-silent 1/24 s instants that a tone leads (see the module comment). */
export function leadShare(w: WindowAudio): number {
  const analyzer = analyzerFor(w.sampleRate);
  const len = Math.max(2, Math.round(w.sampleRate / INSTANTS_PER_SECOND));
  let voiced = 0;
  let led = 0;
  for (let from = 0; from + LAST_INSTANT_MIN_SHARE * len <= w.samples.length; from += len) {
    const r = analyzer.analyze(w.samples.subarray(from, Math.min(w.samples.length, from + len)));
    if (r.timbre === 'silence') continue;
    voiced++;
    // timbre `tone` implies a band; the peak share is of that band's power, so scale it to the mix.
    if (r.timbre === 'tone' && r.tone !== 'silent' && r.bands[r.tone] * r.peak_share >= LEAD_POWER_SHARE) led++;
  }
  return voiced > 0 ? led / voiced : 0;
}

/** True when an onset period is at most a band's longest period, within the tolerance. */
const within = (period: number, rate: number) => period <= 1 / rate + PERIOD_TOLERANCE;

export function tempoOf(f: SoundWindowFeatures): string {
  if (f.silentShare === 1 || !within(f.period, MEDIUM_RATE)) return 'slow';
  return within(f.period, FAST_RATE) ? 'fast' : 'medium';
}

/** Presence of a window; fills f.leadShare when it is needed. */
export function presenceOf(f: SoundWindowFeatures, w: WindowAudio): string {
  if (f.silentShare === 1) return 'silence';
  if (f.silentShare >= SFX_SILENT_SHARE) return 'sfx';
  if (f.onsets.length === 0) return 'ambient';
  f.leadShare = leadShare(w);
  return f.leadShare >= MUSIC_LEAD_SHARE ? 'music' : 'full';
}

/** `sound_tempo` and `sound_presence` of one window (see the module comment). */
export function analyzeSoundWindow(w: WindowAudio): DynamicValue[] {
  const f = measureSoundWindow(w);
  return [
    { domain: 'sound_tempo', value: tempoOf(f) },
    { domain: 'sound_presence', value: presenceOf(f, w) },
  ];
}
