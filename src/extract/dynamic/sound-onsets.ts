/**
 * Onsets of a sound window seen with the audio just before it (see sound.ts for why).
 *
 * - hops     10 ms (HOP_SECONDS), aligned on the window's first sample; the context contributes
 *            its last whole hops and only serves as history.
 * - bands    four bands split at BAND_EDGES_HZ by 2nd-order Butterworth low/high passes, energy
 *            per hop in each. A hit stands out in the band it fills even when another band holds
 *            most of the power (a snare's noise over a kick and a drone).
 * - floor    band energies below the span's mean energy − FLOOR_BELOW_MIX_DB (and never below
 *            ABSOLUTE_FLOOR) count as that floor: rises are measured against the mix, not
 *            against the self-noise of an empty band.
 * - rise     per band, dB of the mean energy of hops h, h+1 minus that of hops h−3, h−2 (hop
 *            h−1 is skipped so that an attack straddling two hops counts in full).
 * - threshold per band, MIN_RISE_DB + SPREAD_WEIGHT × the band's wandering over the span (see
 *            wandering()): a steady tone or drone keeps the minimum; a noise bed, whose band
 *            energies wander from hop to hop, raises its own bar above its wandering.
 * - onset    a hop where some band rises above its threshold by the largest margin within
 *            ±PEAK_HOPS (hits closer than that are one onset). Its time is the hop's start.
 * - accent   the energy the onset adds (see accentAt()): how loud the hit is, not how far it rises
 *            in dB, so that a snare far under the kick, which rises as steeply, weighs far less.
 * Hops whose rise needs samples outside the span (the first three of a span without context,
 * the window's last) cannot hold an onset: digital silence before a file is not assumed, as a
 * sound already running when the file starts is not a hit.
 */
import { median } from '../../base/numbers.js';

export const HOP_SECONDS = 0.01;
/** Crossovers of the analysis bands (Hz). */
export const BAND_EDGES_HZ = [200, 800, 3200] as const;
/** Smallest rise (dB) that is an onset over a perfectly steady band. */
export const MIN_RISE_DB = 3;
/** Weight of a band's typical hop-to-hop wandering in its threshold. */
export const SPREAD_WEIGHT = 6;
/** Onsets closer than this many hops are one. */
export const PEAK_HOPS = 5;
const FLOOR_BELOW_MIX_DB = 30;
/** Energy floor (−70 dB of full scale). */
export const ABSOLUTE_FLOOR = 1e-7;
const AFTER_HOPS = 2;
/** Hops from an onset over which its accent takes each band's peak (a hit peaks within 50 ms). */
const ACCENT_HOPS = 5;
const GAP_HOPS = 1;
const BEFORE_HOPS = 2;
const BUTTERWORTH_Q = Math.SQRT1_2;
/** Highest cutoff as a share of the sample rate (a low rate keeps every band below Nyquist). */
const MAX_CUTOFF_SHARE = 0.45;

export interface Onsets {
  /** Onset times in seconds from the window start, ascending; those of the context are negative. */
  times: number[];
  /** Per onset, the energy it adds in the bands that rise with it (see accentAt()). */
  accents: number[];
}

/** A 2nd-order low or high pass (RBJ), transposed direct form II. */
class Biquad {
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly a1: number;
  private readonly a2: number;
  private z1 = 0;
  private z2 = 0;

