/**
 * Steady clips of one static sound key each, for the sound sweeps: unlike a scene's audio
 * (`audio.ts`), each is built so that every analysis instant reads as exactly that key.
 */
import { mulberry32 } from '../base/random.js';
import { CLIP_SAMPLE_RATE, type SoundBand, type SoundPrimitive } from './audio.js';

/** Default tone band of each primitive's clip. */
const DEFAULT_BAND: Record<SoundPrimitive, SoundBand | 'silent'> = { silence: 'silent', rumble: 'low', tone: 'mid', hiss: 'high' };

/**
 * A steady clip of one primitive whose per-instant RMS (SoundAnalyzer amplitude) rounds to
 * `amplitudeBand` tenths — for sweeps that aim at static sound keys `{band/10}_{tone}_{timbre}`.
 * Target RMS: band/10 (band 0 → 0.03, inside its [0.01, 0.05) range; band 10 → 1.0).
 *
 * - rumble (low):  60 Hz sine (an integer number of sin² periods per 24/25/30 fps instant) while
 *                  the peak fits (RMS ≤ 0.7); a ±A square wave above (90 % of its power < 200 Hz).
 * - tone (mid 330 Hz, or high 3000 Hz with `toneBand` 'high'): sine up to RMS 0.7, ±A square above.
 * - hiss (high):   random-sign ±A white noise (RMS exactly A every instant).
 * - hiss (mid):    ±A sign of band-passed (300–1500 Hz) noise: RMS exactly A; clipping keeps most
 *                  power in the mid band and the spectrum noise-like.
 * - silence:       zeros (key 0.0_silent_silence whatever the band).
 * Bands outside a primitive's spectral reach (rumble outside low, tone/hiss in low) throw.
 */
export function soundPrimitiveClip(
  primitive: SoundPrimitive,
  amplitudeBand: number,
  seconds = 1,
  sampleRate = CLIP_SAMPLE_RATE,
  toneBand?: SoundBand,
  seed = 1,
): Float32Array {
  const n = Math.max(0, Math.round(seconds * sampleRate));
  const x = new Float32Array(n);
  if (primitive === 'silence') return x;
  const band = toneBand ?? (DEFAULT_BAND[primitive] as SoundBand);
  if (primitive === 'rumble' ? band !== 'low' : band === 'low') throw new Error(`${primitive} cannot sound in the ${band} band`);
  const b = Math.round(Math.min(10, Math.max(0, amplitudeBand)));
  const rms = b === 0 ? 0.03 : b / 10;
  const rand = mulberry32(seed >>> 0);
  if (primitive === 'rumble' || primitive === 'tone') {
    const hz = primitive === 'rumble' ? 60 : band === 'mid' ? 330 : 3000;
    const w = (2 * Math.PI * hz) / sampleRate;
    const phase = 0.3;
    if (rms * Math.SQRT2 <= 0.999) {
      const peak = rms * Math.SQRT2;
      for (let i = 0; i < n; i++) x[i] = peak * Math.sin(w * i + phase);
    } else {
      for (let i = 0; i < n; i++) x[i] = Math.sin(w * i + phase) >= 0 ? rms : -rms;
    }
    return x;
  }
  if (band === 'high') {
    for (let i = 0; i < n; i++) x[i] = rand() < 0.5 ? -rms : rms;
    return x;
  }
  // mid hiss: sign of band-passed noise (two one-pole high-passes at 300 Hz, two low-passes at 1500 Hz).
  const hp = Math.exp((-2 * Math.PI * 300) / sampleRate);
  const lp = Math.exp((-2 * Math.PI * 1500) / sampleRate);
  let h1 = 0, h2 = 0, px = 0, p1 = 0, l1 = 0, l2 = 0;
  for (let i = -256; i < n; i++) {
    const v = 2 * rand() - 1;
    h1 = hp * (h1 + v - px);
    px = v;
    const y2 = hp * (h2 + h1 - p1);
    p1 = h1;
    h2 = y2;
    l1 = (1 - lp) * h2 + lp * l1;
    l2 = (1 - lp) * l1 + lp * l2;
    if (i >= 0) x[i] = l2 >= 0 ? rms : -rms;
  }
  return x;
}

/** soundPrimitiveClip for a static sound key such as `0.7_mid_hiss` (null if the key is malformed). */
export function soundKeyClip(key: string, seconds = 1, sampleRate = CLIP_SAMPLE_RATE, seed = 1): Float32Array | null {
  const m = /^(0\.\d|1\.0)_(silent|low|mid|high)_(silence|rumble|tone|hiss)$/.exec(key);
  if (!m) return null;
  const band = Math.round(Number(m[1]) * 10);
  if (m[2] === 'silent') return m[3] === 'silence' ? soundPrimitiveClip('silence', band, seconds, sampleRate) : null;
  if (m[3] === 'silence') return null;
  try {
    return soundPrimitiveClip(m[3] as SoundPrimitive, band, seconds, sampleRate, m[2] as SoundBand, seed);
  } catch {
    return null;
  }
}
