import { lastValueFrom, mergeMap, defaultIfEmpty, type Observable } from 'rxjs';
import type { Config } from '../base/config-schema.js';
import { MotionRegistryError } from '../base/errors.js';
import { decoderChunks, outputPipe, type Chunk, type ChunkOutput } from '../media/chunks.js';
import { ffmpegSupports, type FfmpegBinary } from '../media/ffmpeg.js';
import { probeMedia, inputDecoderArgs, type MediaInfo } from '../media/probe.js';
import { frameIndex, inPass, samplingPlan, selectFilter, type SamplingOverrides, type SamplingPlan } from './sampling.js';
import { ObservationFold, type FoldedCell } from './fold.js';
import type { DynamicValue } from './dynamic/types.js';
import type { WindowSubjectTrack } from './dynamic/subject-track.js';
import { readClipSubjectMotion, withClipSubjectMotion } from './dynamic/motion/clip.js';
import { nextSoundContext } from './dynamic/sound.js';
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
  /** The file's description when the caller wrote it (an encoder's `media`): it is not probed again. */
  media?: MediaInfo;
  /**
   * Each window is a segment of its own, made apart from its neighbours (a fill clip): sound
   * windows are read without the audio before them, whose change at the edge is no onset of theirs.
   */
  separateWindows?: boolean;
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

/** What one decode of a file hands out, each to a pipe of its own. */
type OutputKind = 'first' | 'second' | 'instants' | 'frames' | 'samples';

interface DecodeOutput extends ChunkOutput {
  kind: OutputKind;
  /** The filter chain from the decoded stream to this output. */
  chain: string;
  /** `rgba` video or mono `f32le` audio. */
  audio: boolean;
}

/**
 * One ffmpeg process decodes the file once; `split` and `asplit` hand the frames and samples to
 * every output that wants them, each trimmed to what its analysis takes, so that the decoder
 * stops when the last of them is satisfied.
 */
function decodeArgs(file: string, decoder: string[], outputs: DecodeOutput[], sampleRate: number): string[] {
  const graph: string[] = [];
  const branch = (source: string, split: string, list: DecodeOutput[]) => {
    if (list.length === 0) return;
    graph.push(`${source}${split}=${list.length}${list.map((o) => `[${o.kind}-in]`).join('')}`);
    for (const o of list) graph.push(`[${o.kind}-in]${o.chain || (o.audio ? 'anull' : 'null')}[${o.kind}]`);
  };
  branch('[0:v:0]', 'split', outputs.filter((o) => !o.audio));
  branch(`[0:a:0]aformat=sample_fmts=flt:channel_layouts=mono,aresample=${sampleRate},`, 'asplit', outputs.filter((o) => o.audio));
  return [
    ...BASE_ARGS, ...decoder, '-i', file, '-filter_complex', graph.join(';'), '-vsync', '0',
    ...outputs.flatMap((o, i) => ['-map', `[${o.kind}]`, ...(o.audio ? ['-f', 'f32le'] : ['-pix_fmt', 'rgba', '-f', 'rawvideo']), outputPipe(i)]),
  ];
}

const chunkBytesOf = (samples: number) => samples * 4;
const joinFilters = (...filters: Array<string | null | false>) => filters.filter(Boolean).join(',');

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

/** One file's extraction as it runs: what its outputs share and what they gather. */
interface Run {
  ctx: ExtractContext;
  options: ExtractOptions;
  plan: SamplingPlan;
  fold: ObservationFold;
  /** Frames in flight of each static frame pass. */
  slots: number;
  fps: number;
  sampleRate: number;
  windowSeconds: number;
  maxWindows: number;
  frames: number;
  instants: number;
  progress(): void;
  visualWindows: Map<number, DynamicValue[]>;
  subjectTracks: Map<number, WindowSubjectTrack>;
  soundWindows: Map<number, DynamicValue[]>;
}

/** One output of the decode, the pool task each of its chunks becomes, and what is kept of the result. */
interface Handler {
  output: DecodeOutput;
  work: (chunk: Chunk) => Promise<unknown>;
  each: (chunk: Chunk, result: unknown) => void;
}

const handler = <T>(output: DecodeOutput, work: (chunk: Chunk) => Promise<T>, each: (chunk: Chunk, result: T) => void): Handler =>
  ({ output, work, each: each as (chunk: Chunk, result: unknown) => void });

