import type { ChildProcess, IOType } from 'node:child_process';
import type { Readable } from 'node:stream';
import { spawnChild } from './children.js';
import { returnSlotBuffer, takeSlotBuffer } from './slot-buffers.js';
import { Observable } from 'rxjs';
import { MotionRegistryError } from '../errors/catalogue.js';

/** One fixed-size record read from an ffmpeg pipe (a frame, a window of frames or an audio instant), held in shared memory. */
export interface Chunk {
  /** Which of the decoder's outputs it came from (its position in `outputs`). */
  output: number;
  /** 0-based position in its output. */
  index: number;
  /** The bytes of this chunk: a view of the output's SharedArrayBuffer, valid until `release()`. */
  view: Uint8Array;
  /** Bytes actually read: less than the chunk size only for a zero-padded last chunk (`padLast`). */
  bytes: number;
  buffer: SharedArrayBuffer;
  byteOffset: number;
  /** Returns the slot to the pool; the decoder resumes when it was waiting for one. */
  release(): void;
}

/** One output of the decoder: written by ffmpeg to `pipe:1` for the first, `pipe:3`, `pipe:4`, … for the others. */
export interface ChunkOutput {
  /** Bytes per chunk (frame: width × height × 4; instant: samples × 4). */
  chunkBytes: number;
  /** Chunks in flight at most; the decoder is paused while all slots are taken. */
  slots: number;
  /** Stop after this many chunks (0 = all); the rest of the output is read and dropped. */
  maxChunks?: number;
  /** A trailing partial chunk is zero-padded and emitted (audio) rather than dropped (video). */
  padLast?: boolean;
}

export interface DecoderOptions {
  ffmpeg: string;
  args: string[];
  outputs: ChunkOutput[];
  /** Fail when the decoder produces nothing for this long (not counting time paused by backpressure). */
  stallMs: number;
  /** Names the input in errors. */
  label: string;
  /** Aborting kills the decoder and fails the stream with JOB_CANCELLED. */
  signal?: AbortSignal;
}

export type ChunkStreamOptions = Omit<DecoderOptions, 'outputs'> & ChunkOutput;

/** The error work stopped by an abort signal fails with. */
export const cancelled = (label: string) => new MotionRegistryError('JOB_CANCELLED', `${label}: cancelled`);

const STDERR_TAIL = 4096;

/** The file descriptor ffmpeg writes output `i` to. */
export const outputFd = (i: number) => (i === 0 ? 1 : i + 2);

/** `pipe:N` for output `i`. */
export const outputPipe = (i: number) => `pipe:${outputFd(i)}`;

/**
 * Reads one pipe of the decoder as fixed-size chunks into a recycled pool of shared-memory slots,
 * with backpressure: the pipe is paused whenever every slot is in use.
 */
class OutputReader {
  private readonly buffer: SharedArrayBuffer;
  private readonly free: number[];
  private slot = -1;
  private filled = 0;
  private emitted = 0;
  private pending: Buffer | null = null;
  paused = false;
  /** Enough chunks were read: the rest is dropped. */
  full = false;
  ended = false;
  /** The stream is over: nothing more is written to the slots, which go back once all are released. */
  private retired = false;
  private returned = false;
  // A release inside `consume` (a synchronous consumer) must not start a second drain.
  private draining = false;

  constructor(
    private readonly index: number,
    private readonly spec: ChunkOutput,
    private readonly pipe: Readable,
    private readonly emitChunk: (chunk: Chunk) => void,
    private readonly onPause: () => void,
    private readonly onResume: () => void,
  ) {
    this.buffer = takeSlotBuffer(spec.chunkBytes * spec.slots);
    this.free = Array.from({ length: spec.slots }, (_, i) => spec.slots - 1 - i);
    pipe.on('data', (data: Buffer) => this.data(data));
    pipe.once('end', () => {
      this.ended = true;
    });
  }

  get idle(): boolean {
    return this.full || (this.ended && !this.paused);
  }

  private data(data: Buffer): void {
    if (this.full || this.retired) return;
    if (this.pending) {
      this.pending = Buffer.concat([this.pending, data]);
      return;
    }
    const rest = this.consume(data);
    if (rest) {
      this.pending = rest;
      this.paused = true;
      this.pipe.pause();
      this.onPause();
    }
  }

  /** Copies data into slots; returns the unconsumed rest when no slot is free. */
  private consume(data: Buffer): Buffer | null {
    const { chunkBytes } = this.spec;
    let offset = 0;
    while (offset < data.length && !this.full && !this.retired) {
      if (this.slot < 0) {
        const next = this.free.pop();
        if (next === undefined) return data.subarray(offset);
        this.slot = next;
      }
      const n = Math.min(chunkBytes - this.filled, data.length - offset);
      new Uint8Array(this.buffer, this.slot * chunkBytes + this.filled, n).set(data.subarray(offset, offset + n));
      this.filled += n;
      offset += n;
      if (this.filled === chunkBytes) this.emit();
    }
    return null;
  }

  private emit(bytes = this.spec.chunkBytes): void {
    const { chunkBytes, maxChunks } = this.spec;
    const s = this.slot;
    this.slot = -1;
    this.filled = 0;
    let released = false;
    const index = this.emitted++;
    if (maxChunks && this.emitted >= maxChunks) this.full = true;
    this.emitChunk({
      output: this.index,
      index,
      view: new Uint8Array(this.buffer, s * chunkBytes, chunkBytes),
      bytes,
      buffer: this.buffer,
      byteOffset: s * chunkBytes,
      release: () => {
        if (released) return;
        released = true;
        this.free.push(s);
        if (this.paused) this.resume();
        this.giveBack();
      },
    });
    if (this.full) {
      // The decoder may still write here for the other outputs: drop what it sends.
      this.pending = null;
      if (this.paused) this.resume();
    }
  }

