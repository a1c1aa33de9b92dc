/**
 * Per-instant audio analysis for the static sound registry (SPEC §3.2). Pure and allocation-free
 * per call apart from the small result object: it runs in a Piscina worker on every instant.
 *
 * One instant = the mono samples under one video frame (1/fps s; 2000 samples at 48 kHz / 24 fps).
 *
 * - amplitude  RMS of the raw samples (not windowed), 0…1 of full scale, clamped to 1.
 *              Non-finite samples count as 0.
 * - spectrum   Hann window over the instant's own length, zero-padded to the next power of two N,
 *              real FFT (an N/2-point complex radix-2 FFT plus the split step). Bin k is k·sr/N Hz.
 *              The DC bin is excluded from everything below; the Nyquist bin is included.
 * - bands      power (|X|²) shares of low (< 200 Hz), mid (200–2000 Hz), high (≥ 2000 Hz), edges
 *              from `static_sound.tone_bands_hz`; a bin belongs to the band holding its centre
 *              frequency. All 0 when the spectrum is exactly zero (digital silence).
 * - peak_hz    centre of the largest-magnitude bin, refined by parabolic interpolation on the
 *              log magnitudes of it and its neighbours (exact-ish for a Hann main lobe). 0 when
 *              the spectrum is zero.
 * - flatness   spectral flatness (Wiener entropy) of the dominant band: geometric mean /
 *              arithmetic mean of the POWER spectrum |X|² over that band's bins only. SPEC §3.2
 *              words it over the magnitude spectrum; power is used because it separates far
 *              better inside a wide band: in the high band (2–24 kHz, ~940 bins at 48 kHz) a
 *              sine with white noise at −10 dB has magnitude flatness 0.72 against 0.84 for white
 *              noise, but power flatness 0.05 against 0.55. White noise → ≈ 0.56 (e^−γ, the
 *              exponential distribution of |X|²), a clean sine → < 1e-4. 0 for digital silence.
 * - peak_share the share of the dominant band's power held by its strongest bin ±PEAK_HALF_WIDTH
 *              (the Hann main lobe): ≈ 1 for one sine, ≤ 0.35 for any noise measured. 0 for
 *              digital silence.
 * - tone       'silent' when amplitude < silenceAmplitude, else the band with the most power.
 * - timbre     'silence' when silent; 'rumble' when the dominant band is low; in mid/high 'tone'
 *              when pitched — flatness < TONE_FLATNESS_MAX (low in-band flatness) AND peak share
 *              ≥ TONE_PEAK_SHARE_MIN (a clear peak) — else 'hiss'. Both tests are needed: a
 *              cluster of 40 random sines in 300–1800 Hz has flatness down to 0.03 (the empty
 *              200–300 and 1800–2000 Hz edges of the mid band pull the geometric mean down) but
 *              peak share ≤ 0.35; a sine drowned in equal-power noise has peak share ≈ 0.55 but
 *              flatness 0.25. Known limit: a chord with no dominant partial (three equal notes)
 *              has peak share ≈ 0.33–0.45 and reads as 'hiss'.
 * - key        soundKey(amplitude, tone, timbre) from src/model/sound.ts.
 *
 * Primitives that are not declared (config may list fewer than the default four) are never
 * emitted. The wanted timbre is replaced by another declared primitive that
 * `static_sound.timbre_bands` allows in the same band, preferring tone ⇄ hiss (a noisy mid
 * instant without 'hiss' becomes 'tone', and vice versa); if none is declared the timbre is
 * 'unclassified' (key e.g. `0.3_low_unclassified`, outside the declared cell space, for the
 * registry to reject or count). Silence is always reported as `silence` / `0.0_silent_silence`
 * — soundKey maps every sub-threshold instant there whatever the primitive list says. Extended
 * primitives (hum, rustle, …) are not detected by this kernel.
 */
import { VALUES } from '../../base/values.js';
import { soundKey, type ToneBand } from '../../model/sound.js';

export interface InstantAnalysis {
  amplitude: number;
  peak_hz: number;
  /** Power shares summing to 1, or all 0 for digital silence. */
  bands: { low: number; mid: number; high: number };
  /** GM/AM of the power spectrum within the dominant band (see the module comment). */
  flatness: number;
  /** Share of the dominant band's power in its peak lobe (0 for digital silence). */
  peak_share: number;
  tone: ToneBand;
  timbre: string;
  key: string;
}