  constructor(kind: 'low' | 'high', hz: number, sampleRate: number) {
    const w = (2 * Math.PI * Math.min(hz, MAX_CUTOFF_SHARE * sampleRate)) / sampleRate;
    const alpha = Math.sin(w) / (2 * BUTTERWORTH_Q);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    const edge = kind === 'low' ? (1 - cos) / 2 : (1 + cos) / 2;
    this.b0 = edge / a0;
    this.b1 = (kind === 'low' ? 2 * edge : -2 * edge) / a0;
    this.b2 = edge / a0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  step(x: number): number {
    const y = this.b0 * x + this.z1;
    this.z1 = this.b1 * x - this.a1 * y + this.z2;
    this.z2 = this.b2 * x - this.a2 * y;
    return y;
  }
}

/** Each band's filters, in series: a low pass, band passes (high then low), a high pass. */
function filterBank(sampleRate: number): Biquad[][] {
  const bands: Biquad[][] = [[new Biquad('low', BAND_EDGES_HZ[0], sampleRate)]];
  for (let i = 1; i < BAND_EDGES_HZ.length; i++) {
    bands.push([new Biquad('high', BAND_EDGES_HZ[i - 1], sampleRate), new Biquad('low', BAND_EDGES_HZ[i], sampleRate)]);
  }
  bands.push([new Biquad('high', BAND_EDGES_HZ[BAND_EDGES_HZ.length - 1], sampleRate)]);
  return bands;
}

/** Mean energy per hop of each band over the context's last whole hops then the window's. */
function bandEnergies(parts: Float32Array[], hopLen: number, hops: number, sampleRate: number): Float64Array[] {
  const bank = filterBank(sampleRate);
  const energy = bank.map(() => new Float64Array(hops));
  let hop = 0;
  let filled = 0;
  for (const x of parts) {
    for (let i = 0; i < x.length && hop < hops; i++) {
      const v = x[i];
      const s = v === v && v !== Infinity && v !== -Infinity ? v : 0;
      for (let b = 0; b < bank.length; b++) {
        let y = s;
        for (const f of bank[b]) y = f.step(y);
        energy[b][hop] += y * y;
      }
      if (++filled === hopLen) {
        for (const e of energy) e[hop] /= hopLen;
        filled = 0;
        hop++;
      }
    }
  }
  return energy;
}

/** Samples per hop at `sampleRate` (at least one). */
export const hopLength = (sampleRate: number): number => Math.max(1, Math.round(sampleRate * HOP_SECONDS));
/** dB of energy `e`, floored at `floor`. */
export const dbOf = (e: number, floor: number): number => 10 * Math.log10(Math.max(e, floor));
/** The energy ratio of `db` dB. */
export const powerOfDb = (db: number): number => 10 ** (db / 10);

const RISE_RATIO = powerOfDb(MIN_RISE_DB);

/** Mean energy of a band over the AFTER_HOPS hops from h. */
function after(e: Float64Array, h: number): number {
  let sum = 0;
  for (let k = 0; k < AFTER_HOPS; k++) sum += e[h + k];
  return sum / AFTER_HOPS;
}

/** Mean energy of a band over the BEFORE_HOPS hops before h − GAP_HOPS. */
function before(e: Float64Array, h: number): number {
  let sum = 0;
  for (let k = 1; k <= BEFORE_HOPS; k++) sum += e[h - GAP_HOPS - k];
  return sum / BEFORE_HOPS;
}

/**
 * How much a band's rise wanders from hop to hop, for noise in the band: the smaller of two
 * estimates that agree on noise but that structure inflates in different ways — the median
 * |rise| (inflated by steady decays, whose rise is negative most of the time: a decaying note
 * would raise the bar for the next) and the median difference between rises that share no hop,
 * over √2 (inflated by noisy decays and by the hop-to-hop ripple of low partials).
 */
function wandering(rise: Float64Array): number {
  const lag = AFTER_HOPS + GAP_HOPS + BEFORE_HOPS;
  const diffs = new Float64Array(Math.max(0, rise.length - lag));
  for (let i = 0; i < diffs.length; i++) diffs[i] = Math.abs(rise[i + lag] - rise[i]);
  // An empty span has no wandering (median() is NaN there).
  return Math.min(median(rise.map(Math.abs)) || 0, (median(diffs) || 0) / Math.SQRT2);
}

/**
 * The energy a hit at hop h adds: over the bands whose peak energy in the ACCENT_HOPS from h is at
 * least MIN_RISE_DB over their mean before the rise, that peak minus that mean (a kick beating
 * against a drone may take a few hops to reach its peak). Bands that do not rise so — a steady
 * drone's, whose hop-to-hop ripple would otherwise swamp a quiet hit — add nothing.
 */
function accentAt(energy: Float64Array[], h: number): number {
  let accent = 0;
  for (const e of energy) {
    let peak = 0;
    for (let k = 0; k < ACCENT_HOPS && h + k < e.length; k++) peak = Math.max(peak, e[h + k]);
    const base = before(e, h);
    if (peak >= base * RISE_RATIO) accent += peak - base;
  }
  return accent;
}

/**
 * Onsets of `window` (mono samples) with `context`, the audio just before it (null at the start
 * of a file or when there is none).
 */
export function detectOnsets(context: Float32Array | null, window: Float32Array, sampleRate: number): Onsets {
  const hopLen = hopLength(sampleRate);
  const contextHops = context ? Math.floor(context.length / hopLen) : 0;
  const windowHops = Math.floor(window.length / hopLen);
  const hops = contextHops + windowHops;
  const parts = context && contextHops > 0 ? [context.subarray(context.length - contextHops * hopLen), window] : [window];
  const energy = bandEnergies(parts, hopLen, hops, sampleRate);

  let total = 0;
  for (const e of energy) {
    for (let h = 0; h < hops; h++) total += e[h];
  }
  const floor = Math.max(ABSOLUTE_FLOOR, (total / Math.max(1, hops)) * powerOfDb(-FLOOR_BELOW_MIX_DB));

  const first = BEFORE_HOPS + GAP_HOPS;
  const last = hops - AFTER_HOPS;
  const span = Math.max(0, last - first + 1);
  const strength = new Float64Array(hops).fill(-Infinity);
  const rise = new Float64Array(span);
  for (const e of energy) {
    for (let h = first; h <= last; h++) rise[h - first] = dbOf(after(e, h), floor) - dbOf(before(e, h), floor);
    const threshold = MIN_RISE_DB + SPREAD_WEIGHT * wandering(rise);
    for (let h = first; h <= last; h++) strength[h] = Math.max(strength[h], rise[h - first] - threshold);
  }

  const times: number[] = [];
  const accents: number[] = [];
  for (let h = first; h <= last; h++) {
    const s = strength[h];
    if (!(s > 0)) continue;
    let peak = true;
    for (let j = Math.max(first, h - PEAK_HOPS); j <= Math.min(last, h + PEAK_HOPS) && peak; j++) {
      if (j < h ? strength[j] >= s : j > h && strength[j] > s) peak = false;
    }
    if (!peak) continue;
    times.push((h - contextHops) * HOP_SECONDS);
    accents.push(accentAt(energy, h));
  }
  return { times, accents };
}
