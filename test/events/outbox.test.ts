import t from 'tap';
import { MotionRegistryError } from '../../src/base/errors.js';
import type { Bus, BusState, PublishOptions, Subscription } from '../../src/events/bus.js';
import { Outbox, type OutboxOptions } from '../../src/events/outbox.js';
import type { DeliveryLog } from '../../src/registry/delivery.js';
import type { Undelivered } from '../../src/registry/discovery-log.js';
import type { Completion, CoverageDelta, Discovery, LogRecord, Retraction } from '../../src/model/records.js';

type Teardown = { teardown(fn: () => unknown): void };

/** What the fake bus does with one publish: take it, refuse it, or hold it until released. */
type Verdict = 'take' | 'fail' | 'hang';

class FakeBus implements Bus {
  readonly kind = 'memory' as const;
  /** Every publish, in call order. */
  readonly attempts: string[] = [];
  /** Publishes the bus took, in the order it took them. */
  readonly taken: Array<{ subject: string; msgId: string | undefined; data: unknown }> = [];
  private readonly held: Array<() => void> = [];
  verdict: (msgId: string) => Verdict = () => 'take';

  state(): BusState {
    return 'connected';
  }

  publish(subject: string, data: unknown, options: PublishOptions = {}): Promise<void> {
    const msgId = options.msgId ?? '';
    this.attempts.push(msgId);
    const take = () => void this.taken.push({ subject, msgId: options.msgId, data });
    switch (this.verdict(msgId)) {
      case 'take':
        take();
        return Promise.resolve();
      case 'fail':
        return Promise.reject(new MotionRegistryError('BUS_UNAVAILABLE', `refused ${msgId}`));
      case 'hang':
        return new Promise((resolve) => this.held.push(() => {
          take();
          resolve();
        }));
    }
  }

  /** Lets every held publish through, in the order they came. */
  release(): void {
    for (const go of this.held.splice(0)) go();
  }

  get holding(): number {
    return this.held.length;
  }

  subscribe(): Subscription {
    return { unsubscribe: () => undefined };
  }

  async close(): Promise<void> {}

  ids(): Array<string | undefined> {
    return this.taken.map((m) => m.msgId);
  }
}

/** The discovery log as the outbox reads it, in memory, with the same paging as the store's. */
class MemoryLog implements DeliveryLog {
  readonly records: LogRecord[] = [];
  readonly coverage: CoverageDelta[] = [];
  readonly completions: Completion[] = [];
  readonly acks: Array<[number, string[]]> = [];
  readonly announced = new Set<string>();
  stored = 0;
  /** Pages read that held nothing to send: a catch-up ends with one. */
  emptyReads = 0;

  async published(): Promise<number> {
    return this.stored;
  }

  /** Answers on a later turn of the event loop, as the registry actor does from its thread. */
  async undelivered(afterSeq: number, limit: number): Promise<Undelivered> {
    await new Promise((r) => setImmediate(r));
    const records = this.records.filter((r) => r.seq > afterSeq).slice(0, limit);
    const seq = records.length > 0 ? records[records.length - 1].seq : afterSeq;
    const page = {
      records,
      coverage: this.coverage.filter((c) => c.seq > afterSeq && c.seq <= seq),
      completed: this.completions.filter((c) => c.seq <= seq && !this.announced.has(c.space)),
      seq,
      head: this.head,
    };
    if (page.records.length + page.coverage.length + page.completed.length === 0) this.emptyReads++;
    return page;
  }

  async acknowledge(seq: number, spaces: string[]): Promise<void> {
    this.acks.push([seq, [...spaces]]);
    this.stored = Math.max(this.stored, Math.min(seq, this.head));
    for (const space of spaces) this.announced.add(space);
  }

  get head(): number {
    return this.records.length === 0 ? 0 : this.records[this.records.length - 1].seq;
  }

