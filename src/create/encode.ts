/**
 * Encoding a rendered scene: frames from {@link SceneRenderer} are piped to ffmpeg's stdin as
 * rawvideo RGBA (with backpressure: at most a few frames in flight), the audio (mono float PCM)
 * goes through a temp file as a second input.
 *
 *  - default: H.264 `yuv420p` (`-preset veryfast`) + AAC in MP4;
 *  - `spec.alpha`, `alphaCodec: 'qtrle'` (default, lossless): QuickTime Animation `argb` + AAC in MOV;
 *  - `spec.alpha`, `alphaCodec: 'vp9'`: VP9 `yuva420p` (`-b:v 0 -crf 20`) + Opus (or Vorbis) in WebM.
 *
 * The output's extension is set to the container's (`.mp4`, `.mov`, `.webm`); the file actually
 * written is returned. Failures are MotionRegistryError INTERNAL (or DECODE_FAILED when ffmpeg
 * cannot read the audio it was given) with the tail of ffmpeg's stderr; the child is always reaped.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { MotionRegistryError } from '../errors/catalogue.js';
import { ffmpegSupports, type FfmpegBinary } from '../pipeline/ffmpeg.js';
import { SceneRenderer } from './render.js';
import type { SceneSpec } from './spec.js';

export interface EncodeOptions {
  ffmpeg: FfmpegBinary;
  /** Mono float samples in −1…1 (e.g. from `synthesizeAudio(spec, sampleRate)`); no audio stream without. */
  audio?: Float32Array;
  /** Sample rate of `audio` (default 48000). */
  sampleRate?: number;
  /** Codec for specs with alpha: `qtrle` (lossless, default) or `vp9` (lossy, small). */
  alphaCodec?: 'vp9' | 'qtrle';
  /** x264 CRF for the default MP4 (default 18). */
  crf?: number;
  /** Frames written ahead of ffmpeg at most (default 4). */
  inFlight?: number;
}

export interface EncodedClip {
  file: string;
  frames: number;
  /** `h264`, `qtrle` or `vp9`. */
  codec: string;
}

const STDERR_TAIL = 4000;

interface Plan {
  ext: string;
  format: string;
  codec: 'h264' | 'qtrle' | 'vp9';
  video: string[];
  audio: string[];
}

async function plan(spec: SceneSpec, options: EncodeOptions): Promise<Plan> {
  const bin = options.ffmpeg;
  const need = async (encoder: string, why: string) => {
    if (!(await ffmpegSupports(bin, encoder))) {
      throw new MotionRegistryError('INTERNAL', `ffmpeg ${bin.version} at ${bin.path} has no ${encoder} encoder, needed for ${why}`,
        { ffmpeg: bin.path, encoder });
    }
  };
  const withAudio = options.audio !== undefined && options.audio.length > 0;
  if (!spec.alpha) {
    await need('libx264', 'H.264 MP4');
    if (withAudio) await need('aac', 'the MP4 audio');
    return {
      ext: '.mp4', format: 'mp4', codec: 'h264',
      video: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(options.crf ?? 18), '-pix_fmt', 'yuv420p', '-movflags', '+faststart'],
      audio: ['-c:a', 'aac', '-b:a', '160k'],
    };
  }
  if ((options.alphaCodec ?? 'qtrle') === 'qtrle') {
    await need('qtrle', 'lossless alpha (QTRLE in MOV)');
    if (withAudio) await need('aac', 'the MOV audio');
    return {
      ext: '.mov', format: 'mov', codec: 'qtrle',
      video: ['-c:v', 'qtrle', '-pix_fmt', 'argb'],
      audio: ['-c:a', 'aac', '-b:a', '160k'],
    };
  }
  await need('libvpx-vp9', 'alpha in WebM (VP9 yuva420p)');
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
  };
}

