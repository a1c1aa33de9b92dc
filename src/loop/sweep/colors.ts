import { join } from 'node:path';
import { encodeFrames, type VideoCodec } from '../../create/encode.js';
import { MotionRegistryError } from '../../base/errors.js';
import { OPAQUE_STEP, parseColorKey, type ColorCell } from '../../model/color.js';
import { COLOR_DOMAIN } from '../../model/registries.js';
import type { LoopRuntime } from '../runtime.js';
import type { WorkOrder } from '../order.js';
import type { Recipe, WorkRuntime } from '../recipe.js';
import { CodecShift, correctedAim } from './codec-shift.js';
import { decodedTiles } from './decoded-tiles.js';
import { positive, runSweep, SWEEP_ATTEMPTS, type SweepClip, type SweepDefinition, type SweepProgress, type SweepReport } from './driver.js';
import { missingKeys, pickKeys } from './keys.js';
import { framesFor, paintFrames, tileLayout, type Rgba, type TileLayout } from './tiles.js';

export type SweepCodec = VideoCodec;
export const SWEEP_CODECS: readonly SweepCodec[] = ['qtrle', 'h264', 'vp9'];


export interface FrameLayout {
  width: number;
  height: number;
  /** Side of one square tile in pixels. */
  tile: number;
}

/**
 * Lossless QTRLE keeps every pixel, so small tiles carry many cells per frame; lossy codecs blend
 * tile edges and need tiles whose interiors (aligned to their 16-pixel blocks) stay flat.
 */
export const DEFAULT_LAYOUTS: Readonly<Record<SweepCodec, FrameLayout>> = {
  qtrle: { width: 256, height: 256, tile: 8 },
  h264: { width: 512, height: 512, tile: 32 },
  vp9: { width: 512, height: 512, tile: 32 },
};

/** A cell is dominant in a sweep frame when it holds half a tile's pixels. */
const TILE_SHARE_FOR_DOMINANT = 0.5;

export interface ColorSweepOptions {
  /** `qtrle` (lossless, alpha; default), `h264` (yuv420p: opaque cells only) or `vp9` (yuva420p). */
  codec?: SweepCodec;
  /** Cells to sweep (default: every color cell not yet observed). */
  keys?: string[];
  /** Sweep at most this many cells. */
  limit?: number;
  /** Clips per cell at most: cells a codec pushed into another cell are aimed again (default 2). */
  attempts?: number;
  layout?: FrameLayout;
  /** Frames per clip, one job each (default 8). */
  framesPerClip?: number;
  fps?: number;
  /** The codec's learned color shift to start from and keep learning into (default: a fresh one). */
  shift?: CodecShift;
  onProgress?: (progress: SweepProgress) => void;
}

/** What a sweep tile was painted with: the cell it aims at and the RGBA written. */
export interface SweepTile {
  key: string;
  rgba: Rgba;
}

export function sweepCodec(name: string): SweepCodec {
  if ((SWEEP_CODECS as readonly string[]).includes(name)) return name as SweepCodec;
  throw new MotionRegistryError('INPUT_INVALID', `unknown sweep codec ${JSON.stringify(name)}; use one of ${SWEEP_CODECS.join(', ')}`,
    { codec: name, allowed: [...SWEEP_CODECS] });
}

/**
 * Fills static color cells with tiled clips: many target colors per frame, painted at cell
 * centres straight into RGBA (no canvas: premultiplied alpha would lose color at low opacity).
 * Through a lossy codec each clip is decoded once more to measure where every tile landed: the
 * shift learned aims the next clips, and a missed cell is aimed again from its own miss.
 */
export async function sweepColors(rt: LoopRuntime, options: ColorSweepOptions = {}): Promise<SweepReport> {
  return runSweep(rt, await colorSweep(rt, options));
}

