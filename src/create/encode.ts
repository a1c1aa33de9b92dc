/**
 * Encoding frames: straight RGBA frames (from {@link SceneRenderer}, or painted directly by a
 * sweep) are piped to ffmpeg's stdin as rawvideo (with backpressure: at most a few frames in
 * flight), the audio (mono float PCM) goes through a temp file as a second input.
 *
 *  - default: H.264 `yuv420p` (`-preset veryfast`) + AAC in MP4;
 *  - with alpha (`spec.alpha`, or the frame format's `alpha`), `alphaCodec: 'qtrle'` (default,
 *    lossless): QuickTime Animation `argb` + AAC in MOV;
 *  - with alpha, `alphaCodec: 'vp9'`: VP9 `yuva420p` (`-b:v 0 -crf 20`) + Opus (or Vorbis) in WebM.
 *
 * Audio alone ({@link encodeAudio}) is written losslessly as 16-bit PCM WAV.
 *
 * The output's extension is set to the container's (`.mp4`, `.mov`, `.webm`, `.wav`); the file
 * actually written is returned. Failures are MotionRegistryError INTERNAL (or DECODE_FAILED when ffmpeg
 * cannot read the audio it was given) with the tail of ffmpeg's stderr; the child is always reaped.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { spawnChild } from '../media/children.js';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { MotionRegistryError } from '../base/errors.js';
import { cancelled } from '../media/chunks.js';
import { ffmpegSupports, type FfmpegBinary } from '../media/ffmpeg.js';
import type { MediaInfo } from '../media/probe.js';
import { SceneRenderer } from './render/index.js';
import type { SceneSpec } from '../model/scene.js';
import { CLIP_SAMPLE_RATE } from './audio.js';

export interface EncodeOptions {
  ffmpeg: FfmpegBinary;
  /** Mono float samples in −1…1 (e.g. from `synthesizeAudio(spec, sampleRate)`); no audio stream without. */
  audio?: Float32Array;
  /** Sample rate of `audio` (default CLIP_SAMPLE_RATE). */
  sampleRate?: number;
  /** Codec for specs with alpha: `qtrle` (lossless, default) or `vp9` (lossy, small). */
  alphaCodec?: 'vp9' | 'qtrle';
  /** x264 CRF for the default MP4 (default 18). */
  crf?: number;
  /** Frames written ahead of ffmpeg at most (default 4). */
  inFlight?: number;
  /** Aborting kills the encoder: the clip fails with JOB_CANCELLED and is removed. */
  signal?: AbortSignal;
}

export interface EncodedClip {
  file: string;
  frames: number;
  /** `h264`, `qtrle`, `vp9` (or `pcm_s16le` for audio alone). */
  codec: string;
  /** The file as a probe would describe it: extraction need not probe what was just written. */
  media: MediaInfo;
}

/** The frames' geometry and what the encoding must keep. */
export interface FrameFormat {
  width: number;
  height: number;
  fps: number;
  /** Keep the alpha channel (QTRLE or VP9, see `alphaCodec`); H.264 without. */
  alpha: boolean;
  /** Cut the output at this many seconds (e.g. audio longer than the frames). */
  seconds?: number;
}

export type VideoCodec = 'h264' | 'qtrle' | 'vp9';

const STDERR_TAIL = 4000;

interface Plan {
  ext: string;
  format: string;
  codec: VideoCodec;
  video: string[];
  audio: string[];
  /** How a probe names what this plan writes: the demuxer, the decoded pixel format, the audio codec. */
  probed: { container: string; pix_fmt: string; audio: string };
}

async function need(bin: FfmpegBinary, encoder: string, why: string): Promise<void> {
  if (!(await ffmpegSupports(bin, encoder))) {
    throw new MotionRegistryError('INTERNAL', `ffmpeg ${bin.version} at ${bin.path} has no ${encoder} encoder, needed for ${why}`,
      { ffmpeg: bin.path, encoder });
  }
}

