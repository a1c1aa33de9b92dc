import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { RegistryActor } from '../../src/registry/actor.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { BIN, cli, SMALL_LOOP } from '../helpers/cli.js';

const SMALL = { MOTION_REGISTRY_API__PORT: '0', ...SMALL_LOOP };
const run = cli(SMALL);

t.test('loop --jobs N runs N jobs and prints a summary; progress reads the stored jobs', async (t) => {
  const data = tempDataDir(t);
  const loop = await run('loop', '--workflow', 'explorer', '--jobs', '2', '--seed', '4', '--json', '--data', data);
  t.equal(loop.code, 0, loop.stderr);
  const summary = JSON.parse(loop.stdout);
  t.equal(summary.jobs, 2);
  t.equal(summary.done, 2);
  t.same(summary.modes, { explore: 2, exploit: 0, sweep: 0, manual: 0 });
  t.ok(summary.novel_cells.total > 20);
  t.equal(summary.coverage.length, 4);

  const progress = await run('progress', '--json', '--data', data);
  t.equal(progress.code, 0, progress.stderr);
  const p = JSON.parse(progress.stdout);
  t.equal(p.jobs, 2);
  t.equal(p.discovery_rate_pct, 100);
  t.equal(p.precision_pct, 100);
  t.ok(p.registries.dynamic.count > 0);
  t.ok(p.registries.narrative.good_turing > 0);
  t.ok(p.hit_rate.narrative.rate > 0);

  const table = await run('progress', '--data', data);
  t.match(table.stdout, /jobs 2 \(2 done, 0 failed, 0 running\)/);
  t.match(table.stdout, /narrative\s+\d+\s+118/);
});

t.test('loop refuses unknown workflows and conflicting budgets with one-line errors', async (t) => {
  const data = tempDataDir(t);
  const unknown = await run('loop', '--workflow', 'wanderer', '--data', data);
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /^motion-registry: CONFIG_INVALID: unknown workflow "wanderer"; allowed: complete, explorer, exploiter, balanced, sweep\n$/);
  const both = await run('loop', '--jobs', '1', '--minutes', '1', '--data', data);
  t.match(both.stderr, /INPUT_INVALID: give --jobs or --minutes, not both/);
});

t.test('bad option values are one line naming the option, and nothing is written', async (t) => {
  const data = tempDataDir(t);
  const cases: Array<[string[], string]> = [
    [['loop', '--jobs', '0'], "INPUT_INVALID: option '--jobs <n>' argument '0' is invalid. must be a positive integer (see --help)"],
    [['loop', '--minutes', 'soon'], "INPUT_INVALID: option '--minutes <m>' argument 'soon' is invalid. must be a positive number (see --help)"],
    [['loop', '--seed', '-1'], "INPUT_INVALID: option '--seed <n>' argument '-1' is invalid. must be an integer from 0 to 4294967295 (see --help)"],
    [['loop', '--more', '0'], "INPUT_INVALID: option '--more <n>' argument '0' is invalid. must be a positive integer (see --help)"],
    [['render', 'a clip', '--seed', '2.5'], "INPUT_INVALID: option '--seed <n>' argument '2.5' is invalid. must be an integer from 0 to 4294967295 (see --help)"],
    [['jobs', '--last', '0'], "INPUT_INVALID: option '--last <n>' argument '0' is invalid. must be a positive integer (see --help)"],
    [['jobs', '--status', 'lost'], 'INPUT_INVALID: --status must be one of: running, done, failed'],
    [['progress', '--last', '1.5'], "INPUT_INVALID: option '--last <n>' argument '1.5' is invalid. must be a positive integer (see --help)"],
    [['sweep', 'colors', '--attempts', 'many'], "INPUT_INVALID: option '--attempts <n>' argument 'many' is invalid. must be a positive integer (see --help)"],
    [['sweep', 'colors', '--limit', '0'], "INPUT_INVALID: option '--limit <n>' argument '0' is invalid. must be a positive integer (see --help)"],
  ];
  for (const [args, message] of cases) {
    const r = await run(...args, '--data', data);
    t.equal(r.code, 1, args.join(' '));
    t.equal(r.stderr.split('\n')[0], `motion-registry: ${message}`, args.join(' '));
    t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  t.notOk(existsSync(data), 'no store was created');
});

t.test('start runs the complete workflow until SIGINT, which finishes running jobs and closes cleanly', async (t) => {
  const data = tempDataDir(t);
  const child = spawn(process.execPath, [BIN, 'start', '--data', data], { env: { ...process.env, ...SMALL, MOTION_REGISTRY_LOG__LEVEL: 'info' } });
  let stderr = '';
  const finished = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/"msg":"job"/.test(stderr)) resolve();
    });
    child.on('exit', () => reject(new Error(`start exited early: ${stderr}`)));
  });
  const address = /"address":"(http:\/\/[^"]+)"/.exec(stderr)![1];
  const status = await (await fetch(`${address}/api/loop/status`)).json() as { running: boolean; controllers: Array<{ workflow: string }> };
  t.equal(status.running, true, 'the API serves while the loop runs');
  t.same(status.controllers.map((c) => c.workflow), ['complete', 'complete'], 'two controllers share one scheduler');
  child.kill('SIGINT');
  t.equal(await finished, 0, 'clean exit');
  t.match(stderr, /"workflows":\["complete"\]/);
  t.match(stderr, /"address":"http:\/\/127\.0\.0\.1:\d+".*HTTP API listening/);
  t.match(stderr, /stopping: finishing the running jobs/);
  const actor = await RegistryActor.start({ config: testConfig(data) });
  t.teardown(() => actor.close());
  const jobs = await actor.jobs({});
  t.ok(jobs.length >= 1);
  t.ok(jobs.every((j) => j.status === 'done'), 'no job cut off');
  t.same(new Set(jobs.map((j) => j.workflow)), new Set(['complete']));
  t.equal(jobs.at(-1)!.strategy, 'color_sweep', 'the first job of an empty store is a color sweep');
  t.ok((await actor.check()).ok);
});
