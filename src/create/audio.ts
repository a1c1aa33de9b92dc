/**
 * Procedural audio for a scene spec (SPEC §5): mono PCM in [-1, 1], deterministic from the spec
 * (seed included) — no Math.random, no clock.
 *
 * Sources (SPEC §3.2 primitives):
 * - rumble  sine at the mood's rumble pitch, 40–60 Hz (low band).
 * - tone    sine at the mood's pitch, 220–523 Hz (mid band; neutral = 330 Hz).
 * - hiss    high-passed white noise: 0.5·(x[n] − x[n−1]) of uniform ±1 noise. Peak ≤ 1, RMS
 *           0.41 × level, < 0.1 % of its power below 2 kHz.
 * - silence nothing.
 *
 * Rhythm: tempo sets the beat rate (TEMPO_RATE_HZ, src/canon/sound.ts). Beats sit
 * on a grid that divides every second, k·P + φ·P with a seeded phase φ ∈ [0.15, 0.3] and a seeded
 * jitter of ±3 % of P per beat, so each 1 s analysis window holds exactly 1, 2 or 4 beats and no
 * beat straddles a window edge.
 *
 * Presence decides how the layers are played (a layer's `level` is its peak amplitude, then
 * scaled by the mood gain and clamped to the presence's range; "missing" sources are added at
 * defaults so the presence is always what it says):
 * - silence  digital silence (all zeros) whatever the layers.
 * - ambient  every layer as a continuous bed, total peak 0.12–0.3, with a slow swell (raised
 *            cosine, depth 35 %, one cycle per beat, minimum at the beat) — a level change of
 *            ≤ 1.5 dB per 30 ms: no clear onsets. No layers → rumble 0.15 + hiss 0.05.
 * - music    a pitched tone (added at 0.5 if absent) gated by a beat envelope: 5 ms linear attack
 *            to the beat's accent (1.0 on the first beat of each second, 0.85 ± 5 % otherwise), then
 *            exponential decay (τ = 0.22 P) onto a sustain of 30 % — clear onsets (~10 dB) but
 *            never silent. Tone peak 0.3–0.8; rumble / hiss layers ride the same envelope at
 *            ≤ 0.4 × the tone so the tone dominates every instant.
 * - sfx      one short burst per beat over near-silence (a hiss floor at 0.002 peak): the burst's
 *            source cycles through the layers (seeded order) — hiss: noise burst τ = 10 ms; tone:
 *            blip τ = 20 ms; rumble: thump τ = 25 ms; 2 ms attack; peak 0.3–0.9. No layers → hiss.
 * - full     dense and loud: continuous rumble (0.25–0.35) + hiss (0.06–0.16) bed, tone pulses
 *            (music envelope, sustain 35 %, ≤ the rumble), and a white-noise impulse (peak 1.0,
 *            2 ms attack, τ = 25 ms) on every beat — a ≥ 4.5 dB energy jump over the bed — then
 *            normalised to a peak of 0.98 × (0.8 + 0.2 × mood gain). The rumble bed holds most of
 *            the power, so instants read low/rumble (high/hiss on impulses), not tone.
 * Any mix whose peak would exceed 0.98 is scaled down to 0.98 (never clipped).
 *
 * Mood (MOOD_SHAPES) sets gain (level), tone pitch, rumble pitch and brightness (a multiplier on
 * the hiss level): soft/peaceful/calm quieter and lower, dark/ominous/moody low-pitched and dull,
 * harsh/chaotic/bright/energetic loud, high-pitched and bright. Unknown moods read as neutral.
 */
import type { SceneSpec } from '../model/scene.js';
import { mulberry32 } from '../base/random.js';
import { TEMPO_RATE_HZ } from '../canon/sound.js';
import { clamp } from '../base/numbers.js';

export type SoundPrimitive = 'silence' | 'rumble' | 'tone' | 'hiss';
export type SoundBand = 'low' | 'mid' | 'high';

export interface MoodShape {
  /** Level multiplier (0.65–1). */
  gain: number;
  /** Tone pitch, mid band. */
  toneHz: number;
  /** Rumble pitch, 40–60 Hz. */
  rumbleHz: number;
  /** Hiss level multiplier. */
  brightness: number;
}

