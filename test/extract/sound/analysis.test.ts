import t from 'tap';
import { execFile } from 'node:child_process';
import { SoundAnalyzer, TONE_FLATNESS_MAX, type InstantAnalysis } from '../../../src/extract/sound/analysis.js';
import { SILENCE_KEY } from '../../../src/model/sound.js';
import { mulberry32 } from '../../../src/base/random.js';

// --- signals ---------------------------------------------------------------------------------


function sine(sampleRate: number, n: number, hz: number, peak: number, phase = 0.3): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = peak * Math.sin((2 * Math.PI * hz * i) / sampleRate + phase);
  return x;
}

function whiteNoise(n: number, peak: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = peak * (2 * rand() - 1);
  return x;
}

/** Band-limited noise: `count` random-frequency, random-phase sines in [lo, hi] Hz, scaled to `rms`. */
function sineCluster(sampleRate: number, n: number, lo: number, hi: number, count: number, rms: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const hz = Array.from({ length: count }, () => lo + (hi - lo) * rand());
  const phase = Array.from({ length: count }, () => 2 * Math.PI * rand());
  const x = new Float32Array(n);
  for (let j = 0; j < count; j++) {
    const w = (2 * Math.PI * hz[j]) / sampleRate;
    for (let i = 0; i < n; i++) x[i] += Math.sin(w * i + phase[j]);
  }
  const k = rms / rmsOf(x);
  for (let i = 0; i < n; i++) x[i] *= k;
  return x;
}

function rmsOf(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / x.length);
}

const bandKey = (rms: number) => (Math.round(Math.min(1, rms) * 10) / 10).toFixed(1);

/** One instant at 48 kHz / 24 fps and at 44.1 kHz / 24 fps (1837.5 samples: 1838). */
const RATES = [
  { sampleRate: 48000, n: 2000 },
  { sampleRate: 44100, n: 1838 },
];

function sumBands(r: InstantAnalysis): number {
  return r.bands.low + r.bands.mid + r.bands.high;
}

// --- synthetic instants ----------------------------------------------------------------------

t.test('330 Hz sine at 0.5 peak is 0.4_mid_tone', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const r = new SoundAnalyzer({ sampleRate }).analyze(sine(sampleRate, n, 330, 0.5));
    t.equal(r.key, '0.4_mid_tone', `${sampleRate} Hz`);
    t.equal(r.tone, 'mid');
    t.equal(r.timbre, 'tone');
    t.ok(Math.abs(r.amplitude - 0.5 / Math.SQRT2) < 0.005, `RMS ≈ 0.354 (${r.amplitude})`);
    t.ok(Math.abs(r.peak_hz - 330) < 3, `peak ${r.peak_hz} Hz`);
    t.ok(Math.abs(sumBands(r) - 1) < 1e-9, 'band shares sum to 1');
    t.ok(r.bands.mid > 0.99, `mid share ${r.bands.mid}`);
    t.ok(r.flatness < TONE_FLATNESS_MAX / 100, `flatness ${r.flatness}`);
  }
});

t.test('40–60 Hz sines (~2 cycles per instant) are low/rumble', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    for (const hz of [40, 50, 60]) {
      const r = analyzer.analyze(sine(sampleRate, n, hz, 0.5));
      t.equal(r.tone, 'low', `${hz} Hz at ${sampleRate}`);
      t.equal(r.timbre, 'rumble');
      t.equal(r.key, `${bandKey(r.amplitude)}_low_rumble`);
      t.ok(r.bands.low > 0.95, `low share ${r.bands.low.toFixed(3)}`);
      t.ok(Math.abs(r.peak_hz - hz) < 8, `peak ${r.peak_hz.toFixed(1)} Hz`);
    }
  }
});

t.test('3000 Hz sine is high/tone', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const r = new SoundAnalyzer({ sampleRate }).analyze(sine(sampleRate, n, 3000, 0.5));
    t.equal(r.key, '0.4_high_tone', `${sampleRate} Hz`);
    t.ok(Math.abs(r.peak_hz - 3000) < 3, `peak ${r.peak_hz} Hz`);
  }
});

t.test('sines with a little added noise stay tones', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    for (const hz of [220, 330, 440, 1000, 3000, 5000]) {
      const x = sine(sampleRate, n, hz, 0.5);
      const noise = whiteNoise(n, 0.5 * 0.1 * Math.sqrt(3), hz); // noise RMS = 10 % of the sine's
      for (let i = 0; i < n; i++) x[i] += noise[i];
      const r = analyzer.analyze(x);
      t.equal(r.timbre, 'tone', `${hz} Hz + noise at ${sampleRate}: flatness ${r.flatness.toFixed(4)}`);
      t.equal(r.tone, hz < 2000 ? 'mid' : 'high');
    }
  }
});

