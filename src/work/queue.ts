import { gunzipSync, gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { AckPolicy, NatsError, RetentionPolicy, type JsMsg, type NatsConnection, type ObjectStore } from 'nats';
import { mediaStore, putMedia } from './media.js';
import type { Config } from '../base/config-schema.js';
import { MotionRegistryError } from '../base/errors.js';
import type { Logger } from '../base/log.js';
import type { NatsBus } from '../events/nats.js';
import { orderKey, type Execution, type Executor, type WorkOrder, type WorkReply } from '../loop/order.js';

/** Subjects of the work queues: orders to workers, replies back, and cancellations (not stored). */
export const WORK_SUBJECTS = {
  jobs: 'work.jobs',
  results: 'work.results',
  cancel: (order: string) => `work.cancel.${order}`,
  allCancels: 'work.cancel.*',
} as const;

/** The two work-queue streams, named after the events stream. */
export const workStreams = (stream: string) => ({ jobs: `${stream}_JOBS`, results: `${stream}_RESULTS` });

/** Durable consumers: every worker pulls from one, so each order goes to one worker; the registry owns the other. */
export const WORK_CONSUMERS = { workers: 'workers', registry: 'registry' } as const;

const STREAM_NOT_FOUND = 10059;
/** How long the registry leaves a reply unacknowledged before it is delivered again. */
const RESULT_ACK_WAIT_NS = 120e9;

/** Orders and replies travel as gzipped JSON: a sweep's folded observations shrink tenfold. */
export const encode = (value: unknown) => gzipSync(JSON.stringify(value));
export const decode = <T>(data: Uint8Array): T => JSON.parse(gunzipSync(data).toString('utf8')) as T;

/**
 * Creates the work-queue streams and their durable consumers when missing: JetStream keeps each
 * order until a worker acknowledges it, gives it to another worker when one stays silent past the
 * ack wait, and deletes it once done. Nothing here schedules: the registry's controllers decide.
 */
export async function ensureWorkQueues(nc: NatsConnection, config: Config): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const names = workStreams(config.bus.stream);
  for (const [name, subject] of [[names.jobs, WORK_SUBJECTS.jobs], [names.results, WORK_SUBJECTS.results]] as const) {
    const exists = await jsm.streams.info(name).then(() => true, (err: unknown) => {
      if (err instanceof NatsError && err.api_error?.err_code === STREAM_NOT_FOUND) return false;
      throw err;
    });
    if (!exists) await jsm.streams.add({ name, subjects: [subject], retention: RetentionPolicy.Workqueue, num_replicas: config.bus.replicas });
  }
  await jsm.consumers.add(names.jobs, {
    durable_name: WORK_CONSUMERS.workers, ack_policy: AckPolicy.Explicit,
    ack_wait: config.work.ack_wait_seconds * 1e9, max_deliver: config.work.max_deliver,
  });
  await jsm.consumers.add(names.results, { durable_name: WORK_CONSUMERS.registry, ack_policy: AckPolicy.Explicit, ack_wait: RESULT_ACK_WAIT_NS });
}

interface Waiter {
  resolve(execution: Execution): void;
  reject(err: Error): void;
}

/** A reply no running job waits for: one that outlived its registry's restart, or came twice. */
export type OrphanHandler = (reply: WorkReply) => Promise<void>;

/**
 * Jobs done by workers: each order goes on the jobs queue with its job id as message id, and
 * the job's reply comes back on the results queue. A reply is acknowledged once the registry has
 * stored what it carries (`done`), so a registry that dies in between gets it again.
 */
export class QueueExecutor implements Executor {
  /** Jobs waiting for their reply, by order key. */
  private readonly waiting = new Map<string, Waiter>();
  /** Replies received, by job id, until the job's result is stored. */
  private readonly held = new Map<number, JsMsg>();
  /** Order keys by their order's stream sequence, to tell which job ran out of deliveries. */
  private readonly bySeq = new Map<number, string>();
  private readonly stops: Array<() => void> = [];
  private store?: Promise<ObjectStore>;

  readonly media = {
    upload: async (file: string, name: string): Promise<string> => {
      const object = `${randomUUID()}-${name}`;
      await putMedia(await this.mediaStore(), file, object);
      return object;
    },
    discard: async (object: string): Promise<void> => {
      await (await this.mediaStore()).delete(object).catch((err: unknown) => this.log.debug({ err, object }, 'upload not removed from the media store; it expires'));
    },
  };

