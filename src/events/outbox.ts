import type { Logger } from '../base/log.js';
import { formatError } from '../base/errors.js';
import type { Undelivered } from '../registry/discovery-log.js';
import type { CommitSink, DeliveryLog, DeliveryState } from '../registry/delivery.js';
import { isRetraction, LOG_PAGE, type Completion, type CoverageDelta, type LogRecord } from '../model/records.js';
import type { Bus, PublishOptions } from './bus.js';
import { SUBJECTS } from './subjects.js';

export interface OutboxOptions {
  log?: Logger;
  /** Discoveries read from the log per page while catching up (default LOG_PAGE). */
  page?: number;
  /** How often the acknowledged seq is written to the store (default 1 s). */
  persistMs?: number;
  /** First and longest wait between attempts while the bus refuses events (default 250 ms, 5 s). */
  backoffMs?: [number, number];
}

interface Message {
  subject: string;
  data: unknown;
  options: PublishOptions;
}

function recordMessage(r: LogRecord): Message {
  return isRetraction(r)
    ? { subject: SUBJECTS.retraction(r.registry, r.domain), data: r, options: { msgId: `retraction-${r.seq}` } }
    : { subject: SUBJECTS.discovery(r.registry, r.domain), data: r, options: { msgId: `discovery-${r.seq}` } };
}

/** A batch's events in the order subscribers get them: discoveries (or retractions), coverage deltas, completions. */
function eventsOf(events: Pick<Undelivered, 'records' | 'coverage' | 'completed'>): Message[] {
  return [
    ...events.records.map(recordMessage),
    ...events.coverage.map((c: CoverageDelta) => ({ subject: SUBJECTS.coverage(c.registry), data: c, options: { msgId: `coverage-${c.registry}-${c.seq}` } })),
    ...events.completed.map((c: Completion) => ({ subject: SUBJECTS.complete(c.space), data: c, options: { msgId: `complete-${c.space}` } })),
  ];
}

interface InFlight {
  seq: number;
  spaces: string[];
  done: boolean;
}

/**
 * The discovery log as an outbox. A committed batch is sent at once while the bus keeps up; the
 * write never waits for it. Once a publish fails, the outbox falls back to reading the log from
 * the last acknowledged seq and sends it again, page by page and in order, with the same message
 * ids (the stream drops what it already holds), retrying with backoff until the bus takes it.
 * The acknowledged seq is stored, so a restarted process resumes where the bus stopped taking.
 */
export class Outbox implements CommitSink {
  private acked = 0;
  /** The highest seq handed to the bus in order, while not catching up. */
  private sent = 0;
  private latest = 0;
  private persisted = 0;
  private announced: string[] = [];
  /**
   * Completions the bus took. The log lists a completion until its announcement is stored (at the
   * next persist), so a catch-up leaves these out rather than send them again meanwhile. A space
   * completes once, so the set stays as small as the list of spaces.
   */
  private readonly taken = new Set<string>();
  private readonly inFlight: InFlight[] = [];
  private catchingUp: Promise<void> | null = null;
  private waitingSince: number | null = null;
  private error: string | null = null;
  private failures = 0;
  private closed = false;
  private readonly persistTimer: NodeJS.Timeout;
  private readonly wake = new Set<() => void>();

  private constructor(private readonly store: DeliveryLog, private readonly bus: Bus, private readonly options: OutboxOptions) {
    this.persistTimer = setInterval(() => void this.persist(), options.persistMs ?? 1000);
    this.persistTimer.unref();
  }

  /** Starts from the stored acknowledged seq and sends whatever the log holds after it. */
  static async open(store: DeliveryLog, bus: Bus, options: OutboxOptions = {}): Promise<Outbox> {
    const outbox = new Outbox(store, bus, options);
    outbox.acked = outbox.sent = outbox.persisted = outbox.latest = await store.published();
    outbox.catchUp();
    return outbox;
  }

  state(): DeliveryState {
    return { pending: Math.max(0, this.latest - this.acked), acked: this.acked, waitingSince: this.latest > this.acked ? this.waitingSince : null, error: this.error };
  }

