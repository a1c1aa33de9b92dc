import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TUNING_FILE } from '../../src/base/config.js';
import { cli } from '../helpers/cli.js';
import { makeClip } from '../helpers/media.js';

t.setTimeout(300_000);

t.test('bench measures whole extract processes against the decode and --tune keeps the fastest for the data dir', async (t) => {
  const dir = t.testdir();
  const clip = await makeClip(dir, 'clip.mp4', ['testsrc2=s=96x64:d=0.5:r=24', 'sine=frequency=330:sample_rate=48000:duration=0.5'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest']);
  const data = join(dir, 'data');
  const run = await cli()('bench', '--clip', clip, '--data', data, '--tune', '--json');
  t.equal(run.code, 0, run.stderr);
  type Trial = { workers: number; frames_in_flight: number; analysis_width: number; fps: number; ratio: number };
  const report = JSON.parse(run.stdout) as { decode_fps: number; trials: Trial[]; best: Trial };
  t.ok(report.decode_fps > 0);
  t.ok(report.trials.length >= 5, `${report.trials.length} settings tried`);
  t.same(report.trials[0].workers, 2, 'the first trial is the configured setting');
  t.ok(report.trials.every((trial) => trial.fps > 0 && Math.abs(trial.ratio - trial.fps / report.decode_fps) < 1e-9), 'each trial is set against the decode');
  t.equal(report.best.fps, Math.max(...report.trials.map((trial) => trial.fps)));

  const tuned = parse(readFileSync(join(data, TUNING_FILE), 'utf8')) as { pipeline: { workers: number; frames_in_flight: number }; dynamic: { analysis_width: number } };
  const { best } = report;
  t.same(tuned, { pipeline: { workers: best.workers, frames_in_flight: best.frames_in_flight }, dynamic: { analysis_width: best.analysis_width } });
  t.match(run.stderr, new RegExp(`wrote ${join(data, TUNING_FILE).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  const bad = await cli()('bench', '--clip', join(dir, 'missing.mp4'), '--data', data);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /^motion-registry: /, 'a missing clip is one line');
  const short = await cli()('bench', '--seconds', '1', '--data', data);
  t.equal(short.code, 1);
  t.equal(short.stderr, "motion-registry: INPUT_INVALID: option '--seconds <s>' argument '1' is invalid. must be an integer from 2 to 600 (see --help)\n");
});

t.test('extract refuses to run with nothing to extract, before touching the store', async (t) => {
  const dir = t.testdir();
  const clip = await makeClip(dir, 'clip.mp4', ['testsrc2=s=64x64:d=0.2:r=24'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  const data = join(dir, 'data');
  const none = await cli()('extract', clip, '--data', data, '--no-dynamic', '--no-static');
  t.equal(none.code, 1);
  t.equal(none.stderr.trim(), 'motion-registry: INPUT_INVALID: --no-dynamic and --no-static leave nothing to extract');
  t.notOk(existsSync(join(data, 'registry')), 'no store was created');
  const remote = await cli()('extract', clip, '--data', data, '--no-dynamic', '--remote', 'http://127.0.0.1:9');
  t.equal(remote.code, 1);
  t.match(remote.stderr, /--no-dynamic and --no-static apply to extraction here, not with --remote/);

  const staticOnly = await cli()('extract', clip, '--data', data, '--no-dynamic', '--json');
  t.equal(staticOnly.code, 0, staticOnly.stderr);
  const [file] = (JSON.parse(staticOnly.stdout) as { files: Array<{ frames: number; windows: number }> }).files;
  t.match(file, { frames: 5, windows: 0 }, '--no-dynamic reads every frame of the 0.2 s clip (five at 24 fps) and no windows');
});
