import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';

const run = promisify(execFile);

/** Makes a clip with ffmpeg's lavfi sources: `inputs` are lavfi graphs, `args` the output options. */
export async function makeClip(dir: string, name: string, inputs: string[], args: string[]): Promise<string> {
  const out = join(dir, name);
  await run('ffmpeg', ['-v', 'error', '-y', ...inputs.flatMap((i) => ['-f', 'lavfi', '-i', i]), ...args, out]);
  return out;
}

/** Raw mono float samples of a lavfi audio graph. */
export async function lavfiSamples(graph: string, sampleRate = 48000): Promise<Float32Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', graph, '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-'], {
    encoding: 'buffer', maxBuffer: 64 << 20,
  });
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
}

/** The frames of a clip as straight RGBA at `width` px wide (box-filtered, as extraction scales them), height even. */
export async function rgbaFrames(file: string, width: number): Promise<{ width: number; height: number; frames: Uint8Array[] }> {
  const probe = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]);
  const [w, h] = probe.stdout.trim().split(',').map(Number);
  const height = Math.max(2, Math.round((h * width) / w / 2) * 2);
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-vf', `scale=${width}:${height}:flags=area`, '-pix_fmt', 'rgba', '-f', 'rawvideo', '-'], {
    encoding: 'buffer', maxBuffer: 256 << 20,
  });
  const size = width * height * 4;
  const frames: Uint8Array[] = [];
  for (let o = 0; o + size <= stdout.byteLength; o += size) frames.push(new Uint8Array(stdout.buffer, stdout.byteOffset + o, size));
  return { width, height, frames };
}