export const MOOD_SHAPES: Readonly<Record<string, MoodShape>> = {
  neutral: { gain: 0.9, toneHz: 330, rumbleHz: 50, brightness: 1 },
  calm: { gain: 0.75, toneHz: 294, rumbleHz: 50, brightness: 0.7 },
  peaceful: { gain: 0.7, toneHz: 262, rumbleHz: 50, brightness: 0.6 },
  soft: { gain: 0.65, toneHz: 294, rumbleHz: 50, brightness: 0.5 },
  dreamy: { gain: 0.75, toneHz: 392, rumbleHz: 50, brightness: 0.8 },
  tense: { gain: 0.95, toneHz: 311, rumbleHz: 45, brightness: 1.2 },
  suspenseful: { gain: 0.85, toneHz: 277, rumbleHz: 45, brightness: 0.9 },
  dark: { gain: 0.85, toneHz: 220, rumbleHz: 40, brightness: 0.5 },
  ominous: { gain: 0.9, toneHz: 220, rumbleHz: 40, brightness: 0.5 },
  moody: { gain: 0.8, toneHz: 247, rumbleHz: 45, brightness: 0.7 },
  melancholy: { gain: 0.75, toneHz: 247, rumbleHz: 45, brightness: 0.6 },
  dramatic: { gain: 1, toneHz: 330, rumbleHz: 45, brightness: 1.1 },
  intense: { gain: 1, toneHz: 370, rumbleHz: 50, brightness: 1.3 },
  chaotic: { gain: 1, toneHz: 415, rumbleHz: 55, brightness: 1.5 },
  harsh: { gain: 1, toneHz: 440, rumbleHz: 55, brightness: 1.6 },
  uplifting: { gain: 0.9, toneHz: 392, rumbleHz: 55, brightness: 1.2 },
  hopeful: { gain: 0.85, toneHz: 349, rumbleHz: 55, brightness: 1.1 },
  bright: { gain: 0.9, toneHz: 494, rumbleHz: 60, brightness: 1.5 },
  energetic: { gain: 1, toneHz: 440, rumbleHz: 60, brightness: 1.4 },
  playful: { gain: 0.85, toneHz: 523, rumbleHz: 60, brightness: 1.3 },
};

/** The sample rate clips are made at unless told otherwise. */
export const CLIP_SAMPLE_RATE = 48000;
const MAX_PEAK = 0.98;
const AMBIENT_DEPTH = 0.35;
const MUSIC_SUSTAIN = 0.3;
const FULL_SUSTAIN = 0.35;
const ATTACK_S = 0.005;
const BURST_ATTACK_S = 0.002;
const BURST_TAU_S: Record<'rumble' | 'tone' | 'hiss', number> = { rumble: 0.025, tone: 0.02, hiss: 0.01 };
const SFX_FLOOR = 0.002;
const IMPULSE_TAU_S = 0.025;

const TWO_PI = 2 * Math.PI;

/**
 * A sine oscillator by complex rotation: next() returns sin(phase + step·i) for i = 0, 1, …
 * Only + and × per sample (exact IEEE arithmetic, so byte-identical anywhere); the amplitude
 * drifts by ~1e-9 over a 600 s clip.
 */
class Osc {
  private c = 1;
  private s = 0;
  private readonly cw: number;
  private readonly sw: number;
  constructor(step: number, phase = 0) {
    this.cw = Math.cos(step);
    this.sw = Math.sin(step);
    this.reset(phase);
  }
  reset(phase: number): void {
    this.c = Math.cos(phase);
    this.s = Math.sin(phase);
  }
  next(): number {
    const v = this.s;
    const c = this.c * this.cw - this.s * this.sw;
    this.s = this.s * this.cw + this.c * this.sw;
    this.c = c;
    return v;
  }
}

/** Hiss: first difference of uniform ±1 white noise, halved — peak ≤ 1, power mostly ≥ 2 kHz. */
class Hiss {
  private prev: number;
  constructor(private readonly rand: () => number) {
    this.prev = 2 * rand() - 1;
  }
  next(): number {
    const x = 2 * this.rand() - 1;
    const h = 0.5 * (x - this.prev);
    this.prev = x;
    return h;
  }
}

