import { AckPolicy, connect, DeliverPolicy, Events, JSONCodec, NatsError, type JetStreamClient, type NatsConnection } from 'nats';
import type { Logger } from '../base/log.js';
import { MotionRegistryError } from '../base/errors.js';
import type { Bus, BusMessage, BusState, PublishOptions, Subscription } from './bus.js';
import { STREAM_SUBJECTS } from './subjects.js';

/** Everything the service publishes is captured by the stream. */

const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

export interface NatsBusOptions {
  /** One server URL, or several separated by commas. */
  url: string;
  /** JetStream stream name; created over STREAM_SUBJECTS when missing. */
  stream: string;
  /** Bound on connecting and on waiting for each publish acknowledgement (default 5 s). */
  timeoutMs?: number;
  /** Copies a cluster keeps of the stream when it creates it (default 1). */
  replicas?: number;
  log?: Logger;
}

export interface ReplayOptions {
  /** Deliver the stream's messages after this stream sequence; 0 (the default) replays everything. */
  afterSeq?: number;
}

export interface TailOptions {
  /** The first stream sequence to deliver (default: everything the stream holds). */
  fromSeq?: number;
  /**
   * A durable consumer's name: created on first use (from `fromSeq`), then resumed after the last
   * message it acknowledged, whatever `fromSeq` says. Messages are acknowledged once handled.
   */
  durable?: string;
}

type Handler<T> = (message: BusMessage<T>) => void;

const codec = JSONCodec();

