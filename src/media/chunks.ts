import type { ChildProcess, IOType } from 'node:child_process';
import type { Socket } from 'node:net';
import { spawnChild } from './children.js';
import { outputSockets, type OutputSocket } from './output-sockets.js';
import { returnSlotBuffer, takeSlotBuffer } from './slot-buffers.js';
import { Observable, type Subscriber } from 'rxjs';
import { MotionRegistryError } from '../base/errors.js';

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

/** Where a read lands while every slot is taken; copied into a slot once one is free. */
const STAGING_BYTES = 64 * 1024;

/**
 * Reads one output of the decoder as fixed-size chunks into a recycled pool of shared-memory
 * slots. Each read lands in the current slot itself (see `outputSockets`); the socket is paused
 * whenever every slot is in use, which pauses the decoder.
 */
class OutputReader {
  private readonly buffer: SharedArrayBuffer;
  private readonly free: number[];
  private readonly staging = new Uint8Array(STAGING_BYTES);
  private socket: Socket | undefined;
  private slot = -1;
  private filled = 0;
  private emitted = 0;
  /** Staged bytes no slot had room for. */
  private pending: Uint8Array | null = null;
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
    private readonly emitChunk: (chunk: Chunk) => void,
    private readonly onActivity: () => void,
    private readonly onResume: () => void,
  ) {
    this.buffer = takeSlotBuffer(spec.chunkBytes * spec.slots);
    this.free = Array.from({ length: spec.slots }, (_, i) => spec.slots - 1 - i);
  }

  /** How the socket delivers: into `region()`, then `received()`. */
  readonly onread = {
    buffer: () => this.region(),
    callback: (bytes: number, into: Uint8Array) => this.received(bytes, into),
  };

  attach(socket: Socket): void {
    this.socket = socket;
    socket.once('end', () => {
      this.ended = true;
    });
  }

  /** The memory the next read goes to: the rest of the current slot, or the staging area. */
  private region(): Uint8Array {
    // Small chunks (audio) are read many to a read and copied; a slot of its own per read would cost more.
    if (this.full || this.retired || this.pending || this.spec.chunkBytes < STAGING_BYTES) return this.staging;
    if (this.slot < 0) {
      const next = this.free.pop();
      if (next === undefined) return this.staging;
      this.slot = next;
    }
    const { chunkBytes } = this.spec;
    return new Uint8Array(this.buffer, this.slot * chunkBytes + this.filled, chunkBytes - this.filled);
  }

  /** A read of `bytes` landed in `into`; false pauses the socket. */
  private received(bytes: number, into: Uint8Array): boolean {
    this.onActivity();
    if (this.full || this.retired) return true;
    if (into === this.staging) {
      const rest = this.consume(into.subarray(0, bytes));
      if (rest) {
        this.pending = rest.slice();
        return this.pause();
      }
    } else {
      this.filled += bytes;
      if (this.filled === this.spec.chunkBytes) this.emit();
    }
    if (!this.full && !this.retired && this.slot < 0 && this.free.length === 0) return this.pause();
    return true;
  }

  private pause(): false {
    this.paused = true;
    this.socket?.pause();
    return false;
  }

  /** Copies data into slots; returns the unconsumed rest when no slot is free. */
  private consume(data: Uint8Array): Uint8Array | null {
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
    const pending = this.pending;
    this.pending = null;
    if (pending) this.pending = this.consume(pending);
    this.draining = false;
    if (this.pending) return;
    this.paused = false;
    this.socket?.resume();
    this.onResume();
  }

  /** Ends the stream: its shared memory serves the next decoder once every chunk is released. */
  retire(): void {
    this.retired = true;
    this.pending = null;
    this.socket?.destroy();
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

/** One subscription's decoder: its child, its readers, the stall watchdog and how it ends. */
class DecoderRun {
  private child: ChildProcess | undefined;
  private stderr = '';
  private done = false;
  private stopping = false;
  private stallTimer: NodeJS.Timeout | undefined;
  // Reads only stamp the time; the watchdog re-checks it when it fires (a timer per read costs GC).
  private lastActivity = performance.now();
  private ended = false;
  private exitCode: number | null = null;
  private exitSignal: NodeJS.Signals | null = null;
  private readonly readers: OutputReader[];
  private readonly onAbort = () => this.fail(cancelled(this.options.label));

  constructor(private readonly options: DecoderOptions, private readonly subscriber: Subscriber<Chunk>) {
    this.readers = options.outputs.map((spec, i) => new OutputReader(i, spec, (chunk) => this.next(chunk), () => this.armStall(), () => {
      this.armStall();
      this.close();
    }));
  }

  /** Opens the decoder's outputs, then starts it; an abort signal fails the stream. */
  open(): void {
    const { options } = this;
    outputSockets(this.readers.map((r) => r.onread)).then((sockets) => {
      if (this.done) {
        for (const pair of sockets) {
          pair.reader.destroy();
          pair.child.destroy();
        }
        return;
      }
      this.start(sockets);
    }, (err: Error) => this.fail(new MotionRegistryError('DECODE_FAILED', `${options.label}: cannot open the decoder's outputs: ${err.message}`)));
    if (options.signal?.aborted) this.onAbort();
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The subscriber left: stop reading and kill a child still running. */
  unsubscribe(): void {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.finish();
    const { child } = this;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  private start(sockets: OutputSocket[]): void {
    const { options, readers } = this;
    const fds = Math.max(...options.outputs.map((_, i) => outputFd(i)));
    const stdio: Array<IOType | Socket> = ['ignore', 'pipe', 'pipe', ...Array.from({ length: fds - 2 }, (): IOType => 'ignore')];
    sockets.forEach(({ child: end }, i) => (stdio[outputFd(i)] = end));
    const child = this.child = spawnChild(options.ffmpeg, options.args, { stdio });
    // The child holds its own copies; the decoder's ends must close with it for the readers to see the end.
    for (const { child: end } of sockets) end.destroy();
    sockets.forEach(({ reader }, i) => {
      readers[i].attach(reader);
      reader.once('end', () => this.close());
      reader.on('error', (err) => this.fail(new MotionRegistryError('DECODE_FAILED', `${options.label}: reading the decoder failed: ${err.message}`)));
    });
    child.stderr!.on('data', (data: Buffer) => {
      this.stderr = (this.stderr + data.toString()).slice(-STDERR_TAIL);
    });
    child.on('error', (err) => this.fail(new MotionRegistryError('DECODE_FAILED', `${options.label}: cannot run ffmpeg: ${err.message}`)));
    child.on('close', (code, signal) => {
      this.ended = true;
      this.exitCode = code;
      this.exitSignal = signal;
      this.close();
    });
    this.armStall();
  }

  private anyPaused(): boolean {
    return this.readers.some((r) => r.paused);
  }

  private watch(delay: number): void {
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      if (this.done || this.anyPaused()) return;
      const { stallMs, label } = this.options;
      const quiet = performance.now() - this.lastActivity;
      if (quiet < stallMs) this.watch(stallMs - quiet);
      else this.fail(new MotionRegistryError('DECODE_TIMEOUT', `${label}: the decoder produced nothing for ${stallMs / 1000} s`));
    }, delay);
  }

  private armStall(): void {
    this.lastActivity = performance.now();
    if (this.stallTimer === undefined && !this.done) this.watch(this.options.stallMs);
  }

  private finish(): void {
    this.done = true;
    clearTimeout(this.stallTimer);
    for (const reader of this.readers) reader.retire();
  }

  private fail(err: Error): void {
    if (this.done) return;
    this.finish();
    // Reported once the child is reaped, so that no decoder outlives the error.
    const { child, subscriber } = this;
    if (!child || this.ended || child.pid === undefined) {
      subscriber.error(err);
      return;
    }
    child.kill('SIGKILL');
    child.once('close', () => subscriber.error(err));
  }

  private next(chunk: Chunk): void {
    this.subscriber.next(chunk);
    // Every output has what it asked for: end the child; its exit status no longer matters.
    if (!this.stopping && this.readers.every((r) => r.full)) {
      this.stopping = true;
      this.child?.kill('SIGTERM');
    }
  }

  private close(): void {
    const { readers } = this;
    if (this.done || !this.ended || this.anyPaused() || !readers.every((r) => r.ended || r.full)) return;
    if (!this.stopping && (this.exitCode !== 0 || this.exitSignal)) {
      const reason = this.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ') || `exit code ${this.exitCode ?? this.exitSignal}`;
      this.fail(new MotionRegistryError('DECODE_FAILED', `${this.options.label}: ffmpeg failed: ${reason}`));
      return;
    }
    if (!this.stopping) for (const reader of readers) reader.flush();
    this.finish();
    this.subscriber.complete();
  }
}

/**
 * Runs one ffmpeg child that writes each of `outputs` to an fd of its own (see `outputPipe`) and
 * emits the chunks of all of them, each output with its own slots and backpressure: a paused
 * output pauses the decoder, whose other outputs wait with it. The child is killed on
 * unsubscribe, on error and once every output has what it asked for, and always reaped. Once
 * the stream is over and every chunk released, its shared memory serves the next decoder.
 */
export function decoderChunks(options: DecoderOptions): Observable<Chunk> {
  return new Observable<Chunk>((subscriber) => {
    const run = new DecoderRun(options, subscriber);
    run.open();
    return () => run.unsubscribe();
  });
}

/** One ffmpeg child writing one output to `pipe:1`, read as chunks (see {@link decoderChunks}). */
export function ffmpegChunks(options: ChunkStreamOptions): Observable<Chunk> {
  const { chunkBytes, slots, maxChunks, padLast, ...decoder } = options;
  return decoderChunks({ ...decoder, outputs: [{ chunkBytes, slots, maxChunks, padLast }] });
}
