/**
 * Procedural audio synthesis speed (src/create/audio.ts).
 *
 *   node dist/bench/audio.js [--seconds 10] [--runs 5]
 *
 * For each presence (ambient, music, sfx, full; all three layers, fast tempo, neutral mood),
 * times `synthesizeAudio` on a clip of `--seconds` at 48 kHz and reports seconds of audio
 * synthesized per wall second (median of `--runs`, after one warm-up). Baseline in the same run:
 * allocating the same Float32Array and filling it with one Math.sin per sample — the floor for
 * any synthesizer that computes an oscillator per sample. Prints a line per presence; the last
 * line is JSON.
 */
import { synthesizeAudio } from '../src/create/audio.js';
import { neutralSpec } from '../src/create/spec.js';
import type { SceneSpec } from '../src/model/scene.js';
import { median } from './stats.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const SECONDS = arg('seconds', 10);
const RUNS = Math.floor(arg('runs', 5));
const SAMPLE_RATE = 48000;

function spec(presence: string): SceneSpec {
  return neutralSpec({
    seed: 12345, duration: SECONDS,
    audio: {
      tempo: 'fast', mood: 'neutral', presence,
      layers: [{ primitive: 'rumble', level: 0.4 }, { primitive: 'tone', level: 0.5 }, { primitive: 'hiss', level: 0.2 }],
    },
  });
}

let sink = 0;

function timeRuns(fn: () => Float32Array): number {
  sink += fn()[1]; // warm-up
  const secs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const x = fn();
    secs.push((performance.now() - t0) / 1000);
    sink += x[x.length >> 1];
  }
  return median(secs);
}

function baseline(): Float32Array {
  const n = Math.round(SECONDS * SAMPLE_RATE);
  const x = new Float32Array(n);
  const w = (2 * Math.PI * 330) / SAMPLE_RATE;
  for (let i = 0; i < n; i++) x[i] = 0.5 * Math.sin(w * i);
  return x;
}

const baseSeconds = timeRuns(baseline);
const baseRate = SECONDS / baseSeconds;
console.log(`baseline Math.sin fill: ${baseRate.toFixed(0)} s of audio / s (${(baseSeconds * 1000).toFixed(1)} ms for ${SECONDS} s)`);

const presences: Record<string, { audio_s_per_s: number; ms: number; vs_baseline: number }> = {};
for (const presence of ['ambient', 'music', 'sfx', 'full']) {
  const s = spec(presence);
  const secs = timeRuns(() => synthesizeAudio(s, SAMPLE_RATE));
  const rate = SECONDS / secs;
  presences[presence] = { audio_s_per_s: Math.round(rate), ms: Math.round(secs * 10000) / 10, vs_baseline: Math.round((rate / baseRate) * 1000) / 1000 };
  console.log(`${presence.padEnd(8)} ${rate.toFixed(0)} s of audio / s (${(secs * 1000).toFixed(1)} ms), ${(rate / baseRate).toFixed(2)}× the baseline rate`);
}

if (sink === 42) console.log('');
console.log(JSON.stringify({
  bench: 'audio',
  seconds: SECONDS,
  runs: RUNS,
  sample_rate: SAMPLE_RATE,
  baseline_audio_s_per_s: Math.round(baseRate),
  presences,
}));
