import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, INSTALLER_BIN, rejectsWith, type TapTest } from '../helpers/ffmpeg.js';
import { resolveFfmpeg, type FfmpegBinary } from '../../src/media/ffmpeg.js';
import { hasAlphaPixFmt, inputDecoderArgs, probeMedia, type MediaInfo } from '../../src/media/probe.js';

const run = promisify(execFile);


// --- clips ---------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'motionreg-probe-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const clip = (name: string) => join(dir, name);

const system = await resolveFfmpeg(cleanEnv());
const ff = (...args: string[]) => run(system.path, ['-v', 'error', '-nostdin', '-y', ...args]);

await Promise.all([
  ff('-f', 'lavfi', '-i', 'testsrc2=s=64x64:r=25:d=1', '-f', 'lavfi', '-i', 'sine=f=440:r=44100:d=1',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-shortest', clip('av.mp4')),
  ff('-f', 'lavfi', '-i', 'color=c=red@0.5:s=64x64:d=1,format=yuva420p',
    '-c:v', 'libvpx-vp9', '-pix_fmt', 'yuva420p', '-deadline', 'realtime', clip('alpha.webm')),
  ff('-f', 'lavfi', '-i', 'testsrc2=s=64x64:r=30:d=0.5,format=argb', '-c:v', 'qtrle', clip('argb.mov')),
  ff('-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=0.5', '-ac', '1', clip('mono.wav')),
  ff('-f', 'lavfi', '-i', 'testsrc2=s=64x64:r=24:d=0.5', '-c:v', 'libx264', '-preset', 'ultrafast', clip('video-only.mp4')),
  // A song with cover art: the picture is a video stream flagged as an attached picture.
  ff('-f', 'lavfi', '-i', 'sine=f=330:r=22050:d=0.5', '-f', 'lavfi', '-i', 'color=c=blue:s=32x32:d=0.04', '-map', '0', '-map', '1',
    '-c:a', 'libmp3lame', '-c:v', 'mjpeg', '-frames:v', '1', '-disposition:v', 'attached_pic', clip('cover.mp3')),
  ff('-f', 'lavfi', '-i', 'sine=f=330:r=48000:d=0.5', '-ac', '2', '-c:a', 'libopus', clip('opus.mka')),
]);
// The same H.264+AAC clip with its index (moov) first, so a truncated copy still probes.
await ff('-i', clip('av.mp4'), '-c', 'copy', '-movflags', '+faststart', clip('faststart.mp4'));

const half = (from: string, to: string) => {
  const bytes = readFileSync(clip(from));
  writeFileSync(clip(to), bytes.subarray(0, bytes.length >> 1));
};
half('av.mp4', 'half.mp4');
half('faststart.mp4', 'half-faststart.mp4');
writeFileSync(clip('empty.mp4'), '');
writeFileSync(clip('notes.txt'), 'These are notes, not a video.\nLine two.\n');
writeFileSync(clip('subtitles.srt'), '1\n00:00:01,000 --> 00:00:02,000\nhello\n');
{
  let s = 0x2545f491; // xorshift32: the same "random" bytes every run
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; bytes[i] = s & 0xff; }
  writeFileSync(clip('random.bin'), bytes);
}
mkdirSync(clip('a-directory.mp4'));

// --- probing -------------------------------------------------------------------------------------

interface Variant { name: string; bin: () => Promise<FfmpegBinary>; ffprobe: boolean }
const variants: Variant[] = [
  { name: 'ffprobe', bin: async () => system, ffprobe: true },
  { name: 'ffmpeg -i', bin: async () => ({ ...system, ffprobe: null }), ffprobe: false },
];
if (existsSync(INSTALLER_BIN)) {
  variants.push({
    name: 'ffmpeg 4.1 -i',
    bin: async () => ({ ...(await resolveFfmpeg(cleanEnv({ FFMPEG_BIN: INSTALLER_BIN }))), ffprobe: null }),
    ffprobe: false,
  });
}

const near = (t: TapTest, actual: number | null, expected: number, what: string) =>
  t.ok(actual !== null && Math.abs(actual - expected) < 0.1, `${what}: ${actual} ≈ ${expected}`);

