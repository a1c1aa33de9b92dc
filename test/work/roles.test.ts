import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NatsBus } from '../../src/events/nats.js';
import type { Subscription } from '../../src/events/bus.js';
import { RegistryActor } from '../../src/registry/actor.js';
import type { Discovery } from '../../src/model/records.js';
import { natsServerBinary, startNatsCluster, startNatsServer } from '../helpers/nats-server.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { cli, SMALL_LOOP } from '../helpers/cli.js';
import { makeClip } from '../helpers/media.js';
import { idleWorkflows, runService, type Service } from '../helpers/service.js';

const binary = natsServerBinary();
// Several registries, workers and a three-node cluster, each started and stopped: longer than one test file's default bound.
t.setTimeout(300_000);
const LOOP = ['loop', '--workflow', 'explorer', '--seed', '7'];

/** Every cell with its counts, and the store's own consistency check. */
async function contents(data: string) {
  const actor = await RegistryActor.start({ config: testConfig(data), readOnly: true });
  try {
    const cells: Record<string, unknown> = {};
    for (const registry of ['static_color', 'static_sound', 'dynamic', 'narrative'] as const) {
      for (const e of (await actor.entries(registry)).entries) cells[`${registry}/${e.domain}/${e.key}`] = e.counts;
    }
    return { cells, check: await actor.check(), jobs: await actor.jobs({}), log: await actor.discoveries(0, 1_000_000) };
  } finally {
    await actor.close();
  }
}

const worker = (name: string, env: Record<string, string>) => runService(['start', '--role', 'worker', '--name', name], env, { api: false });

