import t from 'tap';
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile, type FileExtraction } from '../../src/extract/extract.js';
import { ExtractionPool } from '../../src/extract/pool.js';
import { resolveFfmpeg } from '../../src/media/ffmpeg.js';
import { ffmpegChunks, type Chunk } from '../../src/media/chunks.js';
import { RegistryActor } from '../../src/registry/actor.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { makeClip } from '../helpers/media.js';
import { evalGraph, pulseExpr } from '../helpers/sound-clips.js';
import { BIN } from '../helpers/cli.js';

const dataDir = tempDataDir(t);
const dir = join(dataDir, '..');
const config = testConfig(dataDir);
const pool = new ExtractionPool(1);
t.teardown(() => pool.close());
const ffmpeg = await resolveFfmpeg();
const extract = (file: string, overrides = {}) => extractFile(file, { config, pool, ffmpeg }, overrides);
const keys = (x: FileExtraction, registry: string) => x.cells.filter((c) => c.registry === registry).map((c) => c.key);
const count = (x: FileExtraction, key: string) => x.cells.find((c) => c.key === key)?.observation.count;

t.test('frame color and dominant cells', async (t) => {
  const solid = await makeClip(dir, 'solid.mov', ['color=c=0x6496C8:s=64x64:d=0.5:r=24,format=rgb24'], ['-c:v', 'png']);
  const x = await extract(solid);
  t.equal(x.frames, 12);
  t.same(keys(x, 'static_color'), ['100,150,200_1.0']);
  t.equal(count(x, '100,150,200_1.0'), 24, 'frame color and dominant cell, per frame');

  const split = await makeClip(dir, 'split.mov', ['color=c=red:s=64x64:d=0.5:r=24,format=rgb24,drawbox=x=0:y=0:w=32:h=64:color=blue:t=fill'], ['-c:v', 'png']);
  const y = await extract(split);
  t.same(keys(y, 'static_color').sort(), ['0,0,250_1.0', '125,0,125_1.0', '250,0,0_1.0'], 'frame mean plus both halves');
});

