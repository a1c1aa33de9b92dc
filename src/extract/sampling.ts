import type { Config } from '../base/config-schema.js';
import type { MediaInfo } from '../media/probe.js';

/** Frames of one static pass: every `every`-th frame from `offset` (or all from `from`), at most `max`. */
export interface Pass {
  every: number;
  offset: number;
  /** First frame index of the pass (a second pass over short clips starts after the first). */
  from: number;
  /** 0 = no cap. */
  max: number;
}

export interface SamplingPlan {
  first: Pass;
  second: Pass | null;
}

export interface SamplingOverrides {
  maxFrames?: number;
  sampleEvery?: number;
  secondPass?: boolean;
}

/**
 * Which frames to analyse: sample_every 1 for clips shorter than `short_clip_seconds`, the
 * configured value otherwise; at most `max_frames` (0 = all). The optional second pass samples
 * other frames of the same file: the odd offset when sampling sparsely, the frames after the
 * first pass otherwise.
 */
export function samplingPlan(info: Pick<MediaInfo, 'duration'>, learning: Config['learning'], overrides: SamplingOverrides = {}): SamplingPlan {
  const max = overrides.maxFrames ?? learning.max_frames;
  const short = info.duration !== null && info.duration < learning.short_clip_seconds;
  const every = overrides.sampleEvery ?? (short ? 1 : learning.sample_every);
  const first: Pass = { every, offset: 0, from: 0, max };
  if (!(overrides.secondPass ?? learning.second_pass)) return { first, second: null };
  if (every > 1) return { first, second: { every, offset: Math.floor(every / 2) || 1, from: 0, max } };
  return { first, second: max > 0 ? { every: 1, offset: 0, from: max, max } : null };
}

/** Whether frame `n` belongs to the pass, and the ffmpeg `select` expression for the pass (null = all). */
export function inPass(pass: Pass, n: number): boolean {
  return n >= pass.from && (n - pass.offset) % pass.every === 0 && n >= pass.offset;
}

export function selectFilter(pass: Pass): string | null {
  const terms: string[] = [];
  if (pass.every > 1) terms.push(`eq(mod(n\\,${pass.every})\\,${pass.offset})`);
  else if (pass.offset > 0) terms.push(`gte(n\\,${pass.offset})`);
  if (pass.from > 0) terms.push(`gte(n\\,${pass.from})`);
  return terms.length ? `select=${terms.join('*')}` : null;
}

/** The source frame index of the k-th frame a pass delivers. */
export function frameIndex(pass: Pass, k: number): number {
  return pass.every > 1 ? pass.offset + k * pass.every : Math.max(pass.from, pass.offset) + k;
}
