/**
 * What a media file holds: container, duration, the first video and audio streams.
 *
 * Uses `ffprobe -print_format json` when there is an ffprobe, else parses `ffmpeg -i`'s stderr.
 * VP8/VP9 with alpha in WebM/Matroska is reported by ffprobe as `yuv420p` with the stream tag
 * `alpha_mode=1`; its alpha plane only decodes with libvpx (`-c:v libvpx-vp9` before `-i`):
 * see {@link inputDecoderArgs}.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { spawnChild } from './children.js';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { MotionRegistryError } from '../base/errors.js';
import { resolveFfmpeg, type FfmpegBinary } from './ffmpeg.js';

export interface MediaInfo {
  /** The absolute path probed. */
  file: string;
  /** The demuxer's name list as ffmpeg prints it, e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, `wav`. */
  container: string;
  /** Seconds, from the container (else the streams), or null when unknown. */
  duration: number | null;
  video: {
    codec: string;
    width: number;
    height: number;
    fps: number;
    pix_fmt: string;
    hasAlpha: boolean;
    /** The container's frame count (MP4/MOV have one; WebM/Matroska do not), or null. */
    frames: number | null;
  } | null;
  audio: { codec: string; sampleRate: number; channels: number } | null;
}

const PROBE_TIMEOUT_MS = 30_000;

/** Probes a file; INPUT_INVALID when it is not a readable file, DECODE_FAILED when it is not media. */
export async function probeMedia(file: string, bin?: FfmpegBinary): Promise<MediaInfo> {
  const path = resolve(file);
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) {
      throw new MotionRegistryError('INPUT_INVALID', `not a file: ${file} is a ${st.isDirectory() ? 'directory' : 'special file'}`, { file });
    }
    size = st.size;
  } catch (err) {
    if (err instanceof MotionRegistryError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new MotionRegistryError('INPUT_INVALID',
      code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(err as Error).message}`, { file }, { cause: err });
  }
  if (size === 0) {
    throw new MotionRegistryError('DECODE_FAILED', `cannot decode ${file}: the file is empty (0 bytes)`, { file });
  }

  const binary = bin ?? await resolveFfmpeg();
  const info = binary.ffprobe !== null
    ? await probeWithFfprobe(path, file, binary.ffprobe)
    : await probeWithFfmpeg(path, file, binary.path);
  if (info.container === 'tty') {
    // ffmpeg ≤ 4.x opens any `.txt` with its ANSI-art demuxer as a 640×400 "video"; 5.x refuses it.
    throw new MotionRegistryError('DECODE_FAILED',
      `cannot decode ${file}: it is text (ffmpeg's tty/ANSI-art demuxer), not media`, { file, container: info.container });
  }
  if (info.video === null && info.audio === null) {
    throw new MotionRegistryError('DECODE_FAILED',
      `cannot decode ${file}: no audio or video stream (container ${info.container})`, { file, container: info.container });
  }
  return info;
}

/** Arguments to put before `-i` when decoding this file: `['-c:v', 'libvpx-vp9']` for VP9 alpha, else none. */
export function inputDecoderArgs(info: MediaInfo): string[] {
  const v = info.video;
  if (v === null || !v.hasAlpha || hasAlphaPixFmt(v.pix_fmt)) return [];
  if (v.codec === 'vp9') return ['-c:v', 'libvpx-vp9'];
  if (v.codec === 'vp8') return ['-c:v', 'libvpx'];
  return [];
}

/** Pixel formats with an alpha plane (ffmpeg's names). `pal8` may carry alpha but is not counted. */
export function hasAlphaPixFmt(pixFmt: string): boolean {
  return /^(yuva|gbrap|ya(8|16)|rgba|bgra|argb|abgr|ayuv|vuya|uyva)/.test(pixFmt);
}

// --- ffprobe -----------------------------------------------------------------------------------

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
}

interface ProbeJSON {
  streams?: ProbeStream[];
  format?: { format_name?: string; duration?: string };
}

