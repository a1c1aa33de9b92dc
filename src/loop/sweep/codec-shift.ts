import { VALUES } from '../../base/values.js';
import { binCentre, OPACITY_LEVELS, OPACITY_STEPS, type ColorCell } from '../../model/color.js';
import type { Rgba } from './tiles.js';

const { channel_step: STEP, channel_levels: LEVELS } = VALUES.static_color;
const N = LEVELS.length;

/** Where a cell's decoded pixels should land: its bin centre (alpha: the step's exact byte). */
export function cellCentre(cell: ColorCell): Rgba {
  return [binCentre(cell.r), binCentre(cell.g), binCentre(cell.b), (cell.step * 255) / OPACITY_STEPS];
}

const gridIndex = (cell: ColorCell) => ((cell.r / STEP) * N + cell.g / STEP) * N + cell.b / STEP;
const gridAxis = (of: (i: number) => number) => Int8Array.from({ length: N ** 3 }, (_, i) => of(i));
const GRID_R = gridAxis((i) => Math.floor(i / (N * N)));
const GRID_G = gridAxis((i) => Math.floor(i / N) % N);
const GRID_B = gridAxis((i) => i % N);

/**
 * A lossy codec's color shift (decoded − aimed), learned from decoded sweep tiles: RGB per cell of
 * the 11³ channel grid (a codec's YUV round trip mixes the channels, so the shift depends on the
 * whole color), alpha per opacity step (the alpha plane is coded on its own). A grid point never
 * measured takes the shift of the nearest one that was; before any measurement the shift is zero.
 */
export class CodecShift {
  private readonly rgb = new Float64Array(N ** 3 * 3);
  private readonly rgbCount = new Uint32Array(N ** 3);
  private readonly alpha = new Float64Array(OPACITY_LEVELS);
  private readonly alphaCount = new Uint32Array(OPACITY_LEVELS);
  private filled: Int32Array | null = null;

  /** One tile: the cell it was aimed at, the RGBA it was painted with, the mean of its decoded interior. */
  measure(cell: ColorCell, aimed: Rgba, decoded: Rgba): void {
    const i = gridIndex(cell);
    const n = this.rgbCount[i]++;
    for (let c = 0; c < 3; c++) this.rgb[i * 3 + c] += (decoded[c] - aimed[c] - this.rgb[i * 3 + c]) / (n + 1);
    const m = this.alphaCount[cell.step]++;
    this.alpha[cell.step] += (decoded[3] - aimed[3] - this.alpha[cell.step]) / (m + 1);
    this.filled = null;
  }

  get measured(): number {
    let n = 0;
    for (const count of this.rgbCount) n += count;
    return n;
  }

  /** The expected shift of a tile aimed at `cell`'s centre. */
  shiftOf(cell: ColorCell): Rgba {
    const source = this.nearestMeasured()[gridIndex(cell)];
    const rgb = source < 0 ? [0, 0, 0] : [this.rgb[source * 3], this.rgb[source * 3 + 1], this.rgb[source * 3 + 2]];
    return [rgb[0], rgb[1], rgb[2], this.alphaCount[cell.step] > 0 ? this.alpha[cell.step] : 0];
  }

  /** The RGBA bytes to paint so that the decoded tile lands on the cell's centre. */
  aimFor(cell: ColorCell): Rgba {
    const centre = cellCentre(cell);
    const shift = this.shiftOf(cell);
    return clampRgba([centre[0] - shift[0], centre[1] - shift[1], centre[2] - shift[2], centre[3] - shift[3]]);
  }

  /** Per grid point, the nearest measured grid point (itself when measured), or −1 when none is. */
  private nearestMeasured(): Int32Array {
    if (this.filled) return this.filled;
    const measured: number[] = [];
    for (let i = 0; i < this.rgbCount.length; i++) if (this.rgbCount[i] > 0) measured.push(i);
    const filled = new Int32Array(N ** 3).fill(-1);
    for (let i = 0; i < filled.length; i++) {
      let best = Infinity;
      for (const j of measured) {
        const d = (GRID_R[i] - GRID_R[j]) ** 2 + (GRID_G[i] - GRID_G[j]) ** 2 + (GRID_B[i] - GRID_B[j]) ** 2;
        if (d < best) { best = d; filled[i] = j; }
        if (d === 0) break;
      }
    }
    this.filled = filled;
    return filled;
  }
}

export function clampRgba(v: readonly number[]): Rgba {
  const c = (x: number) => Math.min(255, Math.max(0, Math.round(x)));
  return [c(v[0]), c(v[1]), c(v[2]), c(v[3])];
}

/** Aim for a retry: the last aim moved by how far the decoded tile missed the centre. */
export function correctedAim(cell: ColorCell, aimed: Rgba, decoded: Rgba): Rgba {
  const centre = cellCentre(cell);
  return clampRgba(centre.map((target, c) => aimed[c] + target - decoded[c]));
}
