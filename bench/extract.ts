/**
 * Extraction throughput and memory: the full pipeline (src/pipeline/extract.ts) against the
 * decode limit (ffmpeg decoding to RGBA with the output discarded).
 *
 *   node dist/bench/extract.js [--runs 3] [--long-minutes 10]
 *
 * Makes its own clips with ffmpeg lavfi (testsrc2 + sine, H.264 yuv420p + AAC, 24 fps) in a temp
 * dir: 10 s at 512×512, 10 s at 1280×720 and a long 512×512 clip. Each pipeline measurement runs
 * in a child process (this script with `--child <file>`) so peak RSS is per run. Prints medians;
 * the last line is JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load.js';
import { extractFile } from '../src/pipeline/extract.js';
import { resolveFfmpeg } from '../src/pipeline/ffmpeg.js';
import { histogramImplementation } from '../src/pipeline/histogram.js';
import { ExtractionPool } from '../src/pipeline/pool.js';
import { median } from './stats.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

interface ChildResult { frames: number; seconds: number; peak_rss_mb: number; kernel: string }

async function child(file: string): Promise<void> {
  const config = loadConfig({ env: {} });
  const ffmpeg = await resolveFfmpeg();
  const pool = new ExtractionPool(config.pipeline.workers);
  try {
    // A service keeps its pool warm: start the workers before timing.
    await extractFile(file, { config, pool, ffmpeg }, { maxFrames: 1, sampleEvery: 1, dynamic: false });
    const t0 = performance.now();
    const result = await extractFile(file, { config, pool, ffmpeg }, { maxFrames: 0, sampleEvery: 1, dynamic: false });
    const seconds = (performance.now() - t0) / 1000;
    const out: ChildResult = {
      frames: result.frames,
      seconds,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
      kernel: histogramImplementation(),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await pool.close();
  }
}

function run(cmd: string, args: string[], onStdout?: (chunk: Buffer) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => { if (onStdout) onStdout(c); else out += c.toString(); });
    p.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    p.on('error', reject);
    p.on('close', (code) => code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err.slice(-2000)}`)));
  });
}

async function makeClip(ffmpeg: string, file: string, w: number, h: number, seconds: number, ultrafast: boolean): Promise<void> {
  await run(ffmpeg, [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=24:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', ...(ultrafast ? ['-preset', 'ultrafast'] : []),
    '-c:a', 'aac', '-shortest', file,
  ]);
}

async function limit(ffmpeg: string, file: string, w: number, h: number): Promise<{ frames: number; seconds: number }> {
  let bytes = 0;
  const t0 = performance.now();
  await run(ffmpeg, ['-v', 'error', '-i', file, '-map', '0:v:0', '-pix_fmt', 'rgba', '-f', 'rawvideo', '-'], (c) => { bytes += c.length; });
  return { frames: bytes / (w * h * 4), seconds: (performance.now() - t0) / 1000 };
}

async function pipeline(file: string): Promise<ChildResult> {
  const out = await run(process.execPath, [fileURLToPath(import.meta.url), '--child', file]);
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ChildResult;
}

async function main(): Promise<void> {
  const runs = Math.floor(arg('runs', 3));
  const longMinutes = arg('long-minutes', 10);
  const ffmpeg = await resolveFfmpeg();
  const config = loadConfig({ env: {} });
  const dir = mkdtempSync(join(tmpdir(), 'bench-extract-'));
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}, node ${process.version}, ffmpeg ${ffmpeg.version} (${ffmpeg.source}), workers ${config.pipeline.workers}`);
  console.log(`histogram kernel (parent): ${histogramImplementation()}`);
  try {
    const clips = [
      { name: '512x512', w: 512, h: 512, file: join(dir, 'c512.mp4'), goal: 0.8 },
      { name: '1280x720', w: 1280, h: 720, file: join(dir, 'c720.mp4'), goal: 0.6 },
    ];
    const longFile = join(dir, 'long512.mp4');
    let t = performance.now();
    for (const c of clips) await makeClip(ffmpeg.path, c.file, c.w, c.h, 10, false);
    await makeClip(ffmpeg.path, longFile, 512, 512, Math.round(longMinutes * 60), true);
    console.log(`clips made in ${((performance.now() - t) / 1000).toFixed(1)} s (long: ${longMinutes} min)`);

    const json: Record<string, unknown> = {
      bench: 'extract', cpus: cpu.length, cpu_model: cpu[0]?.model, node: process.version, runs,
      long_minutes: longMinutes, workers: config.pipeline.workers,
    };
    let kernel = '';
    let rss512 = 0;
    for (const c of clips) {
      const limitFps: number[] = [];
      const pipeFps: number[] = [];
      const rss: number[] = [];
      let frames = 0;
      let limitFrames = 0;
      for (let i = 0; i < runs; i++) {
        const l = await limit(ffmpeg.path, c.file, c.w, c.h);
        limitFps.push(l.frames / l.seconds);
        limitFrames = l.frames;
        const p = await pipeline(c.file);
        pipeFps.push(p.frames / p.seconds);
        rss.push(p.peak_rss_mb);
        frames = p.frames;
        kernel = p.kernel;
      }
      const lf = median(limitFps);
      const pf = median(pipeFps);
      const ratio = pf / lf;
      const r = median(rss);
      if (c.w === 512) rss512 = r;
      console.log(`${c.name}: limit ${lf.toFixed(1)} fps (${limitFrames} frames), pipeline ${pf.toFixed(1)} fps (${frames} frames), ratio ${ratio.toFixed(3)} (goal ≥ ${c.goal}: ${ratio >= c.goal ? 'met' : 'NOT met'}), peak RSS ${r.toFixed(1)} MB`);
      const k = c.w === 512 ? '512' : '720';
      Object.assign(json, {
        [`limit_fps_${k}`]: +lf.toFixed(2), [`pipeline_fps_${k}`]: +pf.toFixed(2), [`ratio_${k}`]: +ratio.toFixed(4),
        [`frames_${k}`]: frames, [`peak_rss_mb_${k}`]: +r.toFixed(1),
      });
    }

    const longFps: number[] = [];
    const longRss: number[] = [];
    let longFrames = 0;
    for (let i = 0; i < runs; i++) {
      const p = await pipeline(longFile);
      longFps.push(p.frames / p.seconds);
      longRss.push(p.peak_rss_mb);
      longFrames = p.frames;
    }
    const lfps = median(longFps);
    const lrss = median(longRss);
    const rssRatio = lrss / rss512;
    console.log(`long 512x512 (${longMinutes} min): pipeline ${lfps.toFixed(1)} fps (${longFrames} frames), peak RSS ${lrss.toFixed(1)} MB`);
    console.log(`peak RSS 10 s ${rss512.toFixed(1)} MB vs long ${lrss.toFixed(1)} MB: ratio ${rssRatio.toFixed(3)} (goal ≤ 1.2: ${rssRatio <= 1.2 ? 'met' : 'NOT met'})`);
    console.log(`histogram kernel (child process default): ${kernel}`);
    Object.assign(json, {
      pipeline_fps_long: +lfps.toFixed(2), frames_long: longFrames, peak_rss_mb_long: +lrss.toFixed(1),
      rss_ratio_long_vs_10s: +rssRatio.toFixed(4), histogram: kernel,
    });
    console.log(JSON.stringify(json));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ci = process.argv.indexOf('--child');
if (ci >= 0) {
  await child(process.argv[ci + 1]);
} else {
  await main();
}
