import { FrameHistogram } from './histogram.js';

/** What one frame yields: its mean RGBA and its dominant cells (mean RGBA and pixel count each). */
export interface FrameAnalysis {
  pixels: number;
  /** Mean r, g, b, a (0–255) over all pixels. */
  mean: [number, number, number, number];
  /** Cells holding at least `minShare` of the pixels: [r, g, b, a, count], means in 0–255. */
  dominant: Array<[number, number, number, number, number]>;
}

/** Frame color and dominant cells of one straight-RGBA frame (SPEC: static color). */
export function analyzeFrame(histogram: FrameHistogram, frame: Uint8Array, minShare: number): FrameAnalysis {
  histogram.reset();
  histogram.add(frame);
  const pixels = histogram.pixels;
  const [r, g, b, a] = histogram.totals;
  const threshold = minShare * pixels;
  const dominant: FrameAnalysis['dominant'] = [];
  for (const cell of histogram.cells()) {
    if (cell.count >= threshold) dominant.push([cell.r / cell.count, cell.g / cell.count, cell.b / cell.count, cell.a / cell.count, cell.count]);
  }
  return { pixels, mean: [r / pixels, g / pixels, b / pixels, a / pixels], dominant };
}
