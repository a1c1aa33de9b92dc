import type { Command } from 'commander';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { TUNING_FILE } from '../base/config.js';
import { MotionRegistryError } from '../base/errors.js';
import { resolveFfmpeg } from '../media/ffmpeg.js';
import { contextFrom } from './context.js';
import { integerFrom } from './options.js';
import { print, writeErr } from './terminal.js';
import { decodeSeconds, makeTestClip, timeExtract } from './measure.js';
import { columns } from './table.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

interface BenchOptions {
  clip?: string;
  seconds: number;
  tune?: boolean;
  json?: boolean;
}

/** The settings a trial runs with. */
interface Setting {
  workers: number;
  frames_in_flight: number;
  analysis_width: number;
}

interface Trial extends Setting {
  seconds: number;
  fps: number;
  ratio: number;
  peak_rss_mb: number | null;
}

const envOf = (s: Setting) => ({
  MOTION_REGISTRY_PIPELINE__WORKERS: String(s.workers),
  MOTION_REGISTRY_PIPELINE__FRAMES_IN_FLIGHT: String(s.frames_in_flight),
  MOTION_REGISTRY_DYNAMIC__ANALYSIS_WIDTH: String(s.analysis_width),
});

const unique = (values: number[]) => [...new Set(values)];

/**
 * Extraction speed on this machine: whole `extract` processes with the config's settings and
 * their neighbours (worker threads, frames in flight, window analysis width), one knob at a time
 * from the best so far, against ffmpeg's decode of the same clip. `--tune` keeps the fastest in
 * the data dir's tuning file, which every command on that data dir then reads.
 */
export function benchCommand(cmd: Command, action: Action): void {
  cmd
    .option('--clip <file>', 'measure on this media file (default: a clip of ffmpeg\'s test pattern and a tone, 512×512, 24 fps)')
    .option('--seconds <s>', 'length of the default clip', integerFrom(2, 600), 20)
    .option('--tune', `write the fastest settings to <data>/${TUNING_FILE}, which start, loop and extract on that data dir then use (a narrower analysis width is faster and sees less detail)`)
    .option('--json', 'print the trials as JSON')
    .action(action(async (opts: BenchOptions, self: Command) => {
      const ctx = contextFrom(self);
      const ffmpeg = await resolveFfmpeg();
      const scratch = mkdtempSync(join(tmpdir(), 'motion-registry-bench-'));
      const say = (line: string) => writeErr(`${line}\n`);
      try {
        let clip = opts.clip;
        if (!clip) {
          clip = join(scratch, 'clip.mp4');
          say(`making a ${opts.seconds} s 512×512 test clip …`);
          await makeTestClip(ffmpeg.path, clip, 512, 512, opts.seconds);
        }
        const source = clip;
        // The decode is timed again beside each trial; its fastest run is the baseline of all.
        const decodes = [await decodeSeconds(ffmpeg.path, source)];
        const trials: Trial[] = [];
        let frames = 0;
        const trial = async (s: Setting): Promise<Trial> => {
          const seen = trials.find((t) => t.workers === s.workers && t.frames_in_flight === s.frames_in_flight && t.analysis_width === s.analysis_width);
          if (seen) return seen;
          const run = await timeExtract(source, [], envOf(s));
          if (run.frames === 0) throw new MotionRegistryError('INPUT_INVALID', `${source}: no video frames to measure`);
          decodes.push(await decodeSeconds(ffmpeg.path, source));
          frames = run.frames;
          const t: Trial = { ...s, seconds: run.seconds, fps: run.frames / run.seconds, ratio: 0, peak_rss_mb: run.peakRssMb };
          trials.push(t);
          say(`workers ${s.workers}, frames in flight ${s.frames_in_flight}, analysis width ${s.analysis_width}: ${t.fps.toFixed(0)} fps`);
          return t;
        };
        const best = () => trials.reduce((a, b) => (b.fps > a.fps ? b : a));
        const start: Setting = {
          workers: ctx.config.pipeline.workers,
          frames_in_flight: ctx.config.pipeline.frames_in_flight,
          analysis_width: ctx.config.dynamic.analysis_width,
        };
        await trial(start);
        const cores = cpus().length;
        for (const workers of unique([1, Math.max(1, cores - 1), cores, cores * 2])) await trial({ ...best(), workers });
        for (const frames of unique([8, 16, 32, start.frames_in_flight])) await trial({ ...best(), frames_in_flight: frames });
        for (const width of unique([start.analysis_width, 128, 192])) await trial({ ...best(), analysis_width: width });

        const decodeFps = frames / Math.min(...decodes);
        for (const t of trials) t.ratio = t.fps / decodeFps;
        if (opts.json) print(`${JSON.stringify({ clip, decode_fps: decodeFps, trials, best: best() }, null, 2)}\n`);
        else {
          const rows = [['workers', 'frames in flight', 'analysis width', 'seconds', 'fps', '× decode', 'peak RSS MB']];
          for (const t of trials) {
            rows.push([String(t.workers), String(t.frames_in_flight), String(t.analysis_width), t.seconds.toFixed(2), t.fps.toFixed(0), t.ratio.toFixed(2), t.peak_rss_mb?.toFixed(0) ?? '']);
          }
          print(`${clip}: ffmpeg decodes ${decodeFps.toFixed(0)} fps\n${columns(rows)}\n`);
        }
        if (opts.tune) {
          const b = best();
          const file = join(ctx.config.data_dir, TUNING_FILE);
          mkdirSync(ctx.config.data_dir, { recursive: true });
          const header = `# Measured by motion-registry bench --tune on ${new Date().toISOString()}: ${cpus()[0]?.model ?? 'cpu'} × ${cores},\n`
            + `# ${b.fps.toFixed(0)} fps (${b.ratio.toFixed(2)}× decode) on ${clip}. Settings in --config or the environment still win.\n`;
          writeFileSync(file, header + stringify({ pipeline: { workers: b.workers, frames_in_flight: b.frames_in_flight }, dynamic: { analysis_width: b.analysis_width } }));
          say(`wrote ${file}: workers ${b.workers}, frames in flight ${b.frames_in_flight}, analysis width ${b.analysis_width}`);
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }));
}