/** Beat onset times (s) covering [0, duration], and a per-beat accent. */
function beatGrid(duration: number, rate: number, rand: () => number): { times: Float64Array; accents: Float64Array } {
  const period = 1 / rate;
  const phase = 0.15 + 0.15 * rand();
  const count = Math.ceil(duration * rate) + 1;
  const times = new Float64Array(count);
  const accents = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    times[k] = (k + phase + 0.06 * (rand() - 0.5)) * period;
    accents[k] = k % rate === 0 ? 1 : 0.85 * (1 + 0.1 * (rand() - 0.5));
  }
  return { times, accents };
}

/** Sums the spec's layer levels per primitive (silence and zero levels dropped). */
function layerLevels(spec: SceneSpec): { rumble: number; tone: number; hiss: number; any: boolean } {
  const out = { rumble: 0, tone: 0, hiss: 0, any: false };
  for (const layer of spec.audio.layers) {
    if (layer.primitive === 'silence' || !(layer.level > 0)) continue;
    out[layer.primitive] = Math.min(1, out[layer.primitive] + layer.level);
    out.any = true;
  }
  return out;
}

/** What every presence plays from: the spec's parameters, drawn in a fixed order, and its noise. */
interface Voices {
  mood: MoodShape;
  /** The mood's gain. */
  g: number;
  levels: ReturnType<typeof layerLevels>;
  /** Beats per second and seconds per beat; the beats' onsets and accents. */
  rate: number;
  period: number;
  times: Float64Array;
  accents: Float64Array;
  /** Seconds per sample. */
  dt: number;
  /** Tone and rumble angular frequencies (rad/s) and starting phases. */
  tw: number;
  rw: number;
  tonePhase: number;
  rumblePhase: number;
  /** The parameter stream past the draws above (the sfx order draws from it); the sample noise and its hiss. */
  params: () => number;
  noise: () => number;
  hiss: Hiss;
}

function voicesOf(spec: SceneSpec, sampleRate: number): Voices {
  const mood = MOOD_SHAPES[spec.audio.mood] ?? MOOD_SHAPES.neutral;
  const rate = TEMPO_RATE_HZ[spec.audio.tempo] ?? TEMPO_RATE_HZ.medium;
  // Separate streams: parameters (phases, jitter, order) and sample noise.
  const params = mulberry32((spec.seed ^ 0x5eed0a0d) >>> 0);
  const noise = mulberry32(spec.seed >>> 0);
  const toneHz = mood.toneHz * (1 + 0.01 * (params() - 0.5));
  const tonePhase = TWO_PI * params();
  const rumblePhase = TWO_PI * params();
  const { times, accents } = beatGrid(spec.duration, rate, params);
  return {
    mood, g: mood.gain, levels: layerLevels(spec), rate, period: 1 / rate, times, accents, dt: 1 / sampleRate,
    tw: TWO_PI * toneHz, rw: TWO_PI * mood.rumbleHz, tonePhase, rumblePhase, params, noise, hiss: new Hiss(noise),
  };
}

/**
 * Synthesizes the spec's audio: mono PCM in [-1, 1], round(duration × sampleRate) samples,
 * byte-identical for the same spec (see the module comment for the design).
 */
export function synthesizeAudio(spec: SceneSpec, sampleRate = CLIP_SAMPLE_RATE): Float32Array {
  if (!(sampleRate > 0)) throw new Error(`invalid sample rate ${sampleRate}`);
  const n = Math.max(0, Math.round(spec.duration * sampleRate));
  const out = new Float32Array(n);
  const presence = spec.audio.presence;
  if (presence === 'silence' || n === 0) return out;
  const voices = voicesOf(spec, sampleRate);
  switch (presence) {
    case 'ambient': playAmbient(out, voices); break;
    case 'music': playMusic(out, voices); break;
    case 'sfx': playSfx(out, voices); break;
    default: playFull(out, voices); return out; // normalised to a peak of its own
  }
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(out[i]);
    if (a > peak) peak = a;
  }
  if (peak > MAX_PEAK) scale(out, MAX_PEAK / peak);
  return out;
}