async function plan(alpha: boolean, options: EncodeOptions): Promise<Plan> {
  const bin = options.ffmpeg;
  const withAudio = options.audio !== undefined && options.audio.length > 0;
  if (!alpha) {
    await need(bin, 'libx264', 'H.264 MP4');
    if (withAudio) await need(bin, 'aac', 'the MP4 audio');
    return {
      ext: '.mp4', format: 'mp4', codec: 'h264',
      video: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(options.crf ?? 18), '-pix_fmt', 'yuv420p', '-movflags', '+faststart'],
      audio: ['-c:a', 'aac', '-b:a', '160k'],
      probed: { container: MP4_DEMUXER, pix_fmt: 'yuv420p', audio: 'aac' },
    };
  }
  if ((options.alphaCodec ?? 'qtrle') === 'qtrle') {
    await need(bin, 'qtrle', 'lossless alpha (QTRLE in MOV)');
    if (withAudio) await need(bin, 'aac', 'the MOV audio');
    return {
      ext: '.mov', format: 'mov', codec: 'qtrle',
      video: ['-c:v', 'qtrle', '-pix_fmt', 'argb'],
      audio: ['-c:a', 'aac', '-b:a', '160k'],
      probed: { container: MP4_DEMUXER, pix_fmt: 'argb', audio: 'aac' },
    };
  }
  await need(bin, 'libvpx-vp9', 'alpha in WebM (VP9 yuva420p)');
  let audio: string[] = [];
  if (withAudio) {
    if (await ffmpegSupports(bin, 'libopus')) audio = ['-c:a', 'libopus', '-b:a', '128k'];
    else if (await ffmpegSupports(bin, 'libvorbis')) audio = ['-c:a', 'libvorbis', '-q:a', '5'];
    else throw new MotionRegistryError('INTERNAL', `ffmpeg ${bin.version} at ${bin.path} has neither libopus nor libvorbis for WebM audio`, { ffmpeg: bin.path });
  }
  return {
    ext: '.webm', format: 'webm', codec: 'vp9',
    video: ['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuva420p', '-b:v', '0', '-crf', '20', '-deadline', 'good', '-cpu-used', '4',
      '-row-mt', '1', '-auto-alt-ref', '0'],
    audio,
    // The alpha plane travels beside the picture (`alpha_mode`): a probe sees yuv420p, with alpha.
    probed: { container: 'matroska,webm', pix_fmt: 'yuv420p', audio: audio[1] === 'libvorbis' ? 'vorbis' : 'opus' },
  };
}

const MP4_DEMUXER = 'mov,mp4,m4a,3gp,3g2,mj2';

/** `out` with its extension replaced by `ext` (kept when it already is `ext`). */
function withExtension(out: string, ext: string): string {
  return extname(out).toLowerCase() === ext ? out : out.slice(0, out.length - extname(out).length) + ext;
}

const COMMON_ARGS = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];

/** Renders `spec` and encodes it to `out` (extension set to the container's); resolves when ffmpeg has finished. */
export async function encodeClip(spec: SceneSpec, out: string, options: EncodeOptions): Promise<EncodedClip> {
  const renderer = new SceneRenderer(spec);
  const frames = function* () {
    for (let i = 0; i < renderer.frameCount; i++) yield renderer.frame(i);
  };
  const format = { width: spec.width, height: spec.height, fps: spec.fps, alpha: renderer.spec.alpha, seconds: renderer.frameCount / spec.fps };
  return encodeFrames(frames(), format, out, options);
}

/**
 * Encodes straight RGBA frames (width × height × 4 bytes each; a yielded buffer may be reused for
 * the next frame) to `out`, extension set to the container's; resolves when ffmpeg has finished.
 */
