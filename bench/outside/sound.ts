/**
 * sound_tempo and sound_presence recipes from aevalsrc / sine / anoisesrc: clicks (tone or noise)
 * at a drawn bpm and phase relative to the 1 s window edges, kick drums with quiet snares between
 * the beats (the tempo is the kick's), melodies of N notes a second, ambient drones, sparse
 * effects over silence, dense full mixes and silence. Some clips carry a still picture, the rest
 * are audio-only files.
 */
import { integer, num, pick, uniform } from './draw.js';
import { SAMPLE_RATE } from './formats.js';
import { texture } from './textures.js';
import type { Aim, ClipGraph, Rng, Truth, VideoFormat } from './types.js';

const SECONDS = 3;
/** Beats per minute drawn per tempo (slow < 90 ≤ medium < 180 ≤ fast, as beats per second 1.5 and 3). */
const BPM: Record<string, [number, number]> = { slow: [40, 80], medium: [100, 160], fast: [200, 260] };
/** Notes per second of a melody per tempo. */
const NOTE_RATE: Record<string, [number, number]> = { slow: [0.9, 1.1], medium: [1.8, 2.4], fast: [3.5, 4.2] };
/** Phases of the first beat after a window edge, s; the last entry means a drawn phase. */
const PHASES = [0, 0.13, 0.25, 0.5, -1];
/** Quiet snare between kicks, dB under the kick. */
const SNARE_DB: [number, number] = [-24, -16];
const PICTURE_SHARE = 0.4;
/** Pentatonic scale steps over A3 (220 Hz). */
const SCALE = [0, 2, 4, 7, 9, 12, 14, 16, 19];
const noteHz = (step: number) => 220 * 2 ** (step / 12);

const phaseOf = (rng: Rng, period: number) => { const p = pick(rng, PHASES); return p < 0 ? uniform(rng, 0, period) : p % period; };
/** Time since the last beat of a train of `period` s starting at `phase` (periodic before it too). */
const since = (phase: number, period: number) => `mod(t-${num(phase)}+${num(period * 64)},${num(period)})`;
const db = (x: number) => 10 ** (x / 20);

function clicks(rng: Rng, bpm: number): string {
  const period = 60 / bpm, phase = phaseOf(rng, period);
  const decay = uniform(rng, 25, 60);
  const body = rng() < 0.5 ? `sin(2*PI*${num(uniform(rng, 300, 2000))}*t)` : '(2*random(0)-1)';
  return `${num(uniform(rng, 0.3, 0.8))}*${body}*exp(-${num(decay)}*${since(phase, period)})`;
}

function drums(rng: Rng, bpm: number): string {
  const period = 60 / bpm, phase = phaseOf(rng, period);
  const kick = `0.8*sin(2*PI*(${num(uniform(rng, 45, 70))}*${since(phase, period)}+${num(uniform(rng, 4, 8))}*(1-exp(-30*${since(phase, period)}))))*exp(-${num(uniform(rng, 10, 18))}*${since(phase, period)})`;
  const snare = `${num(0.8 * db(uniform(rng, ...SNARE_DB)))}*(2*random(0)-1)*exp(-30*${since(phase + period / 2, period)})`;
  return `${kick}+${snare}`;
}

/** A legato melody: notes of `rate` per second starting at `phase`, each with a struck envelope. */
function melody(rng: Rng, rate: number, seconds: number): string {
  const period = 1 / rate, phase = phaseOf(rng, period);
  const terms: string[] = [];
  for (let start = phase - period; start < seconds; start += period) {
    const f = noteHz(pick(rng, SCALE)), a = num(start);
    terms.push(`between(t,${a},${num(start + period)})*min(1,(t-${a})/0.01)*(0.3+0.7*exp(-5*(t-${a})))*(sin(2*PI*${num(f)}*(t-${a}))+0.3*sin(4*PI*${num(f)}*(t-${a})))`);
  }
  return `0.4*(${terms.join('+')})`;
}

function drone(rng: Rng): string {
  const tones = Array.from({ length: integer(rng, 2, 4) }, () => `sin(2*PI*${num(uniform(rng, 55, 330))}*t)`);
  return `0.25*(1+0.2*sin(2*PI*${num(uniform(rng, 0.1, 0.4))}*t))*(${tones.join('+')})/${tones.length}`;
}