export interface SoundAnalyzerOptions {
  sampleRate: number;
  /** Declared primitives; default `static_sound.primitives` (silence, rumble, tone, hiss). */
  primitives?: string[];
  /** Default `static_sound.silence_amplitude` (0.01). */
  silenceAmplitude?: number;
}

/*
 * Thresholds of the pitched test, from measurements with this kernel on one instant (2000
 * samples at 48 kHz; 1837 at 44.1 kHz gives similar figures). Flatness = in-band power
 * flatness, share = peak share; "+n" = white noise added at n × the sine's RMS.
 *
 *   signal                                     band  flatness        peak share
 *   sine 220/330/440/1000 Hz, peak 0.02–1      mid   < 0.0001        1.000
 *   sine 3000/5000 Hz, peak 0.02–1             high  < 0.0001        1.000
 *   sine 40/50/60 Hz (low: rumble, no test)    low   0.003–0.012     1.000
 *   mid sines +0.01 / +0.1 / +0.3              mid   ≤ 0.0001 / ≤ 0.001 / ≤ 0.008   ≥ 0.99
 *   high sines +0.01 / +0.1 / +0.3             high  ≤ 0.0001 / ≤ 0.006 / ≤ 0.050   ≥ 0.917
 *   sine 330 +0.5 / +1.0                       mid   0.014 / 0.047   0.99 / 0.95
 *   sine 3000 +0.5 / +1.0                      high  0.10 / 0.25     0.83 / 0.55  (→ hiss)
 *   square 330 / 3000 Hz full scale            mid / high  0.001 / 0.000  0.87 / 0.82
 *   sawtooth 220 Hz                            mid   0.009           0.63
 *   white noise (5 seeds)                      high  0.54–0.56       0.012–0.027
 *   high-passed noise > 2 kHz (4× biquad)      high  0.53–0.58       0.013–0.023
 *   band-passed noise 200–2000 Hz (3×hp+3×lp)  mid   0.45–0.65       0.11–0.24
 *   200 random-phase sines 300–1800 Hz         mid   0.11–0.17       0.12–0.22
 *   40 random-phase sines 300–1800 Hz          mid   0.03–0.11       0.10–0.34
 *   pink-ish noise (Kellet filter)             low ×4 (rumble), high ×1: 0.43, 0.05
 *
 * TONE_FLATNESS_MAX = 0.15 sits between sines with up to −6 dB of noise (≤ 0.10) and broadband
 * noise (≥ 0.43); TONE_PEAK_SHARE_MIN = 0.5 between sines with noise up to 0 dB (≥ 0.55) and
 * every noise, including sine clusters (≤ 0.34).
 */
/** Power flatness of the dominant band below which a mid/high instant may be a 'tone'. */
export const TONE_FLATNESS_MAX = 0.15;
/** Share of the band's power in the peak lobe at or above which a mid/high instant may be a 'tone'. */
export const TONE_PEAK_SHARE_MIN = 0.5;
/** Half width in bins of the peak lobe counted by the peak share (the Hann main lobe is ±2 bins). */
export const PEAK_HALF_WIDTH = 2;

const DEFAULT_PRIMITIVES = VALUES.static_sound.primitives;
const DEFAULT_SILENCE = VALUES.static_sound.silence_amplitude;
const LOW_MID_HZ = VALUES.static_sound.tone_bands_hz.mid[0];
const MID_HIGH_HZ = VALUES.static_sound.tone_bands_hz.high[0];
/** Window caches kept per analyzer (44.1 kHz / 24 fps alternates 1837 and 1838 samples). */
const MAX_WINDOWS = 8;
/** A band edge within rounding of a bin centre starts at that bin. */
const BIN_EDGE_SLACK = 1e-9;
/** Powers are floored at this share of the band's maximum before their log (an exact zero would give −∞). */
const POWER_FLOOR_SHARE = 1e-20;
/** Powers multiplied together between two logs (products stay in range: each power is within [POWER_FLOOR_SHARE, bins]). */
const LOG_BATCH = 8;

