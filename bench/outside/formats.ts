/**
 * Codecs, sizes and frame rates of the set, and the ffmpeg command that writes one planned clip.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { integer, pick } from './draw.js';
import type { AudioContainer, PlannedClip, Rng, VideoFormat } from './types.js';

const run = promisify(execFile);

/** Sizes and rates clips are drawn from; the large size is listed once so it stays rare. */
export const VIDEO_FORMATS: readonly VideoFormat[] = [
  { codec: 'h264', width: 320, height: 240, fps: 24 },
  { codec: 'h264', width: 426, height: 240, fps: 25 },
  { codec: 'h264', width: 640, height: 360, fps: 30 },
  { codec: 'h264', width: 1280, height: 720, fps: 25 },
  { codec: 'vp9', width: 426, height: 240, fps: 24 },
  { codec: 'vp9', width: 640, height: 360, fps: 25 },
  { codec: 'mpeg4', width: 320, height: 240, fps: 25 },
  { codec: 'mpeg4', width: 640, height: 360, fps: 24 },
  { codec: 'ffv1', width: 256, height: 144, fps: 30 },
  { codec: 'prores', width: 426, height: 240, fps: 24 },
];
export const AUDIO_CONTAINERS: readonly AudioContainer[] = ['wav', 'm4a', 'ogg'];

/** H.264 quality range drawn per clip (CRF). */
const H264_CRF: [number, number] = [16, 26];
/** MPEG-4 part 2 quantiser range drawn per clip. */
const MPEG4_Q: [number, number] = [2, 5];

export const SAMPLE_RATE = 48000;
const OPUS_FRAME_SECONDS = 0.02;
const OPUS = ['-c:a', 'libopus', '-b:a', '96k'];
/**
 * Opus takes at most 20 ms a frame, and ffmpeg does not cut a filter_complex output to it: the
 * audio chain is cut into frames of that size itself.
 */
const OPUS_FRAME = `asetnsamples=n=${OPUS_FRAME_SECONDS * SAMPLE_RATE}`;

interface Container { ext: string; video: string[]; audio: string[] }

function videoContainer(format: VideoFormat): Container {
  switch (format.codec) {
    case 'h264': return { ext: 'mp4', video: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(format.quality), '-pix_fmt', 'yuv420p'], audio: ['-c:a', 'aac', '-b:a', '128k'] };
    case 'vp9': return { ext: 'webm', video: ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '32', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', '-pix_fmt', 'yuv420p'], audio: OPUS };
    case 'mpeg4': return { ext: 'avi', video: ['-c:v', 'mpeg4', '-q:v', String(format.quality), '-pix_fmt', 'yuv420p'], audio: ['-c:a', 'pcm_s16le'] };
    case 'ffv1': return { ext: 'mkv', video: ['-c:v', 'ffv1', '-pix_fmt', 'yuv420p'], audio: ['-c:a', 'pcm_s16le'] };
    case 'prores': return { ext: 'mov', video: ['-c:v', 'prores_ks', '-profile:v', '0', '-pix_fmt', 'yuv422p10le'], audio: ['-c:a', 'pcm_s16le'] };
  }
}

const AUDIO_ONLY: Record<AudioContainer, string[]> = {
  wav: ['-c:a', 'pcm_s16le'],
  m4a: ['-c:a', 'aac', '-b:a', '128k'],
  ogg: OPUS,
};

export function drawFormat(rng: Rng): { format: VideoFormat; audioContainer: AudioContainer } {
  const base = pick(rng, VIDEO_FORMATS);
  const quality = base.codec === 'h264' ? integer(rng, ...H264_CRF) : base.codec === 'mpeg4' ? integer(rng, ...MPEG4_Q) : 0;
  return { format: { ...base, quality }, audioContainer: pick(rng, AUDIO_CONTAINERS) };
}

/** Writes a planned clip into `dir` with ffmpeg; returns its path. */
export async function writeClip(clip: PlannedClip, dir: string, ffmpeg = 'ffmpeg'): Promise<string> {
  const { graph, format } = clip;
  const opus = graph.video ? format.codec === 'vp9' : clip.audioContainer === 'ogg';
  const audio = graph.audio && opus ? graph.audio.replace(/\[a\]$/, `,${OPUS_FRAME}[a]`) : graph.audio;
  const chains = [graph.video, audio].filter((g): g is string => Boolean(g));
  const maps = [...(graph.video ? ['-map', '[v]'] : []), ...(graph.audio ? ['-map', '[a]'] : [])];
  let file: string;
  let codecArgs: string[];
  if (graph.video) {
    const c = videoContainer(format);
    file = join(dir, `${clip.name}.${c.ext}`);
    codecArgs = [...c.video, '-r', String(format.fps), ...(graph.audio ? [...c.audio, '-ar', String(SAMPLE_RATE)] : [])];
  } else {
    file = join(dir, `${clip.name}.${clip.audioContainer}`);
    codecArgs = [...AUDIO_ONLY[clip.audioContainer], '-ar', String(SAMPLE_RATE)];
  }
  await run(ffmpeg, ['-v', 'error', '-y', '-filter_complex', chains.join(';'), ...maps, '-t', String(graph.seconds), ...codecArgs, file], { maxBuffer: 16 << 20 });
  return file;
}
