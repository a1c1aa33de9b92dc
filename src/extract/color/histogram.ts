/**
 * Per-frame quantized RGBA histogram for the static color registry (SPEC §3.1).
 *
 * Two kernels with identical results: the N-API addon `build/Release/motion_native.node`
 * (native/histogram.cc) and a JavaScript loop (below). Quantization, per pixel of straight
 * (not premultiplied) RGBA:
 *
 * - channel level  `level(c) = min(10, floor(c / 25))` for r, g, b → 0…10 (250–255 → 10);
 * - opacity step   `round(a * 20 / 255)` → 0…20 (`opacityStep` of the byte's opacity, in the
 *   model); the native kernel computes it as `floor((a * 40 + 255) / 510)` in integer arithmetic.
 *   (`a * 40` is even and `255 * odd` is odd, so an exact half never occurs and both agree.)
 * - cell index     `((rLevel * 11 + gLevel) * 11 + bLevel) * 21 + step` → 0…27,950.
 *
 * Per cell the histogram keeps the pixel count and the sums of r, g, b, a (mean = sum / count).
 * Sums are Float64 (exact integers up to 2^53), so any frame size and any number of accumulated
 * frames is exact; uint32 sums would overflow for a single-colour frame above 16.8 M pixels.
 */
import { VALUES } from '../../base/values.js';
import { byteOpacity, COLOR_SPACE_SIZE, OPACITY_LEVELS, opacityStep } from '../../model/color.js';
import { KernelFamily, type KernelImplementation } from '../native-addon.js';

export const CHANNEL_LEVELS = VALUES.static_color.channel_levels.length;
export const HISTOGRAM_CELLS = COLOR_SPACE_SIZE;
/** Channel bytes per level, and the top level (which takes the bytes past the last whole step). */
const CHANNEL_STEP = VALUES.static_color.channel_step;
const TOP_CHANNEL_LEVEL = CHANNEL_LEVELS - 1;
/** The grid native/histogram.cc is compiled for. */
const NATIVE_GRID = { channelLevels: 11, opacityLevels: 21, channelStep: 25 } as const;
if (CHANNEL_LEVELS !== NATIVE_GRID.channelLevels || OPACITY_LEVELS !== NATIVE_GRID.opacityLevels || CHANNEL_STEP !== NATIVE_GRID.channelStep) {
  // The native kernel hard-codes this grid; a different grid in config/origins.json needs a rebuilt kernel.
  throw new Error('the histogram kernels support the 11-level, 21-step color grid only');
}

export type HistogramImplementation = KernelImplementation;

/** One non-empty cell: its index, pixel count and channel sums (divide by `count` for means). */
export interface HistogramCell {
  index: number;
  count: number;
  r: number;
  g: number;
  b: number;
  a: number;
}

export interface DecodedCell {
  rLevel: number;
  gLevel: number;
  bLevel: number;
  step: number;
}

/** Channel level 0…TOP_CHANNEL_LEVEL of a channel byte. */
export function channelLevel(c: number): number {
  const level = Math.floor(c / CHANNEL_STEP);
  return level > TOP_CHANNEL_LEVEL ? TOP_CHANNEL_LEVEL : level;
}

export function cellIndex(rLevel: number, gLevel: number, bLevel: number, step: number): number {
  return ((rLevel * CHANNEL_LEVELS + gLevel) * CHANNEL_LEVELS + bLevel) * OPACITY_LEVELS + step;
}

/** Cell index of one RGBA pixel (bytes). */
export function pixelCellIndex(r: number, g: number, b: number, a: number): number {
  return cellIndex(channelLevel(r), channelLevel(g), channelLevel(b), opacityStep(byteOpacity(a)));
}

export function decodeCellIndex(index: number): DecodedCell {
  if (!Number.isInteger(index) || index < 0 || index >= HISTOGRAM_CELLS) {
    throw new RangeError(`histogram cell index out of range: ${index}`);
  }
  const step = index % OPACITY_LEVELS;
  let rest = (index - step) / OPACITY_LEVELS;
  const bLevel = rest % CHANNEL_LEVELS;
  rest = (rest - bLevel) / CHANNEL_LEVELS;
  const gLevel = rest % CHANNEL_LEVELS;
  const rLevel = (rest - gLevel) / CHANNEL_LEVELS;
  return { rLevel, gLevel, bLevel, step };
}

// Lookup tables: per byte value, the contribution to the cell index.
const R_PART = new Uint16Array(256);
const G_PART = new Uint16Array(256);
const B_PART = new Uint16Array(256);
const A_PART = new Uint16Array(256);
for (let c = 0; c < 256; c++) {
  const level = channelLevel(c);
  R_PART[c] = level * CHANNEL_LEVELS * CHANNEL_LEVELS * OPACITY_LEVELS;
  G_PART[c] = level * CHANNEL_LEVELS * OPACITY_LEVELS;
  B_PART[c] = level * OPACITY_LEVELS;
  A_PART[c] = opacityStep(byteOpacity(c));
}

type Frame = Uint8Array | Uint8ClampedArray;

/**
 * Kernel contract (both implementations): accumulate `frame` into counts/sums/totals; append
 * every cell whose count goes 0 → >0 to `touched` from `touchedCount`; return the new count.
 * Counts must be zero for every cell not listed in `touched[0 … touchedCount)`.
 */