/** Ambient: every layer as a continuous bed under a slow swell whose minimum sits on the beat. */
function playAmbient(out: Float32Array, { mood, g, levels, rate, period, times, dt, tw, rw, tonePhase, rumblePhase, hiss }: Voices): void {
  let r = levels.rumble * g;
  let t = levels.tone * g;
  let h = levels.hiss * g * mood.brightness;
  if (!levels.any) {
    r = 0.15 * g;
    h = 0.05 * g * mood.brightness;
  }
  const total = r + t + h;
  const k = total > 0 ? clamp(total, 0.12, 0.3) / total : 0;
  r *= k;
  t *= k;
  h *= k;
  // Minimum of the swell on the beat: swell = 0.5 − 0.5·cos(2π(s·rate − phase)).
  const phase = times[0] / period;
  const swellCos = new Osc(TWO_PI * rate * dt, Math.PI / 2 - TWO_PI * phase);
  const rumble = new Osc(rw * dt, rumblePhase);
  const tone = new Osc(tw * dt, tonePhase);
  for (let i = 0; i < out.length; i++) {
    const swell = 0.5 - 0.5 * swellCos.next();
    const env = 1 - AMBIENT_DEPTH + AMBIENT_DEPTH * swell;
    let v = 0;
    if (r > 0) v += r * rumble.next();
    if (t > 0) v += t * tone.next();
    if (h > 0) v += h * hiss.next();
    out[i] = env * v;
  }
}

/**
 * A linear attack to each beat's accent, then an exponential decay per sample until the next beat.
 * Read one sample after another, at increasing times.
 */
class BeatEnvelope {
  private beat = -1;
  private level = 0;
  private fresh = false;

  constructor(
    private readonly times: Float64Array,
    private readonly accents: Float64Array,
    private readonly attackS: number,
    private readonly decay: number,
  ) {}

  at(s: number): number {
    while (this.beat + 1 < this.times.length && this.times[this.beat + 1] <= s) {
      this.beat++;
      this.fresh = true;
    }
    if (this.beat < 0) return 0;
    const u = s - this.times[this.beat];
    if (u < this.attackS) return (this.accents[this.beat] * u) / this.attackS;
    this.level = this.fresh ? this.accents[this.beat] : this.level * this.decay;
    this.fresh = false;
    return this.level;
  }
}

/** Music: a pitched tone, with any rumble and hiss below it, gated by the beat envelope. */
function playMusic(out: Float32Array, { mood, g, levels, period, times, accents, dt, tw, rw, tonePhase, rumblePhase, hiss }: Voices): void {
  const t = clamp((levels.tone > 0 ? levels.tone : 0.5) * g, 0.3, 0.8);
  const r = Math.min(levels.rumble * g, 0.4 * t);
  const h = Math.min(levels.hiss * g * mood.brightness, 0.4 * t);
  const pulse = new BeatEnvelope(times, accents, ATTACK_S, Math.exp(-dt / (0.22 * period)));
  const rumble = new Osc(rw * dt, rumblePhase);
  const tone = new Osc(tw * dt, tonePhase);
  for (let i = 0; i < out.length; i++) {
    const env = MUSIC_SUSTAIN + (1 - MUSIC_SUSTAIN) * pulse.at(i * dt);
    let v = t * tone.next();
    if (r > 0) v += r * rumble.next();
    if (h > 0) v += h * hiss.next();
    out[i] = env * v;
  }
}

type BurstKind = 'rumble' | 'tone' | 'hiss';

/** The sfx burst sources: each layer at its level, or a hiss when there are none. */
function sfxSources({ mood, g, levels }: Voices): Array<{ kind: BurstKind; level: number }> {
  const sources: Array<{ kind: BurstKind; level: number }> = [];
  for (const kind of ['rumble', 'tone', 'hiss'] as const) {
    if (levels[kind] > 0) sources.push({ kind, level: clamp(levels[kind] * g * (kind === 'hiss' ? mood.brightness : 1), 0.3, 0.9) });
  }
  if (sources.length === 0) sources.push({ kind: 'hiss', level: clamp(0.6 * g * mood.brightness, 0.3, 0.9) });
  return sources;
}