  private resume(): void {
    if (this.draining) return;
    this.draining = true;
    while (this.pending) {
      const data = this.pending;
      this.pending = null;
      this.pending = this.consume(data);
      if (this.pending) {
        this.draining = false;
        return;
      }
    }
    this.draining = false;
    this.paused = false;
    this.pipe.resume();
    this.onResume();
  }

  /** Ends the stream: its shared memory serves the next decoder once every chunk is released. */
  retire(): void {
    this.retired = true;
    this.pending = null;
    this.giveBack();
  }

  private giveBack(): void {
    if (!this.retired || this.returned || this.free.length + (this.slot >= 0 ? 1 : 0) < this.spec.slots) return;
    this.returned = true;
    returnSlotBuffer(this.buffer);
  }

  /** Emits a trailing partial chunk, zero-padded, when the output asks for it. */
  flush(): void {
    if (this.full || !this.spec.padLast || this.filled === 0 || this.slot < 0) return;
    const { chunkBytes } = this.spec;
    new Uint8Array(this.buffer, this.slot * chunkBytes + this.filled, chunkBytes - this.filled).fill(0);
    this.emit(this.filled);
  }
}

/**
 * Runs one ffmpeg child that writes each of `outputs` to a pipe of its own (see `outputPipe`) and
 * emits the chunks of all of them, each output with its own slots and backpressure: a paused
 * output pauses the decoder, whose other outputs wait with it. The child is killed on
 * unsubscribe, on error and once every output has what it asked for, and always reaped. Once
 * the stream is over and every chunk released, its shared memory serves the next decoder.
 */
export function decoderChunks(options: DecoderOptions): Observable<Chunk> {
  return new Observable<Chunk>((subscriber) => {
    const fds = Math.max(...options.outputs.map((_, i) => outputFd(i)));
    const stdio: IOType[] = ['ignore', 'pipe', 'pipe', ...Array.from({ length: fds - 2 }, (): IOType => 'pipe')];
    const child: ChildProcess = spawnChild(options.ffmpeg, options.args, { stdio });
    let stderr = '';
    let done = false;
    let stopping = false;
    let stallTimer: NodeJS.Timeout | undefined;
    let ended = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;

    const anyPaused = () => readers.some((r) => r.paused);
    const armStall = () => {
      clearTimeout(stallTimer);
      if (done || anyPaused()) return;
      stallTimer = setTimeout(() => {
        fail(new MotionRegistryError('DECODE_TIMEOUT', `${options.label}: the decoder produced nothing for ${options.stallMs / 1000} s`));
      }, options.stallMs);
    };

    const finish = () => {
      done = true;
      clearTimeout(stallTimer);
      for (const reader of readers) reader.retire();
    };

    const fail = (err: Error) => {
      if (done) return;
      finish();
      child.kill('SIGKILL');
      // Reported once the child is reaped, so that no decoder outlives the error.
      if (ended || child.pid === undefined) subscriber.error(err);
      else child.once('close', () => subscriber.error(err));
    };

    const next = (chunk: Chunk) => {
      subscriber.next(chunk);
      // Every output has what it asked for: end the child; its exit status no longer matters.
      if (!stopping && readers.length === options.outputs.length && readers.every((r) => r.full)) {
        stopping = true;
        child.kill('SIGTERM');
      }
    };

    const close = () => {
      if (done || !ended || anyPaused()) return;
      if (!stopping && (exitCode !== 0 || exitSignal)) {
        const reason = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ') || `exit code ${exitCode ?? exitSignal}`;
        fail(new MotionRegistryError('DECODE_FAILED', `${options.label}: ffmpeg failed: ${reason}`));
        return;
      }
      if (!stopping) for (const reader of readers) reader.flush();
      finish();
      subscriber.complete();
    };

    const readers: OutputReader[] = [];
    options.outputs.forEach((spec, i) => {
      const pipe = child.stdio[outputFd(i)] as Readable;
      pipe.on('data', armStall);
      readers.push(new OutputReader(i, spec, pipe, next, () => clearTimeout(stallTimer), () => {
        armStall();
        close();
      }));
    });
    child.stderr!.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-STDERR_TAIL);
    });
    child.on('error', (err) => fail(new MotionRegistryError('DECODE_FAILED', `${options.label}: cannot run ffmpeg: ${err.message}`)));
    child.on('close', (code, signal) => {
      ended = true;
      exitCode = code;
      exitSignal = signal;
      close();
    });
    armStall();
    const onAbort = () => fail(cancelled(options.label));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    return () => {
      options.signal?.removeEventListener('abort', onAbort);
      finish();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
  });
}

/** One ffmpeg child writing one output to `pipe:1`, read as chunks (see {@link decoderChunks}). */
export function ffmpegChunks(options: ChunkStreamOptions): Observable<Chunk> {
  const { chunkBytes, slots, maxChunks, padLast, ...decoder } = options;
  return decoderChunks({ ...decoder, outputs: [{ chunkBytes, slots, maxChunks, padLast }] });
}
