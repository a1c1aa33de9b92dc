import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, mergeMap, take, toArray } from 'rxjs';
import { ffmpegChunks, type Chunk } from '../../src/media/chunks.js';
import { resolveFfmpeg } from '../../src/media/ffmpeg.js';
import { returnSlotBuffer, SLOT_BUFFERS_MAX_BYTES, slotBuffersKept, takeSlotBuffer } from '../../src/media/slot-buffers.js';
import { makeClip } from '../helpers/media.js';

const dir = mkdtempSync(join(tmpdir(), 'motionreg-slots-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const ffmpeg = await resolveFfmpeg();

t.test('a returned buffer serves the next request of its size; the kept bytes are bounded', async (t) => {
  const a = takeSlotBuffer(1000);
  returnSlotBuffer(a);
  t.equal(takeSlotBuffer(999).byteLength, 999, 'another size gets a buffer of its own');
  t.equal(takeSlotBuffer(1000), a, 'the same size gets the kept buffer');
  t.not(takeSlotBuffer(1000), a, 'a buffer is handed out once');

  const big = SLOT_BUFFERS_MAX_BYTES / 4;
  const kept = Array.from({ length: 5 }, () => takeSlotBuffer(big));
  kept.forEach(returnSlotBuffer);
  t.ok(slotBuffersKept() <= SLOT_BUFFERS_MAX_BYTES, 'never more than the limit is kept');
  t.not(takeSlotBuffer(big), kept[0], 'the oldest was dropped');
  while (slotBuffersKept() > 0) takeSlotBuffer(big);
});

t.test('a decoder\'s shared memory is reused once its stream ended and every chunk was released', async (t) => {
  const clip = await makeClip(dir, 'small.mp4', ['testsrc2=s=48x32:d=0.5:r=24'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  const decode = (hold = false) => {
    const held: Chunk[] = [];
    const chunks = lastValueFrom(ffmpegChunks({
      ffmpeg: ffmpeg.path, args: ['-v', 'error', '-i', clip, '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1'],
      chunkBytes: 48 * 32 * 4, slots: 4, stallMs: 10_000, label: clip,
    }).pipe(
      mergeMap(async (chunk) => {
        if (hold && held.length === 0) held.push(chunk);
        else chunk.release();
        return chunk;
      }),
      toArray(),
    ));
    return { chunks, held };
  };
  const first = await decode().chunks;
  t.equal(first.length, 12);
  const second = await decode().chunks;
  t.equal(second[0].buffer, first[0].buffer, 'the next stream of that size reads into the same memory');

  const holding = decode(true);
  const third = await holding.chunks;
  t.equal(third[0].buffer, first[0].buffer);
  const fourth = await decode().chunks;
  t.not(fourth[0].buffer, third[0].buffer, 'a chunk still held keeps its memory out of reuse');
  holding.held[0].release();
  t.equal((await decode().chunks)[0].buffer, third[0].buffer, 'released, it is reused');

  const cut = await lastValueFrom(ffmpegChunks({
    ffmpeg: ffmpeg.path, args: ['-v', 'error', '-i', clip, '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1'],
    chunkBytes: 48 * 32 * 4, slots: 4, stallMs: 10_000, label: clip,
  }).pipe(take(2), mergeMap(async (chunk) => {
    chunk.release();
    return chunk;
  }), toArray()));
  t.equal(cut.length, 2, 'unsubscribed early');
  t.equal((await decode().chunks)[0].buffer, cut[0].buffer, 'a stream cut short gives its memory back too');
});
