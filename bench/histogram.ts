/**
 * JS vs native quantized RGBA histogram (src/extract/color/histogram.ts).
 *
 *   node dist/bench/histogram.js [--frames 200] [--warmup 30]
 *
 * Per size, times `add(frame)` + `reset()` (the per-frame cost in the pipeline) over a cycle of
 * 8 distinct frames: a noisy diagonal gradient with some alpha variation, so a frame touches a
 * few hundred cells as decoded video does; and, as the worst case (every pixel a random cell,
 * ~all 27,951 cells touched), uniform random bytes (`*_random` keys). Prints the median ms per
 * frame for each kernel and the speedup; the last line is JSON.
 */
import { FrameHistogram, nativeHistogramStatus, type HistogramImplementation } from '../src/extract/color/histogram.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const FRAMES = arg('frames', 200);
const WARMUP = arg('warmup', 30);

function makeFrame(w: number, h: number, seed: number): Uint8Array {
  let s = (seed * 2654435761) >>> 0;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) & 255;
  };
  const f = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const n = (rand() & 31) - 16;
      const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
      f[i] = clamp(((x * 255) / w + seed * 17 + n) & 255);
      f[i + 1] = clamp((y * 255) / h + n);
      f[i + 2] = clamp((((x + y) * 255) / (w + h)) + (rand() & 15));
      f[i + 3] = (x >> 5) % 4 === 0 ? clamp(255 - (rand() & 63)) : 255;
    }
  }
  return f;
}

function randomFrame(w: number, h: number, seed: number): Uint8Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const f = new Uint8Array(w * h * 4);
  const words = new Uint32Array(f.buffer);
  for (let i = 0; i < words.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    words[i] = s >>> 0;
  }
  return f;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(impl: HistogramImplementation, frames: Uint8Array[]): number {
  const h = new FrameHistogram({ implementation: impl });
  for (let i = 0; i < WARMUP; i++) {
    h.add(frames[i % frames.length]);
    h.reset();
  }
  const ms: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    const frame = frames[i % frames.length];
    const t0 = process.hrtime.bigint();
    h.add(frame);
    h.reset();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ms);
}

const round = (v: number, d = 3) => Number(v.toFixed(d));
const status = nativeHistogramStatus();
if (!status.available) console.log(`native addon unavailable (${status.reason}): JS only`);

const result: Record<string, string | number | null> = { bench: 'histogram', frames: FRAMES };
const cases = [
  ['512', 512, 512, makeFrame],
  ['720p', 1280, 720, makeFrame],
  ['512_random', 512, 512, randomFrame],
  ['720p_random', 1280, 720, randomFrame],
] as const;
for (const [label, w, h, make] of cases) {
  const frames = Array.from({ length: 8 }, (_, i) => make(w, h, i + 1));
  const js = time('js', frames);
  const native = status.available ? time('native', frames) : null;
  const speedup = native ? js / native : null;
  console.log(
    `${w}x${h}${label.endsWith('random') ? ' random' : ''}: js ${js.toFixed(3)} ms/frame` +
      (native !== null ? `, native ${native.toFixed(3)} ms/frame, speedup ${speedup!.toFixed(2)}x` : ''),
  );
  result[`js_ms_${label}`] = round(js);
  result[`native_ms_${label}`] = native === null ? null : round(native);
  result[`speedup_${label}`] = speedup === null ? null : round(speedup, 2);
}
console.log(JSON.stringify(result));
