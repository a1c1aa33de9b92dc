import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TUNING_FILE } from '../../src/config/load.js';
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
});
