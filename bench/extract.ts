/**
 * Extraction speed as a user meets it: whole `motion-registry extract` processes (start-up
 * included, every frame analysed) with every analyzer and with `--no-dynamic`, against ffmpeg
 * decoding the same clip to raw RGBA in the same run; then the CLI's start-up, the static pass in
 * a warm process, the loop's own 3 s clips, and peak RSS of a one-hour file against a one-minute
 * one (CLI defaults: the sampling plan bounds the work).
 *
 *   node dist/bench/extract.js [--runs 3] [--seconds 60] [--sizes 512x512,1280x720,1920x1080] [--long-minutes 60] [--loop-clips 6]
 *
 * Clips are ffmpeg's testsrc2 with a tone (H.264 yuv420p + AAC, 24 fps), made in a temp dir.
 * Prints medians and ratios; the last line is JSON.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/base/config.js';
import { interpret } from '../src/create/interpreter/interpret.js';
import { encodeClip } from '../src/create/encode.js';
import { synthesizeAudio } from '../src/create/audio.js';
import { extractFile } from '../src/extract/extract.js';
import { resolveFfmpeg } from '../src/media/ffmpeg.js';
import { histogramImplementation } from '../src/extract/color/histogram.js';
import { ExtractionPool } from '../src/extract/pool.js';
import type { MediaInfo } from '../src/media/probe.js';
import { decodeSeconds, makeTestClip, timeExtract, timeProcess, BIN } from '../src/cli/measure.js';
import { median } from './stats.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const num = (name: string, fallback: number) => {
  const v = Number(arg(name, String(fallback)));
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

const LOOP_PROMPTS = [
  'a slow pan across a red and blue gradient at dusk with soft music',
  'a whip pan across the city at night',
  'a glowing orb drifting over a dark sea, ambient drone',
  'fast cuts between bright shapes, upbeat drums',
  'the camera rolling slowly over a forest',
  'a dolly toward a lone figure in fog',
];

/** In a child process: the static pass over every frame, timed after a warm-up, with a warm pool. */
async function warmStatic(file: string): Promise<void> {
  const config = loadConfig({ env: {} });
  const ffmpeg = await resolveFfmpeg();
  const pool = new ExtractionPool(config.pipeline.workers);
  try {
    await extractFile(file, { config, pool, ffmpeg }, { maxFrames: 24, sampleEvery: 1, dynamic: false });
    const t0 = performance.now();
    const r = await extractFile(file, { config, pool, ffmpeg }, { maxFrames: 0, sampleEvery: 1, dynamic: false });
    process.stdout.write(`${JSON.stringify({ frames: r.frames, seconds: (performance.now() - t0) / 1000 })}\n`);
  } finally {
    await pool.close();
  }
}

/** In a child process: the loop's clips (its size and length, rendered from prompts) extracted as a job extracts them, in a warm pool. */
async function loopClips(dir: string, count: number): Promise<void> {
  const config = loadConfig({ env: {} });
  const ffmpeg = await resolveFfmpeg();
  const pool = new ExtractionPool(config.pipeline.workers);
  const { width, height, fps } = config.loop;
  const clips: Array<{ file: string; media: MediaInfo; prompt: string; mood: string }> = [];
  for (let i = 0; i < count; i++) {
    const prompt = LOOP_PROMPTS[i % LOOP_PROMPTS.length];
    const spec = interpret(prompt, { seed: 100 + i, defaults: { duration: 3, width, height, fps, transition: { shots: 2 } } });
    const clip = await encodeClip(spec, join(dir, `loop-${i}.${spec.alpha ? 'mov' : 'mp4'}`), { ffmpeg, audio: synthesizeAudio(spec, config.pipeline.audio_sample_rate), sampleRate: config.pipeline.audio_sample_rate });
    clips.push({ file: clip.file, media: clip.media, prompt, mood: spec.audio.mood });
  }
  try {
    await extractFile(clips[0].file, { config, pool, ffmpeg }, { prompt: clips[0].prompt, mood: clips[0].mood });
    let frames = 0;
    let seconds = 0;
    let decode = 0;
    for (const c of clips) {
      const t0 = performance.now();
      // As the loop does: the encoder's description of its clip, no probe.
      frames += (await extractFile(c.file, { config, pool, ffmpeg }, { prompt: c.prompt, mood: c.mood, media: c.media })).frames;
      seconds += (performance.now() - t0) / 1000;
      decode += await decodeSeconds(ffmpeg.path, c.file);
    }
    process.stdout.write(`${JSON.stringify({ clips: clips.length, frames, seconds, decode_seconds: decode, size: `${width}x${height}`, fps })}\n`);
  } finally {
    await pool.close();
  }
}

async function inChild(mode: string, ...args: string[]): Promise<Record<string, number | string>> {
  const run = await timeProcess(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, ...args]);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number | string>;
}

