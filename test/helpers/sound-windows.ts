/**
 * Sound windows cut as extraction cuts them (one second each, with the second before it as its
 * context), read by the sound-window analyzers, and the rhythm patterns the tests play at every
 * phase against the window edges.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { analyzeSoundWindow, nextSoundContext } from '../../src/extract/dynamic/sound.js';
import type { Voice } from './sound-clips.js';

const run = promisify(execFile);
export const SR = 48000;
/** Where the first beat falls, seconds after a window edge. */
export const PHASES = [0, 0.13, 0.25, 0.37, 0.5];

/** Tempo band of a beat rate, from the band edges (slow < 1.5 /s ≤ medium < 3 /s ≤ fast). */
export const tempoOf = (perSecond: number) => (perSecond < 1.5 ? 'slow' : perSecond < 3 ? 'medium' : 'fast');

/** Windows of one second, each with the second before it as its context, as extraction cuts them. */
export function windowsOf(x: Float32Array): Array<{ samples: Float32Array; previous: Float32Array | null }> {
  const out = [];
  let previous: Float32Array | null = null;
  for (let from = 0; from < x.length; from += SR) {
    const samples = x.subarray(from, from + SR);
    out.push({ samples, previous });
    previous = nextSoundContext(previous, samples, SR);
  }
  return out;
}

/** [tempo, presence] of every window. */
export function read(x: Float32Array): string[][] {
  return windowsOf(x).map((w, index) => analyzeSoundWindow({ index, start: index, sampleRate: SR, ...w }).map((v) => v.value));
}

/** Windows after the first (the first has no audio before it: a beat on its first hops is not seen). */
export const withContext = (values: string[][]) => values.slice(1);

/** Mono samples of a media file, decoded by ffmpeg. */
export async function decoded(file: string): Promise<Float32Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', '-ar', String(SR), '-f', 'f32le', '-'], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
}

export const PATTERNS: Record<string, Voice[]> = {
  clicks: [{ timbre: 'click', level: 0.5 }],
  'quiet blips': [{ timbre: 'blip', level: 0.08 }],
  'kick, quieter snare, hats': [{ timbre: 'kick', level: 0.8, every: 2 }, { timbre: 'snare', level: 0.25, every: 2, offset: 1 }, { timbre: 'hat', level: 0.15 }],
  'kick, snare at −20 dB': [{ timbre: 'kick', level: 0.8, every: 2 }, { timbre: 'snare', level: 0.08, every: 2, offset: 1 }],
};

/** Hits per beat of each pattern: a snare 20 dB under the kick is a subdivision, the beat is the kick's. */
export const HITS_PER_BEAT: Record<string, number> = { clicks: 1, 'quiet blips': 1, 'kick, quieter snare, hats': 1, 'kick, snare at −20 dB': 2 };