  /** Commits a batch of `n` discoveries (with a coverage delta, and optionally a completion) and returns its events. */
  commit(n: number, completes?: string): Omit<Undelivered, 'head'> {
    const from = this.head + 1;
    const records = Array.from({ length: n }, (_, i) => discovery(from + i));
    const seq = from + n - 1;
    const coverage: CoverageDelta[] = [{ registry: 'static_color', count: seq, cells: 27951, coverage_pct: 0, delta: n, seq }];
    const completed: Completion[] = completes ? [{ space: completes, registry: 'static_color', domain: null, cells: 27951, seq, at: 'now' }] : [];
    this.records.push(...records);
    this.coverage.push(...coverage);
    this.completions.push(...completed);
    return { records, coverage, completed, seq };
  }

  retract(): Omit<Undelivered, 'head'> {
    const seq = this.head + 1;
    const record: Retraction = { ...discovery(seq), retracted: { batch: 1, client: 'partner' } };
    const coverage: CoverageDelta[] = [{ registry: 'static_color', count: 0, cells: 27951, coverage_pct: 0, delta: -1, seq }];
    this.records.push(record);
    this.coverage.push(...coverage);
    return { records: [record], coverage, completed: [], seq };
  }
}

function discovery(seq: number): Discovery {
  return {
    seq, registry: 'static_color', domain: 'color', key: `${seq * 25},0,0_1.0`, name: `c${seq}`, evidence: 'observed',
    origin: 'observed', unit: `${seq * 25},0,0_1.0`, at: 'now', source: {},
  };
}

const FAST: OutboxOptions = { backoffMs: [2, 10], persistMs: 10 };

async function open(t: Teardown, log = new MemoryLog(), bus = new FakeBus(), options: OutboxOptions = FAST) {
  const outbox = await Outbox.open(log, bus, options);
  t.teardown(() => {
    bus.release();
    return outbox.close(0);
  });
  // Opening reads the log once; offers made before that read ends are read from the log too.
  await until(() => log.emptyReads > 0, 'the first catch-up ended');
  await new Promise((r) => setImmediate(r));
  return { outbox, log, bus };
}

