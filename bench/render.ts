/**
 * Render + encode throughput (src/create/render/, src/create/encode.ts) against a baseline of
 * ffmpeg encoding the same number of frames of lavfi `testsrc2` (+ a sine) at the same size with
 * the same codec settings — the encoder's own speed, with no frames coming through a pipe.
 *
 *   node dist/bench/render.js [--runs 3] [--seconds 10]
 *
 * Cases: H.264 veryfast + AAC MP4 at 512×512 and 1280×720, and QTRLE (alpha) MOV at 512×512,
 * 24 fps. The scene is a busy one: truck camera with handheld steadiness, a character with fluid
 * motion, two shots with a dissolve. Render-only fps is measured too. Prints medians; the last
 * line is JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { VALUES } from '../src/base/values.js';
import { encodeClip } from '../src/create/encode.js';
import { SceneRenderer } from '../src/create/render/index.js';
import { neutralSpec } from '../src/create/spec.js';
import type { SceneSpec } from '../src/model/scene.js';
import { resolveFfmpeg, type FfmpegBinary } from '../src/media/ffmpeg.js';
import { median } from './stats.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const FPS = 24;
const SAMPLE_RATE = 48000;

function sceneSpec(width: number, height: number, seconds: number, alpha: boolean): SceneSpec {
  return neutralSpec({
    seed: 1234, duration: seconds, width, height, fps: FPS, alpha, opacity: alpha ? 0.8 : 1,
    palette: { name: 'warm_sunset', stops: VALUES.palettes.warm_sunset.map((c) => [c[0], c[1], c[2]]) },
    gradient: { type: 'angled', angle: 40 },
    camera: { motion: 'truck', speed: 'medium', steadiness: 'handheld' },
    motion: { speed: 'medium', rhythm: 'wave', smoothness: 'fluid', directionality: 'horizontal', acceleration: 'ease_in_out' },
    lighting: { temperature: 'warm' },
    composition: { balance: 'left_heavy' },
    transition: { type: 'dissolve', shots: 2 },
    shape: 'character',
  });
}

function sine(seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * SAMPLE_RATE) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 330 * i) / SAMPLE_RATE));
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    p.on('error', reject);
    p.on('close', (code) => code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err.slice(-2000)}`)));
  });
}

interface Case { name: string; width: number; height: number; alpha: boolean }

const VIDEO_ARGS: Record<'h264' | 'qtrle', string[]> = {
  h264: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '160k'],
  qtrle: ['-c:v', 'qtrle', '-pix_fmt', 'argb', '-c:a', 'aac', '-b:a', '160k'],
};

async function baseline(ffmpeg: FfmpegBinary, c: Case, frames: number, dir: string): Promise<number> {
  const seconds = frames / FPS;
  const out = join(dir, `baseline.${c.alpha ? 'mov' : 'mp4'}`);
  const t0 = performance.now();
  await run(ffmpeg.path, [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${c.width}x${c.height}:rate=${FPS}:duration=${seconds}${c.alpha ? ',format=argb' : ''}`,
    '-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=${SAMPLE_RATE}:duration=${seconds}`,
    '-map', '0:v', '-map', '1:a', ...VIDEO_ARGS[c.alpha ? 'qtrle' : 'h264'], '-frames:v', String(frames), out,
  ]);
  return frames / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const runs = arg('runs', 3);
  const seconds = arg('seconds', 10);
  const ffmpeg = await resolveFfmpeg();
  const dir = mkdtempSync(join(tmpdir(), 'motionreg-bench-render-'));
  const cases: Case[] = [
    { name: 'h264_512', width: 512, height: 512, alpha: false },
    { name: 'h264_720p', width: 1280, height: 720, alpha: false },
    { name: 'qtrle_512', width: 512, height: 512, alpha: true },
  ];
  const results: Record<string, unknown> = {};
  try {
    process.stdout.write(`render bench: ${seconds} s at ${FPS} fps, ${runs} runs, ${cpus().length} cores, ffmpeg ${ffmpeg.version}\n`);
    for (const c of cases) {
      const spec = sceneSpec(c.width, c.height, seconds, c.alpha);
      const frames = Math.round(seconds * FPS);
      const audio = sine(seconds);
      const renderFps: number[] = [];
      const encodeFps: number[] = [];
      const baseFps: number[] = [];
      // Warm-up: native canvas, ffmpeg binary in the page cache.
      await encodeClip({ ...spec, duration: 0.5 }, join(dir, 'warm'), { ffmpeg, audio: sine(0.5), sampleRate: SAMPLE_RATE });
      for (let r = 0; r < runs; r++) {
        const renderer = new SceneRenderer(spec);
        let t0 = performance.now();
        for (let i = 0; i < renderer.frameCount; i++) renderer.frame(i);
        renderFps.push(renderer.frameCount / ((performance.now() - t0) / 1000));

        t0 = performance.now();
        const clip = await encodeClip(spec, join(dir, `clip-${c.name}`), { ffmpeg, audio, sampleRate: SAMPLE_RATE });
        encodeFps.push(clip.frames / ((performance.now() - t0) / 1000));

        baseFps.push(await baseline(ffmpeg, c, frames, dir));
      }
      const row = {
        frames,
        render_fps: Math.round(median(renderFps)),
        render_encode_fps: Math.round(median(encodeFps)),
        baseline_testsrc2_fps: Math.round(median(baseFps)),
        ratio_vs_baseline: Number((median(encodeFps) / median(baseFps)).toFixed(2)),
      };
      results[c.name] = row;
      process.stdout.write(`${c.name.padEnd(10)} ${c.width}×${c.height}: render ${row.render_fps} fps, render+encode ${row.render_encode_fps} fps, `
        + `ffmpeg testsrc2 ${row.baseline_testsrc2_fps} fps (×${row.ratio_vs_baseline})\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ bench: 'render', seconds, fps: FPS, runs, cores: cpus().length, ffmpeg: ffmpeg.version, results })}\n`);
}

await main();