/** Frame color and dominant cells of the sampled frames, one output per pass. */
function framePasses(run: Run, video: NonNullable<MediaInfo['video']>): Handler[] {
  const { plan, ctx: { pool, config }, options } = run;
  return ([['first', plan.first], ['second', plan.second]] as const).flatMap(([kind, pass]) => !pass ? [] : [handler({
    kind, audio: false, chunkBytes: video.width * video.height * 4, slots: run.slots,
    chain: joinFilters(selectFilter(pass), pass.max > 0 && `trim=end_frame=${pass.max}`),
  },
  (chunk) => pool.frame({ buffer: chunk.buffer, byteOffset: chunk.byteOffset, byteLength: chunk.view.byteLength, minShare: options.minShare ?? config.color.min_share }),
  (chunk, result) => {
    run.frames += 1;
    run.fold.frame(result, frameIndex(pass, chunk.index) / run.fps);
    run.progress();
  })]);
}

/** The sound key of every sampled instant (the audio under one frame). */
function instantsOf(run: Run): Handler {
  const { plan, ctx: { pool, config }, fps, sampleRate } = run;
  const samples = Math.round(sampleRate / fps);
  // One task per second of instants: a task per instant would cost more to hand over than to run.
  const perTask = Math.max(1, Math.round(fps));
  // The decoder stops at the last instant the plan takes: a long file costs what is analysed.
  const last = plan.first.max > 0 ? frameIndex(plan.first, plan.first.max - 1) + 1 : 0;
  const takeOf = (chunk: Chunk) => {
    const count = Math.ceil(chunk.bytes / chunkBytesOf(samples));
    return Array.from({ length: count }, (_, k) => k).filter((k) => inPass(plan.first, chunk.index * perTask + k));
  };
  return handler({
    kind: 'instants', audio: true, chunkBytes: chunkBytesOf(samples * perTask), slots: 4, padLast: true,
    chain: last > 0 ? `atrim=end_sample=${last * samples}` : '',
  },
  (chunk) => {
    const take = takeOf(chunk);
    return take.length === 0 ? Promise.resolve([]) : pool.instants({
      buffer: chunk.buffer, byteOffset: chunk.byteOffset, take, samples, sampleRate,
      primitives: config.sound.primitives, silenceAmplitude: config.sound.silence_amplitude,
    }).then((results) => results.map((result, i) => ({ result, index: chunk.index * perTask + take[i] })));
  },
  (_chunk, analysed) => {
    for (const { result, index } of analysed) {
      run.instants += 1;
      run.fold.instant(result, index / fps);
    }
    if (analysed.length > 0) run.progress();
  });
}

/** The visual dynamic values of every window, from its frames downscaled. */
function visualWindowsOf(run: Run, video: NonNullable<MediaInfo['video']>): Handler {
  const { ctx: { pool, config }, fps, windowSeconds, maxWindows } = run;
  const width = Math.min(config.dynamic.analysis_width, video.width - (video.width % 2));
  const height = Math.max(2, Math.round((video.height * width) / video.width / 2) * 2);
  const frameBytes = width * height * 4;
  const perWindow = Math.max(1, Math.round(windowSeconds * fps));
  let previous: Uint8Array | null = null;
  return handler({
    kind: 'frames', audio: false, chunkBytes: perWindow * frameBytes, slots: 3, padLast: true,
    chain: joinFilters(`scale=${width}:${height}:flags=area`, maxWindows > 0 && `trim=end_frame=${maxWindows * perWindow}`),
  },
  (chunk) => {
    const count = Math.floor(chunk.bytes / frameBytes);
    const task = { buffer: chunk.buffer, byteOffset: chunk.byteOffset, frames: count, width, height, fps, index: chunk.index, start: chunk.index * windowSeconds, previous };
    previous = chunk.view.slice((count - 1) * frameBytes, count * frameBytes);
    // A trailing sliver of a window (under a quarter) says too little to be measured.
    return count >= Math.max(2, perWindow / 4) ? pool.window(task) : Promise.resolve({ values: [], subject: null });
  },
  (chunk, { values, subject }) => {
    run.visualWindows.set(chunk.index, values);
    if (subject) run.subjectTracks.set(chunk.index, subject);
  });
}