/** Waits until `condition` holds; fails the test (it does not measure time) when it never does. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`never: ${what}`);
}

t.test('a batch leaves at once: discoveries, coverage, completions, each with its message id', async (t) => {
  const { outbox, log, bus } = await open(t);
  t.same(outbox.state(), { pending: 0, acked: 0, waitingSince: null, error: null });
  outbox.offer(log.commit(2, 'static_color'));
  t.same(bus.taken.map((m) => [m.subject, m.msgId]), [
    ['registry.discovery.static_color.color', 'discovery-1'],
    ['registry.discovery.static_color.color', 'discovery-2'],
    ['registry.coverage.static_color', 'coverage-static_color-2'],
    ['registry.complete.static_color', 'complete-static_color'],
  ], 'published before offer returns');
  t.same(bus.taken[1].data, log.records[1]);
  t.same(bus.taken[2].data, log.coverage[0]);
  await until(() => outbox.state().acked === 2, 'acknowledged');
  t.same(outbox.state(), { pending: 0, acked: 2, waitingSince: null, error: null });

  outbox.offer(log.retract());
  t.same(bus.taken.slice(4).map((m) => [m.subject, m.msgId]), [
    ['registry.retracted.static_color.color', 'retraction-3'],
    ['registry.coverage.static_color', 'coverage-static_color-3'],
  ]);
  await until(() => outbox.state().acked === 3, 'retraction acknowledged');
  await until(() => log.stored === 3, 'persisted');
  t.equal(log.acks.at(-1)?.[0], 3);
  t.ok(log.acks.some(([, spaces]) => spaces.includes('static_color')), 'the completion is stored as announced');
});

t.test('a batch with no records is not an event, and a closed outbox takes nothing', async (t) => {
  const { outbox, log, bus } = await open(t);
  outbox.offer({ records: [], coverage: [], completed: [], seq: 0 });
  t.same([bus.attempts, outbox.state().pending], [[], 0]);
  await outbox.close();
  outbox.offer(log.commit(1));
  t.same(bus.attempts, []);
  t.same(outbox.state(), { pending: 0, acked: 0, waitingSince: null, error: null });
});

t.test('the acknowledged seq moves only over batches whose every event was taken', async (t) => {
  const { outbox, log, bus } = await open(t);
  bus.verdict = (id) => (id === 'coverage-static_color-2' ? 'hang' : 'take');
  const before = Date.now();
  outbox.offer(log.commit(2));
  outbox.offer(log.commit(1));
  outbox.offer(log.commit(1));
  t.same(bus.ids(), ['discovery-1', 'discovery-2', 'discovery-3', 'coverage-static_color-3', 'discovery-4', 'coverage-static_color-4'],
    'later batches are sent without waiting');
  await new Promise((r) => setImmediate(r));
  const waiting = outbox.state();
  t.same([waiting.pending, waiting.acked, waiting.error], [4, 0, null], 'the first batch holds back the ones after it');
  t.ok(waiting.waitingSince !== null && waiting.waitingSince >= before, 'waiting since the first offer');
  bus.release();
  await until(() => outbox.state().acked === 4, 'all acknowledged');
  t.same(outbox.state(), { pending: 0, acked: 4, waitingSince: null, error: null });
  t.same(bus.ids().slice(6), ['coverage-static_color-2']);
});

t.test('a refused publish: the log is read again from the acknowledged seq and resent with the same ids', async (t) => {
  const { outbox, log, bus } = await open(t, new MemoryLog(), new FakeBus(), { ...FAST, page: 2 });
  outbox.offer(log.commit(1));
  await until(() => outbox.state().acked === 1, 'first batch acknowledged');
  let refusing = true;
  bus.verdict = (id) => (refusing && id === 'discovery-3' ? 'fail' : 'take');
  outbox.offer(log.commit(2, 'static_color'));
  await until(() => bus.attempts.filter((id) => id === 'discovery-3').length >= 3, 'retried');
  const failing = outbox.state();
  t.same([failing.pending, failing.acked, failing.error], [2, 1, 'BUS_UNAVAILABLE: refused discovery-3']);
  t.not(failing.waitingSince, null);

  const attempted = bus.attempts.length;
  outbox.offer(log.commit(1));
  t.equal(bus.attempts.length, attempted, 'while catching up, a new batch is not sent on its own');
  refusing = false;
  await until(() => outbox.state().acked === 4, 'caught up');
  t.same(outbox.state(), { pending: 0, acked: 4, waitingSince: null, error: null });
  const resent = bus.taken.slice(bus.taken.findLastIndex((m) => m.msgId === 'discovery-3') - 1);
  const delivered = [...new Set(resent.map((m) => m.msgId))];
  t.same(delivered, ['discovery-2', 'discovery-3', 'coverage-static_color-3', 'complete-static_color', 'discovery-4', 'coverage-static_color-4'],
    'read back in pages of two discoveries, in order, with the ids they were first sent with (as a deduplicating stream delivers them)');
  t.equal(bus.taken.filter((m) => m.msgId === 'discovery-1').length, 1, 'what was acknowledged is not sent again');
  await until(() => log.stored === 4, 'persisted');
  t.ok(log.acks.some(([, spaces]) => spaces.includes('static_color')));
});

t.test('open resumes after the stored seq; a batch that does not follow what was sent is read from the log', async (t) => {
  const log = new MemoryLog();
  log.commit(2);
  log.commit(1, 'static_color');
  log.announced.add('static_color');
  log.stored = 2;
  log.commit(2);
  const { outbox, bus } = await open(t, log);
  await until(() => outbox.state().acked === 5, 'caught up from the store');
  t.same(bus.ids(), ['discovery-3', 'discovery-4', 'discovery-5', 'coverage-static_color-3', 'coverage-static_color-5'],
    'one page: its discoveries, then its coverage; an announced completion is not announced again');

  const skipped = log.commit(1);
  const late = log.commit(1);
  outbox.offer(late);
  await until(() => outbox.state().acked === 7, 'gap filled');
  t.same(bus.ids().slice(5), ['discovery-6', 'discovery-7', 'coverage-static_color-6', 'coverage-static_color-7']);
  const reads = log.emptyReads;
  const attempted = bus.attempts.length;
  outbox.offer(skipped);
  await until(() => log.emptyReads > reads, 'the log read again');
  t.equal(bus.attempts.length, attempted, 'an old batch offered late is not sent again');
  t.equal(outbox.state().acked, 7);
});

t.test('close waits for what is in flight, then stores the acknowledged seq', async (t) => {
  const { outbox, log, bus } = await open(t, new MemoryLog(), new FakeBus(), { backoffMs: [2, 10], persistMs: 60_000 });
  outbox.offer(log.commit(1));
  bus.verdict = () => 'hang';
  outbox.offer(log.commit(1));
  await until(() => outbox.state().acked === 1, 'first acknowledged');
  t.same(log.acks, [], 'nothing stored before the timer or close');
  setTimeout(() => bus.release(), 5);
  await outbox.close(5_000);
  t.same(log.acks, [[2, []]], 'the batch released during the grace counts');
  t.equal(log.stored, 2);
  await outbox.close();
  t.equal(log.acks.length, 1, 'closing twice stores once');
});

t.test('close gives up after its grace; what is pending stays in the log', async (t) => {
  const { outbox, log, bus } = await open(t, new MemoryLog(), new FakeBus(), { backoffMs: [2, 10], persistMs: 60_000 });
  outbox.offer(log.commit(2));
  await until(() => outbox.state().acked === 2, 'acknowledged');
  bus.verdict = () => 'hang';
  outbox.offer(log.commit(1));
  t.equal(bus.holding, 2);
  await outbox.close(10);
  t.same(log.acks, [[2, []]]);
  t.same(outbox.state(), { pending: 1, acked: 2, waitingSince: outbox.state().waitingSince, error: null });
  t.not(outbox.state().waitingSince, null);
});

t.test('a completion read from the log is sent once while its announcement waits to be stored', async (t) => {
  const log = new MemoryLog();
  log.commit(2, 'static_color');
  const bus = new FakeBus();
  const outbox = await Outbox.open(log, bus, { backoffMs: [2, 10], persistMs: 60_000 });
  t.teardown(() => outbox.close(0));
  await until(() => outbox.state().acked === 2, 'caught up');
  // Each read of the log takes a turn of the event loop: twenty turns are ten reads and more.
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  t.same(bus.ids(), ['discovery-1', 'discovery-2', 'coverage-static_color-2', 'complete-static_color']);
  t.same(log.acks, [], 'not stored yet: the log still lists the completion');
  await outbox.close(0);
  t.same(log.acks, [[2, ['static_color']]]);
});

t.test('close gives up on a catch-up whose publish never settles', async (t) => {
  const log = new MemoryLog();
  log.commit(1);
  const bus = new FakeBus();
  bus.verdict = () => 'hang';
  const outbox = await Outbox.open(log, bus, { backoffMs: [2, 10], persistMs: 60_000 });
  t.teardown(() => bus.release());
  await until(() => bus.holding > 0, 'the catch-up publishes');
  await outbox.close(10);
  t.same(outbox.state(), { pending: 1, acked: 0, waitingSince: outbox.state().waitingSince, error: null });
  t.same(log.acks, [], 'nothing acknowledged, nothing stored: the batch stays in the log');
});

t.test('a failed write of the acknowledged seq is tried again', async (t) => {
  const log = new MemoryLog();
  let refuse = 1;
  const acknowledge = log.acknowledge.bind(log);
  log.acknowledge = async (seq, spaces) => {
    if (refuse-- > 0) throw new Error('disk busy');
    return acknowledge(seq, spaces);
  };
  const { outbox } = await open(t, log);
  outbox.offer(log.commit(1, 'static_color'));
  await until(() => log.stored === 1, 'stored on a later tick');
  t.same(log.acks, [[1, ['static_color']]], 'the announced completion was kept for the next write');
});