async function main(): Promise<void> {
  const runs = Math.floor(num('runs', 3));
  const seconds = num('seconds', 60);
  const longMinutes = num('long-minutes', 60);
  const loopCount = Math.floor(num('loop-clips', 6));
  const sizes = arg('sizes', '512x512,1280x720,1920x1080').split(',').map((s) => s.split('x').map(Number) as [number, number]);
  const ffmpeg = await resolveFfmpeg();
  const config = loadConfig({ env: {} });
  const dir = mkdtempSync(join(tmpdir(), 'bench-extract-'));
  const cpu = cpus();
  const machine = `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`;
  console.log(`machine: ${machine}, node ${process.version}, ffmpeg ${ffmpeg.version} (${ffmpeg.source}), workers ${config.pipeline.workers}, histogram kernel ${histogramImplementation()}`);
  const json: Record<string, unknown> = { bench: 'extract', machine, node: process.version, runs, seconds, workers: config.pipeline.workers };
  try {
    for (const [w, h] of sizes) {
      const file = join(dir, `c${w}x${h}.mp4`);
      await makeTestClip(ffmpeg.path, file, w, h, seconds);
      const decode: number[] = [];
      const every: number[] = [];
      const statics: number[] = [];
      const rss: number[] = [];
      let frames = 0;
      for (let i = 0; i < runs; i++) {
        // Paired: the baseline is timed beside each run.
        decode.push(await decodeSeconds(ffmpeg.path, file));
        const all = await timeExtract(file);
        frames = all.frames;
        every.push(all.seconds);
        if (all.peakRssMb !== null) rss.push(all.peakRssMb);
        statics.push((await timeExtract(file, ['--no-dynamic'])).seconds);
      }
      const d = median(decode);
      const [ratioAll, ratioStatic] = [median(every), median(statics)].map((s) => d / s);
      const name = `${w}x${h}`;
      console.log(`${name}, ${seconds} s, ${frames} frames: decode ${(frames / d).toFixed(0)} fps (${d.toFixed(2)} s); extract ${(frames / median(every)).toFixed(0)} fps (${median(every).toFixed(2)} s, ${ratioAll.toFixed(2)}× decode); --no-dynamic ${(frames / median(statics)).toFixed(0)} fps (${ratioStatic.toFixed(2)}×); peak RSS ${median(rss).toFixed(0)} MB`);
      Object.assign(json, {
        [`decode_s_${name}`]: +d.toFixed(3), [`extract_s_${name}`]: +median(every).toFixed(3), [`static_s_${name}`]: +median(statics).toFixed(3),
        [`ratio_${name}`]: +ratioAll.toFixed(3), [`ratio_static_${name}`]: +ratioStatic.toFixed(3), [`peak_rss_mb_${name}`]: +median(rss).toFixed(1),
      });
    }

    const tiny = join(dir, 'five.mp4');
    await timeProcess(ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=64x64:r=24:d=0.21', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', tiny]);
    const startup: number[] = [];
    const help: number[] = [];
    for (let i = 0; i < runs; i++) {
      startup.push((await timeExtract(tiny)).seconds);
      help.push((await timeProcess(process.execPath, [BIN, '--help'])).seconds);
    }
    console.log(`start-up: extract of a 5-frame clip ${median(startup).toFixed(2)} s; --help ${median(help).toFixed(2)} s`);
    Object.assign(json, { startup_s: +median(startup).toFixed(3), help_s: +median(help).toFixed(3) });

    const [w0, h0] = sizes[0];
    const first = join(dir, `c${w0}x${h0}.mp4`);
    const warm: number[] = [];
    const warmDecode: number[] = [];
    for (let i = 0; i < runs; i++) {
      warmDecode.push(await decodeSeconds(ffmpeg.path, first));
      const r = await inChild('static', first);
      warm.push(Number(r.seconds));
    }
    const warmRatio = median(warmDecode) / median(warm);
    console.log(`static pass in a warm process, ${w0}x${h0}: ${warmRatio.toFixed(2)}× decode`);
    json.ratio_static_warm = +warmRatio.toFixed(3);

    const loop: number[] = [];
    let loopLine = '';
    for (let i = 0; i < runs; i++) {
      const r = await inChild('loop', dir, String(loopCount));
      loop.push(Number(r.decode_seconds) / Number(r.seconds));
      loopLine = `${r.clips} loop clips of ${r.size} at ${r.fps} fps (${r.frames} frames)`;
    }
    console.log(`${loopLine}: extraction ${median(loop).toFixed(2)}× their decode, warm pool`);
    json.ratio_loop = +median(loop).toFixed(3);

    // One minute and an hour of 1080p, the hour made by repeating the minute without re-encoding.
    const minute = join(dir, 'minute.mp4');
    await makeTestClip(ffmpeg.path, minute, 1920, 1080, 60);
    const list = join(dir, 'list.txt');
    writeFileSync(list, Array.from({ length: Math.round(longMinutes) }, () => `file '${minute}'`).join('\n'));
    const hour = join(dir, 'hour.mp4');
    await timeProcess(ffmpeg.path, ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', hour]);
    const defaults = async (file: string) => {
      const data = mkdtempSync(join(dir, 'data-'));
      return timeProcess(process.execPath, [BIN, 'extract', file, '--data', data, '--no-progress'], { MOTION_REGISTRY_LOG__LEVEL: 'warn' });
    };
    const short: number[] = [];
    const long: number[] = [];
    const shortS: number[] = [];
    const longS: number[] = [];
    for (let i = 0; i < runs; i++) {
      const a = await defaults(minute);
      const b = await defaults(hour);
      short.push(a.peakRssMb ?? NaN);
      long.push(b.peakRssMb ?? NaN);
      shortS.push(a.seconds);
      longS.push(b.seconds);
    }
    const rssRatio = median(long) / median(short);
    console.log(`1080p with CLI defaults: 1 min ${median(shortS).toFixed(2)} s, peak RSS ${median(short).toFixed(0)} MB; ${longMinutes} min ${median(longS).toFixed(2)} s, ${median(long).toFixed(0)} MB (${rssRatio.toFixed(2)}×)`);
    Object.assign(json, { long_minutes: longMinutes, rss_ratio_long: +rssRatio.toFixed(3), seconds_1min: +median(shortS).toFixed(2), seconds_long: +median(longS).toFixed(2) });
    console.log(JSON.stringify(json));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const child = process.argv.indexOf('--child');
if (child >= 0) {
  const [mode, ...args] = process.argv.slice(child + 1);
  if (mode === 'static') await warmStatic(args[0]);
  else await loopClips(args[0], Number(args[1]));
} else {
  await main();
}
