import { lastValueFrom, mergeMap, filter, defaultIfEmpty, type Observable } from 'rxjs';
import type { Config } from '../config/schema.js';
import { MotionRegistryError } from '../errors/catalogue.js';
import { ffmpegChunks, type Chunk } from './chunks.js';
import { ffmpegSupports, type FfmpegBinary } from './ffmpeg.js';
import { probeMedia, inputDecoderArgs, type MediaInfo } from './probe.js';
import { frameIndex, inPass, samplingPlan, selectFilter, type Pass, type SamplingOverrides } from './sampling.js';
import { ObservationFold, type FoldedCell } from './fold.js';
import type { DynamicValue } from './dynamic/types.js';
import type { ExtractionPool } from './pool.js';

/** For audio-only input an instant is 1/24 s. */
export const AUDIO_ONLY_FPS = 24;

export interface ExtractProgress {
  file: string;
  frames: number;
  instants: number;
  /** Frames the plan expects (null when the duration is unknown). */
  expectedFrames: number | null;
}

export interface ExtractContext {
  config: Config;
  pool: ExtractionPool;
  ffmpeg: FfmpegBinary;
  onProgress?: (progress: ExtractProgress) => void;
  /** Aborting kills the decoders: the extraction fails with JOB_CANCELLED. */
  signal?: AbortSignal;
}

export interface ExtractOptions extends SamplingOverrides {
  /** The prompt the clip was made from: kept with its color entries. */
  prompt?: string;
  /** The spec the clip was rendered from: its mood completes the tempo × mood × presence cells. */
  mood?: string;
  /** Per-window dynamic analysis (default true). */
  dynamic?: boolean;
  /** Per-frame and per-instant static analysis (default true). */
  static?: boolean;
  /** Share of a frame's pixels that makes a cell dominant (default `color.min_share`); tiled sweep frames need less. */
  minShare?: number;
}

export interface FileExtraction {
  file: string;
  info: MediaInfo;
  frames: number;
  instants: number;
  windows: number;
  seconds: number;
  /** One folded observation per observed cell, with its key and count. */
  cells: FoldedCell[];
}

const BASE_ARGS = ['-hide_banner', '-nostdin', '-v', 'error', '-xerror'];

/** Decoder options for the input; alpha in VP8/VP9 needs libvpx, or it would be lost silently. */
async function decoderArgs(file: string, info: MediaInfo, ffmpeg: FfmpegBinary): Promise<string[]> {
  const args = inputDecoderArgs(info);
  if (args.length > 0 && !(await ffmpegSupports(ffmpeg, args[1], 'decoder'))) {
    throw new MotionRegistryError('DECODE_FAILED', `${file}: its alpha plane needs ffmpeg's ${args[1]} decoder, which ${ffmpeg.path} lacks`);
  }
  return args;
}

function videoArgs(file: string, decoder: string[], pass: Pass): string[] {
  const select = selectFilter(pass);
  return [
    ...BASE_ARGS,
    ...decoder,
    '-i', file, '-map', '0:v:0',
    ...(select ? ['-vf', select] : []),
    '-vsync', '0', '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1',
  ];
}

const chunkBytesOf = (samples: number) => samples * 4;

function windowArgs(file: string, decoder: string[], width: number, height: number): string[] {
  return [
    ...BASE_ARGS, ...decoder, '-i', file, '-map', '0:v:0',
    '-vf', `scale=${width}:${height}:flags=area`, '-vsync', '0', '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1',
  ];
}

function audioArgs(file: string, sampleRate: number): string[] {
  return [...BASE_ARGS, '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', 'pipe:1'];
}

/**
 * Runs chunks through the pool with at most `slots` in flight; each slot is released after its
 * task. On failure it settles the tasks already in the pool before rejecting.
 */
