import t from 'tap';
import { join } from 'node:path';
import { encodeAudio, encodeFrames, type EncodedClip } from '../../src/create/encode.js';
import { extractFile } from '../../src/extract/extract.js';
import { ExtractionPool } from '../../src/extract/pool.js';
import { probeMedia } from '../../src/media/probe.js';
import { resolveFfmpeg } from '../../src/media/ffmpeg.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const dir = join(tempDataDir(t), '..');
const config = testConfig(join(dir, 'data'));
const ffmpeg = await resolveFfmpeg();
const pool = new ExtractionPool(1);
t.teardown(() => pool.close());

const W = 64;
const H = 48;
const FPS = 24;
const FRAMES = 30;
const RATE = 48000;

function* frames() {
  const frame = new Uint8Array(W * H * 4);
  for (let i = 0; i < FRAMES; i++) {
    for (let p = 0; p < W * H; p++) frame.set([(p + i * 7) % 256, (p >> 3) % 256, (i * 9) % 256, p % 2 ? 255 : 128], p * 4);
    yield frame;
  }
}

const tone = Float32Array.from({ length: Math.round((RATE * FRAMES) / FPS) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / RATE));

const clips: Array<[string, () => Promise<EncodedClip>]> = [
  ['H.264 + AAC in MP4', () => encodeFrames(frames(), { width: W, height: H, fps: FPS, alpha: false }, join(dir, 'plain'), { ffmpeg, audio: tone, sampleRate: RATE })],
  ['QTRLE + AAC in MOV', () => encodeFrames(frames(), { width: W, height: H, fps: FPS, alpha: true }, join(dir, 'alpha'), { ffmpeg, audio: tone, sampleRate: RATE })],
  ['VP9 with alpha + Opus in WebM', () => encodeFrames(frames(), { width: W, height: H, fps: FPS, alpha: true }, join(dir, 'alpha-vp9'), { ffmpeg, audio: tone, sampleRate: RATE, alphaCodec: 'vp9' })],
  ['H.264 without audio', () => encodeFrames(frames(), { width: W, height: H, fps: FPS, alpha: false }, join(dir, 'silent'), { ffmpeg })],
  ['PCM WAV', () => encodeAudio(tone, join(dir, 'tone'), { ffmpeg, sampleRate: RATE })],
];

for (const [name, encode] of clips) {
  t.test(`${name}: the encoder describes its file as a probe does, and extraction from either description agrees`, async (t) => {
    const clip = await encode();
    const probed = await probeMedia(clip.file, ffmpeg);
    const { duration, ...declared } = clip.media;
    const { duration: probedDuration, ...found } = probed;
    t.same(declared, found);
    t.ok(probedDuration !== null && Math.abs(duration! - probedDuration) < 0.1, `duration ${duration} against the probe's ${probedDuration}`);
    const options = { maxFrames: 0, sampleEvery: 1 };
    const [known, probing] = [await extractFile(clip.file, { config, pool, ffmpeg }, { ...options, media: clip.media }), await extractFile(clip.file, { config, pool, ffmpeg }, options)];
    const sorted = (x: typeof known) => [...x.cells].sort((a, b) => `${a.registry} ${a.key}`.localeCompare(`${b.registry} ${b.key}`));
    t.same(sorted(known), sorted(probing));
    t.ok(known.cells.length > 0);
    t.equal(known.frames, probing.frames);
    t.equal(known.instants, probing.instants);
  });
}
