import t from 'tap';
import { pino } from 'pino';
import { bestEffort } from '../../src/events/best-effort.js';
import { MemoryBus } from '../../src/events/memory.js';
import { MotionRegistryError } from '../../src/base/errors.js';
import type { Bus, BusMessage, PublishOptions } from '../../src/events/bus.js';

interface Line { level: number; msg: string; [key: string]: unknown }

/** A logger whose lines are kept in memory, parsed. */
function memoryLog() {
  const lines: Line[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** A bus whose publishes fail while `down` is set, and records what reached it. */
class FlakyBus extends MemoryBus {
  down = true;
  readonly sent: Array<[string, unknown, PublishOptions | undefined]> = [];
  override async publish(subject: string, data: unknown, options?: PublishOptions): Promise<void> {
    if (this.down) throw new MotionRegistryError('BUS_UNAVAILABLE', `no route to ${subject}`);
    this.sent.push([subject, data, options]);
    return super.publish(subject, data, options);
  }
}

/** Lets the bus's promise settle and its handlers log. */
const settle = () => new Promise((r) => setImmediate(r));

t.test('a failing bus: publish resolves, the first failure warns, the rest are debug', async (t) => {
  const bus = new FlakyBus();
  const { log, lines } = memoryLog();
  const tolerant = bestEffort(bus, log);
  t.equal(await tolerant.publish('loop.job.done', { id: 1 }, { msgId: 'j1' }), undefined, 'no throw');
  await tolerant.publish('loop.job.done', { id: 2 }, { msgId: 'j2' });
  await tolerant.publish('loop.idle', { id: 3 });
  await settle();
  t.same(lines.map((l) => [l.level, l.msg, l.subject, l.msgId, l.error]), [
    [40, 'notice not published', 'loop.job.done', 'j1', 'BUS_UNAVAILABLE: no route to loop.job.done'],
    [20, 'notice not published', 'loop.job.done', 'j2', 'BUS_UNAVAILABLE: no route to loop.job.done'],
    [20, 'notice not published', 'loop.idle', undefined, 'BUS_UNAVAILABLE: no route to loop.idle'],
  ]);

  bus.down = false;
  await tolerant.publish('loop.started', { ok: true }, { msgId: 's1' });
  await settle();
  t.match(lines[3], { level: 30, msg: 'notices are published again', failed: 3 }, 'recovery is logged once, with the count');
  t.same(bus.sent, [['loop.started', { ok: true }, { msgId: 's1' }]], 'subject, data and options pass through');
  await tolerant.publish('loop.stopped', {});
  await settle();
  t.equal(lines.length, 4, 'a success after a success logs nothing');

  bus.down = true;
  await tolerant.publish('loop.idle', {});
  await settle();
  t.equal(lines[4].level, 40, 'a new outage warns again');
});

t.test('a foreign error is logged as INTERNAL', async (t) => {
  const { log, lines } = memoryLog();
  const broken: Bus = { kind: 'nats', state: () => 'disconnected', subscribe: () => ({ unsubscribe() {} }), close: async () => {},
    publish: () => Promise.reject(new Error('socket hang up')) };
  await bestEffort(broken, log).publish('loop.x', 1);
  await settle();
  t.equal(lines[0].error, 'INTERNAL: socket hang up');
});

t.test('publish does not wait for the bus', async (t) => {
  const { log, lines } = memoryLog();
  let calls = 0;
  const hanging: Bus = { kind: 'nats', state: () => 'connected', subscribe: () => ({ unsubscribe() {} }), close: async () => {},
    publish: () => { calls++; return new Promise<void>(() => {}); } };
  await bestEffort(hanging, log).publish('loop.x', 1);
  t.equal(calls, 1, 'handed to the bus');
  t.same(lines, []);
});

t.test('everything else is the wrapped bus', async (t) => {
  const bus = new MemoryBus();
  const tolerant = bestEffort(bus, memoryLog().log);
  t.equal(tolerant.kind, 'memory');
  t.equal(tolerant.state(), 'connected');
  const got: BusMessage[] = [];
  const sub = tolerant.subscribe('loop.>', (m) => void got.push(m));
  await bus.publish('loop.idle', 1);
  await tolerant.publish('loop.idle', 2);
  await settle();
  sub.unsubscribe();
  await bus.publish('loop.idle', 3);
  t.same(got.map((m) => m.data), [1, 2]);
  await tolerant.close();
  t.equal(bus.state(), 'closed');
  t.equal(tolerant.state(), 'closed');
});