/** The URL without credentials, for messages and logs. */
export function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/g, '//');
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Events on NATS: published through JetStream into one stream with the message id as the dedupe
 * header, delivered live to core subscriptions and replayed from the stream by ordered consumers.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  private connected = true;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly options: NatsBusOptions & { timeoutMs: number },
  ) {
    void this.watch();
  }

  /** The connection, for the work queues that share it. */
  get connection(): NatsConnection {
    return this.nc;
  }

  /** Connects and ensures the stream; BUS_UNAVAILABLE when NATS or JetStream cannot be reached. */
  static async open(options: NatsBusOptions): Promise<NatsBus> {
    const resolved = { ...options, timeoutMs: options.timeoutMs ?? 5000 };
    let nc: NatsConnection;
    try {
      // Reconnect forever: a running service outlives NATS restarts.
      nc = await connect({ servers: options.url.split(','), timeout: resolved.timeoutMs, maxReconnectAttempts: -1 });
    } catch (err) {
      throw unavailable(options.url, `cannot connect to NATS at ${withoutCredentials(options.url)}: ${reasonOf(err)}`, err);
    }
    try {
      await ensureStream(nc, options.stream, resolved.timeoutMs, options.replicas ?? 1);
      return new NatsBus(nc, nc.jetstream({ timeout: resolved.timeoutMs }), resolved);
    } catch (err) {
      await nc.close();
      throw unavailable(options.url, `cannot set up JetStream stream ${options.stream} at ${withoutCredentials(options.url)}: ${reasonOf(err)}`, err);
    }
  }

  private async watch(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === Events.Disconnect) {
        this.connected = false;
        this.options.log?.warn({ url: withoutCredentials(this.options.url) }, 'NATS disconnected; publishing fails until it reconnects');
      } else if (status.type === Events.Reconnect) {
        this.connected = true;
        this.options.log?.info({ url: withoutCredentials(this.options.url) }, 'NATS reconnected');
      }
    }
  }

  state(): BusState {
    return this.nc.isClosed() ? 'closed' : this.connected ? 'connected' : 'disconnected';
  }

  /** Resolves once the stream has stored the message (or recognised its id as a duplicate). */
  async publish(subject: string, data: unknown, options: PublishOptions = {}): Promise<void> {
    const failed = (reason: string, cause?: unknown) =>
      unavailable(this.options.url, `cannot publish ${subject} to NATS at ${withoutCredentials(this.options.url)}: ${reason}`, cause, { subject, msgId: options.msgId });
    // Fail at once rather than wait for an acknowledgement that cannot come.
    if (!this.connected || this.nc.isClosed()) throw failed('not connected');
    try {
      await this.js.publish(subject, codec.encode(data), { msgID: options.msgId, timeout: this.options.timeoutMs });
    } catch (err) {
      throw failed(reasonOf(err), err);
    }
  }

  /** Live messages only, from now on. */
  subscribe<T = unknown>(pattern: string, handler: Handler<T>): Subscription {
    const sub = this.nc.subscribe(pattern, {
      callback: (err, msg) => {
        if (!err) this.deliver(handler, msg.subject, msg.data);
      },
    });
    return { unsubscribe: () => sub.unsubscribe() };
  }

  /**
   * The stream's messages matching `pattern` after `afterSeq`, in order, then live ones as they
   * arrive; each carries its stream `seq`. A subscriber that remembers the last seq it handled
   * resumes from there and misses nothing.
   */
  async replay<T = unknown>(pattern: string, handler: Handler<T>, options: ReplayOptions = {}): Promise<Subscription> {
    try {
      const consumer = await this.js.consumers.get(this.options.stream, { filterSubjects: pattern, opt_start_seq: (options.afterSeq ?? 0) + 1 });
      const messages = await consumer.consume({ callback: (m) => this.deliver(handler, m.subject, m.data, m.seq) });
      return { unsubscribe: () => void messages.close().catch(() => undefined) };
    } catch (err) {
      throw unavailable(this.options.url, `cannot replay ${pattern} from stream ${this.options.stream}: ${reasonOf(err)}`, err);
    }
  }

  /**
   * The stream's messages matching `pattern` through a durable consumer (or an ordered one when
   * no name is given), each acknowledged after `handler` returns (unless it returns false: not
   * taken, delivered again to the next client); then live ones as they arrive.
   */
  async tail<T = unknown>(pattern: string, handler: (message: BusMessage<T>) => boolean | void, options: TailOptions = {}): Promise<Subscription> {
    if (!options.durable) return this.replay(pattern, handler, { afterSeq: Math.max(0, (options.fromSeq ?? 1) - 1) });
    try {
      const jsm = await this.nc.jetstreamManager({ timeout: this.options.timeoutMs });
      const existing = await jsm.consumers.info(this.options.stream, options.durable).catch((err: unknown) => {
        if (err instanceof NatsError && err.api_error?.err_code === CONSUMER_NOT_FOUND) return null;
        throw err;
      });
      if (!existing) {
        await jsm.consumers.add(this.options.stream, {
          durable_name: options.durable, filter_subject: pattern, ack_policy: AckPolicy.Explicit,
          ...(options.fromSeq ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.fromSeq } : { deliver_policy: DeliverPolicy.All }),
        });
      } else if (existing.config.filter_subject !== pattern) {
        throw new MotionRegistryError('INPUT_INVALID', `durable consumer ${options.durable} follows ${existing.config.filter_subject}, not ${pattern}; pick another name`, { durable: options.durable });
      }
      const consumer = await this.js.consumers.get(this.options.stream, options.durable);
      const messages = await consumer.consume({
        callback: (m) => {
          if (this.deliver(handler, m.subject, m.data, m.seq) !== false) m.ack();
        },
      });
      return { unsubscribe: () => void messages.close().catch(() => undefined) };
    } catch (err) {
      if (err instanceof MotionRegistryError) throw err;
      throw unavailable(this.options.url, `cannot follow ${pattern} in stream ${this.options.stream}: ${reasonOf(err)}`, err);
    }
  }

  private deliver<T>(handler: (message: BusMessage<T>) => boolean | void, subject: string, raw: Uint8Array, seq?: number): boolean | void {
    try {
      return handler({ subject, data: codec.decode(raw) as T, ...(seq === undefined ? {} : { seq }) });
    } catch (err) {
      this.options.log?.error({ subject, seq, err }, 'bus message handler failed');
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.close();
  }
}

function unavailable(url: string, message: string, cause: unknown, details: Record<string, unknown> = {}): MotionRegistryError {
  return new MotionRegistryError('BUS_UNAVAILABLE', message, { url: withoutCredentials(url), ...details }, { cause });
}

/** Creates the stream, or adds our subjects to an existing one that lacks them. */
async function ensureStream(nc: NatsConnection, name: string, timeout: number, replicas: number): Promise<void> {
  const jsm = await nc.jetstreamManager({ timeout });
  const info = await jsm.streams.info(name).catch((err: unknown) => {
    if (err instanceof NatsError && err.api_error?.err_code === STREAM_NOT_FOUND) return null;
    throw err;
  });
  if (!info) {
    await jsm.streams.add({ name, subjects: STREAM_SUBJECTS, num_replicas: replicas });
    return;
  }
  const missing = STREAM_SUBJECTS.filter((s) => !info.config.subjects.includes(s));
  if (missing.length > 0) await jsm.streams.update(name, { ...info.config, subjects: [...info.config.subjects, ...missing] });
}
