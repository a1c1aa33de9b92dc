import t from 'tap';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { NatsBus } from '../../src/events/nats.js';
import { SUBJECTS } from '../../src/events/subjects.js';
import { openRegistry } from '../../src/app/record-then-publish.js';
import { CompletionTargets } from '../../src/model/targets.js';
import { coveringObservations } from '../helpers/coverage.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { BIN } from '../helpers/cli.js';
import { natsServerBinary, startNatsServer } from '../helpers/nats-server.js';

const QUIET_SECONDS = 10;

/** Subjects of every stream message matching `pattern`, read until the stream has been quiet a moment. */
async function streamSubjects(bus: NatsBus, pattern: string): Promise<string[]> {
  const subjects: string[] = [];
  const sub = await bus.replay(pattern, ({ subject }) => subjects.push(subject));
  let seen = -1;
  while (seen !== subjects.length) {
    seen = subjects.length;
    await sleep(500);
  }
  sub.unsubscribe();
  return subjects;
}

t.test('a complete store: completion was announced once per space, and the service starts no job', async (t) => {
  const nats = await startNatsServer(natsServerBinary()!);
  t.teardown(() => nats.stop());
  const data = tempDataDir(t);
  const config = testConfig(data);
  const targets = new CompletionTargets(config);

  const bus = await NatsBus.open({ url: nats.url, stream: config.bus.stream });
  t.teardown(() => bus.close());
  const actor = await openRegistry({ config, bus });
  await actor.record(coveringObservations(targets));
  await actor.close();

  const child = spawn(process.execPath, [BIN, 'start', '--data', data], {
    env: { ...process.env, NATS_URL: nats.url, MOTION_REGISTRY_API__PORT: '0', MOTION_REGISTRY_LOG__LEVEL: 'info' },
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  while (!/"address":"http/.test(stderr)) {
    if (child.exitCode !== null) throw new Error(`start exited: ${stderr}`);
    await sleep(100);
  }
  const url = /"address":"(http:\/\/[^"]+)"/.exec(stderr)![1];
  await sleep(QUIET_SECONDS * 1000);

  const status = await (await fetch(`${url}/api/loop/status`)).json() as { running: boolean; complete: boolean; controllers: Array<{ idle: { reason: string } | null }> };
  t.equal(status.running, true, 'the controller runs');
  t.equal(status.complete, true, 'and idles: everything is complete');
  t.equal(status.controllers[0].idle?.reason, 'complete');
  const jobs = await (await fetch(`${url}/api/jobs`)).json() as { jobs: unknown[] };
  t.same(jobs.jobs, [], `no job in ${QUIET_SECONDS} s`);
  const coverage = await (await fetch(`${url}/api/registries/coverage`)).json() as { completion: { complete: boolean; spaces: Array<{ completed_at: string | null }> } };
  t.equal(coverage.completion.complete, true);
  t.ok(coverage.completion.spaces.every((s) => s.completed_at !== null), 'the coverage report says when each space completed');

  const metrics = await (await fetch(`${url}/api/metrics`)).text();
  for (const space of targets.spaces) t.match(metrics, `motion_registry_space_complete{space="${space.id}"} 1`);
  t.match(metrics, 'motion_registry_loop_controllers_idle 2');

  const complete = await streamSubjects(bus, SUBJECTS.allComplete);
  t.same(complete.sort(), targets.spaces.map((s) => SUBJECTS.complete(s.id)).sort(), 'registry.complete.* exactly once per space');
  const loop = await streamSubjects(bus, 'loop.>');
  t.notOk(loop.includes(SUBJECTS.loop('job.started')), 'no job started');
  t.ok(loop.includes(SUBJECTS.loop('idle')), 'loop.idle announced');

  // An operator asks for more work: it runs although everything is complete, then the loop idles again.
  const asked = await fetch(`${url}/api/loop/work`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jobs: 1 }) });
  t.equal(asked.status, 202);
  let done: Array<{ status: string; strategy: string }> = [];
  while (done.length === 0) {
    await sleep(250);
    done = ((await (await fetch(`${url}/api/jobs?status=done`)).json()) as { jobs: typeof done }).jobs;
  }
  t.same(done.map((j) => j.strategy), ['explore']);

  child.kill('SIGINT');
  t.equal(await exited, 0, 'clean exit');
});
