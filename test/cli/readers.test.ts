import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryActor } from '../../src/registry/actor.js';
import { LOCK_FILE } from '../../src/registry/lock.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { cli, SMALL_LOOP } from '../helpers/cli.js';
import { runService } from '../helpers/service.js';

const ENV = { MOTION_REGISTRY_API__PORT: '0', ...SMALL_LOOP };
const run = cli(ENV);

t.test('readers beside a live service: it keeps running and its jobs finish; a second writer is refused, naming the first', async (t) => {
  const data = tempDataDir(t);
  const service = await runService(['start', '--data', data], SMALL_LOOP);
  t.teardown(() => service.stop('SIGKILL'));
  await service.waitForLog(/"msg":"job"/);
  t.equal(JSON.parse(readFileSync(join(data, LOCK_FILE), 'utf8')).pid, service.pid, 'the service holds the writer lock');

  for (const args of [['coverage', '--json'], ['jobs', '--json'], ['export'], ['progress', '--json'], ['coverage'], ['jobs']]) {
    const r = await run(...args, '--data', data);
    t.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    if (args.includes('--json') || args[0] === 'export') t.doesNotThrow(() => JSON.parse(r.stdout), `${args[0]} prints JSON`);
  }
  t.ok(service.alive(), 'the service is still running');

  const second = await run('start', '--data', data);
  t.equal(second.code, 1);
  t.match(second.stderr, new RegExp(`^motion-registry: STORE_LOCKED: .* is being written by process ${service.pid} \\(`));
  const loop = await run('loop', '--jobs', '1', '--data', data);
  t.match(loop.stderr, /STORE_LOCKED/, 'so is any other writing command');
  t.ok(service.alive(), 'and the service runs on');

  // Let a few more jobs finish, then stop.
  const jobsSoFar = (service.log().match(/"msg":"job"/g) ?? []).length;
  await service.waitForLog(/"msg":"job"/, jobsSoFar + 2);
  t.equal(await service.stop('SIGINT'), 0, 'clean exit');

  const actor = await RegistryActor.start({ config: testConfig(data) });
  t.teardown(() => actor.close());
  const jobs = await actor.jobs({ last: 1000 });
  t.ok(jobs.length >= 3);
  t.same(jobs.filter((j) => j.status !== 'done').map((j) => `${j.id} ${j.status} ${j.error?.code}`), [], 'every job done: none marked interrupted by a reader');
  t.ok((await actor.check()).ok);
});

t.test('a lock left by a process that is gone is taken over', async (t) => {
  const data = tempDataDir(t);
  mkdirSync(data, { recursive: true });
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(join(data, LOCK_FILE), JSON.stringify({ pid: Number(gone), command: 'start', started_at: '2026-01-01T00:00:00.000Z' }));
  const r = await run('loop', '--workflow', 'sweep', '--jobs', '1', '--data', data);
  t.equal(r.code, 0, r.stderr);
  const actor = await RegistryActor.start({ config: testConfig(data) });
  t.teardown(() => actor.close());
  t.equal((await actor.jobs({})).length, 1);
  t.equal(JSON.parse(readFileSync(join(data, LOCK_FILE), 'utf8')).pid, process.pid, 'now held by this process');
});
