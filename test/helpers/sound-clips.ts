/**
 * lavfi audio graphs of rhythmic and steady material, made by ffmpeg alone (aevalsrc, anoisesrc),
 * for the sound-window analyzers. Times are in seconds; every pulse train repeats from before
 * t = 0, so a clip starts inside a running pattern (the tail of the hit before `phase` sounds).
 */

/** Hit shapes: `u` is the time since the hit. */
export const TIMBRES = {
  /** 3 kHz blip, τ = 4 ms. */
  click: (u: string) => `sin(2*PI*3000*${u})*exp(-${u}/0.004)`,
  /** Sine falling from 150 to 50 Hz, τ = 120 ms. */
  kick: (u: string) => `sin(2*PI*(50*${u}+3*(1-exp(-${u}/0.03))))*exp(-${u}/0.12)`,
  /** Noise burst τ = 60 ms over a 180 Hz body. */
  snare: (u: string) => `((2*random(0)-1)*exp(-${u}/0.06)+0.5*sin(2*PI*180*${u})*exp(-${u}/0.08))`,
  /** Short noise burst, τ = 8 ms. */
  hat: (u: string) => `(2*random(1)-1)*exp(-${u}/0.008)`,
  /** 660 Hz tone, 5 ms attack, τ = 100 ms. */
  blip: (u: string) => `sin(2*PI*660*${u})*min(1,${u}/0.005)*exp(-${u}/0.1)`,
} as const;
export type Timbre = keyof typeof TIMBRES;

export interface Voice {
  timbre: Timbre;
  /** Peak level. */
  level: number;
  /** Plays every `every`-th beat (default 1) … */
  every?: number;
  /** … from beat `offset` (default 0). */
  offset?: number;
}

/** Time since the last of the hits at `first + k·period` (any integer k), as an expression. */
const since = (first: number, period: number) => `(t-${first}-${period}*floor((t-${first})/${period}))`;

/** A drum-like pattern: each voice on its beats of `bpm`, the first beat at `phase` seconds. */
export function pulseExpr(bpm: number, phase: number, voices: Voice[]): string {
  const beat = 60 / bpm;
  return voices.map((v) => {
    const every = v.every ?? 1;
    return `${v.level}*${TIMBRES[v.timbre](since(phase + (v.offset ?? 0) * beat, every * beat))}`;
  }).join('+');
}

/**
 * A melody of `perSecond` notes a second from `phase`: a 5 ms attack to 1, decaying (τ = 0.1 s)
 * onto `sustain` until the next note; each a fourth above the last, folded into one octave from 262 Hz.
 */
export function melodyExpr(perSecond: number, phase: number, level: number, sustain: number): string {
  const period = 1 / perSecond;
  const u = since(phase, period);
  const note = `floor((t-${phase})/${period})`;
  const pitch = `262*pow(2,mod(${note}*5+1200,12)/12)`;
  return `${level}*sin(2*PI*${pitch}*t)*min(1,${u}/0.005)*(${sustain}+${1 - sustain}*exp(-${u}/0.1))`;
}

/** Two steady partials on 110 Hz. */
export const droneExpr = (level: number) => `${level}*(sin(2*PI*110*t)+0.5*sin(2*PI*165*t))/1.5`;

/** A single-source graph of `seconds` from an expression (sums of the builders above). */
export const evalGraph = (expr: string, seconds: number) => `aevalsrc=exprs='${expr}':s=48000:d=${seconds}`;

/** A noise bed of ffmpeg's `anoisesrc` (white, pink, brown, …). */
export const noiseGraph = (color: string, amplitude: number, seed: number, seconds: number) =>
  `anoisesrc=color=${color}:amplitude=${amplitude}:seed=${seed}:r=48000:d=${seconds}`;

/** Sums single-output graphs sample by sample. */
export const mixGraphs = (...graphs: string[]) => graphs.length === 1 ? graphs[0]
  : `${graphs.map((g, i) => `${g}[m${i}]`).join(';')};${graphs.map((_, i) => `[m${i}]`).join('')}amix=inputs=${graphs.length}:normalize=0[out0]`;

/** Short bursts over silence at the given times. */
export function burstsExpr(times: number[], level: number, timbre: Timbre): string {
  return times.map((at) => `gte(t,${at})*${level}*${TIMBRES[timbre](`(t-${at})`)}`).join('+');
}