async function throughPool<T>(chunks: Observable<Chunk>, slots: number, work: (chunk: Chunk) => Promise<T>, each: (chunk: Chunk, result: T) => void): Promise<unknown> {
  const inPool = new Set<Promise<unknown>>();
  try {
    return await lastValueFrom(chunks.pipe(
      mergeMap((chunk) => {
        const task = (async () => {
          try {
            each(chunk, await work(chunk));
          } finally {
            chunk.release();
          }
        })();
        inPool.add(task);
        void task.finally(() => inPool.delete(task)).catch(() => undefined);
        return task;
      }, slots),
      defaultIfEmpty(null),
    ));
  } catch (err) {
    await Promise.allSettled(inPool);
    throw err;
  }
}

/**
 * Decodes one media file and extracts its static primitives: per sampled frame the frame color
 * and dominant cells, per instant (the audio under one frame) the sound key. Video and audio
 * decode in parallel through the worker pool with bounded frames in flight.
 */
export async function extractFile(file: string, ctx: ExtractContext, options: ExtractOptions = {}): Promise<FileExtraction> {
  const started = performance.now();
  const info = await probeMedia(file, ctx.ffmpeg);
  const { config, pool } = ctx;
  const plan = samplingPlan(info, config.learning, options);
  const fold = new ObservationFold(file, options.prompt);
  const slots = config.pipeline.frames_in_flight;
  const stallMs = config.pipeline.stall_timeout_seconds * 1000;
  const fps = info.video?.fps || AUDIO_ONLY_FPS;
  const expectedTotal = info.duration !== null ? Math.floor(info.duration * fps) : null;
  const expectedFrames = expectedTotal === null ? null
    : Math.min(plan.first.max || Infinity, Math.ceil(expectedTotal / plan.first.every));
  let frames = 0;
  let instants = 0;
  const progress = () => ctx.onProgress?.({ file, frames, instants, expectedFrames });

  const decoder = await decoderArgs(file, info, ctx.ffmpeg);
  // One failing pass stops the others; a caller's abort stops them all.
  const stopAll = new AbortController();
  const abort = () => stopAll.abort();
  if (ctx.signal?.aborted) abort();
  ctx.signal?.addEventListener('abort', abort, { once: true });
  const signal = stopAll.signal;
  const videoPass = (pass: Pass): Promise<unknown> => {
    const video = info.video!;
    return throughPool(
      ffmpegChunks({
        ffmpeg: ctx.ffmpeg.path, args: videoArgs(file, decoder, pass), chunkBytes: video.width * video.height * 4,
        slots, stallMs, maxChunks: pass.max, label: file, signal,
      }),
      slots,
      (chunk) => pool.frame({ buffer: chunk.buffer, byteOffset: chunk.byteOffset, byteLength: chunk.view.byteLength, minShare: options.minShare ?? config.color.min_share }),
      (chunk, result) => {
        frames += 1;
        fold.frame(result, frameIndex(pass, chunk.index) / fps);
        progress();
      },
    );
  };

  const audioPass = (): Promise<unknown> => {
    const sampleRate = config.pipeline.audio_sample_rate;
    const samples = Math.round(sampleRate / fps);
    let selected = 0;
    // The decoder stops at the last instant the plan takes: a long file costs what is analysed.
    const maxChunks = plan.first.max > 0 ? frameIndex(plan.first, plan.first.max - 1) + 1 : 0;
    return throughPool(
      ffmpegChunks({ ffmpeg: ctx.ffmpeg.path, args: audioArgs(file, sampleRate), chunkBytes: samples * 4, slots: slots * 4, stallMs, maxChunks, label: file, padLast: true, signal })
        .pipe(
          filter((chunk) => {
            const wanted = inPass(plan.first, chunk.index) && (plan.first.max === 0 || selected < plan.first.max);
            if (wanted) selected += 1;
            else chunk.release();
            return wanted;
          }),
        ),
      slots * 4,
      (chunk) => pool.instant({
        buffer: chunk.buffer, byteOffset: chunk.byteOffset, samples, sampleRate,
        primitives: config.sound.primitives, silenceAmplitude: config.sound.silence_amplitude,
      }),
      (chunk, result) => {
        instants += 1;
        fold.instant(result, chunk.index / fps);
        progress();
      },
    );
  };

  const windowSeconds = config.dynamic.window_seconds;
  const maxWindows = config.dynamic.max_windows;
  const visualWindows = new Map<number, DynamicValue[]>();
  const soundWindows = new Map<number, DynamicValue[]>();

  const windowPass = (): Promise<unknown> => {
    const video = info.video!;
    const width = Math.min(config.dynamic.analysis_width, video.width - (video.width % 2));
    const height = Math.max(2, Math.round((video.height * width) / video.width / 2) * 2);
    const frameBytes = width * height * 4;
    const perWindow = Math.max(1, Math.round(windowSeconds * fps));
    let previous: Uint8Array | null = null;
    return throughPool(
      ffmpegChunks({
        ffmpeg: ctx.ffmpeg.path, args: windowArgs(file, decoder, width, height), chunkBytes: perWindow * frameBytes,
        slots: 3, stallMs, maxChunks: maxWindows, label: file, padLast: true, signal,
      }),
      3,
      (chunk) => {
        const frames = Math.floor(chunk.bytes / frameBytes);
        const task = {
          buffer: chunk.buffer, byteOffset: chunk.byteOffset, frames, width, height, fps,
          index: chunk.index, start: chunk.index * windowSeconds, previous,
        };
        previous = chunk.view.slice((frames - 1) * frameBytes, frames * frameBytes);
        // A trailing sliver of a window (under a quarter) says too little to be measured.
        return frames >= Math.max(2, perWindow / 4) ? pool.window(task) : Promise.resolve([]);
      },
      (chunk, values) => visualWindows.set(chunk.index, values),
    );
  };

  const soundWindowPass = (): Promise<unknown> => {
    const sampleRate = config.pipeline.audio_sample_rate;
    const perWindow = Math.round(windowSeconds * sampleRate);
    return throughPool(
      ffmpegChunks({
        ffmpeg: ctx.ffmpeg.path, args: audioArgs(file, sampleRate), chunkBytes: chunkBytesOf(perWindow),
        slots: 3, stallMs, maxChunks: maxWindows, label: file, padLast: true, signal,
      }),
      3,
      (chunk) => chunk.bytes < chunkBytesOf(perWindow) / 4 ? Promise.resolve([]) : pool.soundWindow({
        samples: new Float32Array(chunk.buffer, chunk.byteOffset, chunk.bytes / 4).slice(),
        sampleRate, index: chunk.index, start: chunk.index * windowSeconds,
      }),
      (chunk, values) => soundWindows.set(chunk.index, values),
    );
  };

  const dynamic = options.dynamic ?? true;
  const statics = options.static ?? true;
  const work: Promise<unknown>[] = [];
  if (statics && info.video) work.push(videoPass(plan.first).then(() => (plan.second ? videoPass(plan.second) : undefined)));
  if (statics && info.audio) work.push(audioPass());
  if (dynamic && info.video) work.push(windowPass());
  if (dynamic && info.audio) work.push(soundWindowPass());
  const settled = await Promise.allSettled(work.map((w) => w.catch((err: unknown) => {
    abort();
    throw err;
  })));
  ctx.signal?.removeEventListener('abort', abort);
  // The first failure is the cause; the other passes were stopped because of it.
  const failed = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) throw (failed.find((r) => !(r.reason instanceof MotionRegistryError && r.reason.code === 'JOB_CANCELLED')) ?? failed[0]).reason;
  if (statics && info.video && frames === 0) {
    throw new MotionRegistryError('DECODE_FAILED', `${file}: no video frames could be decoded`);
  }
  const windows = Math.max(visualWindows.size, soundWindows.size);
  for (let i = 0; i < windows; i++) {
    fold.window([...(visualWindows.get(i) ?? []), ...(soundWindows.get(i) ?? [])], i * windowSeconds, options.mood);
  }
  return { file, info, frames, instants, windows, seconds: (performance.now() - started) / 1000, cells: fold.folded() };
}