interface FftPlan {
  /** Real transform size N (power of two ≥ 2). */
  n: number;
  /** Complex size M = N/2. */
  m: number;
  re: Float64Array;
  im: Float64Array;
  /** cos / sin of 2πj/M, j < M/2 (complex FFT twiddles). */
  cos: Float64Array;
  sin: Float64Array;
  /** cos / sin of 2πk/N, k ≤ M (real split step). */
  splitCos: Float64Array;
  splitSin: Float64Array;
  rev: Uint32Array;
  /** |X[k]|, k = 0…M. */
  mag: Float64Array;
  /** First bin of mid and of high (bins below LOW_MID_HZ are low, DC excluded). */
  midStart: number;
  highStart: number;
}

function nextPow2(n: number): number {
  let p = 2;
  while (p < n) p <<= 1;
  return p;
}

/** Neighbours quieter than this share of the peak are raised to it before their log is taken. */
const PEAK_LOG_FLOOR = 1e-12;

/** The peak bin refined by a parabola through the log magnitudes of it and its neighbours. */
function interpolatePeak(mag: Float64Array, peakBin: number, m: number): number {
  if (peakBin <= 1 || peakBin >= m) return peakBin;
  const peakMag = mag[peakBin];
  const floor = peakMag * PEAK_LOG_FLOOR;
  const l = Math.log(Math.max(mag[peakBin - 1], floor));
  const c = Math.log(peakMag);
  const r = Math.log(Math.max(mag[peakBin + 1], floor));
  const d = l - 2 * c + r;
  return d < 0 ? peakBin + (0.5 * (l - r)) / d : peakBin;
}

export class SoundAnalyzer {
  readonly sampleRate: number;
  readonly silenceAmplitude: number;
  readonly primitives: readonly string[];
  private readonly plans = new Map<number, FftPlan>();
  private readonly windows = new Map<number, Float64Array>();
  /** [flatness, peak share] of the dominant band, reused across calls. */
  private readonly stats = new Float64Array(2);
  /** Timbre to emit for each wanted timbre ('silence' | 'rumble' | 'tone' | 'hiss') per band. */
  private readonly timbreFor: Record<'low' | 'mid' | 'high', Record<string, string>>;

  constructor(options: SoundAnalyzerOptions) {
    if (!(options.sampleRate > 0)) throw new Error(`invalid sample rate ${options.sampleRate}`);
    this.sampleRate = options.sampleRate;
    this.silenceAmplitude = options.silenceAmplitude ?? DEFAULT_SILENCE;
    this.primitives = [...(options.primitives ?? DEFAULT_PRIMITIVES)];
    const declared = new Set(this.primitives);
    const bands = VALUES.static_sound.timbre_bands;
    const pick = (band: 'low' | 'mid' | 'high', wanted: string): string => {
      if (declared.has(wanted)) return wanted;
      const swap = wanted === 'tone' ? 'hiss' : wanted === 'hiss' ? 'tone' : undefined;
      if (swap && declared.has(swap)) return swap;
      const other = this.primitives.find((p) => p !== 'silence' && (bands[p] ?? []).includes(band));
      return other ?? 'unclassified';
    };
    this.timbreFor = { low: {}, mid: {}, high: {} };
    for (const band of ['low', 'mid', 'high'] as const) {
      for (const wanted of ['rumble', 'tone', 'hiss']) this.timbreFor[band][wanted] = pick(band, wanted);
    }
  }

