import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { lastValueFrom, mergeMap, toArray } from 'rxjs';
import { decoderChunks, outputPipe, type Chunk } from '../../src/media/chunks.js';
import { resolveFfmpeg } from '../../src/media/ffmpeg.js';
import { tempDataDir } from '../helpers/store.js';
import { makeClip } from '../helpers/media.js';

const run = promisify(execFile);
const dir = join(tempDataDir(t), '..');
const ffmpeg = await resolveFfmpeg();

const W = 256;
const H = 192;
const FRAME = W * H * 4;
const INSTANT = 2000 * 4;

const clip = await makeClip(dir, 'chunks.mkv', [`testsrc2=s=${W}x${H}:d=2:r=24`, 'sine=frequency=440:sample_rate=48000:d=2'], ['-c:v', 'ffv1', '-c:a', 'pcm_f32le']);

async function reference(args: string[]): Promise<Buffer> {
  const { stdout } = await run(ffmpeg.path, ['-v', 'error', '-i', clip, ...args, '-'], { encoding: 'buffer', maxBuffer: 256 << 20 });
  return stdout;
}

const video = await reference(['-map', '0:v:0', '-pix_fmt', 'rgba', '-f', 'rawvideo']);
const audio = await reference(['-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 'f32le']);

/** Both outputs of one decode, each chunk copied out after a delay that makes every slot fill up. */
async function decode(slots: { video: number; audio: number }, hold: (chunk: Chunk) => number) {
  const chunks$ = decoderChunks({
    ffmpeg: ffmpeg.path,
    args: ['-v', 'error', '-i', clip, '-map', '0:v:0', '-pix_fmt', 'rgba', '-f', 'rawvideo', outputPipe(0), '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 'f32le', outputPipe(1)],
    outputs: [{ chunkBytes: FRAME, slots: slots.video }, { chunkBytes: INSTANT, slots: slots.audio, padLast: true }],
    stallMs: 20_000,
    label: clip,
  });
  const seen = await lastValueFrom(chunks$.pipe(
    mergeMap(async (chunk) => {
      await new Promise((r) => setTimeout(r, hold(chunk)));
      const copy = Buffer.from(chunk.view.subarray(0, chunk.bytes));
      chunk.release();
      return { output: chunk.output, index: chunk.index, copy };
    }, 64),
    toArray(),
  ));
  const join = (output: number) => Buffer.concat(seen.filter((c) => c.output === output).sort((a, b) => a.index - b.index).map((c) => c.copy));
  return { video: join(0), audio: join(1), frames: seen.filter((c) => c.output === 0).length };
}

t.test('frames read straight into their slots arrive whole and in order, however long the slots are held', async (t) => {
  const slow = await decode({ video: 2, audio: 4 }, (c) => (c.output === 0 && c.index % 5 === 0 ? 40 : 0));
  t.equal(slow.frames, 48);
  t.ok(slow.video.equals(video), 'every frame byte equals a plain decode');
  t.ok(slow.audio.equals(audio), 'every sample byte equals a plain decode');
  const one = await decode({ video: 1, audio: 1 }, () => 1);
  t.ok(one.video.equals(video) && one.audio.equals(audio), 'with a single slot per output too');
});
