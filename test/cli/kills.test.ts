import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '../../src/base/random.js';
import { RegistryActor } from '../../src/registry/actor.js';
import { allColorKeys, parseColorKey } from '../../src/model/color.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { SMALL_LOOP } from '../helpers/cli.js';
import { runService, type Service } from '../helpers/service.js';

const KILLS = 20;
// Twenty starts of the service, each killed: longer than one test file's default bound.
t.setTimeout(300_000);
const KEYS_PER_BATCH = 5;

/** Posts batches of fresh color keys until the service dies; returns the keys it acknowledged. */
async function writeUntilDead(service: Service, keys: string[], next: { at: number }): Promise<string[]> {
  const acked: string[] = [];
  while (service.alive()) {
    const batch = keys.slice(next.at, next.at + KEYS_PER_BATCH);
    next.at += KEYS_PER_BATCH;
    const items = batch.map((key) => {
      const { r, g, b, step } = parseColorKey(key)!;
      return { key, r, g, b, opacity: step / 20 };
    });
    const res = await fetch(`${service.url}/api/knowledge/discoveries`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ static_colors: items }),
    }).catch(() => null);
    if (res?.status === 201) acked.push(...batch);
  }
  return acked;
}

t.test(`SIGKILL at ${KILLS} seeded moments of a running service: every acknowledged write is there, counts agree with the log, no job is left running`, async (t) => {
  const data = tempDataDir(t);
  const rng = mulberry32(20261206);
  // Keys the loop's clips are unlikely to make (odd channel levels at low opacity), ingested once each.
  const keys = allColorKeys().filter((k) => parseColorKey(k)!.step === 3);
  const next = { at: 0 };
  const acked: string[] = [];
  for (let i = 0; i < KILLS; i++) {
    const service = await runService(['start', '--data', data], SMALL_LOOP);
    const writing = writeUntilDead(service, keys, next);
    await sleep(300 + Math.floor(rng() * 1500));
    t.equal(await service.stop('SIGKILL'), null, `kill ${i + 1}`);
    acked.push(...await writing);
  }
  const last = await runService(['start', '--data', data], SMALL_LOOP);
  await last.waitForLog(/"msg":"job"/);
  t.equal(await last.stop('SIGTERM'), 0, 'the service starts again and stops cleanly');

  const actor = await RegistryActor.start({ config: testConfig(data), readOnly: true });
  t.teardown(() => actor.close());
  t.ok(acked.length > KILLS * KEYS_PER_BATCH, `${acked.length} keys acknowledged across the kills`);
  const missing: string[] = [];
  for (const key of acked) if (!((await actor.entry('static_color', 'color', key))?.counts.observed)) missing.push(key);
  t.same(missing, [], 'every acknowledged key is stored');
  const check = await actor.check();
  t.ok(check.ok, `counts, tallies and the discovery log agree${check.problems.length ? `: ${check.problems.join('; ')}` : ''}`);
  const jobs = await actor.jobs({ last: 10_000 });
  t.same(jobs.filter((j) => j.status === 'running').map((j) => j.id), [], 'no job is left running');
  t.ok(jobs.filter((j) => j.error?.code === 'JOB_INTERRUPTED').length > 0, 'jobs a kill cut short are stored as interrupted');
});