for (const variant of variants) {
  t.test(`probe with ${variant.name}`, async (t) => {
    const bin = await variant.bin();

    const av = await probeMedia(clip('av.mp4'), bin);
    t.equal(av.file, clip('av.mp4'));
    t.equal(av.container, 'mov,mp4,m4a,3gp,3g2,mj2');
    near(t, av.duration, 1, 'H.264 duration');
    t.match(av.video, { codec: 'h264', width: 64, height: 64, fps: 25, pix_fmt: 'yuv420p', hasAlpha: false });
    t.equal(av.video?.frames, variant.ffprobe ? 25 : null, 'frame count from the MP4 index (ffprobe only)');
    t.same(av.audio, { codec: 'aac', sampleRate: 44100, channels: 2 });
    t.equal(inputDecoderArgs(av).length > 0, false);

    const webm = await probeMedia(clip('alpha.webm'), bin);
    t.equal(webm.container, 'matroska,webm');
    near(t, webm.duration, 1, 'VP9 duration');
    // VP9 alpha: reported as yuv420p, the alpha lives in a side channel flagged by alpha_mode=1.
    t.same(webm.video, { codec: 'vp9', width: 64, height: 64, fps: 25, pix_fmt: 'yuv420p', hasAlpha: true, frames: null });
    t.equal(webm.audio, null);
    t.equal(inputDecoderArgs(webm).length > 0, true);
    t.same(inputDecoderArgs(webm), ['-c:v', 'libvpx-vp9']);

    const mov = await probeMedia(clip('argb.mov'), bin);
    near(t, mov.duration, 0.5, 'QTRLE duration');
    t.match(mov.video, { codec: 'qtrle', width: 64, height: 64, fps: 30, hasAlpha: true });
    // ffmpeg 4.1 reports QTRLE 32-bit as bgra, 5.1 as argb.
    t.match(mov.video?.pix_fmt, /^(argb|bgra)$/);
    t.equal(inputDecoderArgs(mov).length > 0, false);
    t.equal(mov.audio, null);

    const wav = await probeMedia(clip('mono.wav'), bin);
    t.equal(wav.container, 'wav');
    t.equal(wav.video, null);
    t.same(wav.audio, { codec: 'pcm_s16le', sampleRate: 48000, channels: 1 });
    near(t, wav.duration, 0.5, 'WAV duration');
    t.equal(inputDecoderArgs(wav).length > 0, false);

    const vo = await probeMedia(clip('video-only.mp4'), bin);
    t.match(vo.video, { codec: 'h264', fps: 24, hasAlpha: false });
    t.equal(vo.audio, null);
    near(t, vo.duration, 0.5, 'video-only duration');

    // Truncation is invisible to a probe when the index comes first: the header still claims 1 s.
    const cut = await probeMedia(clip('half-faststart.mp4'), bin);
    near(t, cut.duration, 1, 'truncated faststart MP4 keeps its header duration');
    t.match(cut.video, { codec: 'h264', width: 64 });
    if (variant.ffprobe) t.equal(cut.video?.frames, 25, 'and its header frame count');
  });

  t.test(`bad inputs with ${variant.name}`, async (t) => {
    const bin = await variant.bin();
    await rejectsWith(t, probeMedia(clip('missing.mp4'), bin), 'INPUT_INVALID', /no such file: .*missing\.mp4/);
    await rejectsWith(t, probeMedia(clip('a-directory.mp4'), bin), 'INPUT_INVALID', /directory/);
    await rejectsWith(t, probeMedia(clip('empty.mp4'), bin), 'DECODE_FAILED', /empty\.mp4.*empty \(0 bytes\)/);
    await rejectsWith(t, probeMedia(clip('random.bin'), bin), 'DECODE_FAILED', /random\.bin.*Invalid data found/);
    await rejectsWith(t, probeMedia(clip('notes.txt'), bin), 'DECODE_FAILED', /notes\.txt.*(Invalid data found|it is text)/);
    // A subtitle file is media, but holds neither audio nor video.
    await rejectsWith(t, probeMedia(clip('subtitles.srt'), bin), 'DECODE_FAILED', /subtitles\.srt: no audio or video stream/);
    // An MP4 whose index (moov) sits at the end, cut in half: the index is gone.
    await rejectsWith(t, probeMedia(clip('half.mp4'), bin), 'DECODE_FAILED', /half\.mp4: ffmpeg|half\.mp4: ffprobe/);
    await rejectsWith(t, probeMedia(clip('half.mp4'), bin), 'DECODE_FAILED', /moov atom not found/);
  });
}

t.test('cover art is no video; an audio-only Matroska keeps its duration', async (t) => {
  for (const variant of variants) {
    const bin = await variant.bin();
    // ffmpeg 4.1 does not mark an attached picture in its `-i` listing, so only newer builds can tell.
    if (!variant.name.includes('4.1')) {
      const song = await probeMedia(clip('cover.mp3'), bin);
      t.equal(song.container, 'mp3', variant.name);
      t.equal(song.video, null, `${variant.name}: the attached picture is not the video`);
      t.same(song.audio, { codec: 'mp3', sampleRate: 22050, channels: 1 }, variant.name);
      near(t, song.duration, 0.5, `${variant.name}: MP3 duration`);
    }

    const opus = await probeMedia(clip('opus.mka'), bin);
    t.equal(opus.container, 'matroska,webm', variant.name);
    t.equal(opus.video, null);
    t.same(opus.audio, { codec: 'opus', sampleRate: 48000, channels: 2 }, variant.name);
    near(t, opus.duration, 0.5, `${variant.name}: Matroska duration`);
  }
});

t.test('VP9 alpha decodes only through libvpx', async (t) => {
  const firstPixel = async (pre: string[]) => {
    const { stdout } = await run(system.path, ['-v', 'error', '-nostdin', ...pre, '-i', clip('alpha.webm'),
      '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { encoding: 'buffer' });
    return [...stdout.subarray(0, 4)];
  };
  const info = await probeMedia(clip('alpha.webm'), system);
  const [, , , alphaLibvpx] = await firstPixel(inputDecoderArgs(info));
  const [, , , alphaNative] = await firstPixel([]);
  t.ok(Math.abs(alphaLibvpx - 128) <= 3, `libvpx-vp9 keeps alpha ≈ 0.5 (${alphaLibvpx})`);
  t.equal(alphaNative, 255, 'the native vp9 decoder drops alpha');
});

t.test('alpha pixel formats', async (t) => {
  for (const f of ['rgba', 'bgra', 'argb', 'abgr', 'yuva420p', 'yuva444p10le', 'gbrap', 'gbrap16le', 'ya8', 'rgba64le']) {
    t.ok(hasAlphaPixFmt(f), f);
  }
  for (const f of ['yuv420p', 'rgb24', 'rgb0', '0rgb', 'bgr0', 'gray', 'pal8', 'gbrp', 'nv12']) t.notOk(hasAlphaPixFmt(f), f);
  const none: MediaInfo = { file: 'x', container: 'x', duration: null, video: null, audio: null };
  t.equal(inputDecoderArgs(none).length > 0, false);
});