t.test('white noise is high/hiss', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    for (let seed = 1; seed <= 5; seed++) {
      const x = whiteNoise(n, 0.5, seed);
      const r = analyzer.analyze(x);
      t.equal(r.key, `${bandKey(rmsOf(x))}_high_hiss`, `seed ${seed} at ${sampleRate}: flatness ${r.flatness.toFixed(3)}`);
      t.ok(r.bands.high > 0.85, `high share ${r.bands.high.toFixed(3)}`);
      t.ok(r.flatness > 0.4, 'white noise is flat within the high band');
    }
  }
});

t.test('band-passed noise (random-phase sines 300–1800 Hz) is mid/hiss', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    for (let seed = 1; seed <= 4; seed++) {
      for (const count of [40, 200]) {
        const r = analyzer.analyze(sineCluster(sampleRate, n, 300, 1800, count, 0.3, seed));
        t.equal(r.key, '0.3_mid_hiss', `${count} sines, seed ${seed} at ${sampleRate}: flatness ${r.flatness.toFixed(3)}`);
      }
    }
  }
});

t.test('digital silence and sub-threshold sound', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    const zero = analyzer.analyze(new Float32Array(n));
    t.same(zero, {
      amplitude: 0,
      peak_hz: 0,
      bands: { low: 0, mid: 0, high: 0 },
      flatness: 0,
      peak_share: 0,
      tone: 'silent',
      timbre: 'silence',
      key: '0.0_silent_silence',
    });
    t.equal(zero.key, SILENCE_KEY);
    const quiet = analyzer.analyze(sine(sampleRate, n, 330, 0.01)); // RMS 0.007 < 0.01
    t.equal(quiet.key, SILENCE_KEY);
    t.equal(quiet.tone, 'silent');
    t.ok(quiet.bands.mid > 0.99, 'bands are still measured below the threshold');
    t.ok(Math.abs(quiet.peak_hz - 330) < 3);
    const audible = analyzer.analyze(sine(sampleRate, n, 330, 0.02)); // RMS 0.014
    t.equal(audible.key, '0.0_mid_tone', 'the 0.0 band holds 0.01 ≤ amplitude < 0.05');
  }
  t.equal(new SoundAnalyzer({ sampleRate: 48000 }).analyze(new Float32Array(0)).key, SILENCE_KEY, 'an empty instant is silence');
});

t.test('amplitude bands follow the level', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    const seen = new Set<string>();
    for (let step = 1; step <= 20; step++) {
      const peak = step * 0.05;
      const x = sine(sampleRate, n, 330, peak);
      const r = analyzer.analyze(x);
      const expected = `${bandKey(rmsOf(x))}_mid_tone`;
      t.equal(r.key, expected, `peak ${peak.toFixed(2)} → RMS ${r.amplitude.toFixed(4)}`);
      t.ok(Math.abs(r.amplitude - rmsOf(x)) < 1e-6);
      seen.add(r.key.slice(0, 3));
    }
    t.same([...seen].sort(), ['0.0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7'], 'a sine tops out at RMS 0.707');
  }
});

t.test('full-scale square wave and ±1 binary noise reach 1.0', async (t) => {
  for (const { sampleRate, n } of RATES) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    const square = new Float32Array(n);
    for (let i = 0; i < n; i++) square[i] = (330 * i) / sampleRate % 1 < 0.5 ? 1 : -1;
    const sq = analyzer.analyze(square);
    t.equal(sq.amplitude, 1);
    t.equal(sq.key, '1.0_mid_tone', `square at ${sampleRate}`);
    const high = new Float32Array(n);
    for (let i = 0; i < n; i++) high[i] = (3000 * i) / sampleRate % 1 < 0.5 ? 1 : -1;
    t.equal(analyzer.analyze(high).key, '1.0_high_tone');
    const rand = mulberry32(9);
    const binary = new Float32Array(n);
    for (let i = 0; i < n; i++) binary[i] = rand() < 0.5 ? -1 : 1;
    t.equal(analyzer.analyze(binary).key, '1.0_high_hiss', '±1 noise');
    const hot = new Float32Array(n).fill(3);
    hot[1] = -3;
    t.equal(analyzer.analyze(hot).amplitude, 1, 'amplitude is clamped to 1');
  }
});

t.test('buffers are reused across calls and sizes without changing results', async (t) => {
  const analyzer = new SoundAnalyzer({ sampleRate: 48000 });
  const a = sine(48000, 2000, 330, 0.5);
  const b = whiteNoise(1837, 0.5, 3);
  const c = sine(48000, 4096, 3000, 0.5);
  const first = [analyzer.analyze(a), analyzer.analyze(b), analyzer.analyze(c)];
  for (let i = 0; i < 3; i++) {
    t.same(analyzer.analyze(c), first[2]);
    t.same(analyzer.analyze(a), first[0]);
    t.same(analyzer.analyze(b), first[1]);
  }
  t.same(new SoundAnalyzer({ sampleRate: 48000 }).analyze(b), first[1], 'a fresh analyzer agrees');
  const odd = analyzer.analyze(sine(48000, 1999, 330, 0.5));
  t.equal(odd.key, '0.4_mid_tone', 'odd lengths work');
  const withNaN = sine(48000, 2000, 330, 0.5);
  withNaN[10] = Number.NaN;
  withNaN[20] = Number.POSITIVE_INFINITY;
  const r = analyzer.analyze(withNaN);
  t.ok(Number.isFinite(r.amplitude) && Number.isFinite(r.flatness) && Number.isFinite(r.peak_hz), 'non-finite samples count as 0');
  t.equal(r.key, '0.4_mid_tone');
  t.throws(() => new SoundAnalyzer({ sampleRate: 0 }));
});

