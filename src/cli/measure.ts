import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MotionRegistryError } from '../base/errors.js';
import { PACKAGE_ROOT } from '../base/paths.js';

/** The command a user runs. */
export const BIN = join(PACKAGE_ROOT, 'bin', 'motion-registry.js');

export interface ProcessRun {
  seconds: number;
  /** The process's own peak resident set (VmHWM, read until it exits; null off Linux). */
  peakRssMb: number | null;
  stdout: string;
}

const RSS_POLL_MS = 50;

function highWaterMb(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Runs a whole process to its end and times it; fails with its last stderr lines when it fails. */
export function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let peak: number | null = null;
    const poll = setInterval(() => {
      const now = child.pid === undefined ? null : highWaterMb(child.pid);
      if (now !== null) peak = Math.max(peak ?? 0, now);
    }, RSS_POLL_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', (err) => {
      clearInterval(poll);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, peakRssMb: peak, stdout });
      else reject(new MotionRegistryError('INTERNAL', `${command} ${args.slice(0, 3).join(' ')} … exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** The decode baseline: ffmpeg decoding every video frame of the file to raw RGBA, discarded. */
export async function decodeSeconds(ffmpeg: string, file: string): Promise<number> {
  return (await timeProcess(ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-y', '/dev/null'])).seconds;
}

export interface ExtractRun extends ProcessRun {
  frames: number;
  windows: number;
}

/**
 * `motion-registry extract FILE` as a user runs it, analysing every frame, on a fresh data dir;
 * `env` carries config overrides (`MOTION_REGISTRY_PIPELINE__WORKERS`, …) and `args` more flags.
 */
export async function timeExtract(file: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ExtractRun> {
  const data = mkdtempSync(join(tmpdir(), 'motion-registry-measure-'));
  try {
    const run = await timeProcess(process.execPath, [BIN, 'extract', file, '--data', data, '--max-frames', '0', '--sample-every', '1', '--json', '--no-progress', ...args], {
      MOTION_REGISTRY_LOG__LEVEL: 'warn', ...env,
    });
    const report = JSON.parse(run.stdout) as { files: Array<{ frames?: number; windows?: number }> };
    return { ...run, frames: report.files[0]?.frames ?? 0, windows: report.files[0]?.windows ?? 0 };
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

/** A clip of ffmpeg's own test pattern and a tone (H.264 yuv420p + AAC, 24 fps). */
export async function makeTestClip(ffmpeg: string, file: string, width: number, height: number, seconds: number): Promise<void> {
  await timeProcess(ffmpeg, [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=24:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'veryfast', '-c:a', 'aac', '-shortest', file,
  ]);
}