export async function encodeFrames(frames: Iterable<Uint8Array>, format: FrameFormat, out: string, options: EncodeOptions): Promise<EncodedClip> {
  const p = await plan(format.alpha, options);
  const file = withExtension(out, p.ext);
  const sampleRate = options.sampleRate ?? CLIP_SAMPLE_RATE;
  const withAudio = options.audio !== undefined && options.audio.length > 0;

  let tempDir: string | null = null;
  try {
    const inputs = ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${format.width}x${format.height}`, '-framerate', String(format.fps), '-i', 'pipe:0'];
    const maps = ['-map', '0:v:0'];
    if (withAudio) {
      tempDir = await mkdtemp(join(tmpdir(), 'motion-registry-audio-'));
      const pcm = join(tempDir, 'audio.f32le');
      const samples = options.audio as Float32Array;
      await writeFile(pcm, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
      inputs.push('-f', 'f32le', '-ar', String(sampleRate), '-ac', '1', '-i', pcm);
      maps.push('-map', '1:a:0');
    }
    const args = [
      ...COMMON_ARGS, ...inputs, ...maps, ...p.video, ...(withAudio ? p.audio : []),
      ...(format.seconds !== undefined ? ['-t', String(format.seconds)] : []), '-f', p.format, file,
    ];
    const written = await runEncoder(options.ffmpeg.path, args, frames, Math.max(1, options.inFlight ?? 4), options.signal);
    const media: MediaInfo = {
      file: resolve(file), container: p.probed.container, duration: format.seconds ?? written / format.fps,
      video: { codec: p.codec, width: format.width, height: format.height, fps: format.fps, pix_fmt: p.probed.pix_fmt, hasAlpha: format.alpha, frames: p.format === 'webm' ? null : written },
      audio: withAudio ? { codec: p.probed.audio, sampleRate, channels: 1 } : null,
    };
    return { file, frames: written, codec: p.codec, media };
  } catch (err) {
    await unlink(file).catch(() => undefined);
    throw err;
  } finally {
    if (tempDir !== null) await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Samples per write when audio alone is piped to ffmpeg. */
const AUDIO_CHUNK_SAMPLES = 48000;

/** Encodes mono float samples in −1…1 to a 16-bit PCM WAV at `out` (extension set to `.wav`). */
export async function encodeAudio(samples: Float32Array, out: string, options: { ffmpeg: FfmpegBinary; sampleRate?: number; signal?: AbortSignal }): Promise<EncodedClip> {
  await need(options.ffmpeg, 'pcm_s16le', 'PCM WAV audio');
  const file = withExtension(out, '.wav');
  const chunks = function* () {
    for (let i = 0; i < samples.length; i += AUDIO_CHUNK_SAMPLES) {
      const part = samples.subarray(i, i + AUDIO_CHUNK_SAMPLES);
      yield new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    }
  };
  const args = [
    ...COMMON_ARGS, '-f', 'f32le', '-ar', String(options.sampleRate ?? CLIP_SAMPLE_RATE), '-ac', '1', '-i', 'pipe:0',
    '-c:a', 'pcm_s16le', '-f', 'wav', file,
  ];
  try {
    await runEncoder(options.ffmpeg.path, args, chunks(), 4, options.signal);
    const sampleRate = options.sampleRate ?? CLIP_SAMPLE_RATE;
    const media: MediaInfo = {
      file: resolve(file), container: 'wav', duration: samples.length / sampleRate, video: null,
      audio: { codec: 'pcm_s16le', sampleRate, channels: 1 },
    };
    return { file, frames: 0, codec: 'pcm_s16le', media };
  } catch (err) {
    await unlink(file).catch(() => undefined);
    throw err;
  }
}

/**
 * Copies of the chunks written to ffmpeg: producers may reuse their buffers, so each write gets its
 * own copy from a small pool that refills when ffmpeg has taken the bytes. At most `size` copies
 * are queued; a writer past that waits for one to come back (or for `wake`).
 */
class WriteCopies {
  private readonly pool: Buffer[] = [];
  private allocated = 0;
  private waiting: (() => void) | null = null;

  constructor(private readonly size: number) {}

  /** A copy of at least `bytes`; throws once `stopped` says the reader went away while waiting. */
  async acquire(bytes: number, stopped: () => boolean): Promise<Buffer> {
    for (;;) {
      const buf = this.pool.pop();
      if (buf !== undefined) return buf.length >= bytes ? buf : Buffer.allocUnsafe(bytes);
      if (this.allocated < this.size) {
        this.allocated++;
        return Buffer.allocUnsafe(bytes);
      }
      await new Promise<void>((done) => { this.waiting = done; });
      if (stopped()) throw new Error('ffmpeg stopped reading input');
    }
  }

  release(buf: Buffer): void {
    this.pool.push(buf);
    this.wake();
  }

  wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }
}

/** Spawns ffmpeg and feeds it every chunk on stdin; resolves with the number of chunks written, always after the child exits. */
function runEncoder(path: string, args: string[], chunks: Iterable<Uint8Array>, inFlight: number, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled('encoding'));
      return;
    }
    const child = spawnChild(path, args, { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true }) as ChildProcessByStdio<Writable, null, Readable>;
    const onAbort = () => {
      failure = cancelled('encoding');
      if (!exited) child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let stderr = '';
    let failure: unknown = null;
    let exited = false;
    let spawnError: Error | null = null;
    let written = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-STDERR_TAIL); });
    child.stdin.on('error', () => { /* EPIPE when ffmpeg dies early: reported from its exit */ });
    const exit = new Promise<number | null>((done) => {
      child.on('close', (code, signal) => { exited = true; done(code ?? (signal ? -1 : null)); });
      // A binary that cannot be spawned emits 'error' and perhaps never 'close'.
      child.on('error', (err) => { spawnError = err; if (child.pid === undefined) { exited = true; done(null); } });
    });

    const copies = new WriteCopies(inFlight);
    // Wake a waiting writer if ffmpeg goes away.
    void exit.then(() => copies.wake());

    const feed = async () => {
      for (const chunk of chunks) {
        // Checked before each frame is made: a killed encoder's 'close' may wait behind this loop.
        if (exited || child.killed || child.stdin.destroyed) throw new Error('ffmpeg exited before all input was written');
        const buf = await copies.acquire(chunk.byteLength, () => exited || failure !== null);
        buf.set(chunk);
        child.stdin.write(buf.subarray(0, chunk.byteLength), () => copies.release(buf));
        written++;
      }
      await new Promise<void>((done) => child.stdin.end(done));
    };

    feed().catch((err: unknown) => {
      failure ??= err;
      if (!exited) child.kill('SIGKILL');
    }).finally(async () => {
      const code = await exit;
      signal?.removeEventListener('abort', onAbort);
      const tail = stderr.trim();
      if (spawnError !== null) {
        reject(new MotionRegistryError('INTERNAL', `cannot run ffmpeg at ${path}: ${(spawnError as Error).message}`, { ffmpeg: path }));
        return;
      }
      if (code === 0 && failure === null) { resolve(written); return; }
      const details = { ffmpeg: path, exit_code: code, stderr: tail };
      if (failure !== null && !(failure instanceof Error && /ffmpeg (stopped|exited)/.test(failure.message))) {
        // The producer failed (not ffmpeg): pass a catalogue error on, wrap anything else.
        reject(failure instanceof MotionRegistryError ? failure
          : new MotionRegistryError('INTERNAL', `rendering failed: ${(failure as Error)?.message ?? String(failure)}`, details, { cause: failure }));
        return;
      }
      const code_ = /Invalid data found|Error opening input|could not find codec parameters/i.test(tail) ? 'DECODE_FAILED' : 'INTERNAL';
      reject(new MotionRegistryError(code_, `ffmpeg failed to encode (exit ${code})${tail ? `: ${tail.split('\n').slice(-3).join(' | ')}` : ''}`, details));
    });
  });
}