t.test('undeclared primitives are never emitted', async (t) => {
  const noHiss = new SoundAnalyzer({ sampleRate: 48000, primitives: ['silence', 'rumble', 'tone'] });
  t.equal(noHiss.analyze(whiteNoise(2000, 0.5, 1)).key, '0.3_high_tone', 'noise falls back to tone');
  const noTone = new SoundAnalyzer({ sampleRate: 48000, primitives: ['silence', 'rumble', 'hiss'] });
  t.equal(noTone.analyze(sine(48000, 2000, 330, 0.5)).key, '0.4_mid_hiss', 'a sine falls back to hiss');
  const noRumble = new SoundAnalyzer({ sampleRate: 48000, primitives: ['silence', 'tone', 'hiss'] });
  t.equal(noRumble.analyze(sine(48000, 2000, 50, 0.5)).timbre, 'unclassified', 'nothing declared for the low band');
  t.equal(noRumble.analyze(new Float32Array(2000)).key, SILENCE_KEY, 'silence is always silence');
  const quietFloor = new SoundAnalyzer({ sampleRate: 48000, silenceAmplitude: 0.2 });
  t.equal(quietFloor.analyze(sine(48000, 2000, 330, 0.2)).key, SILENCE_KEY, 'silenceAmplitude option');
});

// --- real audio decoded by ffmpeg ------------------------------------------------------------

const FFMPEG = process.env.FFMPEG_BIN ?? process.env.FFMPEG_PATH ?? 'ffmpeg';

function decode(source: string, sampleRate: number): Promise<Float32Array> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', source, '-f', 'f32le', '-ac', '1', '-ar', String(sampleRate), '-'];
  return new Promise((resolve, reject) => {
    execFile(FFMPEG, args, { encoding: 'buffer', maxBuffer: 64 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const bytes = new Uint8Array(stdout.byteLength - (stdout.byteLength % 4));
      bytes.set(stdout.subarray(0, bytes.length));
      resolve(new Float32Array(bytes.buffer));
    });
  });
}

/** Split into instants of 1/24 s (alternating 1837/1838 samples at 44.1 kHz) and analyze each. */
function instants(analyzer: SoundAnalyzer, pcm: Float32Array, sampleRate: number): InstantAnalysis[] {
  const out: InstantAnalysis[] = [];
  for (let i = 0; ; i++) {
    const from = Math.round((i * sampleRate) / 24);
    const to = Math.round(((i + 1) * sampleRate) / 24);
    if (to > pcm.length) break;
    out.push(analyzer.analyze(pcm.subarray(from, to)));
  }
  return out;
}

t.test('real audio decoded by ffmpeg', async (t) => {
  const cases = [
    { name: 'sine 330 Hz', src: (sr: number) => `sine=frequency=330:sample_rate=${sr}:duration=2`, tone: 'mid', timbre: 'tone' },
    { name: 'sine 50 Hz', src: (sr: number) => `sine=frequency=50:sample_rate=${sr}:duration=2`, tone: 'low', timbre: 'rumble' },
    { name: 'white noise', src: (sr: number) => `anoisesrc=color=white:sample_rate=${sr}:duration=2:seed=7`, tone: 'high', timbre: 'hiss' },
  ];
  for (const sampleRate of [48000, 44100]) {
    const analyzer = new SoundAnalyzer({ sampleRate });
    for (const c of cases) {
      const pcm = await decode(c.src(sampleRate), sampleRate);
      t.equal(pcm.length, 2 * sampleRate, `${c.name}: 2 s decoded at ${sampleRate} Hz`);
      const results = instants(analyzer, pcm, sampleRate);
      t.equal(results.length, 48);
      const ok = results.filter((r) => r.tone === c.tone && r.timbre === c.timbre && r.key === `${bandKey(r.amplitude)}_${c.tone}_${c.timbre}`);
      const keys = [...new Set(results.map((r) => r.key))].join(', ');
      t.ok(ok.length >= 0.95 * results.length, `${c.name} at ${sampleRate}: ${ok.length}/${results.length} as ${c.tone}/${c.timbre} (keys ${keys})`);
    }
  }
  // lavfi's sine is 1/8 of full scale: RMS 0.088 → band 0.1.
  const pcm = await decode('sine=frequency=330:sample_rate=48000:duration=0.5', 48000);
  const keys = instants(new SoundAnalyzer({ sampleRate: 48000 }), pcm, 48000).map((r) => r.key);
  t.equal(keys.length, 12);
  t.ok(keys.every((k) => k === '0.1_mid_tone'), keys.join(', '));
});
