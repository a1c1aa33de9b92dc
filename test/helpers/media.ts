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
