/**
 * Per-window visual dynamic analysis (src/extract/dynamic/visual.ts), native vs JavaScript kernels
 * (src/extract/dynamic/kernels.ts), per analysed frame at the default 160-px analysis width.
 *
 *   node dist/bench/dynamic-window.js [--passes 5]
 *
 * Clips from ffmpeg's own sources, decoded as extraction decodes them (RGBA, area-scaled to 160 px
 * wide), in windows of one second at 24 fps: a panning, bobbing crop of testsrc2, a mandelbrot zoom
 * and a red square crossing a noisy backdrop. Each implementation runs in its own process, so its
 * first pass is cold (a fresh worker's JIT): `cold` is that pass, `warm` the median of the others.
 * Times are CPU time (user + system) of the analysis, ms per frame. The last line is JSON.
 */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resolveFfmpeg } from '../src/media/ffmpeg.js';
import { nativeMotionKernelStatus, setMotionKernelImplementation, type MotionKernelImplementation } from '../src/extract/dynamic/kernels.js';
import { analyzeVisualWindow } from '../src/extract/dynamic/visual.js';
import type { WindowFrames } from '../src/extract/dynamic/types.js';
import { median } from './stats.js';

const run = promisify(execFile);
const WIDTH = 160, FPS = 24, SECONDS = 3;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const PASSES = Math.max(2, Math.floor(Number(arg('passes') ?? 5)) || 5);

const CLIPS: Record<string, { graph: string; filter: string }> = {
  pan: { graph: `testsrc2=s=1280x360:r=${FPS}`, filter: `crop=640:360:'t*150':'20*sin(t*4)+0'` },
  zoom: { graph: `mandelbrot=s=512x512:r=${FPS}`, filter: 'null' },
  subject: { graph: `color=c=0x506070:s=640x360:r=${FPS},noise=alls=12:allf=u`, filter: "drawbox=x='60+t*120':y='120+t*15':w=90:h=90:color=0xE03020:t=fill" },
};

async function windows(ffmpeg: string, name: string): Promise<WindowFrames[]> {
  const { graph, filter } = CLIPS[name];
  const probeHeight = name === 'zoom' ? WIDTH : 90;
  const { stdout } = await run(ffmpeg, [
    '-v', 'error', '-f', 'lavfi', '-i', graph, '-t', String(SECONDS),
    '-vf', `${filter},scale=${WIDTH}:${probeHeight}:flags=area`, '-pix_fmt', 'rgba', '-f', 'rawvideo', '-',
  ], { encoding: 'buffer', maxBuffer: 256 << 20 });
  const size = WIDTH * probeHeight * 4;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= stdout.byteLength; o += size) frames.push(new Uint8Array(stdout.buffer, stdout.byteOffset + o, size));
  const out: WindowFrames[] = [];
  for (let i = 0; i * FPS < frames.length; i++) {
    out.push({ index: i, start: i, fps: FPS, width: WIDTH, height: probeHeight, frames: frames.slice(i * FPS, (i + 1) * FPS), previous: i ? frames[i * FPS - 1] : null });
  }
  return out;
}

/** CPU ms per frame of one pass over the windows (fresh window objects: nothing cached). */
function pass(all: WindowFrames[]): number {
  let frames = 0;
  const t0 = process.cpuUsage();
  for (const w of all) {
    analyzeVisualWindow({ ...w });
    frames += w.frames.length;
  }
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000 / frames;
}

interface ChildResult { cold: number; warm: number; clips: Record<string, number> }

async function child(impl: MotionKernelImplementation): Promise<ChildResult> {
  setMotionKernelImplementation(impl);
  const ffmpeg = (await resolveFfmpeg()).path;
  const byClip = Object.fromEntries(await Promise.all(Object.keys(CLIPS).map(async (c) => [c, await windows(ffmpeg, c)] as const)));
  const all = Object.values(byClip).flat();
  const cold = pass(all);
  const warm: number[] = [];
  for (let i = 1; i < PASSES; i++) warm.push(pass(all));
  const clips: Record<string, number> = {};
  for (const [c, ws] of Object.entries(byClip)) clips[c] = median(Array.from({ length: 3 }, () => pass(ws)));
  return { cold, warm: median(warm), clips };
}

const only = arg('only');
if (only === 'js' || only === 'native') {
  console.log(JSON.stringify(await child(only)));
} else {
  const status = nativeMotionKernelStatus();
  if (!status.available) console.log(`native motion kernels unavailable (${status.reason}): JS only`);
  const impls: MotionKernelImplementation[] = status.available ? ['js', 'native'] : ['js'];
  const results: Partial<Record<MotionKernelImplementation, ChildResult>> = {};
  for (const impl of impls) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--only', impl, '--passes', String(PASSES)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${impl} run failed: ${r.stderr}`);
    results[impl] = JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
  }
  const round = (v: number, d = 3) => Number(v.toFixed(d));
  const result: Record<string, string | number | null> = { bench: 'dynamic-window', width: WIDTH, fps: FPS, passes: PASSES };
  for (const impl of impls) {
    const r = results[impl]!;
    console.log(`${impl}: cold ${r.cold.toFixed(3)} ms/frame, warm ${r.warm.toFixed(3)} ms/frame (${Object.entries(r.clips).map(([c, v]) => `${c} ${v.toFixed(3)}`).join(', ')})`);
    result[`${impl}_cold_ms`] = round(r.cold);
    result[`${impl}_warm_ms`] = round(r.warm);
    for (const [c, v] of Object.entries(r.clips)) result[`${impl}_ms_${c}`] = round(v);
  }
  const js = results.js!, nat = results.native;
  if (nat) {
    console.log(`speedup native / js: cold ${(js.cold / nat.cold).toFixed(2)}x, warm ${(js.warm / nat.warm).toFixed(2)}x`);
    result.speedup_cold = round(js.cold / nat.cold, 2);
    result.speedup_warm = round(js.warm / nat.warm, 2);
  } else {
    result.speedup_cold = result.speedup_warm = null;
  }
  console.log(JSON.stringify(result));
}
