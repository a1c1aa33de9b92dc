import t from 'tap';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/base/random.js';
import { RegistryActor } from '../../src/registry/actor.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { cli } from '../helpers/cli.js';
import { makeClip } from '../helpers/media.js';

interface Report {
  file: string;
  ok: boolean;
  frames?: number;
  instants?: number;
  error?: { code: string; message: string };
}

/** Processes whose command line names `text`. */
function processesNaming(text: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  }).map(Number);
}

const cut = (file: string, to: string, keep: number) => {
  const bytes = readFileSync(file);
  writeFileSync(to, bytes.subarray(0, Math.floor(bytes.length * keep)));
  return to;
};

t.test('corrupt and hostile media: each file gives a clear error or a correct result, failures change nothing, no ffmpeg is left', async (t) => {
  const dir = tempDataDir(t);
  mkdirSync(dir, { recursive: true });
  const data = tempDataDir(t);
  const rng = mulberry32(11);
  const video = ['testsrc2=s=160x96:d=2:r=12'];
  const withSound = [...video, 'sine=frequency=440:d=2'];
  const plain = await makeClip(dir, 'plain.mp4', withSound, ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac']);
  const faststart = await makeClip(dir, 'faststart.mp4', withSound, ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart']);
  const fragmented = await makeClip(dir, 'fragmented.mp4', video, ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', 'frag_keyframe+empty_moov', '-g', '6']);
  const flipped = join(dir, 'bitflips.mp4');
  const bytes = Buffer.from(readFileSync(faststart));
  for (let i = 0; i < 400; i++) {
    const at = 2048 + Math.floor(rng() * (bytes.length - 2048));
    bytes[at] ^= 1 << Math.floor(rng() * 8);
  }
  writeFileSync(flipped, bytes);
  writeFileSync(join(dir, 'zero.mp4'), '');
  writeFileSync(join(dir, 'random.mp4'), Buffer.from(Array.from({ length: 65536 }, () => Math.floor(rng() * 256))));
  writeFileSync(join(dir, 'text.mp4'), 'this is not a video, only text named like one\n'.repeat(100));
  // A Y4M header that declares a 32768×32768 frame and carries one tiny frame.
  writeFileSync(join(dir, 'huge.y4m'), Buffer.concat([Buffer.from('YUV4MPEG2 W32768 H32768 F24:1 Ip A1:1 C420jpeg\nFRAME\n'), Buffer.alloc(4096)]));
  const audioOnly = await makeClip(dir, 'audio-only.m4a', ['sine=frequency=220:d=3'], ['-c:a', 'aac']);
  const videoOnly = await makeClip(dir, 'video-only.mp4', video, ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  const vfr = await makeClip(dir, 'vfr.mkv', ['testsrc2=s=160x96:d=3:r=24'], ['-vf', "select='not(mod(n\\,3))+lt(n\\,10)'", '-fps_mode', 'vfr', '-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  const longAudio = await makeClip(dir, 'long-audio.flac', ['sine=frequency=330:d=600:sample_rate=8000'], ['-c:a', 'flac']);

  const files = [
    cut(plain, join(dir, 'truncated-plain.mp4'), 0.6), cut(faststart, join(dir, 'truncated-faststart.mp4'), 0.6),
    cut(fragmented, join(dir, 'truncated-fragmented.mp4'), 0.6), flipped,
    join(dir, 'zero.mp4'), join(dir, 'random.mp4'), join(dir, 'text.mp4'), join(dir, 'huge.y4m'),
    audioOnly, videoOnly, vfr, longAudio,
  ];
  const r = await cli()('extract', '--json', '--data', data, ...files);
  t.equal(r.code, 1, 'some failed');
  const reports = new Map((JSON.parse(r.stdout) as { files: Report[] }).files.map((f) => [f.file.slice(dir.length + 1), f]));

  for (const name of ['zero.mp4', 'random.mp4', 'text.mp4', 'truncated-plain.mp4']) {
    t.match(reports.get(name), { ok: false, error: { code: 'DECODE_FAILED' } }, `${name}: DECODE_FAILED`);
    t.match(r.stderr, new RegExp(`${name.replace('.', '\\.')}: DECODE_FAILED: `), `${name}: one line on stderr`);
  }
  t.match(reports.get('huge.y4m'), { ok: false, error: { code: /^(DECODE_FAILED|INPUT_TOO_LARGE)$/ } }, 'a frame too large to hold is refused');
  for (const name of ['truncated-faststart.mp4', 'truncated-fragmented.mp4', 'bitflips.mp4']) {
    const report = reports.get(name)!;
    t.ok(report.ok ? report.frames! > 0 : /^DECODE_/.test(report.error!.code), `${name}: ${report.ok ? `${report.frames} frames read` : report.error!.code}`);
  }
  t.match(reports.get('audio-only.m4a'), { ok: true, frames: 0 }, 'audio only: no frames');
  t.ok(reports.get('audio-only.m4a')!.instants! > 0, 'and its sounds');
  t.match(reports.get('video-only.mp4'), { ok: true, instants: 0 }, 'video only: frames, no sounds');
  t.ok(reports.get('video-only.mp4')!.frames! > 0);
  t.ok(reports.get('vfr.mkv')!.ok && reports.get('vfr.mkv')!.frames! > 0, 'variable frame rate');
  t.match(reports.get('long-audio.flac'), { ok: true, instants: 120 }, '10 minutes of audio: the 120 instants the plan takes');
  t.same(processesNaming(dir), [], 'no ffmpeg is left');

  const actor = await RegistryActor.start({ config: testConfig(data), readOnly: true });
  t.teardown(() => actor.close());
  const failed = new Set([...reports].filter(([, f]) => !f.ok).map(([name]) => name));
  const sources = new Set((await actor.discoveries(0, 100_000)).map((d) => d.source.file?.slice(dir.length + 1)));
  t.same([...failed].filter((name) => sources.has(name)), [], 'no failed file recorded anything');
  t.ok((await actor.check()).ok);
});