t.test('opacity from the alpha plane: QTRLE and VP9 with alpha', async (t) => {
  const mov = await makeClip(dir, 'alpha.mov', ['color=c=0x6496C8@0.5:s=64x64:d=0.25:r=24,format=argb'], ['-c:v', 'qtrle']);
  t.same(keys(await extract(mov), 'static_color'), ['100,150,200_0.5']);
  const webm = await makeClip(dir, 'alpha.webm', ['color=c=0x6496C8@0.5:s=64x64:d=0.25:r=24,format=yuva420p'], ['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuva420p', '-crf', '10', '-b:v', '0']);
  const opacities = keys(await extract(webm), 'static_color').map((k) => k.split('_')[1]);
  t.ok(opacities.length > 0 && opacities.every((o) => o === '0.5'), `VP9 alpha decodes to opacity 0.5 (${opacities.join(' ')})`);
  const opaque = await makeClip(dir, 'opaque.mp4', ['color=c=0x6496C8:s=64x64:d=0.25:r=24'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  t.ok(keys(await extract(opaque), 'static_color').every((k) => k.endsWith('_1.0')), 'streams without alpha are opaque');
});

t.test('sound primitives from decoded audio', async (t) => {
  const wav = (name: string, graph: string) => makeClip(dir, name, [graph], ['-c:a', 'pcm_s16le']);
  const tone = await extract(await wav('tone.wav', 'sine=frequency=330:sample_rate=48000:duration=1,volume=4'));
  t.equal(tone.frames, 0);
  t.equal(tone.instants, 24, 'audio-only input: instants of 1/24 s');
  t.same(keys(tone, 'static_sound'), ['0.4_mid_tone'], 'a 330 Hz sine at RMS 0.35 is a mid tone');
  const rumble = keys(await extract(await wav('rumble.wav', 'sine=frequency=50:sample_rate=48000:duration=0.5,volume=4')), 'static_sound');
  t.ok(rumble.length > 0 && rumble.every((k) => /^0\.[34]_low_rumble$/.test(k)), `a 50 Hz sine is a low rumble (${rumble.join(' ')}); two cycles per instant`);
  const noise = keys(await extract(await wav('noise.wav', 'anoisesrc=color=white:amplitude=0.5:sample_rate=48000:duration=0.5:seed=7')), 'static_sound');
  t.ok(noise.length > 0 && noise.every((k) => k.endsWith('_high_hiss')), `white noise is hiss (${noise.join(' ')})`);
  t.same(keys(await extract(await wav('silence.wav', 'anullsrc=sample_rate=48000:channel_layout=mono:d=0.5')), 'static_sound'), ['0.0_silent_silence']);
  // lavfi's sine peaks at 1/8: RMS = volume / 8 / √2.
  for (const [volume, band] of [[0.8, '0.1'], [2.4, '0.2'], [5.6, '0.5'], [8, '0.7']] as const) {
    const k = keys(await extract(await wav(`level${volume}.wav`, `sine=frequency=330:sample_rate=48000:duration=0.5,volume=${volume}`)), 'static_sound');
    t.same(k, [`${band}_mid_tone`], `amplitude band follows the level (volume ${volume})`);
  }
});

t.test('sampling: max frames, sample every, second pass', async (t) => {
  const clip = await makeClip(dir, 'ramp.mp4', ['testsrc2=s=64x64:d=1:r=24'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  t.equal((await extract(clip)).frames, 24, 'short clips: every frame');
  t.equal((await extract(clip, { maxFrames: 5 })).frames, 5);
  t.equal((await extract(clip, { sampleEvery: 4 })).frames, 6);
  t.equal((await extract(clip, { sampleEvery: 4, secondPass: true })).frames, 12, 'the second pass reads other frames');
  t.equal((await extract(clip, { maxFrames: 10, secondPass: true })).frames, 20);
});

t.test('bad input fails with a clear error and records nothing', async (t) => {
  const good = await makeClip(dir, 'good.mp4', ['testsrc2=s=64x64:d=1:r=24'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  const truncated = join(dir, 'truncated.mp4');
  writeFileSync(truncated, readFileSync(good).subarray(0, Math.floor(statSync(good).size / 2)));
  const empty = join(dir, 'empty.mp4');
  writeFileSync(empty, '');
  const random = join(dir, 'random.mkv');
  writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) % 251)));
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not a video\n'.repeat(100));
  for (const file of [truncated, empty, random, text]) {
    await t.rejects(extract(file), { code: /^(DECODE_FAILED|INPUT_INVALID)$/, message: new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }, file);
  }
  await t.rejects(extract(join(dir, 'missing.mp4')), { code: 'INPUT_INVALID' });
  const actor = await RegistryActor.start({ config });
  t.teardown(() => actor.close());
  t.equal((await actor.discoveries()).length, 0, 'nothing was recorded');
});

t.test('backpressure: frames in flight never exceed the bound', async (t) => {
  const clip = await makeClip(dir, 'long.mp4', ['testsrc2=s=32x32:d=2:r=24'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  const frames = 48;
  const slots = 3;
  // Turns of the event loop a consumer holding every slot lets pass before it frees one: each
  // polls the decoder's pipe, where a decoder that overran the bound would deliver another frame.
  const heldTurns = 10;
  const held: Chunk[] = [];
  const seen: number[] = [];
  let maxInFlight = 0;
  let saturated = 0;
  const frames$ = ffmpegChunks({
    ffmpeg: ffmpeg.path, args: ['-v', 'error', '-i', clip, '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1'],
    chunkBytes: 32 * 32 * 4, slots, stallMs: 10_000, label: clip,
  });
  const freeOldest = async () => {
    for (let i = 0; i < heldTurns; i++) await new Promise((r) => setImmediate(r));
    held.shift()?.release();
  };
  await new Promise<void>((resolve, reject) => frames$.subscribe({
    next: (chunk) => {
      held.push(chunk);
      seen.push(chunk.index);
      maxInFlight = Math.max(maxInFlight, held.length);
      if (held.length < slots) return;
      saturated += 1;
      void freeOldest();
    },
    error: reject,
    complete: () => {
      for (const chunk of held.splice(0)) chunk.release();
      resolve();
    },
  }));
  t.same(seen, Array.from({ length: frames }, (_, i) => i), 'every frame arrives once, in order');
  t.equal(maxInFlight, slots, 'the consumer took every slot and was never handed more');
  t.equal(saturated, frames - slots + 1, 'from the third frame on, each frame came only after a slot was freed');
});

/** Decoders (ffmpeg children writing raw frames or samples) of this process running now. */
function decoders(parent = process.pid): Array<{ pid: number; args: string }> {
  const out: Array<{ pid: number; args: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (ppid === parent && /ffmpeg/.test(args) && /rawvideo|f32le/.test(args)) out.push({ pid: Number(entry), args });
    } catch {
      // The process ended while it was read.
    }
  }
  return out;
}

t.test('one decode per file feeds every analyzer, which find what each finds alone', async (t) => {
  const clip = await makeClip(dir, 'av.mp4', ['testsrc2=s=160x120:d=4:r=24', 'sine=frequency=330:sample_rate=48000:duration=4'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest']);
  const seen = new Set<number>();
  const watch = setInterval(() => decoders().forEach((d) => seen.add(d.pid)), 5);
  const all = await extract(clip);
  clearInterval(watch);
  t.equal(seen.size, 1, 'one ffmpeg decoded the file for the frames, the instants and both kinds of window');
  t.match(all, { frames: 96, instants: 97, windows: 5 }, 'every frame and instant of a short clip and a window per second; AAC adds a little audio at the end');

  const statics = await extract(clip, { dynamic: false });
  const windows = await extract(clip, { static: false });
  const cells = (x: FileExtraction) => x.cells.map((c) => `${c.registry}/${c.domain}/${c.key}×${c.observation.count}`).sort();
  t.same(cells(all), [...cells(statics), ...cells(windows)].sort(), 'the shared decode gives each analyzer the same frames and samples');
  t.equal(windows.frames + windows.instants, 0);
  t.equal(statics.windows, 0);
});

t.test('each sound window is analysed with the audio before it', async (t) => {
  // 120 bpm from t = 0: a beat on every window edge, one more in the middle of each window.
  const clip = await makeClip(dir, 'edge-beats.wav', [evalGraph(pulseExpr(120, 0, [{ timbre: 'click', level: 0.5 }]), 5)], ['-c:a', 'pcm_s16le']);
  const x = await extract(clip, { static: false });
  t.equal(x.windows, 5);
  const tempo = Object.fromEntries(x.cells.filter((c) => c.domain === 'sound_tempo').map((c) => [c.key, c.observation.count]));
  t.same(tempo, { slow: 1, medium: 4 }, 'the first window cannot see the beat at 0 s; every later one sees the beat on its edge');
});

t.test('a decoder killed mid-file fails the file with its name, and the command records nothing', async (t) => {
  const clip = await makeClip(dir, 'long-av.mp4', ['testsrc2=s=320x240:d=30:r=24', 'sine=frequency=330:sample_rate=48000:duration=30'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest']);
  const data = join(dir, 'killed-data');
  const child = spawn(process.execPath, [BIN, 'extract', clip, '--data', data, '--max-frames', '0', '--sample-every', '1'], {
    env: { ...process.env, MOTION_REGISTRY_LOG__LEVEL: 'silent', MOTION_REGISTRY_PIPELINE__WORKERS: '1', MOTION_REGISTRY_DYNAMIC__MAX_WINDOWS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let killed: number | undefined;
  for (let i = 0; i < 2000 && killed === undefined; i++) {
    await new Promise((r) => setTimeout(r, 10));
    const [decoder] = decoders(child.pid);
    if (decoder) {
      await new Promise((r) => setTimeout(r, 300));
      process.kill(decoder.pid, 'SIGKILL');
      killed = decoder.pid;
    }
  }
  t.ok(killed, 'the decoder was found and killed');
  t.not(await exited, 0);
  t.match(output, /DECODE_FAILED.*long-av\.mp4.*ffmpeg failed/s, 'the error names the file');
  const actor = await RegistryActor.start({ config: testConfig(data), readOnly: true });
  t.teardown(() => actor.close());
  t.equal((await actor.coverage()).seq, 0, 'no part of the file was recorded');
});
