import type { Command } from 'commander';
import { MotionRegistryError } from '../base/errors.js';
import { openRuntime } from '../app/runtime.js';
import { sweepCodec, sweepColors, SWEEP_CODECS } from '../loop/sweep/colors.js';
import { sweepKind, SWEEP_ATTEMPTS, type SweepProgress, type SweepReport } from '../loop/sweep/driver.js';
import { sweepSounds } from '../loop/sweep/sounds.js';
import { contextFrom, ffmpegFor, withActor } from './context.js';
import { positiveInteger } from './options.js';
import { columns } from './table.js';
import { print, statusBar, type Status } from './terminal.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

interface SweepOptions {
  codec?: string;
  attempts?: number;
  limit?: number;
  json?: boolean;
  keep?: boolean;
}


function summary(report: SweepReport): string {
  const unit = report.kind === 'colors' ? 'cells' : 'keys';
  const rows = [['attempt', 'aimed', 'hit', 'hit rate']];
  report.attempts.forEach((a, i) => rows.push([String(i + 1), String(a.aimed), String(a.hit), a.aimed ? (a.hit / a.aimed).toFixed(4) : '-']));
  const lines = [
    `${report.kind} sweep (${report.codec}): ${report.hit}/${report.aimed} ${unit} hit (${(report.hit_rate * 100).toFixed(2)} %), `
      + `${report.new_cells} new, ${report.jobs.length} job${report.jobs.length === 1 ? '' : 's'} in ${report.seconds} s`,
  ];
  if (report.attempts.length > 0) lines.push(columns(rows));
  if (report.skipped > 0) lines.push(`${report.skipped} ${unit} skipped: the ${report.kind === 'colors' ? 'codec cannot carry them (use qtrle or vp9 for alpha)' : 'generator cannot produce them'}`);
  if (report.missed.length > 0) lines.push(`missed: ${report.missed.slice(0, 20).join(' ')}${report.missed.length > 20 ? ` … (${report.missed.length})` : ''}`);
  if (report.failed_jobs.length > 0) lines.push(`failed jobs: ${report.failed_jobs.join(', ')} (see \`motion-registry jobs\` or the log)`);
  return lines.join('\n');
}

export function sweepCommand(cmd: Command, action: Action): void {
  cmd
    .argument('<kind>', 'colors (static color cells, tiled clips) or sounds (static sound keys, one segment each)')
    .option('--codec <codec>', `color sweeps: ${SWEEP_CODECS.join(', ')} (qtrle: lossless with alpha, default; h264: opaque cells only; vp9: alpha, lossy)`)
    .option('--attempts <n>', `clips per cell at most; missed cells are aimed again (default ${SWEEP_ATTEMPTS})`, positiveInteger)
    .option('--limit <n>', 'sweep at most this many missing cells', positiveInteger)
    .option('--json', 'print the sweep report as JSON')
    .option('--keep', 'keep the clips (in <data>/clips)')
    .action(action(async (kindArg: string, opts: SweepOptions, self: Command) => {
      const ctx = contextFrom(self);
      const kind = sweepKind(kindArg);
      if (kind === 'sounds' && opts.codec !== undefined) {
        throw new MotionRegistryError('INPUT_INVALID', '--codec applies to color sweeps only (sound sweeps are written as lossless PCM)');
      }
      const codec = opts.codec === undefined ? undefined : sweepCodec(opts.codec);
      const { attempts, limit } = opts;
      const ffmpeg = await ffmpegFor(ctx);

      let bar: Status | null = null;
      let shownAttempt = 0;
      const onProgress = (p: SweepProgress) => {
        if (opts.json) return;
        if (p.attempt !== shownAttempt) {
          bar = statusBar(`${kind} sweep, attempt {attempt} [{bar}] {value}/{total}  hit {hit}`, p.total, { attempt: p.attempt, hit: p.hit });
          shownAttempt = p.attempt;
        }
        bar?.update(p.done, { hit: p.hit });
      };

      const report = await withActor(ctx, async (actor, bus) => {
        const rt = await openRuntime({ config: ctx.config, actor, bus, log: ctx.log, ffmpeg, keepClips: opts.keep });
        try {
          return kind === 'colors'
            ? await sweepColors(rt, { codec, attempts, limit, onProgress })
            : await sweepSounds(rt, { attempts, limit, onProgress });
        } finally {
          await rt.close();
        }
      });
      print(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${summary(report)}\n`);
      if (report.failed_jobs.length > 0) process.exitCode = 1;
    }));
}
