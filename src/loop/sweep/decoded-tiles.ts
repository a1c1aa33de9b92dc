import { lastValueFrom, reduce } from 'rxjs';
import { ffmpegChunks } from '../../media/chunks.js';
import type { FfmpegBinary } from '../../media/ffmpeg.js';
import { inputDecoderArgs, type MediaInfo } from '../../media/probe.js';
import { tileMeans, type Rgba, type TileLayout } from './tiles.js';

/** Pixels left out at each tile edge, where a lossy codec blends a tile with its neighbours. */
export const TILE_INSET = 4;

/** Decodes a sweep clip and reads the interior mean of every tile, frame after frame, in painting order. */
export function decodedTiles(info: MediaInfo, layout: TileLayout, ffmpeg: FfmpegBinary, stallMs: number): Promise<Rgba[]> {
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error', ...inputDecoderArgs(info), '-i', info.file, '-map', '0:v:0',
    '-vsync', '0', '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1',
  ];
  const chunks = ffmpegChunks({ ffmpeg: ffmpeg.path, args, chunkBytes: layout.width * layout.height * 4, slots: 2, stallMs, label: info.file });
  return lastValueFrom(chunks.pipe(reduce((tiles: Rgba[], chunk) => {
    tiles.push(...tileMeans(chunk.view, layout, TILE_INSET));
    chunk.release();
    return tiles;
  }, [])));
}