async function probeWithFfprobe(path: string, file: string, ffprobe: string): Promise<MediaInfo> {
  const { stdout, stderr, error } = await run(ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], file);
  let json: ProbeJSON | null = null;
  try { json = JSON.parse(stdout) as ProbeJSON; } catch { /* reported below */ }
  if (error !== null || json === null || json.format === undefined) {
    throw decodeFailed(file, 'ffprobe', stderr, error);
  }
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const a = streams.find((s) => s.codec_type === 'audio');

  let video: MediaInfo['video'] = null;
  if (v !== undefined) {
    const pixFmt = v.pix_fmt ?? 'unknown';
    video = {
      codec: v.codec_name ?? 'unknown',
      width: v.width ?? 0,
      height: v.height ?? 0,
      fps: rate(v.avg_frame_rate) ?? rate(v.r_frame_rate) ?? 0,
      pix_fmt: pixFmt,
      hasAlpha: hasAlphaPixFmt(pixFmt) || tag(v.tags, 'alpha_mode') === '1',
      frames: positiveInt(v.nb_frames),
    };
  }
  const audio: MediaInfo['audio'] = a === undefined ? null : {
    codec: a.codec_name ?? 'unknown',
    sampleRate: Number(a.sample_rate ?? 0),
    channels: a.channels ?? 0,
  };
  const duration = seconds(json.format.duration) ?? seconds(v?.duration) ?? seconds(a?.duration)
    ?? timecode(tag(v?.tags, 'DURATION')) ?? timecode(tag(a?.tags, 'DURATION'));
  return { file: path, container: json.format.format_name ?? 'unknown', duration, video, audio };
}

function tag(tags: Record<string, string> | undefined, name: string): string | undefined {
  if (tags === undefined) return undefined;
  const lower = name.toLowerCase();
  for (const [k, value] of Object.entries(tags)) if (k.toLowerCase() === lower) return value;
  return undefined;
}

/** `30000/1001` → 29.97…; `0/0` → null. */
function rate(text: string | undefined): number | null {
  if (text === undefined) return null;
  const [n, d = '1'] = text.split('/');
  const value = Number(n) / Number(d);
  return Number.isFinite(value) && value > 0 ? value : null;
}