type Kernel = (
  frame: Frame,
  counts: Uint32Array,
  sums: Float64Array,
  touched: Uint16Array,
  touchedCount: number,
  totals: Float64Array,
) => number;

const jsKernel: Kernel = (frame, counts, sums, touched, touchedCount, totals) => {
  let n = touchedCount;
  let tr = 0;
  let tg = 0;
  let tb = 0;
  let ta = 0;
  const length = frame.length;
  for (let i = 0; i < length; i += 4) {
    const r = frame[i];
    const g = frame[i + 1];
    const b = frame[i + 2];
    const a = frame[i + 3];
    const cell = R_PART[r] + G_PART[g] + B_PART[b] + A_PART[a];
    if (counts[cell]++ === 0 && n < HISTOGRAM_CELLS) touched[n++] = cell;
    const s = cell << 2;
    sums[s] += r;
    sums[s + 1] += g;
    sums[s + 2] += b;
    sums[s + 3] += a;
    tr += r;
    tg += g;
    tb += b;
    ta += a;
  }
  totals[0] += tr;
  totals[1] += tg;
  totals[2] += tb;
  totals[3] += ta;
  return n;
};

// ---------------------------------------------------------------------------------------------
// Loading the addon

const family = new KernelFamily<Kernel>('histogram', jsKernel, (addon) =>
  typeof addon.histogram === 'function' && addon.cells === HISTOGRAM_CELLS ? addon.histogram as Kernel : null);

/** Whether the addon can be loaded (loading it if not tried yet), with the reason if not. */
export const nativeHistogramStatus = () => family.status();

/** The kernel `FrameHistogram.add` uses by default (decided, and said if need be, once). */
export const histogramImplementation = (): HistogramImplementation => family.implementation();

/** Select the default kernel for this process (tests, benchmarks); 'native' throws with the reason when the addon cannot load. */
export const setHistogramImplementation = (impl: HistogramImplementation): void => family.select(impl);

const kernelFor = (impl: HistogramImplementation): Kernel => family.kernels(impl);

// ---------------------------------------------------------------------------------------------

export interface FrameHistogramOptions {
  /** Pin this instance to one kernel; by default it follows `histogramImplementation()`. */
  implementation?: HistogramImplementation;
}

/**
 * A reusable histogram: `add()` one or more frames, read `cells()`, `totals`, `pixels`, then
 * `reset()` (which zeroes only the cells that were touched). Nothing is allocated per frame.
 */
export class FrameHistogram {
  /** Pixel count per cell (index as documented above). Read-only for callers. */
  readonly counts = new Uint32Array(HISTOGRAM_CELLS);
  /** Sums of r, g, b, a per cell at `index * 4 + 0…3`. Read-only for callers. */
  readonly sums = new Float64Array(HISTOGRAM_CELLS * 4);
  private readonly touched = new Uint16Array(HISTOGRAM_CELLS);
  private readonly totalsArray = new Float64Array(4);
  private touchedCount = 0;
  private pixelCount = 0;
  private readonly pinned: HistogramImplementation | undefined;

  constructor(options: FrameHistogramOptions = {}) {
    this.pinned = options.implementation;
    if (this.pinned === 'native') kernelFor('native'); // fail early
  }

  /** The kernel the next `add()` will use. */
  get implementation(): HistogramImplementation {
    return this.pinned ?? histogramImplementation();
  }

  /** Accumulate one frame of straight RGBA bytes (length a multiple of 4). */
  add(frame: Uint8Array | Uint8ClampedArray): void {
    if (frame.length % 4 !== 0) {
      throw new RangeError(`frame length ${frame.length} is not a multiple of 4 (RGBA)`);
    }
    const kernel = kernelFor(this.implementation);
    this.touchedCount = kernel(
      frame,
      this.counts,
      this.sums,
      this.touched,
      this.touchedCount,
      this.totalsArray,
    );
    this.pixelCount += frame.length >>> 2;
  }

  /** Pixels accumulated since the last reset. */
  get pixels(): number {
    return this.pixelCount;
  }

  /** Number of non-empty cells. */
  get size(): number {
    return this.touchedCount;
  }

  /** Sums of r, g, b, a over all accumulated pixels (divide by `pixels` for the mean color). */
  get totals(): [r: number, g: number, b: number, a: number] {
    const t = this.totalsArray;
    return [t[0], t[1], t[2], t[3]];
  }

  /** Indices of the non-empty cells, in order of first appearance (a view, valid until reset). */
  touchedIndices(): Uint16Array {
    return this.touched.subarray(0, this.touchedCount);
  }

  /** Non-empty cells in order of first appearance, with count and channel sums. */
  *cells(): IterableIterator<HistogramCell> {
    const { counts, sums, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      const index = touched[i];
      const s = index * 4;
      yield { index, count: counts[index], r: sums[s], g: sums[s + 1], b: sums[s + 2], a: sums[s + 3] };
    }
  }

  /** Zero the touched cells, totals and pixel count. */
  reset(): void {
    const { counts, sums, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      const index = touched[i];
      counts[index] = 0;
      const s = index * 4;
      sums[s] = 0;
      sums[s + 1] = 0;
      sums[s + 2] = 0;
      sums[s + 3] = 0;
    }
    this.touchedCount = 0;
    this.pixelCount = 0;
    this.totalsArray.fill(0);
  }
}