/** Short bursts (noise or chirps) at random times, leaving most of each second silent. */
function effects(rng: Rng, seconds: number): string {
  const terms: string[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let k = integer(rng, 1, 2); k > 0; k--) {
      const at = s + uniform(rng, 0, 0.8), len = uniform(rng, 0.05, 0.2);
      const body = rng() < 0.5 ? '(2*random(0)-1)' : `sin(2*PI*(${num(uniform(rng, 300, 900))}+${num(uniform(rng, 500, 3000))}*(t-${num(at)}))*(t-${num(at)}))`;
      terms.push(`between(t,${num(at)},${num(at + len)})*${num(uniform(rng, 0.2, 0.7))}*${body}`);
    }
  }
  return terms.join('+');
}

const aeval = (expr: string, seconds: number) => `aevalsrc='${expr}':s=${SAMPLE_RATE}:d=${seconds},aformat=channel_layouts=mono`;

function clip(rng: Rng, f: VideoFormat, truth: Truth, audio: string): ClipGraph {
  const picture = rng() < PICTURE_SHARE ? `${texture(rng, f.width, f.height, f.fps)}[v]` : undefined;
  return { seconds: SECONDS, truth, audio: `${audio}[a]`, ...(picture ? { video: picture } : {}) };
}

const TEMPOS = Object.keys(BPM);
const aim = (domain: string, value: string, recipe: string, make: Aim['make']): Aim => ({ domain, value, recipe, visual: false, make });

export const SOUND_AIMS: Aim[] = [
  ...TEMPOS.flatMap((tempo) => [
    aim('sound_tempo', tempo, 'clicks', (rng, f) => clip(rng, f, { sound_tempo: tempo }, aeval(clicks(rng, uniform(rng, ...BPM[tempo])), SECONDS))),
    aim('sound_tempo', tempo, 'drums', (rng, f) => clip(rng, f, { sound_tempo: tempo }, aeval(drums(rng, uniform(rng, ...BPM[tempo])), SECONDS))),
    aim('sound_tempo', tempo, 'melody', (rng, f) => clip(rng, f, { sound_tempo: tempo, sound_presence: 'music' }, aeval(melody(rng, uniform(rng, ...NOTE_RATE[tempo]), SECONDS), SECONDS))),
  ]),
  aim('sound_presence', 'silence', 'zero', (rng, f) => clip(rng, f, { sound_presence: 'silence' },
    rng() < 0.5 ? aeval('0', SECONDS) : `anoisesrc=a=${num(uniform(rng, 0.001, 0.004))}:c=pink:r=${SAMPLE_RATE}:d=${SECONDS}:s=${integer(rng, 1, 1e6)}`)),
  aim('sound_presence', 'ambient', 'drone', (rng, f) => {
    const bed = `anoisesrc=a=${num(uniform(rng, 0.02, 0.06))}:c=${pick(rng, ['pink', 'brown'])}:r=${SAMPLE_RATE}:d=${SECONDS}:s=${integer(rng, 1, 1e6)}`;
    const audio = rng() < 0.5 ? aeval(drone(rng), SECONDS) : `${aeval(drone(rng), SECONDS)}[d];${bed}[n];[d][n]amix=inputs=2:weights=1 1`;
    return clip(rng, f, { sound_presence: 'ambient', sound_tempo: 'slow' }, audio);
  }),
  aim('sound_presence', 'music', 'melody', (rng, f) => clip(rng, f, { sound_presence: 'music' }, aeval(melody(rng, uniform(rng, ...NOTE_RATE.slow), SECONDS), SECONDS))),
  aim('sound_presence', 'sfx', 'bursts', (rng, f) => clip(rng, f, { sound_presence: 'sfx' }, aeval(effects(rng, SECONDS), SECONDS))),
  aim('sound_presence', 'full', 'mix', (rng, f) => {
    const bpm = uniform(rng, 90, 140);
    const mix = `${drums(rng, bpm)}+0.6*${melody(rng, uniform(rng, 1.5, 3), SECONDS)}+0.5*${drone(rng)}+0.08*(2*random(1)-1)`;
    return clip(rng, f, { sound_presence: 'full' }, aeval(`0.7*(${mix})`, SECONDS));
  }),
];