/** The sound dynamic values of every window, from its samples. */
function soundWindowsOf(run: Run): Handler {
  const { ctx: { pool }, options, sampleRate, windowSeconds, maxWindows } = run;
  const perWindow = Math.round(windowSeconds * sampleRate);
  let previous: Float32Array | null = null;
  return handler({
    kind: 'samples', audio: true, chunkBytes: chunkBytesOf(perWindow), slots: 3, padLast: true,
    chain: maxWindows > 0 ? `atrim=end_sample=${maxWindows * perWindow}` : '',
  },
  (chunk) => {
    const samples = chunk.bytes / 4;
    const task = { buffer: chunk.buffer, byteOffset: chunk.byteOffset, samples, sampleRate, index: chunk.index, start: chunk.index * windowSeconds, previous };
    if (!options.separateWindows) previous = nextSoundContext(previous, new Float32Array(chunk.buffer, chunk.byteOffset, samples), sampleRate);
    return samples < perWindow / 4 ? Promise.resolve([]) : pool.soundWindow(task);
  },
  (chunk, values) => run.soundWindows.set(chunk.index, values));
}

/** Folds every window's values, with the subject's acceleration over the whole clip where the windows' tracks allow it. */
function foldWindows(run: Run): number {
  const windows = Math.max(run.visualWindows.size, run.soundWindows.size);
  const clip = readClipSubjectMotion(Array.from({ length: run.visualWindows.size }, (_, i) => run.subjectTracks.get(i) ?? null));
  for (let i = 0; i < windows; i++) {
    const visual = withClipSubjectMotion(run.visualWindows.get(i) ?? [], clip, i);
    run.fold.window([...visual, ...(run.soundWindows.get(i) ?? [])], i * run.windowSeconds, run.options.mood);
  }
  return windows;
}

/**
 * Decodes one media file once and extracts its primitives: per sampled frame the frame color
 * and dominant cells, per instant (the audio under one frame) the sound key, and per window the
 * dynamic values of its downscaled frames and its samples. Every output goes through the worker
 * pool with bounded chunks in flight.
 */
export async function extractFile(file: string, ctx: ExtractContext, options: ExtractOptions = {}): Promise<FileExtraction> {
  const started = performance.now();
  const info = options.media ?? await probeMedia(file, ctx.ffmpeg);
  const { config } = ctx;
  const plan = samplingPlan(info, config.learning, options);
  const fps = info.video?.fps || AUDIO_ONLY_FPS;
  const expectedTotal = info.duration !== null ? Math.floor(info.duration * fps) : null;
  const expectedFrames = expectedTotal === null ? null
    : Math.min(plan.first.max || Infinity, Math.ceil(expectedTotal / plan.first.every));
  const run: Run = {
    ctx, options, plan, fold: new ObservationFold(file, options.prompt), slots: config.pipeline.frames_in_flight, fps,
    sampleRate: config.pipeline.audio_sample_rate, windowSeconds: config.dynamic.window_seconds, maxWindows: config.dynamic.max_windows,
    frames: 0, instants: 0, progress: () => ctx.onProgress?.({ file, frames: run.frames, instants: run.instants, expectedFrames }),
    visualWindows: new Map(), subjectTracks: new Map(), soundWindows: new Map(),
  };
  const decoder = await decoderArgs(file, info, ctx.ffmpeg);
  const dynamic = options.dynamic ?? true;
  const statics = options.static ?? true;
  const handlers = [
    ...(statics && info.video ? framePasses(run, info.video) : []),
    ...(statics && info.audio ? [instantsOf(run)] : []),
    ...(dynamic && info.video ? [visualWindowsOf(run, info.video)] : []),
    ...(dynamic && info.audio ? [soundWindowsOf(run)] : []),
  ];
  const outputs = handlers.map((h) => h.output);
  if (outputs.length > 0) {
    await throughPool(
      decoderChunks({
        ffmpeg: ctx.ffmpeg.path, args: decodeArgs(file, decoder, outputs, run.sampleRate), outputs,
        stallMs: config.pipeline.stall_timeout_seconds * 1000, label: file, signal: ctx.signal,
      }),
      outputs.reduce((n, o) => n + o.slots, 0),
      (chunk) => handlers[chunk.output].work(chunk),
      (chunk, result) => handlers[chunk.output].each(chunk, result),
    );
  }
  if (statics && info.video && run.frames === 0) {
    throw new MotionRegistryError('DECODE_FAILED', `${file}: no video frames could be decoded`);
  }
  const windows = foldWindows(run);
  return { file, info, frames: run.frames, instants: run.instants, windows, seconds: (performance.now() - started) / 1000, cells: run.fold.folded() };
}
