/** RGBA with channels and alpha as bytes 0–255 (straight, not premultiplied). */
export type Rgba = readonly [number, number, number, number];

/** How a sweep frame is cut into square tiles, row by row. */
export interface TileLayout {
  width: number;
  height: number;
  /** Side of one tile in pixels. */
  tile: number;
  columns: number;
  rows: number;
  /** Tiles per frame. */
  perFrame: number;
}

export function tileLayout(width: number, height: number, tile: number): TileLayout {
  const columns = Math.floor(width / tile);
  const rows = Math.floor(height / tile);
  return { width, height, tile, columns, rows, perFrame: columns * rows };
}

/** Frames needed for `count` tiles. */
export const framesFor = (count: number, layout: TileLayout) => Math.ceil(count / layout.perFrame);

const clampByte = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * Paints the colors as tiles, `perFrame` to a frame, written straight into the RGBA bytes.
 * Slots left over in the last frame repeat that frame's colors, so no tile shows a color that
 * was not asked for. One buffer is reused: each frame is valid until the next is taken.
 */
export function* paintFrames(colors: readonly Rgba[], layout: TileLayout): Generator<Uint8Array> {
  const { width, height, tile, columns, perFrame } = layout;
  const frame = new Uint8Array(width * height * 4);
  const pixel = new Uint8Array(4);
  const fill = new Uint32Array(pixel.buffer);
  const words = new Uint32Array(frame.buffer);
  for (let first = 0; first < colors.length; first += perFrame) {
    const inFrame = Math.min(perFrame, colors.length - first);
    for (let slot = 0; slot < perFrame; slot++) {
      const color = colors[first + (slot % inFrame)];
      for (let c = 0; c < 4; c++) pixel[c] = clampByte(color[c]);
      const x0 = (slot % columns) * tile;
      const y0 = Math.floor(slot / columns) * tile;
      for (let y = y0; y < y0 + tile; y++) words.fill(fill[0], y * width + x0, y * width + x0 + tile);
    }
    yield frame;
  }
}

/** Mean RGBA of each tile's interior (`inset` pixels in from every edge, where codecs blend neighbours). */
export function tileMeans(frame: Uint8Array, layout: TileLayout, inset: number): Rgba[] {
  const { width, tile, columns, perFrame } = layout;
  const out: Rgba[] = [];
  for (let slot = 0; slot < perFrame; slot++) {
    const x0 = (slot % columns) * tile + inset;
    const y0 = Math.floor(slot / columns) * tile + inset;
    const side = tile - 2 * inset;
    const sum = [0, 0, 0, 0];
    for (let y = y0; y < y0 + side; y++) {
      for (let o = (y * width + x0) * 4, end = o + side * 4; o < end; o += 4) {
        sum[0] += frame[o];
        sum[1] += frame[o + 1];
        sum[2] += frame[o + 2];
        sum[3] += frame[o + 3];
      }
    }
    const n = side * side;
    out.push([sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n]);
  }
  return out;
}