if (!binary) {
  t.fail('the role tests need nats-server on PATH');
} else {
  t.test('one registry and two workers record what one process records with the same seeds, each discovery once', async (t) => {
    const nats = await startNatsServer(binary);
    t.teardown(() => nats.stop());
    const env = { ...SMALL_LOOP, NATS_URL: nats.url };
    const workers = [await worker('w1', env), await worker('w2', env)];
    t.teardown(() => Promise.all(workers.map((w) => w.stop('SIGKILL'))));

    const distributed = tempDataDir(t);
    const registry = await runService([...LOOP, '--jobs', '5', '--role', 'registry', '--data', distributed], env, { api: false });
    t.equal(await registry.exited, 0, 'the registry exits 0');
    const single = tempDataDir(t);
    const all = await runService([...LOOP, '--jobs', '5', '--data', single], { ...SMALL_LOOP, NATS_URL: '' }, { api: false });
    t.equal(await all.exited, 0);

    const a = await contents(distributed);
    const b = await contents(single);
    t.ok(Object.keys(a.cells).length > 50, `${Object.keys(a.cells).length} cells`);
    t.same(a.cells, b.cells, 'the same cells with the same counts');
    t.ok(a.check.ok, a.check.problems.join('; '));
    t.same(a.jobs.map((j) => j.status), ['done', 'done', 'done', 'done', 'done']);
    t.ok(a.jobs.every((j) => j.worker === 'w1' || j.worker === 'w2'), 'every job was done by a worker');
    t.same(b.jobs.map((j) => j.worker), [undefined, undefined, undefined, undefined, undefined], 'and none in the single process');
    const pairs = a.log.map((d) => `${d.registry}/${d.domain}/${d.key}/${d.evidence}`);
    t.equal(new Set(pairs).size, pairs.length, 'no discovery twice');

    for (const w of workers) t.equal(await w.stop('SIGTERM'), 0, 'a worker stops cleanly');
  });

  t.test('a worker killed mid-job: the job goes to another worker after the ack wait and is recorded once', async (t) => {
    const nats = await startNatsServer(binary);
    t.teardown(() => nats.stop());
    const env = { ...SMALL_LOOP, NATS_URL: nats.url, MOTION_REGISTRY_WORK__ACK_WAIT_SECONDS: '5' };
    const data = tempDataDir(t);
    const doomed = await worker('doomed', env);
    const registry = await runService([...LOOP, '--jobs', '1', '--role', 'registry', '--data', data], env, { api: false });
    t.teardown(() => registry.stop('SIGKILL'));
    await doomed.waitForLog(/"msg":"job taken"/);
    process.kill(doomed.pid, 'SIGSTOP');
    t.notMatch(doomed.log(), /"msg":"job answered"/, 'killed before it answered');
    process.kill(doomed.pid, 'SIGKILL');
    await doomed.exited;

    const rescuer = await worker('rescuer', env);
    t.teardown(() => rescuer.stop('SIGKILL'));
    t.equal(await registry.exited, 0, 'the registry exits 0');
    await rescuer.waitForLog(/"msg":"job answered"/);
    t.match(rescuer.log(), /"job_id":1,"delivery":2,"msg":"job taken"/, 'the second delivery of the same job');

    const { jobs, check, log } = await contents(data);
    t.same(jobs.map((j) => [j.id, j.status, j.worker]), [[1, 'done', 'rescuer']]);
    t.ok(check.ok, check.problems.join('; '));
    t.ok(log.length > 10 && log.every((d) => d.source.job_id === '1'), `${log.length} discoveries, all of job 1`);
  });

  t.test('extract --remote sends files to the registry, whose workers fetch them from the media store', async (t) => {
    const nats = await startNatsServer(binary);
    t.teardown(() => nats.stop());
    const env = { ...SMALL_LOOP, NATS_URL: nats.url };
    const data = tempDataDir(t);
    const w = await worker('w1', env);
    t.teardown(() => w.stop('SIGKILL'));
    // A registry that runs no loop jobs: its only jobs are these uploads.
    const dir = tempDataDir(t);
    const registry = await runService(['start', '--role', 'registry', '--workflows', idleWorkflows(dir), '--workflow', 'idle', '--data', data], env);
    t.teardown(() => registry.stop('SIGKILL'));
    const clip = await makeClip(dir, 'bars.mp4', ['testsrc2=s=96x64:d=1:r=12', 'sine=frequency=440:d=1'], ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac']);
    const broken = join(dir, 'broken.mp4');
    writeFileSync(broken, 'not a video');

    const r = await cli({ NATS_URL: nats.url })('extract', '--remote', registry.url, '--json', clip, broken);
    t.equal(r.code, 1, 'one file failed');
    const { files } = JSON.parse(r.stdout) as { files: Array<{ file: string; ok: boolean; frames?: number; new_cells?: Record<string, number>; error?: { code: string } }> };
    t.match(files[0], { file: clip, ok: true });
    t.ok(files[0].frames! > 0 && files[0].new_cells!.static_color! > 0, 'its frames were read and its colors recorded');
    t.match(files[1], { file: broken, ok: false, error: { code: 'DECODE_FAILED' } });
    t.match(r.stderr, /broken\.mp4: DECODE_FAILED/);

    const jobs = await registry.get<{ jobs: Array<{ workflow: string; worker?: string; status: string; prompt: string }> }>('/api/jobs');
    t.same(jobs.jobs.map((j) => [j.workflow, j.status, j.worker, j.prompt]), [
      ['api', 'failed', undefined, 'extract broken.mp4'],
      ['api', 'done', 'w1', 'extract bars.mp4'],
    ], 'each upload was a job; the worker did the one it could read');
    t.equal(await registry.stop('SIGTERM'), 0);
    const { check, log } = await contents(data);
    t.ok(check.ok);
    t.ok(log.length > 0 && log.every((d) => d.source.file === 'bars.mp4'), 'records name the upload, not a worker path');
  });

  t.test('a three-node cluster with replicated streams: a node stopped during a run loses and repeats nothing', async (t) => {
    const cluster = await startNatsCluster(binary);
    t.teardown(() => cluster.stop());
    const env = { ...SMALL_LOOP, NATS_URL: cluster.url, MOTION_REGISTRY_BUS__REPLICAS: '3', MOTION_REGISTRY_WORK__ACK_WAIT_SECONDS: '5' };
    // JetStream needs a meta leader before streams can be made.
    for (let i = 0; ; i++) {
      const ready = await NatsBus.open({ url: cluster.url, stream: 'REGISTRY', replicas: 3, timeoutMs: 2000 }).then((b) => b.close().then(() => true), () => false);
      if (ready) break;
      if (i > 30) throw new Error('the cluster elected no JetStream leader');
      await sleep(500);
    }
    const data = tempDataDir(t);
    const w = await worker('w1', env);
    t.teardown(() => w.stop('SIGKILL'));
    const registry: Service = await runService(['start', '--role', 'registry', '--data', data], env);
    t.teardown(() => registry.stop('SIGKILL'));
    await w.waitForLog(/"msg":"job answered"/, 2);

    await cluster.nodes[2].stop({ keepStore: true });
    const answered = (w.log().match(/"msg":"job answered"/g) ?? []).length;
    await w.waitForLog(/"msg":"job answered"/, answered + 3);
    t.equal(await registry.stop('SIGTERM'), 0, 'the registry stops cleanly');

    const { check, log, jobs } = await contents(data);
    t.ok(check.ok, check.problems.join('; '));
    t.ok(jobs.filter((j) => j.status === 'done').length >= answered + 2, `${jobs.length} jobs`);
    const bus = await NatsBus.open({ url: cluster.nodes.slice(0, 2).map((n) => n.url).join(','), stream: 'REGISTRY' });
    const seen: number[] = [];
    // A durable consumer is replicated like its stream (an ephemeral one may be placed on the stopped
    // node); making one waits for the cluster to have chosen its leaders again.
    let sub: Subscription | undefined;
    for (let tries = 0; !sub; tries++) {
      sub = await bus.tail<Discovery>('registry.discovery.>', (m) => void seen.push(m.data.seq), { durable: 'cluster-check' })
        .catch((err: unknown) => {
          if (tries > 10) throw err;
          return undefined;
        });
    }
    // Until the log's count has come (a consumer on a cluster that just lost a node may start late), then a second more for any repeat.
    for (const deadline = Date.now() + 60_000; seen.length < log.length && Date.now() < deadline;) await sleep(200);
    await sleep(1000);
    sub.unsubscribe();
    await bus.close();
    t.same(seen, log.map((d) => d.seq), `every one of ${log.length} discoveries once, in order, on the two nodes left`);
  });
}