/** The source of each beat's burst: a shuffled cycle through the sources, reshuffled every cycle. */
function sfxOrder(beats: number, sources: number, params: () => number): Int32Array {
  const order = new Int32Array(beats);
  for (let k = 0; k < beats; k += sources) {
    const idx = Array.from({ length: sources }, (_, j) => j);
    for (let j = idx.length - 1; j > 0; j--) {
      const m = Math.floor(params() * (j + 1));
      [idx[j], idx[m]] = [idx[m], idx[j]];
    }
    for (let j = 0; j < idx.length && k + j < beats; j++) order[k + j] = idx[j];
  }
  return order;
}

/** Sfx: one short burst per beat over a near-silent hiss floor. */
function playSfx(out: Float32Array, voices: Voices): void {
  const { times, accents, dt, tw, rw, params, hiss } = voices;
  const sources = sfxSources(voices);
  const order = sfxOrder(times.length, sources.length, params);
  const decays = { rumble: Math.exp(-dt / BURST_TAU_S.rumble), tone: Math.exp(-dt / BURST_TAU_S.tone), hiss: Math.exp(-dt / BURST_TAU_S.hiss) };
  let beat = -1;
  let env = 0;
  let fresh = false;
  // The current beat's burst: source (0 hiss, 1 tone, 2 rumble), peak, decay per sample, start.
  let kind = 0;
  let peak = 0;
  let decay = 0;
  let start = 0;
  const blip = new Osc(tw * dt);
  const thump = new Osc(rw * dt);
  for (let i = 0; i < out.length; i++) {
    const s = i * dt;
    while (beat + 1 < times.length && times[beat + 1] <= s) {
      beat++;
      fresh = true;
      const src = sources[order[beat]];
      kind = src.kind === 'hiss' ? 0 : src.kind === 'tone' ? 1 : 2;
      peak = src.level * accents[beat];
      decay = decays[src.kind];
      start = times[beat];
      blip.reset(tw * (s - start));
      thump.reset(rw * (s - start));
    }
    const h = hiss.next();
    let v = SFX_FLOOR * h;
    if (beat >= 0) {
      const u = s - start;
      if (u < BURST_ATTACK_S) env = (peak * u) / BURST_ATTACK_S;
      else {
        env = fresh ? peak : env * decay;
        fresh = false;
      }
      const b = blip.next();
      const th = thump.next();
      if (env > 1e-6) v += env * (kind === 0 ? h : kind === 1 ? b : th);
    }
    out[i] = v;
  }
}

/** Full: a rumble and hiss bed, tone pulses and a noise impulse on every beat, normalised to a mood-scaled peak. */
function playFull(out: Float32Array, { mood, g, levels, period, times, accents, dt, tw, rw, tonePhase, rumblePhase, noise, hiss }: Voices): void {
  const r = clamp((levels.rumble > 0 ? levels.rumble : 0.3) * g, 0.25, 0.35);
  const h = clamp((levels.hiss > 0 ? levels.hiss : 0.12) * g * mood.brightness, 0.06, 0.16);
  const t = Math.min(clamp((levels.tone > 0 ? levels.tone : 0.4) * g, 0.25, 0.5), r);
  const pulse = new BeatEnvelope(times, accents, ATTACK_S, Math.exp(-dt / (0.22 * period)));
  const impulse = new BeatEnvelope(times, accents, BURST_ATTACK_S, Math.exp(-dt / IMPULSE_TAU_S));
  let peak = 0;
  const rumble = new Osc(rw * dt, rumblePhase);
  const tone = new Osc(tw * dt, tonePhase);
  for (let i = 0; i < out.length; i++) {
    const s = i * dt;
    const p = pulse.at(s);
    const q = impulse.at(s);
    const hs = hiss.next();
    const v =
      r * rumble.next() +
      h * hs +
      t * (FULL_SUSTAIN + (1 - FULL_SUSTAIN) * p) * tone.next() +
      q * (2 * noise() - 1);
    out[i] = v;
    const a = v < 0 ? -v : v;
    if (a > peak) peak = a;
  }
  const target = MAX_PEAK * (0.8 + 0.2 * Math.min(1, g));
  if (peak > 0) scale(out, target / peak);
}

function scale(x: Float32Array, k: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= k;
}