/** Renders `spec` and encodes it to `out` (extension set to the container's); resolves when ffmpeg has finished. */
export async function encodeClip(spec: SceneSpec, out: string, options: EncodeOptions): Promise<EncodedClip> {
  const renderer = new SceneRenderer(spec);
  const p = await plan(renderer.spec, options);
  const file = extname(out).toLowerCase() === p.ext ? out : out.slice(0, out.length - extname(out).length) + p.ext;
  const sampleRate = options.sampleRate ?? 48000;
  const withAudio = options.audio !== undefined && options.audio.length > 0;

  let tempDir: string | null = null;
  try {
    const inputs = ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${spec.width}x${spec.height}`, '-framerate', String(spec.fps), '-i', 'pipe:0'];
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
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
      ...inputs, ...maps, ...p.video, ...(withAudio ? p.audio : []),
      '-t', String(renderer.frameCount / spec.fps), '-f', p.format, file,
    ];
    await runEncoder(options.ffmpeg.path, args, renderer, Math.max(1, options.inFlight ?? 4));
    return { file, frames: renderer.frameCount, codec: p.codec };
  } catch (err) {
    await unlink(file).catch(() => undefined);
    throw err;
  } finally {
    if (tempDir !== null) await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Spawns ffmpeg and feeds it every frame; always waits for the child to exit. */
function runEncoder(path: string, args: string[], renderer: SceneRenderer, inFlight: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    let stderr = '';
    let failure: unknown = null;
    let exited = false;
    let spawnError: Error | null = null;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-STDERR_TAIL); });
    child.stdin.on('error', () => { /* EPIPE when ffmpeg dies early: reported from its exit */ });
    const exit = new Promise<number | null>((done) => {
      child.on('close', (code, signal) => { exited = true; done(code ?? (signal ? -1 : null)); });
      // A binary that cannot be spawned emits 'error' and perhaps never 'close'.
      child.on('error', (err) => { spawnError = err; if (child.pid === undefined) { exited = true; done(null); } });
    });

    // Frame buffers are reused by the renderer, so each write gets its own copy from a small pool
    // that refills when ffmpeg has taken the bytes: at most `inFlight` frames are queued.
    const frameBytes = renderer.width * renderer.height * 4;
    const pool: Buffer[] = [];
    let allocated = 0;
    let waiting: (() => void) | null = null;
    const release = (buf: Buffer) => {
      pool.push(buf);
      const w = waiting;
      waiting = null;
      w?.();
    };
    const acquire = async (): Promise<Buffer> => {
      for (;;) {
        const buf = pool.pop();
        if (buf !== undefined) return buf;
        if (allocated < inFlight) { allocated++; return Buffer.allocUnsafe(frameBytes); }
        await new Promise<void>((done) => { waiting = done; });
        if (exited || failure !== null) throw new Error('ffmpeg stopped reading frames');
      }
    };
    // Wake a waiting writer if ffmpeg goes away.
    void exit.then(() => { const w = waiting; waiting = null; w?.(); });

    const feed = async () => {
      for (let i = 0; i < renderer.frameCount; i++) {
        if (exited) throw new Error('ffmpeg exited before all frames were written');
        const frame = renderer.frame(i);
        const buf = await acquire();
        buf.set(frame);
        child.stdin.write(buf, () => release(buf));
      }
      await new Promise<void>((done) => child.stdin.end(done));
    };

    feed().catch((err: unknown) => {
      failure = err;
      if (!exited) child.kill('SIGKILL');
    }).finally(async () => {
      const code = await exit;
      const tail = stderr.trim();
      if (spawnError !== null) {
        reject(new MotionRegistryError('INTERNAL', `cannot run ffmpeg at ${path}: ${(spawnError as Error).message}`, { ffmpeg: path }));
        return;
      }
      if (code === 0 && failure === null) { resolve(); return; }
      const details = { ffmpeg: path, exit_code: code, stderr: tail };
      if (failure !== null && !(failure instanceof Error && /ffmpeg (stopped|exited)/.test(failure.message))) {
        // The renderer failed (not ffmpeg): pass a catalogue error on, wrap anything else.
        reject(failure instanceof MotionRegistryError ? failure
          : new MotionRegistryError('INTERNAL', `rendering failed: ${(failure as Error)?.message ?? String(failure)}`, details, { cause: failure }));
        return;
      }
      const code_ = /Invalid data found|Error opening input|could not find codec parameters/i.test(tail) ? 'DECODE_FAILED' : 'INTERNAL';
      reject(new MotionRegistryError(code_, `ffmpeg failed to encode (exit ${code})${tail ? `: ${tail.split('\n').slice(-3).join(' | ')}` : ''}`, details));
    });
  });
}