  analyze(samples: Float32Array): InstantAnalysis {
    const len = samples.length;
    // RMS (non-finite samples count as 0).
    let sumSq = 0;
    for (let i = 0; i < len; i++) {
      const v = samples[i];
      if (v === v && v !== Infinity && v !== -Infinity) sumSq += v * v;
    }
    const rms = len > 0 ? Math.sqrt(sumSq / len) : 0;
    const amplitude = rms > 1 ? 1 : rms;
    if (sumSq === 0) return this.silent(amplitude);

    const plan = this.plan(len);
    this.load(samples, plan);
    const { mag, m } = plan;
    fft(plan);
    splitMagnitudes(plan);

    // Band powers and the peak bin (DC excluded).
    const { midStart, highStart } = plan;
    let low = 0;
    let mid = 0;
    let high = 0;
    let peakBin = 1;
    let peakMag = -1;
    for (let k = 1; k <= m; k++) {
      const a = mag[k];
      const p = a * a;
      if (k < midStart) low += p;
      else if (k < highStart) mid += p;
      else high += p;
      if (a > peakMag) {
        peakMag = a;
        peakBin = k;
      }
    }
    const total = low + mid + high;
    if (!(total > 0)) return this.silent(amplitude);

    const peak_hz = interpolatePeak(mag, peakBin, m) * (this.sampleRate / plan.n);

    const band = low >= mid && low >= high ? 'low' : mid >= high ? 'mid' : 'high';
    const from = band === 'low' ? 1 : band === 'mid' ? midStart : highStart;
    const to = band === 'low' ? midStart : band === 'mid' ? highStart : m + 1;
    bandStats(mag, from, to, this.stats);
    const flatness = this.stats[0];
    const bands = { low: low / total, mid: mid / total, high: high / total };

    if (amplitude < this.silenceAmplitude) {
      return { amplitude, peak_hz, bands, flatness, peak_share: this.stats[1], tone: 'silent', timbre: 'silence', key: soundKey(amplitude, 'silent', 'silence', this.silenceAmplitude) };
    }
    const pitched = flatness < TONE_FLATNESS_MAX && this.stats[1] >= TONE_PEAK_SHARE_MIN;
    const wanted = band === 'low' ? 'rumble' : pitched ? 'tone' : 'hiss';
    const timbre = this.timbreFor[band][wanted];
    return { amplitude, peak_hz, bands, flatness, peak_share: this.stats[1], tone: band, timbre, key: soundKey(amplitude, band, timbre, this.silenceAmplitude) };
  }

  /** Packs the windowed real samples as z[j] = x[2j] + i·x[2j+1], zero-padded; non-finite samples count as 0. */
  private load(samples: Float32Array, plan: FftPlan): void {
    const len = samples.length;
    const win = this.window(len);
    const { re, im, m } = plan;

    const half = len >> 1;
    for (let j = 0; j < half; j++) {
      const a = samples[2 * j];
      const b = samples[2 * j + 1];
      re[j] = a === a && a !== Infinity && a !== -Infinity ? a * win[2 * j] : 0;
      im[j] = b === b && b !== Infinity && b !== -Infinity ? b * win[2 * j + 1] : 0;
    }
    let j0 = half;
    if (len & 1) {
      const a = samples[len - 1];
      re[half] = a === a && a !== Infinity && a !== -Infinity ? a * win[len - 1] : 0;
      im[half] = 0;
      j0 = half + 1;
    }
    for (let j = j0; j < m; j++) {
      re[j] = 0;
      im[j] = 0;
    }
  }

  private silent(amplitude: number): InstantAnalysis {
    return {
      amplitude,
      peak_hz: 0,
      bands: { low: 0, mid: 0, high: 0 },
      flatness: 0,
      peak_share: 0,
      tone: 'silent',
      timbre: 'silence',
      key: soundKey(amplitude, 'silent', 'silence', this.silenceAmplitude),
    };
  }

  private plan(len: number): FftPlan {
    const n = nextPow2(len);
    let plan = this.plans.get(n);
    if (plan) return plan;
    const m = n >> 1;
    const cos = new Float64Array(Math.max(1, m >> 1));
    const sin = new Float64Array(Math.max(1, m >> 1));
    for (let j = 0; j < m >> 1; j++) {
      cos[j] = Math.cos((2 * Math.PI * j) / m);
      sin[j] = Math.sin((2 * Math.PI * j) / m);
    }
    const splitCos = new Float64Array(m + 1);
    const splitSin = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      splitCos[k] = Math.cos((2 * Math.PI * k) / n);
      splitSin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    const bits = Math.round(Math.log2(m));
    const rev = new Uint32Array(m);
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      rev[i] = r;
    }
    const binHz = this.sampleRate / n;
    // First bin whose centre frequency is ≥ the band's lower edge.
    const midStart = Math.min(m + 1, Math.max(1, Math.ceil(LOW_MID_HZ / binHz - BIN_EDGE_SLACK)));
    const highStart = Math.min(m + 1, Math.max(midStart, Math.ceil(MID_HIGH_HZ / binHz - BIN_EDGE_SLACK)));
    plan = {
      n,
      m,
      re: new Float64Array(m),
      im: new Float64Array(m),
      cos,
      sin,
      splitCos,
      splitSin,
      rev,
      mag: new Float64Array(m + 1),
      midStart,
      highStart,
    };
    this.plans.set(n, plan);
    return plan;
  }

  private window(len: number): Float64Array {
    let w = this.windows.get(len);
    if (w) return w;
    w = new Float64Array(len);
    if (len === 1) w[0] = 1;
    // Symmetric Hann over the instant's own samples (zero padding follows it).
    for (let i = 0; i < len && len > 1; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (len - 1));
    if (this.windows.size >= MAX_WINDOWS) this.windows.delete(this.windows.keys().next().value as number);
    this.windows.set(len, w);
    return w;
  }
}

