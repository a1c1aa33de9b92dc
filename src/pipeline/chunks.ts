import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { spawnChild } from './children.js';
import { Observable } from 'rxjs';
import { MotionRegistryError } from '../errors/catalogue.js';

/** One fixed-size record read from an ffmpeg pipe (a frame or an audio instant), held in shared memory. */
export interface Chunk {
  /** 0-based position in the stream. */
  index: number;
  /** The bytes of this chunk: a view of the stream's SharedArrayBuffer, valid until `release()`. */
  view: Uint8Array;
  /** Bytes actually read: less than the chunk size only for a zero-padded last chunk (`padLast`). */
  bytes: number;
  buffer: SharedArrayBuffer;
  byteOffset: number;
  /** Returns the slot to the pool; the decoder resumes when it was waiting for one. */
  release(): void;
}

export interface ChunkStreamOptions {
  ffmpeg: string;
  args: string[];
  /** Bytes per chunk (frame: width × height × 4; instant: samples × 4). */
  chunkBytes: number;
  /** Chunks in flight at most; the pipe is paused while all slots are taken. */
  slots: number;
  /** Fail when the decoder produces nothing for this long (not counting time paused by backpressure). */
  stallMs: number;
  /** Stop after this many chunks (0 = all). */
  maxChunks?: number;
  /** Names the input in errors. */
  label: string;
  /** A trailing partial chunk is zero-padded and emitted (audio) rather than dropped (video). */
  padLast?: boolean;
  /** Aborting kills the decoder and fails the stream with JOB_CANCELLED. */
  signal?: AbortSignal;
}

/** The error work stopped by an abort signal fails with. */
export const cancelled = (label: string) => new MotionRegistryError('JOB_CANCELLED', `${label}: cancelled`);

const STDERR_TAIL = 4096;

/**
 * Reads an ffmpeg child's stdout as fixed-size chunks into a recycled pool of shared-memory slots,
 * with backpressure: the child's stdout is paused whenever every slot is in use. The child is
 * killed on unsubscribe, on error and once `maxChunks` have been read, and always reaped.
 */
export function ffmpegChunks(options: ChunkStreamOptions): Observable<Chunk> {
  return new Observable<Chunk>((subscriber) => {
    const { chunkBytes, slots } = options;
    const buffer = new SharedArrayBuffer(chunkBytes * slots);
    const free: number[] = Array.from({ length: slots }, (_, i) => slots - 1 - i);
    const child = spawnChild(options.ffmpeg, options.args, { stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcessByStdio<null, Readable, Readable>;
    let stderr = '';
    let slot = -1;
    let filled = 0;
    let emitted = 0;
    let pending: Buffer | null = null;
    let paused = false;
    let done = false;
    let stopping = false;
    let stallTimer: NodeJS.Timeout | undefined;

    const armStall = () => {
      clearTimeout(stallTimer);
      if (done || paused) return;
      stallTimer = setTimeout(() => {
        fail(new MotionRegistryError('DECODE_TIMEOUT', `${options.label}: the decoder produced nothing for ${options.stallMs / 1000} s`));
      }, options.stallMs);
    };

    const finish = () => {
      done = true;
      clearTimeout(stallTimer);
    };

    const fail = (err: Error) => {
      if (done) return;
      finish();
      child.kill('SIGKILL');
      // Reported once the child is reaped, so that no decoder outlives the error.
      if (ended || child.pid === undefined) subscriber.error(err);
      else child.once('close', () => subscriber.error(err));
    };

    const stop = () => {
      // Enough chunks: end the child; its exit status no longer matters.
      stopping = true;
      child.stdout.destroy();
      child.kill('SIGTERM');
    };

    const emit = (bytes = chunkBytes) => {
      const s = slot;
      slot = -1;
      filled = 0;
      let released = false;
      const index = emitted++;
      subscriber.next({
        index,
        view: new Uint8Array(buffer, s * chunkBytes, chunkBytes),
        bytes,
        buffer,
        byteOffset: s * chunkBytes,
        release: () => {
          if (released) return;
          released = true;
          free.push(s);
          if (paused && !done) resume();
        },
      });
      if (options.maxChunks && emitted >= options.maxChunks) stop();
    };

    /** Copies data into slots; returns the unconsumed rest when no slot is free. */
    const consume = (data: Buffer): Buffer | null => {
      let offset = 0;
      while (offset < data.length && !stopping) {
        if (slot < 0) {
          const next = free.pop();
          if (next === undefined) return data.subarray(offset);
          slot = next;
        }
        const n = Math.min(chunkBytes - filled, data.length - offset);
        new Uint8Array(buffer, slot * chunkBytes + filled, n).set(data.subarray(offset, offset + n));
        filled += n;
        offset += n;
        if (filled === chunkBytes) emit();
      }
      return null;
    };

    // A release inside `consume` (a synchronous consumer) must not start a second drain.
    let draining = false;
    const resume = () => {
      if (draining) return;
      draining = true;
      while (pending) {
        const data = pending;
        pending = null;
        pending = consume(data);
        if (pending) {
          draining = false;
          return;
        }
      }
      draining = false;
      paused = false;
      if (!stopping) child.stdout.resume();
      armStall();
      if (ended) close();
    };

    child.stdout.on('data', (data: Buffer) => {
      armStall();
      if (pending) {
        pending = Buffer.concat([pending, data]);
        return;
      }
      const rest = consume(data);
      if (rest) {
        pending = rest;
        paused = true;
        clearTimeout(stallTimer);
        child.stdout.pause();
      }
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-STDERR_TAIL);
    });
    child.on('error', (err) => fail(new MotionRegistryError('DECODE_FAILED', `${options.label}: cannot run ffmpeg: ${err.message}`)));

    let ended = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    const close = () => {
      if (done || paused) return;
      if (!stopping && (exitCode !== 0 || exitSignal)) {
        const reason = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ') || `exit code ${exitCode ?? exitSignal}`;
        fail(new MotionRegistryError('DECODE_FAILED', `${options.label}: ffmpeg failed: ${reason}`));
        return;
      }
      if (!stopping && filled > 0 && options.padLast && slot >= 0) {
        new Uint8Array(buffer, slot * chunkBytes + filled, chunkBytes - filled).fill(0);
        emit(filled);
      }
      finish();
      subscriber.complete();
    };
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
