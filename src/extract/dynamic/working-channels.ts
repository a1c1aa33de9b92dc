/**
 * The working-resolution channels of one frame (visual-prep.ts): box-filtered luma and the motion
 * channel (luma + MOTION_CHROMA × saturation range), in one pass.
 *
 * This is the JavaScript kernel; native/motion.cc holds its twin (same arithmetic, in the same
 * order, in doubles, so both give bit-identical results). kernels.ts picks one.
 */
import { luma as lumaOf } from '../../model/color.js';

/** Weight of saturation in the motion channel. */
export const MOTION_CHROMA = 0.5;

/**
 * Fills luma and motion (w × h, working resolution) from one RGBA frame srcW pixels wide, each
 * working pixel the mean of a factor × factor box.
 */
export type WorkingChannelsKernel = (frame: Uint8Array, srcW: number, factor: number, w: number, h: number, luma: Float32Array, motion: Float32Array) => void;

export const workingChannelsJs: WorkingChannelsKernel = (frame, srcW, factor, w, h, luma, motion) => {
  const norm = 1 / (factor * factor);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let l = 0, c = 0;
      for (let j = 0; j < factor; j++) {
        let p = ((y * factor + j) * srcW + x * factor) * 4;
        for (let i = 0; i < factor; i++, p += 4) {
          const r = frame[p], g = frame[p + 1], b = frame[p + 2];
          const hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
          const lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
          l += lumaOf(r, g, b);
          c += hi - lo;
        }
      }
      luma[y * w + x] = l * norm;
      motion[y * w + x] = (l + MOTION_CHROMA * c) * norm;
    }
  }
};
