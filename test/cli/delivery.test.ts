import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { NatsBus } from '../../src/events/nats.js';
import { RegistryActor } from '../../src/registry/actor.js';
import type { Discovery } from '../../src/model/records.js';
import { allColorKeys, parseColorKey } from '../../src/model/color.js';
import { natsServerBinary, startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { cli, SMALL_LOOP } from '../helpers/cli.js';
import { runService, type Service } from '../helpers/service.js';

interface Health {
  status: string;
  bus: { state: string; pending: number; acked: number };
  seq: number;
}

const STREAM = 'DELIVERY';

/** The RGBA at a color key's cell centre, as an ingested entry gives it. */
function colorOf(key: string) {
  const { r, g, b, step } = parseColorKey(key)!;
  return { r, g, b, opacity: step / 20 };
}
const binary = natsServerBinary();
// A 30 s outage, restarts and a stream read back: longer than one test file's default bound.
t.setTimeout(300_000);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

const caughtUp = (service: Service) => until('events caught up', async () => {
  const h = await service.get<Health>('/health');
  return h.status === 'ok' && h.bus.pending === 0 && h.seq > 0 ? h : undefined;
});

/** The discoveries the stream holds, in order, once `expected` have come (duplicates kept, to be found). */
async function streamedDiscoveries(url: string, expected: number): Promise<Discovery[]> {
  const bus = await NatsBus.open({ url, stream: STREAM });
  const seen: Discovery[] = [];
  const sub = await bus.tail<Discovery>('registry.discovery.>', (m) => void seen.push(m.data), { durable: 'delivery-check' });
  for (const deadline = Date.now() + 60_000; seen.length < expected && Date.now() < deadline;) await sleep(200);
  await sleep(1000);
  sub.unsubscribe();
  await bus.close();
  return seen;
}

if (!binary) {
  t.fail('the delivery tests need nats-server on PATH');
} else {
  t.test('a NATS outage of 30 s and a SIGKILL with events pending: the stream ends with every discovery of the log exactly once', async (t) => {
    const data = tempDataDir(t);
    let nats: NatsServer = await startNatsServer(binary);
    t.teardown(() => nats.stop());
    const env = { ...SMALL_LOOP, NATS_URL: nats.url, MOTION_REGISTRY_BUS__STREAM: STREAM };
    let service = await runService(['start', '--data', data], env);
    t.teardown(() => service.stop('SIGKILL'));
    await service.waitForLog(/"msg":"job"/, 2);

    await nats.stop({ keepStore: true });
    const down = Date.now();
    const degraded = await until('degraded while NATS is down', async () => {
      const h = await service.get<Health>('/health');
      return h.status === 'degraded' && h.bus.pending > 0 ? h : undefined;
    });
    t.match(degraded.bus, { state: 'disconnected' }, 'health names the outage');
    await sleep(Math.max(0, 30_000 - (Date.now() - down)));
    const during = await service.get<Health>('/health');
    t.ok(during.bus.pending > degraded.bus.pending, `the service kept recording during the outage (${during.bus.pending} events waiting)`);

    nats = await startNatsServer(binary, nats);
    const back = await caughtUp(service);
    t.ok(back.bus.acked >= during.seq, 'everything recorded during the outage went out once NATS was back');

    // Down again, then the service is killed with events pending, and started again.
    await nats.stop({ keepStore: true });
    const pending = await until('events pending', async () => {
      const h = await service.get<Health>('/health');
      return h.bus.pending > 0 ? h : undefined;
    });
    t.ok(pending.bus.pending > 0);
    t.equal(await service.stop('SIGKILL'), null);
    nats = await startNatsServer(binary, nats);
    service = await runService(['start', '--data', data], env);
    await caughtUp(service);
    t.equal(await service.stop('SIGTERM'), 0, 'clean exit');

    const actor = await RegistryActor.start({ config: testConfig(data), readOnly: true });
    const log = await actor.discoveries(0, 1_000_000);
    await actor.close();
    const streamed = await streamedDiscoveries(nats.url, log.length);
    t.ok(log.length > pending.seq, `the log grew past the kill (${log.length} discoveries)`);
    t.same(streamed.map((d) => d.seq), log.map((d) => d.seq), 'every seq once, in order');
    t.same(streamed.map((d) => `${d.registry}/${d.domain}/${d.key}/${d.evidence}`), log.map((d) => `${d.registry}/${d.domain}/${d.key}/${d.evidence}`), 'and the same cells');
  });

  t.test('with NATS hung (SIGSTOP), writes over HTTP are still acknowledged within a second and their events follow once it wakes', async (t) => {
    const data = tempDataDir(t);
    const nats = await startNatsServer(binary);
    t.teardown(() => nats.stop());
    const service = await runService(['start', '--data', data], { ...SMALL_LOOP, NATS_URL: nats.url, MOTION_REGISTRY_BUS__STREAM: STREAM });
    t.teardown(() => service.stop('SIGKILL'));
    await service.waitForLog(/"msg":"job"/);
    process.kill(nats.pid, 'SIGSTOP');
    t.teardown(() => process.kill(nats.pid, 'SIGCONT'));
    await service.waitForLog(/"msg":"job"/, (service.log().match(/"msg":"job"/g) ?? []).length + 1);

    const keys = allColorKeys().slice(-20);
    const batch = { static_colors: keys.map((key) => ({ key, ...colorOf(key) })) };
    const answer = await fetch(`${service.url}/api/knowledge/discoveries`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch), signal: AbortSignal.timeout(1000),
    });
    t.equal(answer.status, 201, 'acknowledged within a second, NATS hung');
    t.ok((await service.get<Health>('/health')).bus.pending > 0, 'its events wait in the outbox');

    process.kill(nats.pid, 'SIGCONT');
    await caughtUp(service);
    t.equal(await service.stop('SIGTERM'), 0);
  });

  t.test('events prints the stream as JSON lines; a durable consumer resumes after what it printed', async (t) => {
    const nats = await startNatsServer(binary);
    t.teardown(() => nats.stop());
    const data = tempDataDir(t);
    const env = { ...SMALL_LOOP, NATS_URL: nats.url, MOTION_REGISTRY_BUS__STREAM: STREAM };
    const run = cli(env);
    t.equal((await run('sweep', 'sounds', '--limit', '6', '--data', data)).code, 0);

    const first = await run('events', '--subject', 'registry.discovery.>', '--durable', 'ops', '--count', '4', '--data', data);
    t.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; subject: string; data: Discovery });
    t.equal(lines.length, 4);
    t.same(lines.map((l) => l.data.seq), [1, 2, 3, 4], 'discoveries in log order');
    t.ok(lines.every((l) => l.subject === 'registry.discovery.static_sound.sound'));
    const again = await run('events', '--subject', 'registry.discovery.>', '--durable', 'ops', '--count', '2', '--data', data);
    t.same(again.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { data: Discovery }).data.seq), [5, 6], 'the durable consumer resumes');

    const from = await run('events', '--from', String(lines[2].seq), '--count', '1', '--data', data);
    t.equal((JSON.parse(from.stdout) as { seq: number }).seq, lines[2].seq, '--from starts at a stream sequence');

    const bad = await run('events', '--from', 'x', '--data', data);
    t.equal(bad.code, 1);
    t.match(bad.stderr, /option '--from <seq>' argument 'x' is invalid. must be a positive integer/);
    const noNats = await cli({ ...SMALL_LOOP, NATS_URL: '' })('events', '--data', data);
    t.match(noNats.stderr, /events are read from NATS: set NATS_URL/);
  });
}
