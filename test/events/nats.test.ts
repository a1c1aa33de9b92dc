import t from 'tap';
import { connect } from 'nats';
import { pino } from 'pino';
import { NatsBus } from '../../src/events/nats.js';
import { MemoryBus } from '../../src/events/memory.js';
import { openBus } from '../../src/events/open.js';
import { bestEffort } from '../../src/events/best-effort.js';
import { SUBJECTS } from '../../src/events/subjects.js';
import type { BusMessage } from '../../src/events/bus.js';
import { MotionRegistryError } from '../../src/base/errors.js';
import { openRegistry } from '../../src/app/record-then-publish.js';
import type { Observation } from '../../src/model/records.js';
import { allColorKeys, parseColorKey } from '../../src/model/color.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { freePort, natsServerBinary, startNatsServer } from '../helpers/nats-server.js';

const STREAM = 'REGISTRY';
const binary = natsServerBinary();
const external = process.env.NATS_URL;

/** A logger whose lines are kept in memory, parsed. */
function memoryLog() {
  const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 150));

async function retry(attempt: () => Promise<void>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > until) throw err;
      await settle();
    }
  }
}

const isUnavailable = (err: unknown) => err instanceof MotionRegistryError && err.code === 'BUS_UNAVAILABLE';

if (!binary && !external) {
  t.fail('the bus tests need nats-server on PATH, or NATS_URL');
} else {
  const server = binary ? await startNatsServer(binary) : undefined;
  const url = server?.url ?? external!;
  t.teardown(() => server?.stop());

  const open = async (tt: { teardown(fn: () => unknown): void }) => {
    const bus = await NatsBus.open({ url, stream: STREAM, timeoutMs: 2000 });
    tt.teardown(() => bus.close());
    return bus;
  };

  /** Messages the stream holds on subjects matching `filter`, and its last sequence. */
  const streamState = async (filter: string) => {
    const nc = await connect({ servers: url });
    try {
      const info = await (await nc.jetstreamManager()).streams.info(STREAM, { subjects_filter: filter });
      const stored = Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
      return { stored, lastSeq: info.state.last_seq };
    } finally {
      await nc.close();
    }
  };

  t.test('live subscriptions follow NATS wildcards', async (t) => {
    const bus = await open(t);
    t.equal(bus.kind, 'nats');
    const oneToken: string[] = [];
    const tail: string[] = [];
    const loop: unknown[] = [];
    bus.subscribe('registry.t1.*.x', (m) => oneToken.push(m.subject));
    bus.subscribe('registry.t1.>', (m) => tail.push(m.subject));
    bus.subscribe(SUBJECTS.loop('>'), (m) => loop.push(m.data));
    await bus.publish('registry.t1.a.x', { n: 1 });
    await bus.publish('registry.t1.a.y', { n: 2 });
    await bus.publish('registry.t1.a.b.x', { n: 3 });
    await bus.publish(SUBJECTS.loop('job.done'), { id: 7 });
    await waitFor(() => tail.length === 3 && loop.length === 1);
    await settle();
    t.same(oneToken, ['registry.t1.a.x']);
    t.same(tail, ['registry.t1.a.x', 'registry.t1.a.y', 'registry.t1.a.b.x']);
    t.same(loop, [{ id: 7 }], 'JSON payloads round-trip');
  });

  t.test('a message id published twice is stored once', async (t) => {
    const bus = await open(t);
    await bus.publish('registry.t2.a', { n: 1 }, { msgId: 't2-1' });
    await bus.publish('registry.t2.a', { n: 1 }, { msgId: 't2-1' });
    await bus.publish('registry.t2.a', { n: 2 }, { msgId: 't2-2' });
    t.equal((await streamState('registry.t2.>')).stored, 2);
  });

  t.test('a subscriber that starts late replays the stream, then follows it live, and can resume', async (t) => {
    const publisher = await NatsBus.open({ url, stream: STREAM });
    const start = (await streamState('registry.t3.>')).lastSeq;
    for (const n of [1, 2, 3]) await publisher.publish(`registry.t3.${n}`, { n });
    await publisher.close();

    const bus = await open(t);
    const seen: BusMessage<{ n: number }>[] = [];
    const sub = await bus.replay<{ n: number }>('registry.t3.>', (m) => seen.push(m), { afterSeq: start });
    await waitFor(() => seen.length === 3);
    await bus.publish('registry.t3.4', { n: 4 });
    await waitFor(() => seen.length === 4);
    sub.unsubscribe();
    t.same(seen.map((m) => m.data.n), [1, 2, 3, 4]);
    t.ok(seen.every((m, i) => i === 0 || m.seq! > seen[i - 1].seq!), 'stream sequences rise');

    const resumed: number[] = [];
    const again = await bus.replay<{ n: number }>('registry.t3.>', (m) => resumed.push(m.data.n), { afterSeq: seen[1].seq });
    await waitFor(() => resumed.length === 2);
    await settle();
    again.unsubscribe();
    t.same(resumed, [3, 4], 'resuming after a seq skips what was handled');
  });

  t.test('the registry actor publishes discoveries and coverage to NATS', async (t) => {
    const bus = await open(t);
    const actor = await openRegistry({ config: testConfig(tempDataDir(t)), bus });
    t.teardown(() => actor.close());
    const color = (r: number, g: number, b: number): Observation => ({ registry: 'static_color', r, g, b, opacity: 1, source: { job_id: 'nats' } });

    const seen: BusMessage[] = [];
    const sub = await bus.replay('registry.>', (m) => seen.push(m), { afterSeq: (await streamState('registry.>')).lastSeq });
    t.teardown(() => sub.unsubscribe());
    const result = await actor.record([color(124, 124, 160), color(200, 30, 30)]);
    await waitFor(() => seen.length === 3);
    t.same(seen.map((m) => m.subject), [
      SUBJECTS.discovery('static_color', 'color'),
      SUBJECTS.discovery('static_color', 'color'),
      SUBJECTS.coverage('static_color'),
    ]);
    t.same(seen.slice(0, 2).map((m) => m.data), result.discoveries);
    t.same(seen[2].data, result.coverage[0]);

    await waitFor(() => actor.delivery()?.pending === 0);
    t.match(actor.delivery(), { pending: 0, acked: result.seq, error: null });
  });

  t.test('while NATS is down the actor keeps recording; the outbox sends every event once when it is back, and after a restart', async (t) => {
    if (!binary) throw new Error('an outage can only be staged with a nats-server binary to stop and restart');
    let server = await startNatsServer(binary);
    t.teardown(() => server.stop());
    const dataDir = tempDataDir(t);
    const config = testConfig(dataDir);
    const { log, lines } = memoryLog();
    const keys = allColorKeys();
    const colors = (from: number, n: number): Observation[] => keys.slice(from, from + n).map((key) => {
      const { r, g, b, step } = parseColorKey(key)!;
      return { registry: 'static_color', r, g, b, opacity: step / 20, source: { job_id: `b${from}` } };
    });

    let bus = await NatsBus.open({ url: server.url, stream: STREAM, timeoutMs: 500 });
    let actor = await openRegistry({ config, bus, log });
    await actor.record(colors(0, 5));
    await waitFor(() => actor.delivery()?.pending === 0);
    await server.stop({ keepStore: true });

    for (let i = 1; i <= 4; i++) await actor.record(colors(i * 10, 5));
    await waitFor(() => actor.delivery()!.error !== null);
    t.match(actor.delivery(), { pending: 20, acked: 5 }, 'the outage leaves 20 discoveries waiting');
    t.equal(lines.filter((l) => l.level === 40).length, 1, 'one warning for the outage');

    server = await startNatsServer(binary, server);
    await waitFor(() => actor.delivery()?.pending === 0, 15_000);
    await actor.record(colors(100, 5));
    await waitFor(() => actor.delivery()?.pending === 0);

    // The process dies with events pending: nothing is acknowledged after this point.
    await server.stop({ keepStore: true });
    await actor.record(colors(200, 5));
    await actor.close();
    await bus.close();
    server = await startNatsServer(binary, server);
    bus = await NatsBus.open({ url: server.url, stream: STREAM, timeoutMs: 500 });
    actor = await openRegistry({ config, bus, log });
    t.teardown(() => actor.close());
    t.teardown(() => bus.close());
    await waitFor(() => actor.delivery()?.pending === 0, 15_000);

    const seqs: number[] = [];
    const coverage: number[] = [];
    const sub = await bus.replay<{ seq: number }>('registry.>', (m) => (m.subject.startsWith('registry.discovery.') ? seqs : coverage).push(m.data.seq));
    await waitFor(() => seqs.length >= 35);
    await settle();
    sub.unsubscribe();
    t.same(seqs, Array.from({ length: 35 }, (_, i) => i + 1), 'every discovery of the log exactly once, in order');
    t.same(coverage, [5, 10, 15, 20, 25, 30, 35], 'one coverage delta per batch, sent with its discoveries');
  });

  t.test('an unreachable NATS is BUS_UNAVAILABLE naming the URL; no URL is the memory bus', async (t) => {
    const dead = `nats://127.0.0.1:${await freePort()}`;
    await t.rejects(NatsBus.open({ url: dead, stream: STREAM, timeoutMs: 1000 }), { code: 'BUS_UNAVAILABLE', message: new RegExp(dead) });
    const { log } = memoryLog();
    const dataDir = tempDataDir(t);
    await t.rejects(openBus(testConfig(dataDir, { bus: { nats_url: dead, stream: STREAM } }), log), { code: 'BUS_UNAVAILABLE' });
    const memory = await openBus(testConfig(dataDir), log);
    t.ok(memory instanceof MemoryBus);
    const nats = await openBus(testConfig(dataDir, { bus: { nats_url: url, stream: STREAM } }), log);
    t.equal(nats.kind, 'nats', 'an existing stream is reused');
    await nats.close();
  });

  t.test('while NATS is down publish fails fast with BUS_UNAVAILABLE; notices are logged, not thrown; a restart recovers', async (t) => {
    if (!binary) throw new Error('an outage can only be staged with a nats-server binary to stop and restart');
    const first = await startNatsServer(binary!);
    t.teardown(() => first.stop());
    const bus = await NatsBus.open({ url: first.url, stream: 'DOWN', timeoutMs: 1000 });
    await bus.publish('registry.down', { n: 1 }, { msgId: 'down-1' });
    await first.stop({ keepStore: true });
    await waitFor(() => bus.state() === 'disconnected');

    for (const n of [2, 3]) {
      const err = await bus.publish('registry.down', { n }, { msgId: `down-${n}` }).catch((e: unknown) => e);
      t.ok(isUnavailable(err), 'a typed error');
      t.match((err as MotionRegistryError).details, { subject: 'registry.down', msgId: `down-${n}`, url: first.url });
      t.match((err as MotionRegistryError).message, /: not connected$/, 'it fails at once: no acknowledgement is waited for');
      t.equal((err as MotionRegistryError).cause, undefined, 'nothing was sent to NATS');
    }

    const { log, lines } = memoryLog();
    const tolerant = bestEffort(bus, log);
    await tolerant.publish('registry.down', { n: 4 }, { msgId: 'down-4' });
    await tolerant.publish('registry.down', { n: 5 }, { msgId: 'down-5' });
    await waitFor(() => lines.length === 2);
    t.same(lines.map((l) => [l.level, l.msgId]), [[40, 'down-4'], [20, 'down-5']], 'one warning per outage, then debug lines');
    t.match(lines[0].error, /^BUS_UNAVAILABLE: /);

    const second = await startNatsServer(binary!, first);
    t.teardown(() => second.stop());
    await retry(() => bus.publish('registry.down', { n: 6 }, { msgId: 'down-6' }), 8000);
    await tolerant.publish('registry.down', { n: 7 }, { msgId: 'down-7' });
    await waitFor(() => lines.length === 3);
    t.match(lines.at(-1), { level: 30, failed: 2 }, 'recovery is logged once');

    const stored: number[] = [];
    const sub = await bus.replay<{ n: number }>('registry.down', (m) => void stored.push(m.data.n));
    await waitFor(() => stored.length >= 3);
    await settle();
    sub.unsubscribe();
    t.same(stored, [1, 6, 7], 'what failed during the outage was not stored later, and the retry stored once');

    await bus.close();
    t.equal(bus.state(), 'closed');
    await t.rejects(bus.publish('registry.down', { n: 8 }), { code: 'BUS_UNAVAILABLE', message: /: not connected$/ }, 'a closed bus refuses at once');
  });
}