/** In-place iterative radix-2 forward FFT (e^{-iθ}) of plan.re/plan.im, size M. */
function fft(plan: FftPlan): void {
  const { re, im, rev, cos, sin, m } = plan;
  for (let i = 0; i < m; i++) {
    const r = rev[i];
    if (r > i) {
      const tr = re[i];
      re[i] = re[r];
      re[r] = tr;
      const ti = im[i];
      im[i] = im[r];
      im[r] = ti;
    }
  }
  for (let size = 2; size <= m; size <<= 1) {
    const halfSize = size >> 1;
    const step = m / size;
    for (let j = 0; j < halfSize; j++) {
      const c = cos[j * step];
      const s = sin[j * step];
      for (let i = j; i < m; i += size) {
        const k = i + halfSize;
        const xr = re[k];
        const xi = im[k];
        const tr = xr * c + xi * s;
        const ti = xi * c - xr * s;
        const ur = re[i];
        const ui = im[i];
        re[i] = ur + tr;
        im[i] = ui + ti;
        re[k] = ur - tr;
        im[k] = ui - ti;
      }
    }
  }
}

/** Real-FFT split step: |X[k]| for k = 0…M from the M-point transform of the packed signal. */
function splitMagnitudes(plan: FftPlan): void {
  const { re, im, splitCos, splitSin, mag, m } = plan;
  for (let k = 0; k <= m; k++) {
    const a = re[k === m ? 0 : k];
    const b = im[k === m ? 0 : k];
    const mk = k === 0 ? 0 : m - k;
    const c = re[mk];
    const d = im[mk];
    const cs = splitCos[k];
    const sn = splitSin[k];
    const xr = 0.5 * (a + c + cs * (b + d) + sn * (c - a));
    const xi = 0.5 * (b - d + cs * (c - a) - sn * (b + d));
    mag[k] = Math.sqrt(xr * xr + xi * xi);
  }
}

/**
 * Power flatness (GM / AM of |X|²) of bins [from, to) and the share of their power held by the
 * strongest bin and its ±PEAK_HALF_WIDTH neighbours, written to `out` ([flatness, peakShare]).
 * Powers are floored at POWER_FLOOR_SHARE of the band maximum so exact zeros cannot send the log to
 * −∞; the log is taken of products of LOG_BATCH mean-normalised powers to save calls.
 */
function bandStats(mag: Float64Array, from: number, to: number, out: Float64Array): void {
  out[0] = 0;
  out[1] = 0;
  const count = to - from;
  if (count <= 0) return;
  let max = 0;
  let sum = 0;
  let peak = from;
  for (let k = from; k < to; k++) {
    const p = mag[k] * mag[k];
    sum += p;
    if (p > max) {
      max = p;
      peak = k;
    }
  }
  if (!(max > 0)) return;
  const mean = sum / count;
  const floor = (max * POWER_FLOOR_SHARE) / mean;
  const inv = 1 / mean;
  let logSum = 0;
  let prod = 1;
  let n = 0;
  for (let k = from; k < to; k++) {
    const v = mag[k] * mag[k] * inv;
    prod *= v > floor ? v : floor;
    if (++n === LOG_BATCH) {
      logSum += Math.log(prod);
      prod = 1;
      n = 0;
    }
  }
  logSum += Math.log(prod);
  const f = Math.exp(logSum / count);
  out[0] = f > 1 ? 1 : f;
  const lo = peak - PEAK_HALF_WIDTH > from ? peak - PEAK_HALF_WIDTH : from;
  const hi = peak + PEAK_HALF_WIDTH < to - 1 ? peak + PEAK_HALF_WIDTH : to - 1;
  let lobe = 0;
  for (let k = lo; k <= hi; k++) lobe += mag[k] * mag[k];
  out[1] = lobe / sum;
}