  private mediaStore(): Promise<ObjectStore> {
    this.store ??= mediaStore(this.bus.connection, this.config);
    return this.store;
  }

  private constructor(private readonly bus: NatsBus, private readonly config: Config, private readonly log: Logger, private readonly orphan: OrphanHandler) {}

  static async open(bus: NatsBus, config: Config, log: Logger, orphan: OrphanHandler): Promise<QueueExecutor> {
    const nc = bus.connection;
    await ensureWorkQueues(nc, config);
    const executor = new QueueExecutor(bus, config, log, orphan);
    const names = workStreams(config.bus.stream);
    const consumer = await nc.jetstream().consumers.get(names.results, WORK_CONSUMERS.registry);
    const replies = await consumer.consume({ callback: (m) => void executor.received(m) });
    executor.stops.push(() => void replies.close().catch(() => undefined));
    const advisories = nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${names.jobs}.${WORK_CONSUMERS.workers}`, {
      callback: (err, m) => {
        if (!err) executor.exhausted(JSON.parse(new TextDecoder().decode(m.data)) as { stream_seq: number });
      },
    });
    executor.stops.push(() => advisories.unsubscribe());
    return executor;
  }

  async execute(order: WorkOrder, signal?: AbortSignal): Promise<Execution> {
    const id = order.job.id;
    const key = orderKey(order.job);
    const result = new Promise<Execution>((resolve, reject) => this.waiting.set(key, { resolve, reject }));
    const onAbort = () => {
      this.bus.connection.publish(WORK_SUBJECTS.cancel(key));
      this.settle(key, (w) => w.reject(new MotionRegistryError('JOB_CANCELLED', `job ${id} was cancelled`, { job_id: id })));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let seq: number | undefined;
    try {
      seq = (await this.bus.connection.jetstream().publish(WORK_SUBJECTS.jobs, encode(order), { msgID: `job-${key}` })).seq;
      this.bySeq.set(seq, key);
      if (signal?.aborted) onAbort();
      return await result;
    } catch (err) {
      this.waiting.delete(key);
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (seq !== undefined) this.bySeq.delete(seq);
    }
  }

  /** The job's result is stored: its reply is acknowledged and leaves the queue. */
  done(jobId: number): void {
    this.held.get(jobId)?.ack();
    this.held.delete(jobId);
  }

  private async received(m: JsMsg): Promise<void> {
    let reply: WorkReply;
    try {
      reply = decode<WorkReply>(m.data);
    } catch (err) {
      this.log.error({ err, seq: m.seq }, 'a work reply that cannot be read was dropped');
      m.term();
      return;
    }
    const waiter = this.waiting.get(reply.order);
    if (!waiter) {
      try {
        await this.orphan(reply);
        m.ack();
      } catch (err) {
        this.log.warn({ err, job_id: reply.job_id }, 'a work reply could not be stored; it comes again');
        m.nak(5000);
      }
      return;
    }
    this.waiting.delete(reply.order);
    if (reply.ok) {
      this.held.set(reply.job_id, m);
      waiter.resolve(reply.execution);
    } else {
      m.ack();
      waiter.reject(MotionRegistryError.fromJSON(reply.error));
    }
  }

  private exhausted(advisory: { stream_seq: number }): void {
    const key = this.bySeq.get(advisory.stream_seq);
    if (key === undefined) return;
    const id = Number.parseInt(key, 10);
    this.settle(key, (w) => w.reject(new MotionRegistryError('WORK_LOST', `job ${id} was given to workers ${this.config.work.max_deliver} times and none finished it`, { job_id: id })));
  }

  private settle(key: string, how: (waiter: Waiter) => void): void {
    const waiter = this.waiting.get(key);
    if (!waiter) return;
    this.waiting.delete(key);
    how(waiter);
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    for (const [key, waiter] of this.waiting) {
      const id = Number.parseInt(key, 10);
      waiter.reject(new MotionRegistryError('JOB_INTERRUPTED', `job ${id} was still with the workers when the registry stopped`, { job_id: id }));
    }
    this.waiting.clear();
  }
}
