/**
 * Per-instant sound analysis kernel (src/extract/sound/analysis.ts).
 *
 *   node dist/bench/sound-analysis.js [--instants 5000] [--warmup 500]
 *
 * Times `SoundAnalyzer.analyze()` on instants of 2000 samples (48 kHz / 24 fps) cycling through
 * 16 distinct signals (sines mid and high, 50 Hz rumble, white noise, a band-limited sine cluster,
 * a sine plus noise) so every band and both pitched outcomes are exercised. Baseline in the same
 * run: a plain RMS loop over the same instants — the cheapest thing any per-instant kernel has to
 * do. Prints the median µs per instant for both, the ratio and the real-time factor (24 instants
 * are one second of audio); the last line is JSON.
 */
import { SoundAnalyzer } from '../src/extract/sound/analysis.js';
import { median } from './stats.js';
import { mulberry32 } from '../src/base/random.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const INSTANTS = arg('instants', 5000);
const WARMUP = arg('warmup', 500);
const SAMPLE_RATE = 48000;
const N = 2000;


function makeInstant(kind: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const x = new Float32Array(N);
  const tone = (hz: number, amp: number) => {
    const ph = 2 * Math.PI * rand();
    for (let i = 0; i < N; i++) x[i] += amp * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE + ph);
  };
  switch (kind % 6) {
    case 0: tone(330, 0.5); break;
    case 1: tone(3000, 0.4); break;
    case 2: tone(50, 0.6); break;
    case 3: for (let i = 0; i < N; i++) x[i] = 0.5 * (2 * rand() - 1); break;
    case 4: for (let j = 0; j < 40; j++) tone(300 + 1500 * rand(), 0.05); break;
    default:
      tone(440, 0.4);
      for (let i = 0; i < N; i++) x[i] += 0.05 * (2 * rand() - 1);
  }
  return x;
}

const signals = Array.from({ length: 16 }, (_, i) => makeInstant(i, i + 1));

function rms(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / x.length);
}

let sink = 0;

function time(fn: (x: Float32Array) => number): number {
  for (let i = 0; i < WARMUP; i++) sink += fn(signals[i % signals.length]);
  const us: number[] = [];
  for (let i = 0; i < INSTANTS; i++) {
    const x = signals[i % signals.length];
    const t0 = process.hrtime.bigint();
    sink += fn(x);
    us.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  return median(us);
}

const analyzer = new SoundAnalyzer({ sampleRate: SAMPLE_RATE });
const keys = new Set(signals.map((x) => analyzer.analyze(x).key));

const baselineUs = time(rms);
const analyzeUs = time((x) => analyzer.analyze(x).amplitude);
const ratio = analyzeUs / baselineUs;
const realtime = 1e6 / 24 / analyzeUs;

console.log(`instants: ${INSTANTS} × ${N} samples @ ${SAMPLE_RATE} Hz (keys: ${[...keys].sort().join(', ')})`);
console.log(`baseline RMS loop : ${baselineUs.toFixed(2)} µs / instant`);
console.log(`SoundAnalyzer     : ${analyzeUs.toFixed(2)} µs / instant  (${ratio.toFixed(1)}× the RMS loop; ${Math.round(realtime)}× real time on one thread)`);
if (sink === 42) console.log('');
console.log(
  JSON.stringify({
    bench: 'sound-analysis',
    instants: INSTANTS,
    samples: N,
    sample_rate: SAMPLE_RATE,
    baseline_rms_us: Number(baselineUs.toFixed(3)),
    analyze_us: Number(analyzeUs.toFixed(3)),
    ratio: Number(ratio.toFixed(2)),
    realtime_factor: Math.round(realtime),
  }),
);
