import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RegistryActor } from '../../src/registry/actor.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { SMALL_LOOP } from '../helpers/cli.js';
import { runService } from '../helpers/service.js';

/** Pids of processes whose command line names `text` (ffmpeg writing or reading a clip under a data dir). */
function processesNaming(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // Gone between listing and reading.
    }
  }
  return pids;
}

async function jobsOf(data: string) {
  const actor = await RegistryActor.start({ config: testConfig(data), readOnly: true });
  try {
    return await actor.jobs({});
  } finally {
    await actor.close();
  }
}

t.test('a stop is bounded: a long job is cancelled once the grace runs out, and no ffmpeg outlives the service', async (t) => {
  const data = tempDataDir(t);
  const service = await runService(['start', '--data', data, '--workflow', 'sweep'], { ...SMALL_LOOP, MOTION_REGISTRY_WORK__STOP_GRACE_SECONDS: '1' });
  t.teardown(() => service.stop('SIGKILL'));
  const asked = await fetch(`${service.url}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: '60 seconds at 24 fps, 1920x1080, a slowly turning red and blue gradient' }) });
  t.equal(asked.status, 202);
  const { id } = await asked.json() as { id: number };
  while (processesNaming(`job-${id}.mp4`).length === 0) await sleep(50);

  t.equal(await service.stop('SIGTERM'), 0, 'a clean exit');
  t.match(service.log(), /"msg":"jobs still running after the stop grace are cancelled"/);
  t.same(processesNaming(data), [], 'no encoder or decoder is left');
  const job = (await jobsOf(data)).find((j) => j.id === id)!;
  t.equal(job.status, 'failed', 'the long job did not finish');
});

t.test('Ctrl-C at a terminal (SIGINT to the whole process group) reaches the service alone: its running jobs finish', async (t) => {
  const data = tempDataDir(t);
  const service = await runService(['start', '--data', data], SMALL_LOOP, { group: true });
  t.teardown(() => service.stop('SIGKILL'));
  await service.waitForLog(/"msg":"job"/);
  while (processesNaming(data).length === 0) await sleep(20);
  process.kill(-service.pid, 'SIGINT');
  t.equal(await service.exited, 0, 'a clean exit');
  const jobs = await jobsOf(data);
  t.ok(jobs.length >= 2);
  t.same(jobs.filter((j) => j.status !== 'done').map((j) => `${j.id} ${j.status} ${j.error?.code} ${j.error?.message}`), [], 'every job done, the one running at Ctrl-C too');
});
