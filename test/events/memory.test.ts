import t from 'tap';
import { MemoryBus } from '../../src/events/memory.js';
import type { BusMessage } from '../../src/events/bus.js';

function listen(bus: MemoryBus, pattern: string) {
  const got: BusMessage[] = [];
  const sub = bus.subscribe(pattern, (m) => void got.push(m));
  return { got, sub, subjects: () => got.map((m) => m.subject) };
}

t.test('delivers synchronously to every matching pattern', async (t) => {
  const bus = new MemoryBus();
  t.equal(bus.kind, 'memory');
  const exact = listen(bus, 'registry.coverage.dynamic');
  const one = listen(bus, 'registry.*.dynamic');
  const tail = listen(bus, 'registry.>');
  const loop = listen(bus, 'loop.>');
  void bus.publish('registry.coverage.dynamic', { pct: 12.5 });
  t.same(exact.got, [{ subject: 'registry.coverage.dynamic', data: { pct: 12.5 } }], 'delivered before publish is awaited');
  await bus.publish('registry.discovery.dynamic.gradient_type', { key: 'radial_0.50' });
  await bus.publish('registry.coverage', 1);
  await bus.publish('loop.job.done', 2);
  t.same(exact.subjects(), ['registry.coverage.dynamic']);
  t.same(one.subjects(), ['registry.coverage.dynamic'], '* is one token');
  t.same(tail.subjects(), ['registry.coverage.dynamic', 'registry.discovery.dynamic.gradient_type', 'registry.coverage']);
  t.same(loop.subjects(), ['loop.job.done']);
  t.equal(loop.got[0].data, 2);
});

t.test('one handler per subscription, and unsubscribe stops it', async (t) => {
  const bus = new MemoryBus();
  const a = listen(bus, 'x.>');
  const b = listen(bus, 'x.>');
  await bus.publish('x.1', null);
  a.sub.unsubscribe();
  await bus.publish('x.2', null);
  a.sub.unsubscribe();
  t.same(a.subjects(), ['x.1']);
  t.same(b.subjects(), ['x.1', 'x.2']);
});

t.test('a message id is delivered once, across subjects', async (t) => {
  const bus = new MemoryBus();
  const all = listen(bus, '>');
  await bus.publish('a', 1, { msgId: 'm1' });
  await bus.publish('a', 2, { msgId: 'm1' });
  await bus.publish('b', 3, { msgId: 'm1' });
  await bus.publish('a', 4, { msgId: 'm2' });
  await bus.publish('a', 5);
  await bus.publish('a', 6);
  t.same(all.got.map((m) => m.data), [1, 4, 5, 6], 'messages without an id are never deduplicated');

  // An id is remembered even when nobody listened.
  const quiet = new MemoryBus();
  await quiet.publish('a', 1, { msgId: 'early' });
  const late = listen(quiet, 'a');
  await quiet.publish('a', 2, { msgId: 'early' });
  t.same(late.got, []);
});

t.test('ids are remembered for the last 10,000 messages', async (t) => {
  const bus = new MemoryBus();
  const all = listen(bus, 's');
  for (let i = 0; i <= 10_000; i++) await bus.publish('s', i, { msgId: `id-${i}` });
  t.equal(all.got.length, 10_001);
  await bus.publish('s', 'again-0', { msgId: 'id-0' });
  await bus.publish('s', 'again-2', { msgId: 'id-2' });
  await bus.publish('s', 'again-10000', { msgId: 'id-10000' });
  t.same(all.got.slice(10_001).map((m) => m.data), ['again-0'], 'only the oldest id was forgotten');
});

t.test('close: closed state, no more deliveries', async (t) => {
  const bus = new MemoryBus();
  const all = listen(bus, '>');
  t.equal(bus.state(), 'connected');
  await bus.close();
  t.equal(bus.state(), 'closed');
  await bus.publish('a', 1);
  t.same(all.got, [], 'listeners are dropped');
  const late = listen(bus, '>');
  await bus.publish('b', 2);
  t.same(late.got, [], 'a subscription after close gets nothing');
  await bus.close();
  t.equal(bus.state(), 'closed', 'closing twice is harmless');
});