function seconds(text: string | undefined): number | null {
  if (text === undefined || text === 'N/A') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

function positiveInt(text: string | undefined): number | null {
  const value = Number(text);
  return text !== undefined && Number.isInteger(value) && value > 0 ? value : null;
}

/** `00:00:01.000000000` → 1. */
function timecode(text: string | undefined): number | null {
  const m = text === undefined ? null : /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

// --- ffmpeg -i ---------------------------------------------------------------------------------

const LAYOUT_CHANNELS: Record<string, number> = {
  mono: 1, stereo: 2, '2.1': 3, '3.0': 3, '3.0(back)': 3, quad: 4, 'quad(side)': 4, '4.0': 4, '3.1': 4,
  '4.1': 5, '5.0': 5, '5.0(side)': 5, '5.1': 6, '5.1(side)': 6, '6.0': 6, '6.1': 7, '7.0': 7, '7.1': 8,
  '7.1(wide)': 8, '7.1(wide-side)': 8, octagonal: 8, downmix: 2,
};

async function probeWithFfmpeg(path: string, file: string, ffmpeg: string): Promise<MediaInfo> {
  // Without an output ffmpeg prints the input's description and exits 1: the exit code says nothing.
  const { stderr, error } = await run(ffmpeg, ['-hide_banner', '-nostdin', '-i', path], file);
  const lines = stderr.split(/\r?\n/);
  const inputAt = lines.findIndex((l) => /^Input #0, /.test(l));
  if (inputAt < 0) throw decodeFailed(file, 'ffmpeg', stderr, error);

  const container = /^Input #0, (.+), from '/.exec(lines[inputAt])?.[1] ?? 'unknown';
  let duration: number | null = null;
  let video: MediaInfo['video'] = null;
  let audio: MediaInfo['audio'] = null;
  let inVideoStream = false;
  let videoIndent = 0;

  for (const line of lines.slice(inputAt + 1)) {
    if (/^\S/.test(line)) break; // the next top-level message ends the input's description
    const d = /^\s+Duration: ([^,]+)/.exec(line);
    if (d) { duration ??= timecode(d[1]); continue; }
    const s = /^(\s+)Stream #0:\d+\S*: (Video|Audio|Subtitle|Data|Attachment): (.*)$/.exec(line);
    if (s) {
      inVideoStream = false;
      const fields = splitTopLevel(s[3]);
      if (s[2] === 'Video' && video === null && !/\(attached pic\)/.test(s[3])) {
        video = parseVideo(fields);
        inVideoStream = true;
        videoIndent = s[1].length;
      } else if (s[2] === 'Audio' && audio === null) {
        audio = parseAudio(fields);
      }
      continue;
    }
    // The chosen video stream's metadata block: deeper indented `key : value` lines.
    const m = /^(\s+)(\S+)\s*: (.*)$/.exec(line);
    if (inVideoStream && video !== null && m && m[1].length > videoIndent
      && m[2].toLowerCase() === 'alpha_mode' && m[3].trim() === '1') {
      video.hasAlpha = true;
    }
  }
  return { file: path, container, duration, video, audio };
}

/** Splits `a (x, y), b, c` on commas outside parentheses and brackets. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === ',' && depth === 0) { out.push(text.slice(start, i).trim()); start = i + 1; }
  }
  out.push(text.slice(start).trim());
  return out;
}

function parseVideo(fields: string[]): NonNullable<MediaInfo['video']> {
  const codec = fields[0]?.split(' ')[0] ?? 'unknown';
  let width = 0;
  let height = 0;
  let pixFmt = 'unknown';
  let fps: number | null = null;
  let tbr: number | null = null;
  for (const [i, f] of fields.entries()) {
    const size = /^(\d+)x(\d+)/.exec(f);
    if (size && width === 0) { width = Number(size[1]); height = Number(size[2]); continue; }
    if (i === 1 && /^[a-z0-9_]+(\(|$)/.test(f)) { pixFmt = f.split('(')[0]; continue; }
    const r = /^([\d.]+)(k?) (fps|tbr)$/.exec(f);
    if (r) {
      const value = Number(r[1]) * (r[2] === 'k' ? 1000 : 1);
      if (r[3] === 'fps') fps = value; else tbr = value;
    }
  }
  return { codec, width, height, fps: fps ?? tbr ?? 0, pix_fmt: pixFmt, hasAlpha: hasAlphaPixFmt(pixFmt), frames: null };
}

function parseAudio(fields: string[]): NonNullable<MediaInfo['audio']> {
  const codec = fields[0]?.split(' ')[0] ?? 'unknown';
  let sampleRate = 0;
  let channels = 0;
  for (const f of fields.slice(1)) {
    const hz = /^(\d+) Hz$/.exec(f);
    if (hz) { sampleRate = Number(hz[1]); continue; }
    const n = /^(\d+) channels/.exec(f);
    if (n) { channels = Number(n[1]); continue; }
    if (channels === 0 && sampleRate > 0 && f in LAYOUT_CHANNELS) channels = LAYOUT_CHANNELS[f];
  }
  return { codec, sampleRate, channels };
}

// --- running -----------------------------------------------------------------------------------

interface RunResult { stdout: string; stderr: string; error: Error | null }

/** Output kept per stream, at most (ffprobe's JSON of a file with many streams stays far below). */
const MAX_OUTPUT = 16 << 20;

function run(bin: string, args: string[], file: string): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawnChild(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true }) as ChildProcessByStdio<null, Readable, Readable>;
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, PROBE_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (c: string) => { if (stdout.length < MAX_OUTPUT) stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { if (stderr.length < MAX_OUTPUT) stderr += c; });
    child.once('error', (err: Error & { code?: unknown }) => {
      clearTimeout(timer);
      if (err.code === 'ENOENT') fail(new MotionRegistryError('FFMPEG_NOT_FOUND', `${bin} is gone: cannot probe ${file}`, { bin }, { cause: err }));
      else done({ stdout, stderr, error: err });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (killed) {
        fail(new MotionRegistryError('DECODE_TIMEOUT', `probing ${file} took longer than ${PROBE_TIMEOUT_MS / 1000} s; ${basename(bin)} was killed`, { file }));
        return;
      }
      done({ stdout, stderr, error: code === 0 ? null : new Error(`${basename(bin)} exited with ${code ?? signal}`) });
    });
  });
}

/** DECODE_FAILED naming the file and the tool's first error line (pointer addresses removed). */
function decodeFailed(file: string, tool: string, stderr: string, error: Error | null): MotionRegistryError {
  const lines = stderr.split(/\r?\n/).map((l) => l.replace(/ @ 0x[0-9a-f]+\]/, ']').trim()).filter(Boolean);
  const first = lines.find((l) => !/^At least one output file must be specified/.test(l))
    ?? error?.message.split('\n')[0] ?? 'no error message';
  return new MotionRegistryError('DECODE_FAILED', `cannot decode ${file}: ${tool}: ${first}`,
    { file, stderr: lines.slice(0, 20).join('\n').slice(0, 2000) });
}