  /**
   * A batch just committed. Sent now when it follows what was sent before (its publishes leave in
   * order without waiting for each other, so an in-process bus has delivered them on return);
   * otherwise the log is read again from the acknowledged seq.
   */
  offer(events: Omit<Undelivered, 'head'>): void {
    if (this.closed || events.records.length === 0) return;
    this.latest = Math.max(this.latest, events.seq);
    this.waitingSince ??= Date.now();
    if (this.catchingUp || events.records[0].seq !== this.sent + 1) {
      this.catchUp();
      return;
    }
    this.sent = events.seq;
    const flight: InFlight = { seq: events.seq, spaces: events.completed.map((c) => c.space), done: false };
    this.inFlight.push(flight);
    const publishes = eventsOf(events).map((m) => this.bus.publish(m.subject, m.data, m.options));
    Promise.all(publishes).then(
      () => {
        flight.done = true;
        this.advance();
      },
      (err) => this.failed(err),
    );
  }

  /** Acknowledged seqs move only over batches whose every event the bus took, in order. */
  private advance(): void {
    while (this.inFlight.length > 0 && this.inFlight[0].done) {
      const flight = this.inFlight.shift()!;
      this.acknowledged(flight.seq, flight.spaces);
    }
  }

  private acknowledged(seq: number, spaces: string[]): void {
    this.acked = Math.max(this.acked, seq);
    this.announced.push(...spaces);
    for (const space of spaces) this.taken.add(space);
    if (this.failures > 0) this.options.log?.info({ failed: this.failures, acked: this.acked }, 'events are published again');
    this.failures = 0;
    this.error = null;
    this.waitingSince = this.acked >= this.latest ? null : Date.now();
  }

  /** Counts a refused publish: the first of an outage is a warning, the rest debug lines. */
  private refused(err: unknown, retryMs?: number): void {
    this.failures++;
    this.error = formatError(err);
    if (this.failures === 1) this.options.log?.warn({ acked: this.acked, error: this.error }, 'events not published; they wait in the discovery log and are sent when the bus takes them');
    else this.options.log?.debug({ acked: this.acked, error: this.error, retry_ms: retryMs }, 'events still not published');
  }

  private failed(err: unknown): void {
    this.refused(err);
    // Everything after the acknowledged seq is sent again from the log, in order.
    this.inFlight.length = 0;
    this.catchUp();
  }

  /** Reads the log from the acknowledged seq and sends it until a page comes back empty. */
  private catchUp(): void {
    if (this.catchingUp || this.closed) return;
    this.inFlight.length = 0;
    this.catchingUp = this.drain().finally(() => {
      this.catchingUp = null;
    });
  }

  private async drain(): Promise<void> {
    const [first, longest] = this.options.backoffMs ?? [250, 5000];
    let wait = first;
    while (!this.closed) {
      try {
        const read = await this.store.undelivered(this.acked, this.options.page ?? LOG_PAGE);
        const page = { ...read, completed: read.completed.filter((c) => !this.taken.has(c.space)) };
        this.latest = Math.max(this.latest, page.head);
        const messages = eventsOf(page);
        if (messages.length === 0) {
          this.sent = this.acked = Math.max(this.acked, page.seq);
          this.waitingSince = null;
          return;
        }
        await Promise.all(messages.map((m) => this.bus.publish(m.subject, m.data, m.options)));
        this.acknowledged(page.seq, page.completed.map((c) => c.space));
        wait = first;
      } catch (err) {
        if (this.closed) return;
        this.refused(err, wait);
        await this.sleep(wait);
        wait = Math.min(longest, wait * 2);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.add(done);
    });
  }

  /** Writes the acknowledged seq (and announced completions) when it moved. */
  private async persist(): Promise<void> {
    if (this.acked === this.persisted && this.announced.length === 0) return;
    const seq = this.acked;
    const spaces = this.announced.splice(0);
    try {
      await this.store.acknowledge(seq, spaces);
      this.persisted = seq;
    } catch (err) {
      this.announced.push(...spaces);
    for (const space of spaces) this.taken.add(space);
      this.options.log?.debug({ err: formatError(err) }, 'acknowledged seq not stored yet');
    }
  }

  /**
   * Waits up to `graceMs` for what is in flight to be acknowledged, then stores the acknowledged
   * seq. What is still pending stays in the log for the next start.
   */
  async close(graceMs = 2000): Promise<void> {
    if (this.closed) return;
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && this.acked < this.latest && this.error === null) await new Promise((r) => setTimeout(r, 20));
    this.closed = true;
    clearInterval(this.persistTimer);
    for (const wake of this.wake) wake();
    // A catch-up whose publish never settles is left behind: what it holds stays in the log.
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => { timer = setTimeout(resolve, Math.max(0, deadline - Date.now())); });
    await Promise.race([this.catchingUp, grace]);
    clearTimeout(timer);
    await this.persist();
  }
}