/** A color sweep's cells and clips, ready to run (or to take one clip of, as one scheduled job). */
export async function colorSweep(rt: LoopRuntime, options: ColorSweepOptions = {}): Promise<SweepDefinition> {
  const codec = sweepCodec(options.codec ?? 'qtrle');
  const layout = checkedLayout(options.layout ?? DEFAULT_LAYOUTS[codec]);
  const framesPerClip = positive('framesPerClip', options.framesPerClip ?? 8);
  const fps = positive('fps', options.fps ?? 24);
  const lossy = codec !== 'qtrle';
  const shift = options.shift ?? new CodecShift();
  const units = rt.targets.domain('static_color', COLOR_DOMAIN)!.units;

  const requested = options.keys ?? await missingKeys(rt, 'static_color', COLOR_DOMAIN);
  const cells = new Map<string, ColorCell>();
  for (const key of requested) {
    const cell = parseColorKey(key);
    if (cell === null) throw new MotionRegistryError('INPUT_INVALID', `not a static color key: ${JSON.stringify(key)} (keys look like 100,100,150_1.0)`, { key });
    cells.set(key, cell);
  }
  // H.264 yuv420p has no alpha plane: only opaque cells can be reached through it.
  const reachable = (key: string) => codec !== 'h264' || cells.get(key)!.step === OPAQUE_STEP;
  const { keys, skipped } = pickKeys(units, cells.keys(), reachable, options.limit === undefined ? undefined : positive('limit', options.limit));

  const lastTry = new Map<string, { aimed: Rgba; decoded: Rgba }>();
  const aimOf = (key: string): Rgba => {
    const cell = cells.get(key)!;
    const last = lastTry.get(key);
    return last ? correctedAim(cell, last.aimed, last.decoded) : shift.aimFor(cell);
  };

  const perClip = framesPerClip * layout.perFrame;

  function* clips(pending: string[], attempt: number): Generator<SweepClip> {
    for (let first = 0; first < pending.length; first += perClip) {
      const batch = pending.slice(first, first + perClip);
      // Aimed only now, so each clip uses the shift measured in the clips before it.
      const tiles: SweepTile[] = batch.map((key) => ({ key, rgba: aimOf(key) }));
      const spec: ColorSweepSpec = { kind: 'colors', codec, attempt, layout: { width: layout.width, height: layout.height, tile: layout.tile }, fps, tiles };
      yield {
        keys: batch,
        plan: { spec, prompt: `color sweep: ${batch.length} cells`, seed: attempt, video_seconds: framesFor(tiles.length, layout) / fps },
        steps: lossy ? {
          learn: (measured) => {
            const decoded = measured as Array<Rgba | null>;
            tiles.forEach((tile, i) => {
              if (!decoded[i]) return;
              shift.measure(cells.get(tile.key)!, tile.rgba, decoded[i]);
              lastTry.set(tile.key, { aimed: tile.rgba, decoded: decoded[i] });
            });
          },
        } : {},
      };
    }
  }

  return {
    kind: 'colors', codec, registry: 'static_color', domain: COLOR_DOMAIN, keys, skipped,
    attempts: positive('attempts', options.attempts ?? SWEEP_ATTEMPTS), clips, onProgress: options.onProgress,
  };
}

/** A color sweep clip as stored with its job: every tile's aimed RGBA, in painting order. */
export interface ColorSweepSpec {
  kind: 'colors';
  codec: SweepCodec;
  attempt: number;
  layout: FrameLayout;
  fps: number;
  tiles: SweepTile[];
}

export const isColorSweepSpec = (spec: unknown): spec is ColorSweepSpec => (spec as { kind?: unknown } | null)?.kind === 'colors';

/**
 * Paints the tiles at cell centres straight into RGBA and encodes them; a sweep frame's cells
 * need only half a tile to be dominant. Through a lossy codec the clip is decoded once more to
 * measure where every tile landed.
 */
export function colorSweepRecipe(rt: WorkRuntime, order: WorkOrder, spec: ColorSweepSpec): Recipe {
  const codec = sweepCodec(spec.codec);
  const layout = checkedLayout(spec.layout);
  const minShare = (TILE_SHARE_FOR_DOMINANT * layout.tile * layout.tile) / (layout.width * layout.height);
  const stallMs = rt.config.pipeline.stall_timeout_seconds * 1000;
  return {
    render: (signal) => encodeFrames(
      paintFrames(spec.tiles.map((t) => t.rgba), layout),
      { width: layout.width, height: layout.height, fps: spec.fps, alpha: codec !== 'h264' },
      join(rt.clipDir, `sweep-colors-${order.job.id}`),
      { ffmpeg: rt.ffmpeg, alphaCodec: codec === 'vp9' ? 'vp9' : 'qtrle', signal },
    ),
    extract: { minShare, maxFrames: 0, sampleEvery: 1, secondPass: false, dynamic: false },
    ...(codec !== 'qtrle' ? { measure: (extraction) => decodedTiles(extraction.info, layout, rt.ffmpeg, stallMs) } : {}),
  };
}

function checkedLayout(layout: FrameLayout): TileLayout {
  const { width, height, tile } = layout;
  if (![width, height, tile].every((v) => Number.isInteger(v) && v > 0) || width % 2 || height % 2 || tile > Math.min(width, height)) {
    throw new MotionRegistryError('INPUT_INVALID', `sweep frames must have even sides and hold at least one tile: ${width}x${height}, tile ${tile}`, { ...layout });
  }
  return tileLayout(width, height, tile);
}
